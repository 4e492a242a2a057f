import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { spentQuery } from "../checkout/standing";
import { cartItems, products } from "../schema";
import { MAX_LINE_QUANTITY } from "./models";

/** A customer's cart lines with their products, in the order they were first added. */
export const cartLinesQuery = (db: Database, customerId: string) =>
  db
    .select({ quantity: cartItems.quantity, product: products })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .where(eq(cartItems.customerId, customerId))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.productId));

/** The reads a cart is made of, to end a batch with (see `presentCart`): its lines, and what the customer spent. */
export const cartReads = (db: Database, customerId: string) =>
  [cartLinesQuery(db, customerId), spentQuery(db, customerId)] as const;

type CartReads = Awaited<ReturnType<typeof cartLinesQuery>>;

/** The cart's lines and the customer's spending (cents) from the results of `cartReads`. */
export const cartOf = (lines: CartReads, spent: { spentCents: number }[]) => ({
  lines,
  spentCents: spent[0]?.spentCents ?? 0,
});

/** The customer's cart: one round trip. */
export async function loadCart(db: Database, customerId: string) {
  const [lines, spent] = await db.batch([...cartReads(db, customerId)]);
  return cartOf(lines, spent);
}

const lineOf = (customerId: string, productId: string) =>
  and(eq(cartItems.customerId, customerId), eq(cartItems.productId, productId));

/**
 * Adds `quantity` of an active product to the cart, merging with its line, and reads the cart back: one round trip.
 * The upsert is guarded: it writes nothing when the product is unknown or archived, or when the line would pass
 * `MAX_LINE_QUANTITY` (`added` is then undefined, and `product` and `before` say why).
 */
export async function addToCart(db: Database, customerId: string, productId: string, quantity: number, now: string) {
  const [product, before, added, lines, spent] = await db.batch([
    db.select({ status: products.status }).from(products).where(eq(products.id, productId)),
    db.select({ quantity: cartItems.quantity }).from(cartItems).where(lineOf(customerId, productId)),
    db
      .insert(cartItems)
      .select(
        db
          .select({
            customerId: sql<string>`${customerId}`.as("customer_id"),
            productId: products.id,
            quantity: sql<number>`${quantity}`.as("quantity"),
            addedAt: sql<string>`${now}`.as("added_at"),
            updatedAt: sql<string>`${now}`.as("updated_at"),
          })
          .from(products)
          .where(and(eq(products.id, productId), eq(products.status, "active"))),
      )
      .onConflictDoUpdate({
        target: [cartItems.customerId, cartItems.productId],
        set: { quantity: sql`${cartItems.quantity} + excluded.quantity`, updatedAt: now },
        setWhere: sql`${cartItems.quantity} + excluded.quantity <= ${MAX_LINE_QUANTITY}`,
      })
      .returning({ quantity: cartItems.quantity }),
    ...cartReads(db, customerId),
  ]);
  return {
    product: product[0],
    before: before[0]?.quantity ?? 0,
    added: added[0],
    cart: cartOf(lines, spent),
  };
}

/** Sets a line's quantity and reads the cart back (one round trip); `changed` is false when there is no such line. */
export async function setLineQuantity(
  db: Database,
  customerId: string,
  productId: string,
  quantity: number,
  now: string,
) {
  const [changed, lines, spent] = await db.batch([
    db
      .update(cartItems)
      .set({ quantity, updatedAt: now })
      .where(lineOf(customerId, productId))
      .returning({ quantity: cartItems.quantity }),
    ...cartReads(db, customerId),
  ]);
  return { changed: changed.length > 0, cart: cartOf(lines, spent) };
}

/** Removes a line and reads the cart back (one round trip); `removed` is false when there was no such line. */
export async function removeLine(db: Database, customerId: string, productId: string) {
  const [removed, lines, spent] = await db.batch([
    db.delete(cartItems).where(lineOf(customerId, productId)).returning({ productId: cartItems.productId }),
    ...cartReads(db, customerId),
  ]);
  return { removed: removed.length > 0, cart: cartOf(lines, spent) };
}

export interface GuestLine {
  product_id: string;
  quantity: number;
}

/**
 * Merges a guest's cart into the customer's in one round trip, set-based over the guest's lines sent as one JSON
 * parameter (so neither the statement count nor the bound parameters grow with the cart): quantities add up (the
 * guest's own duplicates too), capped at `MAX_LINE_QUANTITY`; unknown and archived products are left out. `report`
 * says, per guest product, what it was and what the line would have held without the cap.
 */
export async function mergeGuestCart(db: Database, customerId: string, guestLines: GuestLine[], now: string) {
  const lineValue = (field: string) => sql`json_extract(value, ${`$.${field}`})`;
  const incoming = db
    .select({
      productId: sql<string>`${lineValue("product_id")}`.as("incoming_product_id"),
      quantity: sql<number>`sum(${lineValue("quantity")})`.as("incoming_quantity"),
    })
    .from(sql`json_each(${JSON.stringify(guestLines)})`)
    .groupBy(lineValue("product_id"))
    .as("incoming");

  const [report, , lines, spent] = await db.batch([
    db
      .select({
        productId: incoming.productId,
        status: products.status,
        requested: sql<number>`${incoming.quantity} + coalesce(${cartItems.quantity}, 0)`.as("requested"),
      })
      .from(incoming)
      .leftJoin(products, eq(products.id, incoming.productId))
      .leftJoin(cartItems, and(eq(cartItems.customerId, customerId), eq(cartItems.productId, incoming.productId)))
      .orderBy(asc(incoming.productId)),
    db
      .insert(cartItems)
      .select(
        db
          .select({
            customerId: sql<string>`${customerId}`.as("customer_id"),
            productId: products.id,
            quantity: sql<number>`min(${incoming.quantity}, ${MAX_LINE_QUANTITY})`.as("quantity"),
            addedAt: sql<string>`${now}`.as("added_at"),
            updatedAt: sql<string>`${now}`.as("updated_at"),
          })
          .from(incoming)
          .innerJoin(products, eq(products.id, incoming.productId))
          // `WHERE` also keeps SQLite from reading the upsert's ON CONFLICT as the join's ON.
          .where(eq(products.status, "active")),
      )
      .onConflictDoUpdate({
        target: [cartItems.customerId, cartItems.productId],
        set: {
          quantity: sql`min(${cartItems.quantity} + excluded.quantity, ${MAX_LINE_QUANTITY})`,
          updatedAt: now,
        },
      }),
    ...cartReads(db, customerId),
  ]);
  return { report, cart: cartOf(lines, spent) };
}
