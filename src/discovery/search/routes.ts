import { createRoute } from "@hono/zod-openapi";
import { cachedCatalogRead } from "../../catalog/public/routes";
import { createRouter, jsonContent, problems } from "../../http/openapi";
import { ProblemError } from "../../http/problem";
import { countsSearches } from "../analytics/counts-searches";
import { SearchQuery, SearchResultSchema } from "./models";

const search = createRoute({
  method: "get",
  path: "/discovery/search",
  tags: ["Discovery"],
  summary: "Search the published catalog: programs and lessons, as you type, typo-tolerant, with facets",
  middleware: [countsSearches, ...cachedCatalogRead],
  request: { query: SearchQuery },
  responses: { 200: jsonContent(SearchResultSchema, "A page of results"), ...problems(400, 429) },
});

export const searchRoutes = createRouter().openapi(search, () => {
  throw new ProblemError(501, "not_implemented", "Search is being built.");
});
