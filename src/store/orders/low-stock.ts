import { and, asc, eq, gte, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { keysAbove } from "../../db/filters";
import { lowStockAlerts, orderItems, products } from "../schema";

/** A product with fewer than this many in stock after an order is flagged for staff to restock. */
export const LOW_STOCK_BELOW = 3;

/** The ids of an order's products, as a subquery. */
export const productsOfOrder = (db: Database, orderId: string) =>
  db.select({ productId: orderItems.productId }).from(orderItems).where(eq(orderItems.orderId, orderId));

/**
 * Raises an alert for every product of the order whose stock is below `LOW_STOCK_BELOW`, when `condition` holds (a
 * statement of the completion's batch). One alert per product: an open one keeps when it was raised and takes the
 * stock now; a resolved one is reopened.
 */
export function raiseLowStockAlerts(db: Database, orderId: string, now: string, condition: SQL) {
  return db
    .insert(lowStockAlerts)
    .select(
      db
        .select({
          productId: products.id,
          stock: products.stock,
          raisedAt: sql<string>`${now}`.as("raised_at"),
          resolvedAt: sql<string | null>`NULL`.as("resolved_at"),
        })
        .from(products)
        .where(and(inArray(products.id, productsOfOrder(db, orderId)), lt(products.stock, LOW_STOCK_BELOW), condition)),
    )
    .onConflictDoUpdate({
      target: lowStockAlerts.productId,
      set: {
        stock: sql`excluded.stock`,
        raisedAt: sql`CASE WHEN ${lowStockAlerts.resolvedAt} IS NULL THEN ${lowStockAlerts.raisedAt} ELSE excluded.raised_at END`,
        resolvedAt: null,
      },
    });
}

/**
 * Resolves the open alerts of `productIds` whose stock is back at or above the alert level, when `condition` holds
 * (a statement of a restock's batch).
 */
export function resolveRestockedAlerts(db: Database, productIds: SQL | string[], now: string, condition: SQL) {
  const restocked = db
    .select({ id: products.id })
    .from(products)
    .where(and(inArray(products.id, productIds), gte(products.stock, LOW_STOCK_BELOW)));
  return db
    .update(lowStockAlerts)
    .set({ resolvedAt: now })
    .where(and(isNull(lowStockAlerts.resolvedAt), inArray(lowStockAlerts.productId, restocked), condition));
}

/** `resolveRestockedAlerts` for every product of an order. */
export const resolveRestockedAlertsOfOrder = (db: Database, orderId: string, now: string, condition: SQL) =>
  resolveRestockedAlerts(db, sql`${productsOfOrder(db, orderId)}`, now, condition);

/** An open alert with its product as it is now. */
export interface OpenAlertRow {
  productId: string;
  name: string;
  brand: string;
  stock: number;
  stockWhenRaised: number;
  raisedAt: string;
}

/** Open alerts, lowest stock now first (then by product id), `limit + 1` of them after `after`. */
export async function listOpenAlerts(
  db: Database,
  filter: { limit: number; after?: readonly [number, string] },
): Promise<OpenAlertRow[]> {
  return db
    .select({
      productId: lowStockAlerts.productId,
      name: products.name,
      brand: products.brand,
      stock: products.stock,
      stockWhenRaised: sql<number>`${lowStockAlerts.stock}`.as("stock_when_raised"),
      raisedAt: lowStockAlerts.raisedAt,
    })
    .from(lowStockAlerts)
    .innerJoin(products, eq(products.id, lowStockAlerts.productId))
    .where(
      and(isNull(lowStockAlerts.resolvedAt), filter.after && keysAbove([products.stock, products.id], filter.after)),
    )
    .orderBy(asc(products.stock), asc(products.id))
    .limit(filter.limit + 1);
}
