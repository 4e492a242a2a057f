import type { ComponentType } from "react";
import { LoadError } from "./LoadError";
import styles from "./LoadMore.module.css";

/** What `LoadMore` needs of a list read a page at a time (a `useInfiniteQuery` result). */
export interface PagedList {
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => unknown;
}

/**
 * The foot of a list read a page at a time: why its next page failed (with a retry), and the button that reads the
 * next page while there is one.
 */
export function LoadMore({
  list,
  label,
  className = styles.more,
  ErrorView = LoadError,
}: {
  list: PagedList;
  /** The button's words: "More watches". */
  label: string;
  className?: string;
  /** How the page shows a load's error (the console's says when a role is refused). */
  ErrorView?: ComponentType<{ error: unknown; onRetry?: () => void }>;
}) {
  return (
    <>
      {list.isFetchNextPageError && <ErrorView error={list.error} onRetry={() => list.fetchNextPage()} />}
      {list.hasNextPage && (
        <p className={className}>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? "Loading…" : label}
          </button>
        </p>
      )}
    </>
  );
}

/** The rows of every page read so far, in order. */
export const rowsSoFar = <Row,>(list: { data?: { pages: { data: Row[] }[] } }): Row[] =>
  list.data?.pages.flatMap((page) => page.data) ?? [];
