import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { etag } from "hono/etag";
import { createMiddleware } from "hono/factory";
import { accountForToken, guarded } from "../../auth/guards";
import { isStaff } from "../../auth/roles";
import type { AppEnv } from "../../env";
import { purgesEdgeCache, servedFromEdgeCache } from "../../http/edge-cache";
import { constraintViolation } from "../../http/errors";
import { createRouter, IdParam, jsonBody, jsonContent, ProblemSchema, problems } from "../../http/openapi";
import { decodeCursor, pageOf, toPage } from "../../http/pagination";
import { conflict, notFound, ProblemError } from "../../http/problem";
import { withCrossFieldRules } from "../../http/validation";
import { nowIso } from "../../time";
import { filtersDigest, positionFor, positionOf } from "./cursor";
import {
  CreateProductBody,
  InventoryBody,
  ListProductsQuery,
  newProductRow,
  ProductSchema,
  presentProduct,
  priceRangeProblems,
  productColumns,
  UpdateProductBody,
} from "./models";
import {
  changeStock,
  deleteProductWithoutOrders,
  findProduct,
  insertProduct,
  listProducts,
  updateProduct,
} from "./queries";

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
const purgesShelf = purgesEdgeCache("store");

const ConditionalHeaders = z.object({
  "if-none-match": z
    .string()
    .optional()
    .openapi({ description: "The ETag of a copy you hold: if it is still current, the answer is a 304 without body" }),
});
const notModified = { 304: { description: "Your copy (If-None-Match) is still current; no body" } };

const list = createRoute({
  method: "get",
  path: "/products",
  tags,
  summary: "Watches on the shelf",
  description:
    "Active products only. `q` looks in the name, brand and description; prices are in cents, both bounds " +
    "inclusive. A cursor belongs to the sort and filters it was handed out with: another sort or filter is a 400.",
  middleware: publicRead,
  request: { query: ListProductsQuery, headers: ConditionalHeaders },
  responses: {
    200: jsonContent(pageOf(ProductSchema, "ProductPage"), "A page of products"),
    ...notModified,
    ...problems(400, 429),
  },
});

const get = createRoute({
  method: "get",
  path: "/products/{id}",
  tags,
  summary: "One product",
  description: "Archived products are a 404, except to staff (editor and up) who send their token.",
  middleware: publicRead,
  request: { params: IdParam, headers: ConditionalHeaders },
  responses: {
    200: jsonContent(ProductSchema, "The product"),
    ...notModified,
    ...problems(401, 404, 429),
  },
});

const create = createRoute({
  method: "post",
  path: "/products",
  tags,
  summary: "Put a product in the store",
  ...guarded("editor", purgesShelf),
  request: { body: jsonBody(CreateProductBody) },
  responses: { 201: jsonContent(ProductSchema, "The new product"), ...problems(400, 401, 403, 415, 429) },
});

const update = createRoute({
  method: "patch",
  path: "/products/{id}",
  tags,
  summary: "Change a product, archive it or put it back",
  description:
    'Only the fields sent change (and, within `details`, only those sent). `status: "archived"` takes ' +
    'it off the shelf, keeping its orders\' history; `"active"` puts it back.',
  ...guarded("editor", purgesShelf),
  request: { params: IdParam, body: jsonBody(UpdateProductBody) },
  responses: { 200: jsonContent(ProductSchema, "The changed product"), ...problems(400, 401, 403, 404, 415, 429) },
});

const remove = createRoute({
  method: "delete",
  path: "/products/{id}",
  tags,
  summary: "Delete a product that was never ordered",
  description: "A product that any order names cannot be deleted (409 `has_orders`): archive it instead.",
  ...guarded("editor", purgesShelf),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409, 429) },
});

const changeInventory = createRoute({
  method: "patch",
  path: "/products/{id}/inventory",
  tags,
  summary: "Restock, or take units out",
  description:
    "Adds `delta` to the stock in one conditional write: never below zero, whatever else changes it at the same " +
    "time. Taking out more than there is is a 409 `insufficient_stock` with `requested` and `available`. Stock back " +
    "at 3 or more resolves the product's low-stock alert.",
  ...guarded("editor", purgesShelf),
  request: { params: IdParam, body: jsonBody(InventoryBody) },
  responses: {
    200: jsonContent(ProductSchema, "The product with its new stock"),
    409: {
      description: "insufficient_stock: fewer units in stock than `requested`",
      content: {
        "application/problem+json": {
          schema: ProblemSchema.extend({ requested: z.number().int(), available: z.number().int() }).openapi(
            "InsufficientStockProblem",
          ),
        },
      },
    },
    ...problems(400, 401, 403, 404, 415, 429),
  },
});

/** Whether the caller sent a token of a staff account (read only when it matters: for an archived product). */
async function callerIsStaff(c: Context<AppEnv>): Promise<boolean> {
  const token = /^Bearer +(\S+)$/i.exec(c.req.header("Authorization")?.trim() ?? "")?.[1];
  return token !== undefined && isStaff((await accountForToken(c, token)).role);
}

const hasOrders = () =>
  conflict("has_orders", "Orders name this product, so it cannot be deleted: archive it instead.");

const insufficientStock = (requested: number, available: number) =>
  new ProblemError(409, "insufficient_stock", `Only ${available} in stock; cannot take out ${requested}.`, {
    errors: [{ path: "delta", message: `At most ${available} can be taken out.` }],
    extensions: { requested, available },
  });

export const productRoutes = createRouter()
  .openapi(
    list,
    async (c) => {
      const query = c.req.valid("query");
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
    return c.json(presentProduct(product), 200);
  })
  .openapi(create, async (c) => {
    const product = await insertProduct(c.var.db, newProductRow(c.req.valid("json"), crypto.randomUUID(), nowIso()));
    c.header("Location", `/products/${product.id}`);
    return c.json(presentProduct(product), 201);
  })
  .openapi(update, async (c) => {
    const product = await updateProduct(
      c.var.db,
      c.req.valid("param").id,
      productColumns(c.req.valid("json")),
      nowIso(),
    );
    if (!product) throw notFound("product");
    return c.json(presentProduct(product), 200);
  })
  .openapi(remove, async (c) => {
    let outcome: Awaited<ReturnType<typeof deleteProductWithoutOrders>>;
    try {
      outcome = await deleteProductWithoutOrders(c.var.db, c.req.valid("param").id);
    } catch (error) {
      // The order lines' foreign key refuses the delete too, should an order's line get in by another way.
      if (constraintViolation(error) === "foreign_key") throw hasOrders();
      throw error;
    }
    if (outcome === "not_found") throw notFound("product");
    if (outcome === "has_orders") throw hasOrders();
    return c.body(null, 204);
  })
  .openapi(changeInventory, async (c) => {
    const { delta } = c.req.valid("json");
    const change = await changeStock(c.var.db, c.req.valid("param").id, delta, nowIso());
    if (change.outcome === "not_found") throw notFound("product");
    if (change.outcome === "insufficient") throw insufficientStock(-delta, change.available);
    return c.json(presentProduct(change.product), 200);
  });
