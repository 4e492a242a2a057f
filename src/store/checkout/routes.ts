import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { bookmarkOf, purgeEdgeCache } from "../../http/edge-cache";
import { logError } from "../../http/log";
import { createRouter, jsonContent, ProblemSchema, problems } from "../../http/openapi";
import { conflict, ProblemError } from "../../http/problem";
import { nowIso } from "../../time";
import { CUSTOMERS_ONLY, forCustomers } from "../cart/customer-guard";
import { OrderSchema, presentOrder } from "../orders/models";
import type { OrderPlacedMessage } from "../orders/order-message";
import { loadOrder } from "../orders/queries";
import { CheckoutHeaders } from "./models";
import { placeOrder, type ShortLine } from "./place-order";

/** The 409 of a checkout refused for stock: clients show each short line beside it (the shop's cart page does). */
const CheckoutRefusedSchema = ProblemSchema.extend({
  lines: z
    .array(
      z.object({ product_id: z.string(), name: z.string(), requested: z.number().int(), available: z.number().int() }),
    )
    .optional()
    .describe("With `insufficient_stock`: every line the store cannot sell in full now"),
}).openapi("CheckoutRefusedProblem");

const checkout = createRoute({
  method: "post",
  path: "/checkout",
  tags: ["Orders"],
  summary: "Buy what is in your cart",
  description:
    "All or nothing: the order takes today's prices and your tier's discount, the stock of every line, and empties " +
    "the cart; if any line lacks stock (or is no longer sold), nothing changes and the 409 `insufficient_stock` " +
    "lists every such line in `lines` (and in `errors`, by the line's place in the cart). The order answers as " +
    `\`processing\`; the order queue completes it. ${CUSTOMERS_ONLY}`,
  ...forCustomers(),
  request: { headers: CheckoutHeaders },
  responses: {
    202: {
      ...jsonContent(OrderSchema, "The order, placed and processing (or, for a key used before, that order)"),
      headers: {
        Location: { schema: { type: "string" }, description: "/orders/{id}" },
        "Idempotent-Replayed": { schema: { type: "string" }, description: "`true` when a retry found its first order" },
      },
    },
    ...problems(400, 401, 403),
    409: {
      description: "insufficient_stock (with `lines`) or cart_empty",
      content: { "application/problem+json": { schema: CheckoutRefusedSchema } },
    },
  },
});

function insufficientStock(lines: ShortLine[]): ProblemError {
  return new ProblemError(409, "insufficient_stock", "Some of your cart cannot be bought now; nothing was ordered.", {
    errors: lines.map(({ index, requested, available }) => ({
      path: `items.${index}.quantity`,
      message: available === 0 ? `None available; you asked for ${requested}.` : `Only ${available} available.`,
    })),
    extensions: { lines: lines.map(({ index: _, ...line }) => line) },
  });
}

/**
 * Hands the order to the queue, after the commit. If this never happens (the Worker dies in between, or the queue
 * refuses), the order stays `processing`: a retry with the same Idempotency-Key sends it again, and the message is
 * only `{ type, order_id }`, so a sweeper of old processing orders could too. The consumer must therefore take a
 * message more than once (queues deliver at least once anyway).
 */
async function sendOrderPlaced(c: Context<AppEnv>, orderId: string): Promise<void> {
  try {
    await c.env.ORDER_QUEUE.send({ type: "order_placed", order_id: orderId } satisfies OrderPlacedMessage);
  } catch (error) {
    // The order is placed: answering an error now would invite a retry without a key, and a second order.
    logError("order_queue_send_failed", error, { request_id: c.get("requestId"), order_id: orderId });
  }
}

export const checkoutRoutes = createRouter().openapi(checkout, async (c) => {
  const idempotencyKey = c.req.valid("header")["idempotency-key"];
  const placement = await placeOrder(c.var.db, { customerId: c.var.user.id, idempotencyKey, now: nowIso() });
  if (placement.outcome === "cart_empty") throw conflict("cart_empty", "Your cart is empty.");
  if (placement.outcome === "insufficient_stock") throw insufficientStock(placement.lines);

  const record = await loadOrder(c.var.db, placement.orderId);
  if (!record) throw new Error(`order ${placement.orderId} vanished after checkout`);
  if (placement.outcome === "placed" || record.order.status === "processing") {
    await sendOrderPlaced(c, placement.orderId);
  }
  if (placement.outcome === "placed") {
    // Stock changed: the shop's public answers must show it.
    await purgeEdgeCache(c.env, "store", (promise) => c.executionCtx.waitUntil(promise), bookmarkOf(c));
  } else {
    c.header("Idempotent-Replayed", "true");
  }
  c.header("Location", `/orders/${placement.orderId}`);
  return c.json(presentOrder(record), 202);
});
