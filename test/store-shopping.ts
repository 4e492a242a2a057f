import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import type { Cart } from "../src/store/cart/models";
import type { Order } from "../src/store/orders/models";
import { cartItems, type OrderStatus, orders } from "../src/store/schema";
import { db, type TestUser } from "./helpers";
import { storeJson } from "./store-fixtures";

// Shared by the cart, checkout and orders tests: a customer's cart and past spending made directly in D1, and the
// calls a shopper makes.

/** Spending that reaches each tier (strictly above its threshold), in cents. */
export const SILVER_SPEND = 600_000;
export const GOLD_SPEND = 1_200_000;

/**
 * Gives the customer a past order of `totalCents` (completed unless told otherwise), as if bought long ago: their
 * tier follows from it. Returns the order's id.
 */
export async function insertPastOrder(
  customerId: string,
  totalCents: number,
  options: { status?: OrderStatus; refundedCents?: number; createdAt?: string } = {},
): Promise<string> {
  const id = crypto.randomUUID();
  const at = options.createdAt ?? "2025-01-15T10:00:00.000Z";
  const status = options.status ?? "completed";
  await db()
    .insert(orders)
    .values({
      id,
      customerId,
      status,
      currency: "USD",
      tier: "bronze",
      discountPercent: 0,
      subtotalCents: totalCents,
      discountCents: 0,
      totalCents,
      refundedCents: options.refundedCents ?? 0,
      createdAt: at,
      updatedAt: at,
      completedAt: status === "processing" || status === "cancelled" ? null : at,
    });
  return id;
}

/** Puts lines straight into a customer's cart (no API call, no rate limit), in the order given. */
export async function fillCart(customerId: string, lines: { productId: string; quantity: number }[]): Promise<void> {
  const base = Date.now();
  await db()
    .insert(cartItems)
    .values(
      lines.map(({ productId, quantity }, index) => {
        const at = new Date(base + index).toISOString();
        return { customerId, productId, quantity, addedAt: at, updatedAt: at };
      }),
    );
}

/** The customer's cart as D1 holds it: product id → quantity. */
export async function storedCart(customerId: string): Promise<Record<string, number>> {
  const rows = await db()
    .select({ productId: cartItems.productId, quantity: cartItems.quantity })
    .from(cartItems)
    .where(eq(cartItems.customerId, customerId));
  return Object.fromEntries(rows.map((row) => [row.productId, row.quantity]));
}

/** How many orders the customer has (optionally in one status). */
export async function orderCount(customerId: string, status?: OrderStatus): Promise<number> {
  const rows = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), status ? eq(orders.status, status) : undefined));
  return rows.length;
}

/** Sets a product's price in D1, as staff would between a customer's visits. */
export async function setPrice(productId: string, priceCents: number): Promise<void> {
  await env.DB.prepare("UPDATE products SET price_cents = ? WHERE id = ?").bind(priceCents, productId).run();
}

export const getCart = (user: TestUser) => storeJson<Cart>("GET", "/cart", { token: user.token });

export const addToCart = (user: TestUser, body: unknown) =>
  storeJson<Cart>("POST", "/cart/items", { token: user.token, body });

/** `POST /checkout` as `user`, with an `Idempotency-Key` when given. */
export const checkout = (user: TestUser, idempotencyKey?: string) =>
  storeJson<Order>("POST", "/checkout", {
    token: user.token,
    headers: idempotencyKey === undefined ? {} : { "Idempotency-Key": idempotencyKey },
  });
