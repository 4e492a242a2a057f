import { createRoute } from "@hono/zod-openapi";
import { cachedCatalogRead } from "../../catalog/public/routes";
import { createRouter, IfNoneMatchHeaders, jsonContent, notModified, problems } from "../../http/openapi";
import { featuredCmsRoutes } from "./cms-routes";
import { FeaturedListSchema, FeaturedQuery, presentFeaturedList } from "./models";
import { featuredList } from "./queries";

const featured = createRoute({
  method: "get",
  path: "/discovery/featured",
  tags: ["Discovery"],
  summary: "Featured programs: the editors' picks in their order, then the most recently published",
  description:
    "Programs in the catalog (published, with a published lesson), as `GET /catalog/programs` gives them: first the " +
    "ones editors featured, in their order (`featured: true`; a pick that is a draft or archived is left out), then " +
    "the most recently published others (`featured: false`), up to `limit`. One D1 round trip; cached at the edge.",
  middleware: cachedCatalogRead,
  request: { query: FeaturedQuery, headers: IfNoneMatchHeaders },
  responses: {
    200: jsonContent(FeaturedListSchema, "Up to `limit` published programs"),
    ...notModified,
    ...problems(400, 429),
  },
});

/** Featured programs: the public list, and the CMS's to feature, order and unfeature. */
export const featuredRoutes = createRouter()
  .openapi(featured, async (c) => {
    const rows = await featuredList(c.var.db, c.req.valid("query").limit);
    return c.json(presentFeaturedList(rows), 200);
  })
  .route("/", featuredCmsRoutes);
