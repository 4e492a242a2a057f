import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { ApiError } from "../../../api/problem";
import { Breadcrumb } from "../../../components/Breadcrumb";
import { FormMessage } from "../../../components/FormMessage";
import { ConsoleLoadError } from "../../../console/ConsoleLoadError";
import { ConsolePage } from "../../../console/ConsolePage";
import { AssetGrid } from "../../../console/catalog/AssetGrid";
import { catalogWords } from "../../../console/catalog/problems";
import { cms, cmsWrites, type ProgramDetail, refreshCatalog } from "../../../console/catalog/programs";
import { Revisions } from "../../../console/catalog/Revisions";
import { PROGRAM_STATUS_TONE } from "../../../console/catalog/status";
import styles from "../../../console/console.module.css";
import { statusWords } from "../../../console/format";
import { useRoleAllows } from "../../../console/roles";
import { formatDateTime, plural } from "../../../format";
import { href } from "../../../paths";
import NotFoundPage from "../../NotFoundPage";
import { DeleteDialog } from "./DeleteDialog";
import { Details } from "./program/Details";
import { Terms } from "./program/Terms";

interface Notice {
  tone: "success" | "error";
  words: ReactNode;
}

/** `/console/programs/:id`: a program's details, posters, terms and lessons; archiving, restoring and deleting it. */
export default function ProgramPage() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  const program = useQuery(cms.program(id));
  const canEdit = useRoleAllows("editor");
  const canDelete = useRoleAllows("admin");
  const [notice, setNotice] = useState<Notice | null>(
    created ? { tone: "success", words: "Program created as a draft. Add its posters and terms below." } : null,
  );
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);

  if (program.error instanceof ApiError && program.error.status === 404) return <NotFoundPage what="program" />;
  const data = program.data;

  /** Archives or restores the program, then says what that means for the public catalog. */
  async function move(action: "archive" | "restore") {
    setBusy(true);
    try {
      const moved = action === "archive" ? await cmsWrites.archiveProgram(id) : await cmsWrites.restoreProgram(id);
      setNotice({
        tone: "success",
        words:
          moved.status === "archived"
            ? "Archived: the program and its lessons have left the public catalog."
            : moved.status === "published"
              ? "Restored: the program is back in the public catalog."
              : "Restored as a draft: it reaches the catalog when its first lesson is published.",
      });
    } catch (error) {
      setNotice({ tone: "error", words: catalogWords(error) });
    } finally {
      setBusy(false);
      await refreshCatalog(client);
    }
  }

  return (
    <ConsolePage
      title={data?.title ?? "Program"}
      breadcrumb={<Breadcrumb trail={[[href.consolePrograms(), "Programs"]]} current={data?.title ?? id} />}
      lead={data && <Lead program={data} />}
      actions={
        data &&
        canEdit && (
          <>
            {data.status === "archived" ? (
              <button type="button" className="button" disabled={busy} onClick={() => void move("restore")}>
                Restore
              </button>
            ) : (
              <button
                type="button"
                className="button button-quiet"
                disabled={busy}
                onClick={() => void move("archive")}
              >
                Archive
              </button>
            )}
            {canDelete && (
              <button type="button" className="button button-quiet button-danger" onClick={() => setDeleting(true)}>
                Delete
              </button>
            )}
          </>
        )
      }
    >
      {notice && <FormMessage tone={notice.tone}>{notice.words}</FormMessage>}
      {program.isError ? (
        <ConsoleLoadError error={program.error} onRetry={() => program.refetch()} />
      ) : !data ? (
        <div className={styles.panel} aria-busy="true">
          <div className="skeleton-line" />
          <div className="skeleton-line short" />
        </div>
      ) : (
        <>
          <section className={styles.panel} aria-labelledby="program-details">
            <h2 id="program-details">Details</h2>
            <Details program={data} onSaved={() => setNotice({ tone: "success", words: "Details saved." })} />
          </section>
          <Revisions kind="program" id={id} />
          <section className={styles.panel} aria-labelledby="program-posters">
            <h2 id="program-posters">Posters</h2>
            <p className="muted">
              One per language and shape. A portrait and a landscape poster in the primary language are needed before
              the program's first lesson is published.
            </p>
            <AssetGrid
              owner={{ kind: "program", id }}
              languages={[data.language_primary, ...data.languages_available]}
            />
          </section>
          <section className={styles.panel} aria-labelledby="program-terms">
            <h2 id="program-terms">Terms and lessons</h2>
            <Terms program={data} />
          </section>
        </>
      )}
      {data && deleting && (
        <DeleteDialog
          title={`Delete ${data.title}?`}
          action="Delete program"
          remove={() => cmsWrites.deleteProgram(id)}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            // Away first, so that the deleted program is not read again.
            navigate(href.consolePrograms(), { replace: true });
            void refreshCatalog(client);
          }}
        >
          It is removed for good with its {plural(data.terms.length, "term")}, {plural(lessonCount(data), "lesson")} and
          posters, from the console and the public catalog. To take it off the catalog but keep it, archive it instead.
        </DeleteDialog>
      )}
    </ConsolePage>
  );
}

const lessonCount = (program: ProgramDetail) => program.terms.reduce((sum, term) => sum + term.lessons.length, 0);

/** The program's status, when it last changed, and where the public sees it. */
function Lead({ program }: { program: ProgramDetail }) {
  return (
    <>
      <span className={`${styles.pill} ${PROGRAM_STATUS_TONE[program.status]}`}>{statusWords(program.status)}</span>{" "}
      Changed {formatDateTime(program.updated_at)}
      {program.status === "published" && (
        <>
          {" · "}
          <Link to={href.program(program.id)}>See it in the catalog</Link>
        </>
      )}
    </>
  );
}
