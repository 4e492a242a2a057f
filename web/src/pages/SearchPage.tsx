import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { discovery, type SearchFilter } from "../api/discovery";
import { ApiError } from "../api/problem";
import { LoadError } from "../components/LoadError";
import { LoadMore, rowsSoFar } from "../components/LoadMore";
import { plural } from "../format";
import { ChosenFilters, Facets } from "./search/Facets";
import { FACETS, searchOf, withChanges } from "./search/facets";
import styles from "./search/Search.module.css";
import { SearchBox } from "./search/SearchBox";
import { SearchHitItem, SearchHitSkeletons } from "./search/SearchHitItem";

/**
 * Search as you type over the published programs and lessons: results with the matched words marked, facets to
 * narrow them, "did you mean" when nothing matches, a page at a time. The words and filters live in the address:
 * typing replaces the current history entry, a facet or a suggestion adds one, so Back undoes a narrowing.
 */
export default function SearchPage() {
  const [address, setAddress] = useSearchParams();
  const filter = searchOf(address);
  const results = useInfiniteQuery(discovery.search(filter));
  const hits = rowsSoFar(results);
  const first = results.data?.pages[0];
  const [filtersOpen, setFiltersOpen] = useState(false);
  const id = useId();

  const search = (q: string) =>
    setAddress(new URLSearchParams(withChanges(address, { q })), { replace: true, preventScrollReset: true });
  const chosenCount = FACETS.filter(({ name }) => filter[name]).length;

  return (
    <div className={`container page ${styles.page}`}>
      <title>{filter.q ? `${filter.q} · Search · Edge platform` : "Search · Edge platform"}</title>
      <h1 className={styles.heading}>Search</h1>
      <SearchBox q={filter.q ?? ""} onSearch={search} />
      <div className={styles.layout}>
        <div className={styles.facetPanel} data-open={filtersOpen}>
          <button
            type="button"
            className={`button button-quiet ${styles.facetToggle}`}
            aria-expanded={filtersOpen}
            aria-controls={`${id}-facets`}
            onClick={() => setFiltersOpen(!filtersOpen)}
          >
            {filtersOpen ? "Hide filters" : chosenCount ? `Filters (${chosenCount})` : "Filters"}
          </button>
          <Facets id={`${id}-facets`} facets={first?.facets} filter={filter} address={address} />
        </div>
        <section className={styles.results} aria-labelledby={`${id}-count`}>
          <h2 id={`${id}-count`} className={styles.count} aria-live="polite">
            {first ? countWords(first.total, first.q) : "Results"}
          </h2>
          <ChosenFilters facets={first?.facets} filter={filter} address={address} />
          {results.isError && hits.length === 0 ? (
            <SearchError error={results.error} onRetry={() => results.refetch()} />
          ) : (
            <ol
              className={styles.hits}
              aria-label="Results"
              aria-busy={results.isFetching && !results.isFetchingNextPage}
              data-stale={results.isPlaceholderData}
            >
              {results.isPending ? (
                <SearchHitSkeletons count={4} />
              ) : (
                hits.map((hit) => <SearchHitItem key={`${hit.type}:${hit.id}`} hit={hit} />)
              )}
            </ol>
          )}
          {first && first.total === 0 && !results.isPlaceholderData && (
            <NothingFound filter={filter} address={address} suggestion={first.did_you_mean} />
          )}
          <LoadMore list={results} label="More results" />
        </section>
      </div>
    </div>
  );
}

/** "3 results for “knife”", or how much there is to look through before any words are typed. */
function countWords(total: number, q: string): string {
  if (!q)
    return total === 0 ? "Nothing published yet" : `${plural(total, "program or lesson", "programs and lessons")}`;
  return `${total === 0 ? "No" : total} ${total === 1 ? "result" : "results"} for “${q}”`;
}

/**
 * What to try when nothing matched: the API's "did you mean" first, as a link that runs it (a new history entry, so
 * Back returns to what was typed), then the filters to drop, if any.
 */
function NothingFound({
  filter,
  address,
  suggestion,
}: {
  filter: SearchFilter;
  address: URLSearchParams;
  suggestion: string | null;
}) {
  const filtered = FACETS.some(({ name }) => filter[name]);
  return (
    <div className={styles.empty}>
      {suggestion && (
        <p className={styles.didYouMean}>
          Did you mean{" "}
          <Link to={{ search: withChanges(address, { q: suggestion }) }} preventScrollReset>
            {suggestion}
          </Link>
          ?
        </p>
      )}
      <p className="muted">
        {suggestion ? "Or check" : "Check"} the spelling, or try fewer or more general words
        {filtered ? ". These filters may leave out what you are after" : ""}.
      </p>
      {filtered && (
        <Link
          className="button button-quiet"
          to={{ search: withChanges(address, Object.fromEntries(FACETS.map(({ name }) => [name, ""]))) }}
        >
          Search without filters
        </Link>
      )}
    </div>
  );
}

/** Why the search failed; too many searches too fast asks the person to slow down. */
function SearchError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && error.code === "rate_limited") {
    return (
      <div className="message message-error" role="alert">
        <p>That was a lot of searches in a short time. Slow down a little: wait a minute, then try again.</p>
        <button type="button" className="button button-quiet" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return <LoadError error={error} onRetry={onRetry} />;
}
