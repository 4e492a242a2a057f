import { createRoute } from "@hono/zod-openapi";
import { createRouter, jsonContent, problems } from "../../http/openapi";
import { ProblemError } from "../../http/problem";
import { FeaturedListSchema, FeaturedQuery } from "./models";

const featured = createRoute({
  method: "get",
  path: "/discovery/featured",
  tags: ["Discovery"],
  summary: "Featured programs: the editors' picks in their order, then the most recently published",
  request: { query: FeaturedQuery },
  responses: { 200: jsonContent(FeaturedListSchema, "Up to `limit` published programs"), ...problems(400, 429) },
});

/** Featured programs: the public list, and the CMS's to feature, order and unfeature. */
export const featuredRoutes = createRouter().openapi(featured, () => {
  throw new ProblemError(501, "not_implemented", "Featured programs are being built.");
});
