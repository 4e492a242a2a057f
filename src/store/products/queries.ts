import { and, asc, type Column, desc, eq, gt, gte, lte, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { containsText, keysAbove, keysBelow } from "../../db/filters";
import { lowStockAlerts, orderItems, type ProductRow, products } from "../schema";
import type { ProductListQuery, ProductSort } from "./models";

/** Stock below this raises a low-stock alert (the order queue raises them); at or above it, an open one is resolved. */
export const LOW_STOCK_LEVEL = 3;

/** Each sort's columns, in order, and whether it runs up or down; every one ends in the id. */
const ORDERINGS: Record<ProductSort, { keys: readonly Column[]; ascending: boolean }> = {
  price: { keys: [products.priceCents, products.id], ascending: true },
  "-price": { keys: [products.priceCents, products.id], ascending: false },
  newest: { keys: [products.createdAt, products.id], ascending: false },
  name: { keys: [products.name, products.id], ascending: true },
};

/**
 * Active products `filter` selects, in its sort, past `after` (the last position of the previous page), `limit + 1`
 * of them for `toPage`: one statement, walking the status index of its sort (or of its category or brand).
 */
export async function listProducts(
  db: Database,
  filter: Omit<ProductListQuery, "cursor"> & { after?: readonly [unknown, string] },
): Promise<ProductRow[]> {
  const { keys, ascending } = ORDERINGS[filter.sort];
  const conditions: (SQL | undefined)[] = [
    eq(products.status, "active"),
    filter.category !== undefined ? eq(products.category, filter.category) : undefined,
    filter.brand !== undefined ? eq(products.brand, filter.brand) : undefined,
    filter.min_price !== undefined ? gte(products.priceCents, filter.min_price) : undefined,
    filter.max_price !== undefined ? lte(products.priceCents, filter.max_price) : undefined,
    filter.in_stock === undefined ? undefined : filter.in_stock ? gt(products.stock, 0) : eq(products.stock, 0),
    filter.q !== undefined ? containsText(filter.q, products.name, products.brand, products.description) : undefined,
    filter.after && (ascending ? keysAbove(keys, filter.after) : keysBelow(keys, filter.after)),
  ];
  return db
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(...keys.map((key) => (ascending ? asc(key) : desc(key))))
    .limit(filter.limit + 1);
}

export async function findProduct(db: Database, id: string): Promise<ProductRow | undefined> {
  return db.select().from(products).where(eq(products.id, id)).get();
}

export async function insertProduct(db: Database, product: typeof products.$inferInsert): Promise<ProductRow> {
  const row = await db.insert(products).values(product).returning().get();
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

/** Applies `columns` in one statement; undefined when there is no such product. */
export async function updateProduct(
  db: Database,
  id: string,
  columns: Partial<typeof products.$inferInsert>,
  now: string,
): Promise<ProductRow | undefined> {
  return db
    .update(products)
    .set({ ...columns, updatedAt: now })
    .where(eq(products.id, id))
    .returning()
    .get();
}

/**
 * Deletes a product that no order names, in one batch: the delete is guarded by the absence of order lines in the same
 * statement, and the product is looked for again after it, so that `has_orders` and `not_found` are told apart from
 * one transaction's view. (An order placed at that moment either came first and keeps the product, or comes after.)
 */
export async function deleteProductWithoutOrders(
  db: Database,
  id: string,
): Promise<"deleted" | "has_orders" | "not_found"> {
  const [deleted, remaining] = await db.batch([
    db
      .delete(products)
      .where(
        and(eq(products.id, id), sql`NOT EXISTS (SELECT 1 FROM ${orderItems} WHERE ${orderItems.productId} = ${id})`),
      )
      .returning({ id: products.id }),
    db.select({ id: products.id }).from(products).where(eq(products.id, id)),
  ]);
  if (deleted.length > 0) return "deleted";
  return remaining.length > 0 ? "has_orders" : "not_found";
}

export type StockChange =
  | { outcome: "changed"; product: ProductRow }
  | { outcome: "insufficient"; available: number }
  | { outcome: "not_found" };

/**
 * Moves a product's stock by `delta` in one batch: one conditional UPDATE that never takes stock below zero (so any
 * number of concurrent changes add up exactly), the product's open low-stock alert resolved when stock is back at the
 * alert level, and the stock as it is after both, which tells a refusal for want of stock from an unknown product.
 */
export async function changeStock(db: Database, id: string, delta: number, now: string): Promise<StockChange> {
  const [changed, , current] = await db.batch([
    db
      .update(products)
      .set({ stock: sql`${products.stock} + ${delta}`, updatedAt: now })
      .where(and(eq(products.id, id), sql`${products.stock} + ${delta} >= 0`))
      .returning(),
    db
      .update(lowStockAlerts)
      .set({ resolvedAt: now })
      .where(
        and(
          eq(lowStockAlerts.productId, id),
          sql`${lowStockAlerts.resolvedAt} IS NULL`,
          sql`(SELECT ${products.stock} FROM ${products} WHERE ${products.id} = ${id}) >= ${LOW_STOCK_LEVEL}`,
        ),
      ),
    db.select({ stock: products.stock }).from(products).where(eq(products.id, id)),
  ]);
  const product = changed[0];
  if (product) return { outcome: "changed", product };
  const row = current[0];
  return row ? { outcome: "insufficient", available: row.stock } : { outcome: "not_found" };
}
