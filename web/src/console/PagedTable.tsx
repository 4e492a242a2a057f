import type { ReactNode } from "react";
import card from "../components/Card.module.css";
import { LoadMore, type PagedList } from "../components/LoadMore";
import { plural } from "../format";
import { ConsoleLoadError } from "./ConsoleLoadError";
import styles from "./console.module.css";

/**
 * A console table read a page at a time, as every store page shows one: how many rows show so far (given `noun`),
 * the table, or instead that it is loading, why it could not load or that nothing matches, and the button for the
 * next page.
 */
export function PagedTable({
  list,
  rows,
  noun,
  caption,
  empty,
  head,
  more,
  children,
}: {
  list: PagedList & { isSuccess: boolean; isError: boolean; isFetching: boolean; refetch: () => unknown };
  /** How many rows have been read. */
  rows: number;
  /** What a row is, for "Showing 3 products so far" above the table; no count without it. */
  noun?: string;
  /** The table's name for screen readers. */
  caption: string;
  /** What the page says in place of an empty table. */
  empty: string;
  /** The header row's cells. */
  head: ReactNode;
  /** The next page's button: "More products". */
  more: string;
  /** The body's rows. */
  children: ReactNode;
}) {
  return (
    <>
      {noun && (
        <p className={styles.count} aria-live="polite">
          {list.isSuccess && `Showing ${plural(rows, noun)}${list.hasNextPage ? " so far" : ""}`}
        </p>
      )}
      {list.isError && rows === 0 ? (
        <ConsoleLoadError error={list.error} onRetry={() => list.refetch()} />
      ) : list.isSuccess && rows === 0 ? (
        <p className={`${card.emptyList} ${styles.empty}`}>{empty}</p>
      ) : !list.isSuccess && list.isFetching ? (
        // The first page on its way: said so, rather than a table of headings over nothing.
        <p className={`${card.emptyList} ${styles.empty}`} aria-busy="true">
          Loading…
        </p>
      ) : (
        <section
          className={styles.tableWrap}
          aria-busy={list.isFetching}
          aria-label={caption}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone is scrolled sideways by keyboard
          tabIndex={0}
        >
          <table className={styles.table}>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>{head}</tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </section>
      )}
      <LoadMore list={list} label={more} className={styles.more} ErrorView={ConsoleLoadError} />
    </>
  );
}
