import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { FormMessage } from "../../../components/FormMessage";
import styles from "../../../console/console.module.css";
import { type EditorsList, featured, featuredWrites } from "../../../console/discovery/featured";
import { FilterBar, SearchFilter } from "../../../console/filters";
import { statusWords } from "../../../console/format";
import { consoleWords } from "../../../console/problems";
import css from "./Featured.module.css";

/** Finds a program by its title (any status) and features it at the end of the list. */
export function FeatureFinder({
  featuredIds,
  onFeatured,
}: {
  featuredIds: ReadonlySet<string>;
  onFeatured: (stored: EditorsList, title: string) => void;
}) {
  const id = useId();
  const [words, setWords] = useState("");
  const candidates = useQuery(featured.candidates(words));
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function feature(programId: string, title: string) {
    setBusy(programId);
    setFailure(null);
    try {
      onFeatured(await featuredWrites.feature(programId), title);
    } catch (error) {
      setFailure(`${title} is not featured: ${consoleWords(error)}`);
    } finally {
      setBusy(null);
    }
  }

  const found = candidates.data?.data ?? [];
  return (
    <section className={css.finder} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Feature a program</h2>
      <FilterBar label="Find a program to feature">
        <SearchFilter value="" placeholder="Words of its title" onSearch={setWords} />
      </FilterBar>
      {failure && <FormMessage tone="error">{failure}</FormMessage>}
      {words && candidates.isError && <FormMessage tone="error">{consoleWords(candidates.error)}</FormMessage>}
      {words && candidates.isSuccess && (
        <div aria-live="polite">
          {found.length === 0 ? (
            <p className={styles.sub}>No program has “{words}” in its title or description.</p>
          ) : (
            <ul className={css.candidates} aria-label="Programs found">
              {found.map((program) => (
                <li key={program.id}>
                  <span className={css.what}>
                    <span className={css.title}>{program.title}</span>{" "}
                    {program.status !== "published" && (
                      <span className={`${styles.pill} ${styles.warn}`}>{statusWords(program.status)}</span>
                    )}
                  </span>
                  {featuredIds.has(program.id) ? (
                    <span className={`${styles.pill} ${styles.good}`}>Featured</span>
                  ) : (
                    <button
                      type="button"
                      className={`button ${styles.small}`}
                      disabled={busy !== null}
                      aria-label={`Feature ${program.title}`}
                      onClick={() => void feature(program.id, program.title)}
                    >
                      Feature
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
