import { z } from "@hono/zod-openapi";
import type { QueryTotals } from "./queries";

export const AnalyticsQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(90)
    .default(7)
    .openapi({ description: "UTC days to count, today included", example: 7 }),
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Queries in each list" }),
});

const QueryTotalsSchema = z
  .object({
    query: z.string().openapi({ description: "Normalised: NFKC, lower case, single spaces, at most 200 characters" }),
    searches: z.number().int(),
    zero_hit_searches: z.number().int().openapi({ description: "Searches that found nothing" }),
    last_hit_count: z.number().int().openapi({ description: "What the latest search found" }),
    last_searched_at: z.iso.datetime(),
  })
  .openapi("SearchQueryTotals");

export const SearchAnalyticsSchema = z
  .object({
    since: z.iso.date().openapi({ description: "The first UTC day counted" }),
    top_queries: z.array(QueryTotalsSchema).openapi({ description: "Most searched first" }),
    zero_result_queries: z
      .array(QueryTotalsSchema)
      .openapi({ description: "Queries whose latest search found nothing, most often empty first" }),
  })
  .openapi("SearchAnalytics");

const presentTotals = (row: QueryTotals): z.infer<typeof QueryTotalsSchema> => ({
  query: row.query,
  searches: row.searches,
  zero_hit_searches: row.zeroHitSearches,
  last_hit_count: row.lastHitCount,
  last_searched_at: row.lastSearchedAt,
});

export const presentSearchAnalytics = (since: string, totals: { top: QueryTotals[]; zeroResult: QueryTotals[] }) => ({
  since,
  top_queries: totals.top.map(presentTotals),
  zero_result_queries: totals.zeroResult.map(presentTotals),
});
