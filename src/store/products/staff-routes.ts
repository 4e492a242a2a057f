import { createRoute, z } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { purgesEdgeCache } from "../../http/edge-cache";
import { constraintViolation } from "../../http/errors";
import { createRouter, IdParam, jsonBody, jsonContent, ProblemSchema, problems } from "../../http/openapi";
import { conflict, notFound, ProblemError } from "../../http/problem";
import { nowIso } from "../../time";
import {
  CreateProductBody,
  InventoryBody,
  newProductRow,
  ProductSchema,
  presentProduct,
  productColumns,
  UpdateProductBody,
} from "./models";
import { changeStock, deleteProductWithoutOrders, findProduct, insertProduct, updateProduct } from "./queries";
import { answerProduct, etagHeader, IfMatchHeader, productChanged, staleVersion, versionNamedBy } from "./versions";

const tags = ["Products"];

/** Every change to a product changes what the shelf shows: the store's cached answers go stale at once. */
const purgesShelf = purgesEdgeCache("store");

const create = createRoute({
  method: "post",
  path: "/products",
  tags,
  summary: "Put a product in the store",
  ...guarded("editor", purgesShelf),
  request: { body: jsonBody(CreateProductBody) },
  responses: {
    201: { ...jsonContent(ProductSchema, "The new product"), headers: etagHeader },
    ...problems(400, 401, 403, 415, 429),
  },
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
  request: { params: IdParam, body: jsonBody(UpdateProductBody), headers: IfMatchHeader },
  responses: {
    200: { ...jsonContent(ProductSchema, "The changed product"), headers: etagHeader },
    ...staleVersion,
    ...problems(400, 401, 403, 404, 415, 429),
  },
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
    200: { ...jsonContent(ProductSchema, "The product with its new stock"), headers: etagHeader },
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

const hasOrders = () =>
  conflict("has_orders", "Orders name this product, so it cannot be deleted: archive it instead.");

const insufficientStock = (requested: number, available: number) =>
  new ProblemError(409, "insufficient_stock", `Only ${available} in stock; cannot take out ${requested}.`, {
    errors: [{ path: "delta", message: `At most ${available} can be taken out.` }],
    extensions: { requested, available },
  });

/** Staff (editor and up) keep the shelf: products in and out, their details, their stock. */
export const staffRoutes = createRouter()
  .openapi(create, async (c) => {
    const product = await insertProduct(c.var.db, newProductRow(c.req.valid("json"), crypto.randomUUID(), nowIso()));
    c.header("Location", `/products/${product.id}`);
    return answerProduct(c, product, 201);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const expected = await versionNamedBy(c, id);
    const product = await updateProduct(c.var.db, id, productColumns(c.req.valid("json")), nowIso(), expected);
    if (product) return answerProduct(c, product, 200);
    // A conditional change found another version: another write got in between (or the product is gone).
    const current = expected && (await findProduct(c.var.db, id));
    throw current ? await productChanged(presentProduct(current)) : notFound("product");
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
    return answerProduct(c, change.product, 200);
  });
