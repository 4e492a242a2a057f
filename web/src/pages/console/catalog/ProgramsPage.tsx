import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { rowsSoFar } from "../../../components/LoadMore";
import { useAddressChoices } from "../../../components/useAddressChoices";
import { ConsolePage } from "../../../console/ConsolePage";
import { withChosen } from "../../../console/catalog/languages";
import { cms, type ProgramFilter, type ProgramListItem, refreshCatalog } from "../../../console/catalog/programs";
import { PROGRAM_STATUS_TONE } from "../../../console/catalog/status";
import styles from "../../../console/console.module.css";
import { FilterBar, SearchFilter, SelectFilter } from "../../../console/filters";
import { statusWords } from "../../../console/format";
import { PagedTable } from "../../../console/PagedTable";
import { useRoleAllows } from "../../../console/roles";
import { formatDate, formatDateTime, languageName } from "../../../format";
import { href } from "../../../paths";
import own from "./ProgramsPage.module.css";
import { NewProgramDialog } from "./program/NewProgramDialog";

/** `/console/programs`: the catalog's programs, filtered by status, language, topic and words, with their posters. */
export default function ProgramsPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const canEdit = useRoleAllows("editor");
  const [search, choose] = useAddressChoices();
  const filter: ProgramFilter = {
    q: search.get("q") || undefined,
    status: (search.get("status") || undefined) as ProgramFilter["status"],
    language: search.get("language") || undefined,
    topic: search.get("topic") || undefined,
  };
  const programs = useInfiniteQuery({ ...cms.programs(filter), placeholderData: keepPreviousData });
  const shown = rowsSoFar(programs);
  const [creating, setCreating] = useState(false);

  return (
    <ConsolePage
      title="Programs"
      lead="The catalog's programs, most recently changed first. Open one to edit it, its posters, terms and lessons."
      actions={
        canEdit && (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            <span aria-hidden="true">+</span> New program
          </button>
        )
      }
    >
      <Filters filter={filter} onChange={(name, value) => choose({ [name]: value })} />
      <PagedTable
        list={programs}
        rows={shown.length}
        noun="program"
        caption="Programs"
        empty="No programs match these filters."
        more="More programs"
        head={
          <>
            <th scope="col">
              <span className="visually-hidden">Poster</span>
            </th>
            <th scope="col">Program</th>
            <th scope="col">Status</th>
            <th scope="col">Languages</th>
            <th scope="col">Topics</th>
            <th scope="col">Changed</th>
          </>
        }
      >
        {shown.map((program) => (
          <tr key={program.id}>
            <td className={own.posterCell}>
              <PosterPreview program={program} />
            </td>
            <th scope="row" className={own.titleCell}>
              <Link to={href.consoleProgram(program.id)}>{program.title}</Link>
              {program.description && <span className={`${styles.sub} ${own.description}`}>{program.description}</span>}
            </th>
            <td>
              <span className={`${styles.pill} ${PROGRAM_STATUS_TONE[program.status]}`}>
                {statusWords(program.status)}
              </span>
            </td>
            <td>
              {languageName(program.language_primary)}
              {program.languages_available.length > 1 && (
                <span className={styles.sub}>
                  +{" "}
                  {program.languages_available
                    .filter((code) => code !== program.language_primary)
                    .map(languageName)
                    .join(", ")}
                </span>
              )}
            </td>
            <td>{program.topics.map((topic) => topic.name).join(", ") || <span className="muted">None</span>}</td>
            <td className={styles.nowrap} title={formatDateTime(program.updated_at)}>
              {formatDate(program.updated_at)}
            </td>
          </tr>
        ))}
      </PagedTable>
      {creating && (
        <NewProgramDialog
          onClose={() => setCreating(false)}
          onCreated={(program) => {
            void refreshCatalog(client);
            navigate(href.consoleProgram(program.id), { state: { created: true } });
          }}
        />
      )}
    </ConsolePage>
  );
}

/** The program's portrait poster in its primary language (else any poster it has), small; or a blank of that shape. */
function PosterPreview({ program }: { program: ProgramListItem }) {
  const posters = program.posters;
  const url =
    posters[program.language_primary]?.portrait ??
    Object.values(posters[program.language_primary] ?? {})[0] ??
    Object.values(posters).flatMap((byVariant) => Object.values(byVariant))[0];
  return url ? (
    <img src={url} alt="" className={own.poster} loading="lazy" />
  ) : (
    <span className={`${own.poster} ${own.noPoster}`} title="No poster yet">
      <span className="visually-hidden">No poster yet</span>
    </span>
  );
}

function Filters({
  filter,
  onChange,
}: {
  filter: ProgramFilter;
  onChange: (name: keyof ProgramFilter, value: string) => void;
}) {
  const topics = useQuery(cms.topicChoices());
  return (
    <FilterBar label="Filter programs">
      <SearchFilter value={filter.q ?? ""} placeholder="Title or description" onSearch={(q) => onChange("q", q)} />
      <SelectFilter label="Status" value={filter.status ?? ""} onChange={(value) => onChange("status", value)}>
        <option value="">Any status</option>
        <option value="draft">Draft</option>
        <option value="published">Published</option>
        <option value="archived">Archived</option>
      </SelectFilter>
      <SelectFilter label="Language" value={filter.language ?? ""} onChange={(value) => onChange("language", value)}>
        <option value="">Any language</option>
        {withChosen([filter.language]).map((code) => (
          <option key={code} value={code}>
            {languageName(code)}
          </option>
        ))}
      </SelectFilter>
      <SelectFilter label="Topic" value={filter.topic ?? ""} onChange={(value) => onChange("topic", value)}>
        <option value="">Any topic</option>
        {topics.data?.data.map((topic) => (
          <option key={topic.id} value={topic.id}>
            {topic.name}
          </option>
        ))}
      </SelectFilter>
    </FilterBar>
  );
}
