import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { createRouter, jsonContent, problems } from "../../http/openapi";
import { DAY_MS, isoAt } from "../../time";
import { AnalyticsQuery, presentSearchAnalytics, SearchAnalyticsSchema } from "./models";
import { searchTotals } from "./queries";

const analytics = createRoute({
  method: "get",
  path: "/discovery/analytics",
  tags: ["Discovery"],
  summary: "What people search for: the most frequent queries, and those that found nothing",
  description:
    "Counted per UTC day from every search's first page (a search answered from the edge cache too), within " +
    "seconds of the search. Never cached. One D1 round trip.",
  ...guarded("editor"),
  request: { query: AnalyticsQuery },
  responses: { 200: jsonContent(SearchAnalyticsSchema, "The counts"), ...problems(400, 401, 403, 429) },
});

/** What people search for, for editors. */
export const analyticsRoutes = createRouter().openapi(analytics, async (c) => {
  const { days, limit } = c.req.valid("query");
  const since = isoAt(Date.now() - (days - 1) * DAY_MS).slice(0, 10);
  const totals = await searchTotals(c.var.db, since, limit);
  c.header("Cache-Control", "no-store");
  return c.json(presentSearchAnalytics(since, totals), 200);
});
