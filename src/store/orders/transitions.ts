import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Account } from "../../auth/schema";
import type { Database } from "../../db/client";
import { constraintViolation } from "../../http/errors";
import { conflict, ProblemError } from "../../http/problem";
import { type OrderStatus, orderItems, orders, products } from "../schema";
import { productsOfOrder, resolveRestockedAlerts, resolveRestockedAlertsOfOrder } from "./low-stock";
import type { OrderRecord } from "./models";
import { eventRecorded, recordEventIf } from "./order-events";
import { assembleOrders, orderReads } from "./queries";
import type { RefundPlan } from "./refund-plan";

// The life of an order. Checkout places it (processing); the order queue completes it; its customer or staff may
// cancel it while it is processing; staff refund some or all of a completed order's units. Every change is one batch
// that starts by recording the change as an event, guarded on the order being as the change expects, and whose other
// statements go ahead only if that event was recorded: two changes racing for one order never both happen.

/** The moves an order can make, from each status. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  processing: ["completed", "cancelled"],
  completed: ["refunded", "partially_refunded"],
  partially_refunded: ["refunded", "partially_refunded"],
  cancelled: [],
  refunded: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus): boolean => TRANSITIONS[from].includes(to);

/** 409 `invalid_transition`, with the statuses as the `from` and `to` extensions. */
export const invalidTransition = (from: OrderStatus, to: OrderStatus) =>
  new ProblemError(409, "invalid_transition", `An order that is ${from} cannot become ${to}.`, {
    extensions: { from, to },
  });

/** Throws `invalidTransition` unless an order may move from `from` to `to`. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canMove(from, to)) throw invalidTransition(from, to);
}

/** What a change's batch found: whether it happened, and the order as it is afterwards (read in the same batch). */
export interface ChangeOutcome {
  changed: boolean;
  order: OrderRecord | undefined;
}

/**
 * Cancels a processing order and puts every unit back in stock, in one batch (one round trip) that also reads the
 * order back. `mustBeCustomer` narrows it to that customer's order (a customer cancelling their own). Nothing happens
 * when the order is not processing (any more) or not theirs: two cancels at once restock once.
 */
export async function cancelOrder(
  db: Database,
  change: { orderId: string; actor: Account; mustBeCustomer?: string; reason: string | null; at: string },
): Promise<ChangeOutcome> {
  const { orderId, at } = change;
  const eventId = crypto.randomUUID();
  const cancelled = eventRecorded(eventId);
  const restockedLines = sql`(SELECT json_group_array(json_object('product_id', ${orderItems.productId}, 'quantity', ${orderItems.quantity} - ${orderItems.refundedQuantity}, 'restocked', json('true'))) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId})`;
  const unitsOfProduct = sql`(SELECT ${orderItems.quantity} - ${orderItems.refundedQuantity} FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId} AND ${orderItems.productId} = ${products.id})`;
  const [recorded, ...rest] = await db.batch([
    recordEventIf(
      db,
      {
        eventId,
        orderId,
        toStatus: "cancelled",
        actorId: change.actor.id,
        reason: change.reason,
        amountCents: null,
        detail: restockedLines,
        at,
      },
      and(
        eq(orders.status, "processing"),
        change.mustBeCustomer === undefined ? undefined : eq(orders.customerId, change.mustBeCustomer),
      ) as SQL,
    ),
    db
      .update(orders)
      .set({ status: "cancelled", updatedAt: at })
      .where(and(eq(orders.id, orderId), cancelled)),
    db
      .update(products)
      .set({ stock: sql`${products.stock} + ${unitsOfProduct}`, updatedAt: at })
      .where(and(inArray(products.id, productsOfOrder(db, orderId)), cancelled)),
    resolveRestockedAlertsOfOrder(db, orderId, at, cancelled),
    ...orderReads(db, [orderId]),
  ]);
  const reads = rest.slice(-3) as unknown as Parameters<typeof assembleOrders>[1];
  return { changed: recorded.length > 0, order: assembleOrders([orderId], reads)[0] };
}

/**
 * Applies a planned refund in one batch (one round trip) that also reads the order back: the event (with the amount
 * and the lines), each line's refunded units and money, the order's status, refunded money and reward points, and,
 * when asked, the units back in stock. It happens only if the order is still as planned (same status, same units
 * refunded); `changed: false` means another change came first and the plan must be made again.
 *
 * Reward points follow what the customer kept: ⌊(total − refunded) / 100⌋, never more than the order earned and
 * never below 0, so that a full refund takes back every point the order gave.
 */
export async function refundOrder(
  db: Database,
  record: OrderRecord,
  plan: RefundPlan,
  change: { actor: Account; reason: string; at: string },
): Promise<ChangeOutcome> {
  const { order } = record;
  const { at } = change;
  const eventId = crypto.randomUUID();
  const refunded = eventRecorded(eventId);
  const refundedUnits = sql`(SELECT coalesce(sum(${orderItems.refundedQuantity}), 0) FROM ${orderItems} WHERE ${orderItems.orderId} = ${order.id})`;
  const restocked = plan.lines.filter((line) => line.restocked);
  // D1 binds numbers as reals: the cast keeps the points' division an integer one.
  const keptCents = sql`${orders.totalCents} - ${orders.refundedCents} - CAST(${plan.amountCents} AS INTEGER)`;
  try {
    const [recorded, ...rest] = await db.batch([
      recordEventIf(
        db,
        {
          eventId,
          orderId: order.id,
          toStatus: plan.toStatus,
          actorId: change.actor.id,
          reason: change.reason,
          amountCents: plan.amountCents,
          detail: { lines: plan.lines },
          at,
        },
        sql`${orders.status} = ${order.status} AND ${refundedUnits} = ${plan.refundedUnitsBefore}`,
      ),
      ...plan.lines.map((line) =>
        db
          .update(orderItems)
          .set({
            refundedQuantity: sql`${orderItems.refundedQuantity} + ${line.quantity}`,
            refundedCents: sql`${orderItems.refundedCents} + ${line.amount_cents}`,
          })
          .where(and(eq(orderItems.orderId, order.id), eq(orderItems.productId, line.product_id), refunded)),
      ),
      db
        .update(orders)
        .set({
          status: plan.toStatus,
          refundedCents: sql`${orders.refundedCents} + ${plan.amountCents}`,
          rewardPoints: sql`max(0, min(${orders.rewardPoints}, (${keptCents}) / 100))`,
          updatedAt: at,
        })
        .where(and(eq(orders.id, order.id), refunded)),
      ...restocked.map((line) =>
        db
          .update(products)
          .set({ stock: sql`${products.stock} + ${line.quantity}`, updatedAt: at })
          .where(and(eq(products.id, line.product_id), refunded)),
      ),
      resolveRestockedAlerts(
        db,
        restocked.map((line) => line.product_id),
        at,
        refunded,
      ),
      ...orderReads(db, [order.id]),
    ]);
    const reads = rest.slice(-3) as unknown as Parameters<typeof assembleOrders>[1];
    return { changed: recorded.length > 0, order: assembleOrders([order.id], reads)[0] };
  } catch (error) {
    // The guards should make this unreachable; the CHECK constraints are the last line against over-refunding.
    if (constraintViolation(error) === "check") {
      throw conflict("order_changed", "The order changed while it was being refunded; look at it again and retry.");
    }
    throw error;
  }
}
