import { createRoute } from "@hono/zod-openapi";
import { cachedCatalogRead } from "../../catalog/public/routes";
import { createRouter, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, toPage } from "../../http/pagination";
import { countsSearches } from "../analytics/counts-searches";
import { SearchQuery, SearchResultSchema } from "./models";
import { searchCatalog, searchPosition } from "./search";

const search = createRoute({
  method: "get",
  path: "/discovery/search",
  tags: ["Discovery"],
  summary: "Search the published catalog: programs and lessons, as you type, typo-tolerant, with facets",
  middleware: [countsSearches, ...cachedCatalogRead],
  description:
    "Ranked by bm25 (a title match above a topic, description or language match); hits found only through a typo " +
    "come after the exact ones and carry `typo: true`. `total` and `facets` count the whole result, not the page. " +
    "A cursor is bound to its query and filters: one from another search is a 400. Two D1 round trips (one when " +
    "no word has 4 letters or more).",
  request: { query: SearchQuery },
  responses: { 200: jsonContent(SearchResultSchema, "A page of results"), ...problems(400, 429) },
});

export const searchRoutes = createRouter().openapi(search, async (c) => {
  const params = c.req.valid("query");
  const after = await decodeCursor(c, params.cursor, searchPosition(params));
  const found = await searchCatalog(c.var.db, params, after);
  const page = await toPage(
    c,
    found.rows,
    params.limit,
    (row) => row.position,
    (row) => row.hit,
  );
  return c.json({ ...page, total: found.total, facets: found.facets, did_you_mean: found.didYouMean }, 200);
});
