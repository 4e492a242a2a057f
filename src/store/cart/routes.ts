import { createRoute } from "@hono/zod-openapi";
import { createRouter, jsonBody, jsonContent, problems } from "../../http/openapi";
import { conflict, notFound, ProblemError, validationFailed } from "../../http/problem";
import { nowIso } from "../../time";
import { forCustomers } from "./customer-guard";
import {
  AddCartItemBody,
  CartItemParam,
  CartSchema,
  MAX_LINE_QUANTITY,
  MergeCartBody,
  MergedCartSchema,
  presentCart,
  SetCartItemBody,
} from "./models";
import { addToCart, loadCart, mergeGuestCart, removeLine, setLineQuantity } from "./queries";

const tags = ["Cart"];
const cartReply = (description: string) => jsonContent(CartSchema, description);

const getCart = createRoute({
  method: "get",
  path: "/cart",
  tags,
  summary: "Your cart, at today's prices and your tier's discount",
  description:
    "Each line says whether its whole quantity is in stock now (`in_stock`, `available`): the cart takes more than " +
    "the stock, checkout does not.",
  ...forCustomers(),
  responses: { 200: cartReply("The cart"), ...problems(401, 403) },
});

const addItem = createRoute({
  method: "post",
  path: "/cart/items",
  tags,
  summary: "Put a product in your cart",
  description: `Adds to the product's line if it is in the cart already; a line holds at most ${MAX_LINE_QUANTITY}.`,
  ...forCustomers(),
  request: { body: jsonBody(AddCartItemBody) },
  responses: {
    200: cartReply("The cart with the product in it"),
    ...problems(400, 401, 403, 404, 409, 415),
  },
});

const setItem = createRoute({
  method: "patch",
  path: "/cart/items/{product_id}",
  tags,
  summary: "Change how many of a product your cart holds",
  ...forCustomers(),
  request: { params: CartItemParam, body: jsonBody(SetCartItemBody) },
  responses: { 200: cartReply("The cart"), ...problems(400, 401, 403, 404, 415) },
});

const removeItem = createRoute({
  method: "delete",
  path: "/cart/items/{product_id}",
  tags,
  summary: "Take a product out of your cart",
  ...forCustomers(),
  request: { params: CartItemParam },
  responses: { 200: cartReply("The cart without the product"), ...problems(401, 403, 404) },
});

const mergeCart = createRoute({
  method: "post",
  path: "/cart/merge",
  tags,
  summary: "Merge a guest's cart into yours (on sign-in)",
  description:
    `Quantities add up, capped at ${MAX_LINE_QUANTITY} a line (\`capped\` lists those lines); products that do not ` +
    "exist or are no longer sold are left out and listed in `skipped`, not refused.",
  ...forCustomers(),
  request: { body: jsonBody(MergeCartBody) },
  responses: {
    200: jsonContent(MergedCartSchema, "Your cart with the guest's lines in it"),
    ...problems(400, 401, 403, 415),
  },
});

const notInCart = () => notFound("line in your cart");

export const cartRoutes = createRouter()
  .openapi(getCart, async (c) => {
    const { lines, spentCents } = await loadCart(c.var.db, c.var.user.id);
    return c.json(presentCart(lines, spentCents), 200);
  })
  .openapi(addItem, async (c) => {
    const { product_id, quantity } = c.req.valid("json");
    const result = await addToCart(c.var.db, c.var.user.id, product_id, quantity, nowIso());
    if (!result.added) {
      if (!result.product) {
        throw new ProblemError(404, "not_found", "No such product.", {
          errors: [{ path: "product_id", message: "No product has this id." }],
        });
      }
      if (result.product.status !== "active") {
        throw conflict("product_unavailable", "This product is no longer sold.", [
          { path: "product_id", message: "The product is archived." },
        ]);
      }
      throw validationFailed(
        [
          {
            path: "quantity",
            message: `Your cart holds ${result.before} already; a line holds at most ${MAX_LINE_QUANTITY}.`,
          },
        ],
        "That would put too many of this product in the cart.",
      );
    }
    return c.json(presentCart(result.cart.lines, result.cart.spentCents), 200);
  })
  .openapi(setItem, async (c) => {
    const { product_id } = c.req.valid("param");
    const { quantity } = c.req.valid("json");
    const { changed, cart } = await setLineQuantity(c.var.db, c.var.user.id, product_id, quantity, nowIso());
    if (!changed) throw notInCart();
    return c.json(presentCart(cart.lines, cart.spentCents), 200);
  })
  .openapi(removeItem, async (c) => {
    const { removed, cart } = await removeLine(c.var.db, c.var.user.id, c.req.valid("param").product_id);
    if (!removed) throw notInCart();
    return c.json(presentCart(cart.lines, cart.spentCents), 200);
  })
  .openapi(mergeCart, async (c) => {
    const { report, cart } = await mergeGuestCart(c.var.db, c.var.user.id, c.req.valid("json").items, nowIso());
    return c.json(
      {
        ...presentCart(cart.lines, cart.spentCents),
        skipped: report.flatMap(({ productId, status }) =>
          status === "active"
            ? []
            : [{ product_id: productId, reason: status ? ("archived" as const) : ("not_found" as const) }],
        ),
        capped: report.flatMap(({ productId, status, requested }) =>
          status === "active" && requested > MAX_LINE_QUANTITY
            ? [{ product_id: productId, requested, quantity: MAX_LINE_QUANTITY }]
            : [],
        ),
      },
      200,
    );
  });
