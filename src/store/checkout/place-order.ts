import { and, asc, eq, inArray, isNotNull, lt, ne, notExists, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { constraintViolation } from "../../http/errors";
import { STORE_CURRENCY } from "../cart/models";
import { cartItems, orderEvents, orderItems, orders, products } from "../schema";
import { discountCentsSql, discountPercentSql, spentSubquery, tierSql } from "./standing";

/** A cart line checkout cannot sell: more than the stock, or a product no longer sold (`available` 0). */
export interface ShortLine {
  /** The line's place in the cart (as `GET /cart` lists it). */
  index: number;
  product_id: string;
  name: string;
  requested: number;
  available: number;
}

export type Placement =
  | { outcome: "placed" | "replayed"; orderId: string }
  | { outcome: "cart_empty" }
  | { outcome: "insufficient_stock"; lines: ShortLine[] };

interface Checkout {
  customerId: string;
  /** The client's `Idempotency-Key`: a checkout that already made an order with it answers with that order. */
  idempotencyKey?: string;
  now: string;
}

/**
 * Turns the customer's cart into an order, all or nothing, in one D1 batch (one round trip, one transaction) whose
 * statement count does not depend on the cart:
 *
 * 1. the order, at today's prices and the discount of the customer's tier (ranked in SQL from what they spent), is
 *    inserted only if the cart has lines, every one of them on sale with enough stock, and no order has this
 *    idempotency key yet;
 * 2. everything after it is set-based and keyed on that order existing: its lines (copied from the cart), the stock
 *    (each product less its line; `products_stock_non_negative` stays as the backstop), its first history event
 *    (created, processing, by the customer), and the cart emptied of what was bought;
 * 3. it ends by reading which order answers and the cart as it is, so a refusal names every short line from the same
 *    snapshot the guard saw.
 *
 * Concurrent checkouts for the same last watch are serialized by D1: the losers' batches see the stock already taken
 * and change nothing.
 */
export async function placeOrder(db: Database, { customerId, idempotencyKey, now }: Checkout): Promise<Placement> {
  const orderId = crypto.randomUUID();
  const inCart = eq(cartItems.customerId, customerId);
  const cartProduct = eq(products.id, cartItems.productId);
  const lineIsShort = or(ne(products.status, "active"), lt(products.stock, cartItems.quantity));

  const totals = db
    .select({
      subtotal: sql<number | null>`sum(${products.priceCents} * ${cartItems.quantity})`.as("subtotal"),
      shortLines: sql<number>`sum(${lineIsShort})`.as("short_lines"),
      spent: sql<number>`${spentSubquery(db, customerId)}`.as("spent"),
    })
    .from(cartItems)
    .innerJoin(products, cartProduct)
    .where(inCart)
    .as("totals");
  const priced = db
    .select({
      subtotal: totals.subtotal,
      tier: tierSql(totals.spent).as("tier"),
      percent: discountPercentSql(totals.spent).as("percent"),
    })
    .from(totals)
    // An empty cart sums to NULL.
    .where(and(isNotNull(totals.subtotal), eq(totals.shortLines, 0)))
    .as("priced");
  const discount = discountCentsSql(priced.subtotal, priced.percent);
  const withKey = (key: string) => and(eq(orders.customerId, customerId), eq(orders.idempotencyKey, key));
  const keyIsNew =
    idempotencyKey === undefined
      ? undefined
      : notExists(db.select({ id: orders.id }).from(orders).where(withKey(idempotencyKey)));
  const linesOfOrder = db.select({ id: orderItems.productId }).from(orderItems).where(eq(orderItems.orderId, orderId));

  try {
    const [, , , , , answering, cart] = await db.batch([
      db.insert(orders).select(
        db
          .select({
            id: sql<string>`${orderId}`.as("id"),
            customerId: sql<string>`${customerId}`.as("customer_id"),
            status: sql<"processing">`${"processing"}`.as("status"),
            currency: sql<string>`${STORE_CURRENCY}`.as("currency"),
            tier: priced.tier,
            discountPercent: priced.percent,
            subtotalCents: sql<number>`${priced.subtotal}`.as("subtotal_cents"),
            discountCents: sql<number>`${discount}`.as("discount_cents"),
            totalCents: sql<number>`${priced.subtotal} - ${discount}`.as("total_cents"),
            refundedCents: sql<number>`0`.as("refunded_cents"),
            rewardPoints: sql<number>`0`.as("reward_points"),
            idempotencyKey: sql<string | null>`${idempotencyKey ?? null}`.as("idempotency_key"),
            createdAt: sql<string>`${now}`.as("created_at"),
            updatedAt: sql<string>`${now}`.as("updated_at"),
            completedAt: sql<string | null>`NULL`.as("completed_at"),
          })
          .from(priced)
          .where(keyIsNew),
      ),
      db.insert(orderItems).select(
        db
          .select({
            orderId: orders.id,
            productId: cartItems.productId,
            productName: products.name,
            unitPriceCents: products.priceCents,
            quantity: cartItems.quantity,
            refundedQuantity: sql<number>`0`.as("refunded_quantity"),
            refundedCents: sql<number>`0`.as("refunded_cents"),
          })
          .from(cartItems)
          .innerJoin(products, cartProduct)
          .innerJoin(orders, eq(orders.id, orderId))
          .where(inCart),
      ),
      db
        .update(products)
        .set({
          stock: sql`${products.stock} - (${db
            .select({ quantity: orderItems.quantity })
            .from(orderItems)
            .where(and(eq(orderItems.orderId, orderId), eq(orderItems.productId, products.id)))})`,
          updatedAt: now,
        })
        .where(inArray(products.id, linesOfOrder)),
      db.insert(orderEvents).select(
        db
          .select({
            id: sql<string>`${crypto.randomUUID()}`.as("event_id"),
            orderId: orders.id,
            fromStatus: sql<null>`NULL`.as("from_status"),
            toStatus: orders.status,
            actorId: orders.customerId,
            reason: sql<null>`NULL`.as("reason"),
            amountCents: sql<null>`NULL`.as("amount_cents"),
            detail: sql<null>`NULL`.as("detail"),
            createdAt: orders.createdAt,
          })
          .from(orders)
          .where(eq(orders.id, orderId)),
      ),
      db.delete(cartItems).where(and(inCart, inArray(cartItems.productId, linesOfOrder))),
      db
        .select({ id: orders.id })
        .from(orders)
        .where(idempotencyKey === undefined ? eq(orders.id, orderId) : withKey(idempotencyKey)),
      db
        .select({
          productId: cartItems.productId,
          name: products.name,
          requested: cartItems.quantity,
          stock: products.stock,
          status: products.status,
        })
        .from(cartItems)
        .innerJoin(products, cartProduct)
        .where(inCart)
        .orderBy(asc(cartItems.addedAt), asc(cartItems.productId)),
    ]);

    const answer = answering[0];
    if (answer) return { outcome: answer.id === orderId ? "placed" : "replayed", orderId: answer.id };
    if (cart.length === 0) return { outcome: "cart_empty" };
    const lines = cart.flatMap((line, index) => {
      const available = line.status === "active" ? line.stock : 0;
      return available < line.requested
        ? [{ index, product_id: line.productId, name: line.name, requested: line.requested, available }]
        : [];
    });
    if (lines.length === 0) throw new Error("checkout placed no order, yet found no short line");
    return { outcome: "insufficient_stock", lines };
  } catch (error) {
    // The guard above already finds an earlier order with the key; the unique index is the backstop.
    if (idempotencyKey === undefined || constraintViolation(error) !== "unique") throw error;
    const first = await db.select({ id: orders.id }).from(orders).where(withKey(idempotencyKey)).get();
    if (!first) throw error;
    return { outcome: "replayed", orderId: first.id };
  }
}
