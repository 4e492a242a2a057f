import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { orderEvents, orderItems, orders } from "../schema";
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
 * Orders with their lines and histories, in `ids`' order: one round trip (a batch of three reads) however many.
 * Ids that name no order are left out.
 */
export async function loadOrders(db: Database, ids: readonly string[]): Promise<OrderRecord[]> {
  if (ids.length === 0) return [];
  const [orderRows, itemRows, eventRows] = await db.batch([
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
  ]);
  const byId = new Map(orderRows.map((order) => [order.id, { order, items: [], history: [] } as OrderRecord]));
  for (const item of itemRows) byId.get(item.orderId)?.items.push(item);
  for (const { orderId, ...event } of eventRows) byId.get(orderId)?.history.push(event as OrderEvent);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One order with its lines and history (one round trip), or undefined. */
export async function loadOrder(db: Database, id: string): Promise<OrderRecord | undefined> {
  return (await loadOrders(db, [id]))[0];
}

/** The order's row alone, for a check before a change. */
export async function findOrderRow(db: Database, id: string) {
  return db.select().from(orders).where(eq(orders.id, id)).get();
}
