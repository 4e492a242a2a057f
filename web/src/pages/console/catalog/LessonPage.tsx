import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "react-router";
import { ApiError } from "../../../api/problem";
import { Breadcrumb } from "../../../components/Breadcrumb";
import { ConsoleLoadError } from "../../../console/ConsoleLoadError";
import { ConsolePage } from "../../../console/ConsolePage";
import { AssetGrid } from "../../../console/catalog/AssetGrid";
import { type Lesson, lessonQueries } from "../../../console/catalog/lessons";
import { cms, refreshCatalog } from "../../../console/catalog/programs";
import { Revisions } from "../../../console/catalog/Revisions";
import consoleStyles from "../../../console/console.module.css";
import { useRoleAllows } from "../../../console/roles";
import { CONTENT_TYPE_WORDS, languageName } from "../../../format";
import { href } from "../../../paths";
import NotFoundPage from "../../NotFoundPage";
import styles from "./lesson/Lesson.module.css";
import { LessonForm } from "./lesson/LessonForm";
import { PublishingPanel } from "./lesson/PublishingPanel";

/**
 * `/console/lessons/:id`: the lesson editor. Its content (every API field error beside its field), its publishing
 * (publish now, schedule in the editor's time zone, unschedule, archive; the scheduler's publish error and how to fix
 * it), its thumbnails, and its pending changes and history. Viewers read it all without the controls.
 */
export default function LessonPage() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const canEdit = useRoleAllows("editor");
  const lesson = useQuery(lessonQueries.lesson(id));
  const termId = lesson.data?.term_id;
  const term = useQuery({ ...lessonQueries.term(termId ?? ""), enabled: Boolean(termId) });
  const programId = term.data?.program_id;
  const program = useQuery({ ...cms.program(programId ?? ""), enabled: Boolean(programId) });

  if (lesson.error instanceof ApiError && lesson.error.status === 404) return <NotFoundPage what="lesson" />;
  const data = lesson.data;

  /** The lesson as the API now has it: shown at once, and every other catalog view read again. */
  function changed(next: Lesson) {
    client.setQueryData(lessonQueries.lesson(id).queryKey, next);
    void refreshCatalog(client);
  }

  return (
    <ConsolePage
      title={data?.title ?? "Lesson"}
      breadcrumb={
        <Breadcrumb
          trail={[
            [href.consolePrograms(), "Programs"],
            ...(programId
              ? [[href.consoleProgram(programId), program.data?.title ?? "Program"] as [string, string]]
              : []),
            ...(termId
              ? [[href.consoleLessons({ term_id: termId }), term.data?.title ?? "Term"] as [string, string]]
              : []),
          ]}
          current={data?.title ?? "Lesson"}
        />
      }
      lead={
        data &&
        `Lesson ${data.lesson_number}${term.data ? ` of term ${term.data.term_number}` : ""} · ${CONTENT_TYPE_WORDS[data.content_type]} in ${languageName(data.content_language_primary)}`
      }
    >
      {lesson.isError ? (
        <ConsoleLoadError error={lesson.error} onRetry={() => lesson.refetch()} />
      ) : !data ? (
        <div className={consoleStyles.panel} aria-busy="true">
          <div className="skeleton-line" />
          <div className="skeleton-line short" />
        </div>
      ) : (
        <div className={styles.layout}>
          <PublishingPanel lesson={data} programId={programId} canEdit={canEdit} onChanged={changed} />
          <div className={styles.form}>
            <LessonForm key={data.id} lesson={data} canEdit={canEdit} onSaved={changed} />
            <Revisions kind="lesson" id={data.id} />
          </div>
          <section
            id="thumbnails"
            className={`${consoleStyles.panel} ${styles.assets}`}
            aria-labelledby="thumbnails-title"
          >
            <h2 id="thumbnails-title">Thumbnails</h2>
            <p className={styles.zone}>
              Publishing needs a portrait and a landscape thumbnail in the primary language (
              {languageName(data.content_language_primary)}).
            </p>
            <AssetGrid owner={{ kind: "lesson", id: data.id }} languages={data.content_languages_available} />
          </section>
        </div>
      )}
    </ConsolePage>
  );
}
