import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { type OrderItemRow, type OrderRow, orderEvents, orderItems, orders } from "../schema";
import type { OrderEvent, OrderRecord } from "./models";

const eventColumns = {
  orderId: orderEvents.orderId,
  from_status: orderEvents.fromStatus,
  to_status: orderEvents.toStatus,
  actor_id: orderEvents.actorId,
  reason: orderEvents.reason,
  amount_cents: orderEvents.amountCents,
  at: orderEvents.createdAt,
};

/**
 * The three reads that load orders with their lines and histories, for a `db.batch` of their own (`loadOrders`) or
 * at the end of a write's batch, so the changed order comes back in the same round trip (`assembleOrders`).
 */
export function orderReads(db: Database, ids: readonly string[]) {
  return [
    db
      .select()
      .from(orders)
      .where(inArray(orders.id, [...ids])),
    db
      .select()
      .from(orderItems)
      .where(inArray(orderItems.orderId, [...ids]))
      .orderBy(asc(orderItems.productName)),
    db
      .select(eventColumns)
      .from(orderEvents)
      .where(inArray(orderEvents.orderId, [...ids]))
      .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id)),
  ] as const;
}

/** What the three reads of `orderReads` answer, in order. */
export type OrderReadResults = readonly [OrderRow[], OrderItemRow[], (OrderEvent & { orderId: string })[]];

/** The results of `orderReads(db, ids)` as records, in `ids`' order; ids that name no order are left out. */
export function assembleOrders(
  ids: readonly string[],
  [orderRows, itemRows, eventRows]: OrderReadResults,
): OrderRecord[] {
  const byId = new Map(orderRows.map((order) => [order.id, { order, items: [], history: [] } as OrderRecord]));
  for (const item of itemRows) byId.get(item.orderId)?.items.push(item);
  for (const { orderId, ...event } of eventRows) byId.get(orderId)?.history.push(event);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Orders with their lines and histories, in `ids`' order: one round trip (a batch of three reads) however many.
 * Ids that name no order are left out.
 */
export async function loadOrders(db: Database, ids: readonly string[]): Promise<OrderRecord[]> {
  if (ids.length === 0) return [];
  return assembleOrders(ids, await db.batch(orderReads(db, ids)));
}

/** One order with its lines and history (one round trip), or undefined. */
export async function loadOrder(db: Database, id: string): Promise<OrderRecord | undefined> {
  return (await loadOrders(db, [id]))[0];
}

/** The order's row alone, for a check before a change. */
export async function findOrderRow(db: Database, id: string) {
  return db.select().from(orders).where(eq(orders.id, id)).get();
}
