import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { etag } from "hono/etag";
import { createMiddleware } from "hono/factory";
import { accountForToken } from "../../auth/guards";
import { isStaff } from "../../auth/roles";
import type { AppEnv } from "../../env";
import { servedFromEdgeCache } from "../../http/edge-cache";
import { createRouter, IdParam, IfNoneMatchHeaders, jsonContent, notModified, problems } from "../../http/openapi";
import { decodeCursor, pageOf, toPage } from "../../http/pagination";
import { forbidden, notFound } from "../../http/problem";
import { withCrossFieldRules } from "../../http/validation";
import { filtersDigest, positionFor, positionOf } from "./cursor";
import { ListProductsQuery, ProductSchema, presentProduct, priceRangeProblems } from "./models";
import { findProduct, listProducts } from "./queries";
import { answerProduct, etagHeader } from "./versions";

const tags = ["Products"];

/**
 * Shoppers must see a new price or the last unit gone at once: browsers and shared caches keep a copy but revalidate
 * it every time (a 304 from the edge cache, without D1, while it is current). A staff member's answer is theirs alone.
 */
const revalidatedEveryTime = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const ok = c.res.status === 200 || c.res.status === 304;
  const signedIn = c.req.header("Authorization") !== undefined;
  c.res.headers.set("Cache-Control", !ok ? "no-store" : signedIn ? "private, no-cache" : "public, no-cache");
});

// As the catalog's: the edge cache stores what the others make of the answer (see src/catalog/public/routes.ts).
const publicRead = [servedFromEdgeCache("store"), revalidatedEveryTime, etag()];

const list = createRoute({
  method: "get",
  path: "/products",
  tags,
  summary: "Watches on the shelf",
  description:
    "Active products, unless staff ask for archived ones (`status`). `q` looks in the name, brand and description; " +
    "prices are in cents, both bounds " +
    "inclusive. A cursor belongs to the sort and filters it was handed out with: another sort or filter is a 400.",
  middleware: publicRead,
  request: { query: ListProductsQuery, headers: IfNoneMatchHeaders },
  responses: {
    200: jsonContent(pageOf(ProductSchema, "ProductPage"), "A page of products"),
    ...notModified,
    ...problems(400, 401, 403, 429),
  },
});

const get = createRoute({
  method: "get",
  path: "/products/{id}",
  tags,
  summary: "One product",
  description: "Archived products are a 404, except to staff (editor and up) who send their token.",
  middleware: publicRead,
  request: { params: IdParam, headers: IfNoneMatchHeaders },
  responses: {
    200: { ...jsonContent(ProductSchema, "The product"), headers: etagHeader },
    ...notModified,
    ...problems(401, 404, 429),
  },
});

/** Whether the caller sent a token of a staff account (read only when it matters: for an archived product). */
async function callerIsStaff(c: Context<AppEnv>): Promise<boolean> {
  const token = /^Bearer +(\S+)$/i.exec(c.req.header("Authorization")?.trim() ?? "")?.[1];
  return token !== undefined && isStaff((await accountForToken(c, token)).role);
}

/** The shelf as shoppers see it: public, cacheable reads. Each is one D1 round trip on a miss, none on a hit. */
export const shelfRoutes = createRouter()
  .openapi(
    list,
    async (c) => {
      const query = c.req.valid("query");
      if (query.status !== "active" && !(await callerIsStaff(c))) {
        throw forbidden("Only staff (editor and up, with their token) list archived products.");
      }
      const digest = await filtersDigest(query);
      const position = await decodeCursor(c, query.cursor, positionFor(query.sort, digest));
      const rows = await listProducts(c.var.db, { ...query, after: position && [position[2], position[3]] });
      const page = await toPage(c, rows, query.limit, (row) => positionOf(query.sort, digest, row), presentProduct);
      return c.json(page, 200);
    },
    withCrossFieldRules("query", priceRangeProblems),
  )
  .openapi(get, async (c) => {
    const product = await findProduct(c.var.db, c.req.valid("param").id);
    if (!product || (product.status === "archived" && !(await callerIsStaff(c)))) throw notFound("product");
    return answerProduct(c, product, 200);
  });
