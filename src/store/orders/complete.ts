import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { type OrderStatus, orders } from "../schema";
import { raiseLowStockAlerts } from "./low-stock";
import { eventRecorded, recordEventIf } from "./order-events";

/** Reward points an order earns: one per whole currency unit of its total. */
export const rewardPointsFor = (totalCents: number): number => Math.floor(totalCents / 100);

/** What completing an order found: whether this call completed it, and the order's status and customer after. */
export interface Completion {
  /** False when the order was already completed, or is past `processing` otherwise (e.g. cancelled meanwhile). */
  completedNow: boolean;
  status: OrderStatus;
  customerId: string | null;
}

/**
 * Completes a `processing` order in one batch (one round trip): the completion event (processing → completed, by
 * the store), the status and `completed_at`, the reward points (into `orders.reward_points`), and low-stock alerts for
 * its products. Every statement is guarded on the order still being `processing`, through the event the batch records
 * first: completing twice changes nothing the second time, and an order cancelled meanwhile is left alone.
 * Undefined when there is no such order.
 */
export async function completeOrder(db: Database, orderId: string, now: string): Promise<Completion | undefined> {
  const eventId = crypto.randomUUID();
  const completed = eventRecorded(eventId);
  const [recorded, , , after] = await db.batch([
    recordEventIf(
      db,
      {
        eventId,
        orderId,
        toStatus: "completed",
        actorId: null,
        reason: null,
        amountCents: null,
        detail: null,
        at: now,
      },
      eq(orders.status, "processing"),
    ),
    db
      .update(orders)
      .set({
        status: "completed",
        completedAt: now,
        updatedAt: now,
        rewardPoints: sql`${orders.totalCents} / 100`,
      })
      .where(sql`${orders.id} = ${orderId} AND ${completed}`),
    raiseLowStockAlerts(db, orderId, now, completed),
    db.select({ status: orders.status, customerId: orders.customerId }).from(orders).where(eq(orders.id, orderId)),
  ]);
  const order = after[0];
  return order && { completedNow: recorded.length > 0, status: order.status, customerId: order.customerId };
}
