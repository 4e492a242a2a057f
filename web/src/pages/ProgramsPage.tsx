import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { catalog } from "../api/queries";
import card from "../components/Card.module.css";
import { LoadError } from "../components/LoadError";
import { LoadMore, rowsSoFar } from "../components/LoadMore";
import { ProgramCard, ProgramCardSkeletons } from "../components/ProgramCard";
import { useAddressChoices } from "../components/useAddressChoices";
import { languageName, plural } from "../format";
import styles from "./ProgramsPage.module.css";

const PAGE_SIZE = 12;

/**
 * Every program in the catalog, newest first, filtered by language and topic (kept in the address, so a filtered
 * list can be shared), a page at a time with "More programs". `?limit=` sets the page size.
 */
export default function ProgramsPage() {
  const [search, choose, setSearch] = useAddressChoices();
  const language = search.get("language") ?? undefined;
  const topic = search.get("topic") ?? undefined;
  const limit = Number(search.get("limit")) || PAGE_SIZE;
  const programs = useInfiniteQuery(catalog.programs({ language, topic, limit }));
  const shown = rowsSoFar(programs);

  return (
    <div className="container page">
      <title>Programs · Edge platform</title>
      <h1>Programs</h1>
      <p className="lead">Courses of short lessons, newest first. Pick a language or a topic to narrow them down.</p>
      <Filters language={language} topic={topic} onChange={(name, value) => choose({ [name]: value })} />
      <p className={styles.count} aria-live="polite">
        {programs.isSuccess && (shown.length === 0 ? "" : `Showing ${plural(shown.length, "program")}`)}
      </p>
      {programs.isError && shown.length === 0 ? (
        <LoadError error={programs.error} onRetry={() => programs.refetch()} />
      ) : (
        <div className="card-grid" aria-busy={programs.isPending}>
          {programs.isPending ? (
            <ProgramCardSkeletons count={4} />
          ) : (
            shown.map((program) => <ProgramCard key={program.id} program={program} />)
          )}
        </div>
      )}
      {programs.isSuccess && shown.length === 0 && (
        <div className={`${card.emptyList} ${styles.empty}`}>
          <p>No programs match these filters.</p>
          <button type="button" className="button" onClick={() => setSearch(new URLSearchParams(), { replace: true })}>
            Clear filters
          </button>
        </div>
      )}
      <LoadMore list={programs} label="More programs" />
    </div>
  );
}

function Filters({
  language,
  topic,
  onChange,
}: {
  language?: string;
  topic?: string;
  onChange: (name: "language" | "topic", value: string) => void;
}) {
  const topics = useQuery(catalog.topics());
  // The languages programs are in: there is no list of its own, so they are read from the newest programs.
  const programs = useQuery(catalog.newestPrograms(100));
  const languages = [...new Set(programs.data?.data.map((program) => program.language_primary) ?? [])].sort();
  if (language && !languages.includes(language)) languages.push(language);
  const id = useId();

  return (
    <form className={styles.filters} aria-label="Filter programs" onSubmit={(event) => event.preventDefault()}>
      <div className={styles.filter}>
        <label htmlFor={`${id}-language`}>Language</label>
        <select
          id={`${id}-language`}
          value={language ?? ""}
          onChange={(event) => onChange("language", event.target.value)}
        >
          <option value="">Any language</option>
          {languages.map((code) => (
            <option key={code} value={code}>
              {languageName(code)}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.filter}>
        <label htmlFor={`${id}-topic`}>Topic</label>
        <select id={`${id}-topic`} value={topic ?? ""} onChange={(event) => onChange("topic", event.target.value)}>
          <option value="">Any topic</option>
          {topics.data?.data.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name} ({item.program_count})
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
