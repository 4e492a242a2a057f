import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { loadOrder } from "../src/store/orders/queries";
import {
  ORDER_DEAD_LETTER_QUEUE,
  ORDER_QUEUE,
  ORDER_QUEUE_MAX_RETRIES,
  retryDelaySeconds,
} from "../src/store/orders/queue";
import { deadLetters, lowStockAlerts, orderEvents } from "../src/store/schema";
import worker from "../workers/index";
import { db, until } from "./helpers";
import { createCustomer, insertProduct, stockOf } from "./store-fixtures";
import { insertOrder } from "./store-order-fixtures";

/** A message as the queue delivers it, `attempts` being this delivery's number (1 for the first). */
function delivery(body: unknown, attempts = 1, id: string = crypto.randomUUID()) {
  return { id, timestamp: new Date(), attempts, body };
}

/** Hands `messages` to the Worker's queue handler as a batch of `queue`; answers which were acked and retried. */
async function consume(queue: string, ...messages: ReturnType<typeof delivery>[]) {
  const batch = createMessageBatch(queue, messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    acked: result.explicitAcks as string[],
    retried: (result.retryMessages as { msgId: string }[]).map((r) => r.msgId),
    batch,
  };
}

const placed = (orderId: string) => ({ type: "order_placed", order_id: orderId });

describe("completing an order", () => {
  it("completes it, awards its points, writes its history and raises low-stock alerts", async () => {
    const customer = await createCustomer();
    const scarce = await insertProduct({ stock: 4, priceCents: 123_456 });
    const plenty = await insertProduct({ stock: 50, priceCents: 10_099 });
    const order = await insertOrder(customer, [
      { product: scarce, quantity: 2 },
      { product: plenty, quantity: 1 },
    ]);
    const message = delivery(placed(order.id));
    const { acked, retried } = await consume(ORDER_QUEUE, message);
    expect(acked).toEqual([message.id]);
    expect(retried).toEqual([]);
    const record = await loadOrder(db(), order.id);
    expect(record?.order).toMatchObject({ status: "completed", rewardPoints: Math.floor(order.totalCents / 100) });
    expect(record?.order.completedAt).toBeTruthy();
    expect(record?.history.map((e) => [e.from_status, e.to_status, e.actor_id])).toEqual([
      [null, "processing", null],
      ["processing", "completed", null],
    ]);
    const alerts = await db().select().from(lowStockAlerts);
    expect(alerts.filter((a) => [scarce.id, plenty.id].includes(a.productId))).toEqual([
      { productId: scarce.id, stock: 2, raisedAt: expect.any(String), resolvedAt: null },
    ]);
    expect(await stockOf(scarce.id)).toBe(2);
  });
});
