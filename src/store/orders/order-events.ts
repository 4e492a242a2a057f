import { and, eq, SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { type OrderStatus, orderEvents, orders } from "../schema";

/** A change of an order to record: who made it, why, and for a refund the money and the lines. */
export interface OrderChange {
  /** A fresh id: later statements of the same batch go ahead only once this event exists (`eventRecorded`). */
  eventId: string;
  orderId: string;
  toStatus: OrderStatus;
  /** Null for the store's own work (the order queue). */
  actorId: string | null;
  reason: string | null;
  amountCents: number | null;
  /** JSON for `order_events.detail`: a value, or SQL that builds it from the order's rows. */
  detail: SQL | object | null;
  at: string;
}

/**
 * Records `change` as an order event, but only when the order's row meets `condition` (e.g. its status is still
 * `processing`); `from_status` is the status the order has as the statement runs. It comes first in a change's batch:
 * the event is the change's claim, and every later statement of the batch is guarded by `eventRecorded`, so that of
 * two changes racing for the same order, exactly one happens, whole. Returns the event's id when it was recorded.
 *
 * @example
 * db.batch([recordEventIf(db, change, eq(orders.status, "processing")), db.update(orders).set(...).where(eventRecorded(id))]);
 */
export function recordEventIf(db: Database, change: OrderChange, condition: SQL) {
  const detail = change.detail === null || change.detail instanceof SQL ? change.detail : JSON.stringify(change.detail);
  return db
    .insert(orderEvents)
    .select(
      db
        .select({
          id: sql<string>`${change.eventId}`.as("id"),
          orderId: orders.id,
          fromStatus: orders.status,
          toStatus: sql<OrderStatus>`${change.toStatus}`.as("to_status"),
          actorId: sql<string | null>`${change.actorId}`.as("actor_id"),
          reason: sql<string | null>`${change.reason}`.as("reason"),
          amountCents: sql<number | null>`${change.amountCents}`.as("amount_cents"),
          detail: sql`${detail}`.as("detail"),
          createdAt: sql<string>`${change.at}`.as("created_at"),
        })
        .from(orders)
        .where(and(eq(orders.id, change.orderId), condition)),
    )
    .returning({ id: orderEvents.id });
}

/** The condition every statement after `recordEventIf` carries: this batch's event was recorded. */
export const eventRecorded = (eventId: string): SQL =>
  sql`EXISTS (SELECT 1 FROM ${orderEvents} WHERE ${orderEvents.id} = ${eventId})`;
