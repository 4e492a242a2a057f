import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import card from "../../../components/Card.module.css";
import { useAddressChoices } from "../../../components/useAddressChoices";
import { ConsoleLoadError } from "../../../console/ConsoleLoadError";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import { PERIODS, type QueryTotals, searchInsights } from "../../../console/discovery/insights";
import { FilterBar, SelectFilter } from "../../../console/filters";
import { formatDate, formatDateTime, plural } from "../../../format";
import { href } from "../../../paths";

const periodWords = (days: number) => (days === 1 ? "Today" : `Last ${days} days`);

/**
 * `/console/search-insights` (editors): what people search for over a period — the most frequent queries, and the
 * queries whose latest search found nothing (the catalog's gaps, or words it should know). Each opens the search.
 */
export default function InsightsPage() {
  const [search, choose] = useAddressChoices();
  const chosen = Number(search.get("days"));
  const days = (PERIODS as readonly number[]).includes(chosen) ? chosen : 7;
  const insights = useQuery({ ...searchInsights(days), placeholderData: keepPreviousData });

  return (
    <ConsolePage
      title="Search insights"
      lead="What people search for on the site, counted per UTC day. Queries that found nothing show what the catalog is missing."
    >
      <FilterBar label="Period">
        <SelectFilter label="Period" value={String(days)} onChange={(value) => choose({ days: value })}>
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              {periodWords(period)}
            </option>
          ))}
        </SelectFilter>
        {insights.data && (
          <p className={styles.count}>Counting from {formatDate(`${insights.data.since}T00:00:00Z`)} (UTC).</p>
        )}
      </FilterBar>
      {insights.isError ? (
        <ConsoleLoadError error={insights.error} onRetry={() => insights.refetch()} />
      ) : (
        <div aria-busy={insights.isFetching}>
          <QueryTable
            title="Queries that found nothing"
            rows={insights.data?.zero_result_queries}
            empty="Every query found something in this period."
            zero
          />
          <QueryTable title="Top queries" rows={insights.data?.top_queries} empty="Nobody searched in this period." />
        </div>
      )}
    </ConsolePage>
  );
}

/** One list of queries with their counts; `zero` lists the searches that found nothing first. */
function QueryTable({
  title,
  rows,
  empty,
  zero,
}: {
  title: string;
  rows: QueryTotals[] | undefined;
  empty: string;
  zero?: boolean;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`${styles.panel} ${styles.panelFlush}`}>
      <h2 id={headingId}>{title}</h2>
      {rows && rows.length === 0 ? (
        <p className={`${card.emptyList} ${styles.empty}`}>{empty}</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Query</th>
                <th scope="col" className={styles.num}>
                  Searches
                </th>
                <th scope="col" className={styles.num}>
                  Found nothing
                </th>
                {!zero && (
                  <th scope="col" className={styles.num}>
                    Last found
                  </th>
                )}
                <th scope="col">Last searched</th>
              </tr>
            </thead>
            <tbody>
              {(rows ?? []).map((row) => (
                <tr key={row.query}>
                  <th scope="row">
                    <Link to={href.search({ q: row.query })} title={`Search for “${row.query}”`}>
                      {row.query}
                    </Link>
                  </th>
                  <td className={styles.num}>{row.searches}</td>
                  <td className={styles.num}>{row.zero_hit_searches}</td>
                  {!zero && <td className={styles.num}>{plural(row.last_hit_count, "result")}</td>}
                  <td className={styles.nowrap}>{formatDateTime(row.last_searched_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
