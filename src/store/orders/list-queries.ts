import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { keysBelow } from "../../db/filters";
import { type OrderStatus, orders } from "../schema";

/**
 * One page of orders' ids, newest first (`limit + 1` rows, for `toPage`): every order, or one customer's, optionally
 * in one status. Each filter walks an index ending in (created_at, id): orders_created, orders_customer_created,
 * orders_status_created.
 */
export function listOrderIds(
  db: Database,
  filter: { limit: number; after?: readonly [string, string]; customerId?: string; status?: OrderStatus },
) {
  return db
    .select({ id: orders.id, createdAt: orders.createdAt })
    .from(orders)
    .where(
      and(
        filter.customerId === undefined ? undefined : eq(orders.customerId, filter.customerId),
        filter.status === undefined ? undefined : eq(orders.status, filter.status),
        filter.after && keysBelow([orders.createdAt, orders.id], filter.after),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(filter.limit + 1);
}
