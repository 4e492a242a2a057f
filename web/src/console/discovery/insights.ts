import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type SearchAnalytics = Schemas["SearchAnalytics"];
export type QueryTotals = SearchAnalytics["top_queries"][number];

/** The periods the insights page offers, in UTC days (the API counts 1 to 90). */
export const PERIODS = [1, 7, 30, 90] as const;

/**
 * What people searched for over the last `days` UTC days, as a TanStack Query option under `["discovery", …]`.
 *
 * @example
 * const insights = useQuery(searchInsights(7));
 */
export const searchInsights = (days: number) =>
  queryOptions({
    queryKey: ["discovery", "analytics", days],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/discovery/analytics", { params: { query: { days, limit: 20 } }, signal })),
  });
