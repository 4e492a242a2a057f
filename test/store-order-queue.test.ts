import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadOrder } from "../src/store/orders/queries";
import {
  ORDER_DEAD_LETTER_QUEUE,
  ORDER_QUEUE,
  ORDER_QUEUE_MAX_RETRIES,
  retryDelaySeconds,
} from "../src/store/orders/queue";
import { deadLetters, lowStockAlerts } from "../src/store/schema";
import worker from "../workers/index";
import { ACCOUNT_LOOKUP, createUser, db, dbCost, expectProblem, MISSING_ID, until, walkPages } from "./helpers";
import { createCustomer, insertProduct, stockOf, storeJson } from "./store-fixtures";
import { insertOrder } from "./store-order-fixtures";

// The order queue's consumer, called the way the platform calls it (the Worker's queue handler with a batch), so
// that what it acks and retries can be read back; and the real local queue, end to end.

const editor = await createUser("editor");
const viewer = await createUser("viewer");

/** A message as the queue delivers it; `attempts` is this delivery's number (1 for the first). */
function delivery(body: unknown, attempts = 1, id: string = crypto.randomUUID()) {
  return { id, timestamp: new Date(), attempts, body };
}

const placed = (orderId: string) => ({ type: "order_placed", order_id: orderId });

/** Hands `messages` to the Worker's queue handler as one batch of `queue`; says which it acked, retried, and how. */
async function consume(queue: string, ...messages: ReturnType<typeof delivery>[]) {
  const batch = createMessageBatch(queue, messages);
  // The pool's test batch records retries but not their delays: the spies do.
  const retries = batch.messages.map((message) => vi.spyOn(message, "retry"));
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    acked: result.explicitAcks as string[],
    retried: (result.retryMessages as { msgId: string }[]).map((retry) => retry.msgId),
    retryAll: result.retryBatch.retry as boolean,
    delays: retries.flatMap((spy) => spy.mock.calls.map(([options]) => options?.delaySeconds)),
  };
}

/** An order of `quantity` of a product with `stock` before it, processing unless told otherwise. */
async function orderOf(quantity: number, stock = 5) {
  const customer = await createCustomer();
  const product = await insertProduct({ stock, priceCents: 123_456 });
  const order = await insertOrder(customer, [{ product, quantity }]);
  return { customer, product, order };
}

async function stored(orderId: string) {
  const record = await loadOrder(db(), orderId);
  if (!record) throw new Error(`no order ${orderId}`);
  return record;
}

/** Keeps the consumer's error lines out of the output; answers the `msg` of each line logged so far. */
function captureErrorLogs(): () => string[] {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  return () => spy.mock.calls.map(([line]) => JSON.parse(String(line)).msg);
}

const alertsOf = (productId: string) =>
  db().select().from(lowStockAlerts).where(eq(lowStockAlerts.productId, productId));

/**
 * Makes completing this order fail in D1 until `healOrder`, as an outage would: the order queue's batch is rolled
 * back whole, and the message must be retried.
 */
async function breakOrder(orderId: string) {
  await env.DB.exec(
    `CREATE TRIGGER "fail_${orderId}" BEFORE UPDATE OF status ON orders WHEN NEW.id = '${orderId}' BEGIN SELECT RAISE(ABORT, 'ledger unavailable'); END`,
  );
}
const healOrder = (orderId: string) => env.DB.exec(`DROP TRIGGER IF EXISTS "fail_${orderId}"`);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("completing an order from its message", () => {
  it("completes it, awards a point per whole currency unit, writes its history and raises low-stock alerts", async () => {
    const customer = await createCustomer();
    const scarce = await insertProduct({ stock: 4, priceCents: 123_456 });
    const plenty = await insertProduct({ stock: 50, priceCents: 10_099 });
    const order = await insertOrder(customer, [
      { product: scarce, quantity: 2 },
      { product: plenty, quantity: 1 },
    ]);
    const message = delivery(placed(order.id));
    expect(await consume(ORDER_QUEUE, message)).toMatchObject({ acked: [message.id], retried: [] });
    const { order: row, history } = await stored(order.id);
    expect(row).toMatchObject({ status: "completed", rewardPoints: 2_570 });
    expect(order.totalCents).toBe(257_011);
    expect(row.completedAt).toEqual(expect.any(String));
    expect(history.map((e) => [e.from_status, e.to_status, e.actor_id])).toEqual([
      [null, "processing", null],
      ["processing", "completed", null],
    ]);
    expect(await alertsOf(scarce.id)).toEqual([
      { productId: scarce.id, stock: 2, raisedAt: expect.any(String), resolvedAt: null },
    ]);
    expect(await alertsOf(plenty.id)).toEqual([]);
  });

  it("counts nothing twice when the same message comes again", async () => {
    const { product, order } = await orderOf(3);
    const message = delivery(placed(order.id));
    await consume(ORDER_QUEUE, message);
    const [alert] = await alertsOf(product.id);
    const again = await consume(ORDER_QUEUE, { ...message, attempts: 2 });
    expect(again).toMatchObject({ acked: [message.id], retried: [] });
    const { order: row, history } = await stored(order.id);
    expect(row.rewardPoints).toBe(Math.floor(order.totalCents / 100));
    expect(history.filter((e) => e.to_status === "completed")).toHaveLength(1);
    expect(await alertsOf(product.id)).toEqual([alert]);
  });

  it("completes once when two deliveries of one message run at the same time", async () => {
    const { product, order } = await orderOf(4);
    const message = delivery(placed(order.id));
    await Promise.all([consume(ORDER_QUEUE, message), consume(ORDER_QUEUE, message)]);
    const { history } = await stored(order.id);
    expect(history.filter((e) => e.to_status === "completed")).toHaveLength(1);
    expect(await alertsOf(product.id)).toHaveLength(1);
  });

  it("reopens a resolved alert when an order takes the product low again", async () => {
    const { product, order } = await orderOf(3);
    await db().insert(lowStockAlerts).values({
      productId: product.id,
      stock: 0,
      raisedAt: "2026-01-01T00:00:00.000Z",
      resolvedAt: "2026-01-02T00:00:00.000Z",
    });
    await consume(ORDER_QUEUE, delivery(placed(order.id)));
    const [alert] = await alertsOf(product.id);
    expect(alert).toMatchObject({ stock: 2, resolvedAt: null });
    expect(alert?.raisedAt).not.toBe("2026-01-01T00:00:00.000Z");
  });

  it("leaves an order cancelled before its message came as it is: no points, no completion, no alert", async () => {
    const { customer, product, order } = await orderOf(3);
    expect((await storeJson("POST", `/orders/${order.id}/cancel`, { token: customer.token, body: {} })).status).toBe(
      200,
    );
    const message = delivery(placed(order.id));
    expect(await consume(ORDER_QUEUE, message)).toMatchObject({ acked: [message.id], retried: [] });
    const { order: row, history } = await stored(order.id);
    expect(row).toMatchObject({ status: "cancelled", rewardPoints: 0, completedAt: null });
    expect(history.map((e) => e.to_status)).toEqual(["processing", "cancelled"]);
    expect(await alertsOf(product.id)).toEqual([]);
    expect(await stockOf(product.id)).toBe(5);
  });

  it("acks malformed messages (logged) and messages naming no order, since retrying cannot help them", async () => {
    const logged = captureErrorLogs();
    const malformed = [
      delivery("order_placed"),
      delivery({ type: "order_shipped", order_id: "x" }),
      delivery({ type: "order_placed" }),
      delivery({ type: "order_placed", order_id: "" }),
      delivery(null),
    ];
    const noOrder = delivery(placed(MISSING_ID));
    const result = await consume(ORDER_QUEUE, ...malformed, noOrder);
    expect(result.acked.sort()).toEqual([...malformed, noOrder].map((m) => m.id).sort());
    expect(result.retried).toEqual([]);
    expect(logged()).toEqual(malformed.map(() => "order_message_malformed"));
    expect(await db().select().from(deadLetters)).toEqual([]);
  });

  it("retries a failed message, waiting longer after each attempt, and acks the others of its batch", async () => {
    const failing = await orderOf(1);
    const fine = await orderOf(1);
    const logged = captureErrorLogs();
    await breakOrder(failing.order.id);
    try {
      for (const attempts of [1, 2, 3]) {
        const message = delivery(placed(failing.order.id), attempts);
        const other = delivery(placed(fine.order.id), attempts);
        const result = await consume(ORDER_QUEUE, message, other);
        expect(result).toMatchObject({ acked: [other.id], retried: [message.id], retryAll: false });
        expect(result.delays).toEqual([retryDelaySeconds(attempts)]);
      }
      expect((await stored(failing.order.id)).order).toMatchObject({ status: "processing", rewardPoints: 0 });
      expect((await stored(fine.order.id)).order.status).toBe("completed");
      expect(logged()).toEqual(["order_message_failed", "order_message_failed", "order_message_failed"]);
      // Not given up on yet: nothing for staff.
      expect(await db().select().from(deadLetters)).toEqual([]);
    } finally {
      await healOrder(failing.order.id);
    }
  });

  it("waits 2, 4, 8 … seconds between attempts, never more than 5 minutes", () => {
    expect([1, 2, 3, 4, 5].map(retryDelaySeconds)).toEqual([2, 4, 8, 16, 32]);
    expect(retryDelaySeconds(20)).toBe(300);
  });

  it("completes the order when the message is sent to the real queue", async () => {
    const { order } = await orderOf(1);
    await env.ORDER_QUEUE.send(placed(order.id));
    await until(async () => (await stored(order.id)).order.status === "completed", 15_000);
    expect((await stored(order.id)).order.rewardPoints).toBe(Math.floor(order.totalCents / 100));
  });
});

describe("dead letters", () => {
  afterEach(async () => {
    await db().delete(deadLetters);
  });

  it("the last attempt's failure is retried as configured (to the dead-letter queue) and noted with its error", async () => {
    const { order } = await orderOf(1);
    captureErrorLogs();
    await breakOrder(order.id);
    try {
      const last = delivery(placed(order.id), ORDER_QUEUE_MAX_RETRIES + 1);
      const result = await consume(ORDER_QUEUE, last);
      expect(result).toMatchObject({ acked: [], retried: [last.id] });
      const letters = await db().select().from(deadLetters);
      expect(letters).toEqual([
        {
          id: last.id,
          queue: ORDER_QUEUE,
          body: placed(order.id),
          attempts: ORDER_QUEUE_MAX_RETRIES + 1,
          error: expect.stringContaining("ledger unavailable"),
          failedAt: expect.any(String),
          replayedAt: null,
          replayedBy: null,
        },
      ]);
      // The platform then delivers it on the dead-letter queue: recorded once, its error kept.
      for (const attempts of [1, 2]) {
        const dead = await consume(ORDER_DEAD_LETTER_QUEUE, { ...last, attempts });
        expect(dead).toMatchObject({ acked: [last.id], retried: [] });
      }
      expect(await db().select().from(deadLetters)).toEqual(letters);
    } finally {
      await healOrder(order.id);
    }
  });

  it("the dead-letter queue's consumer records a message it knows nothing more of, once", async () => {
    const message = delivery(placed(MISSING_ID));
    await consume(ORDER_DEAD_LETTER_QUEUE, message);
    await consume(ORDER_DEAD_LETTER_QUEUE, { ...message, attempts: 2 });
    expect(await db().select().from(deadLetters)).toEqual([
      expect.objectContaining({ id: message.id, body: placed(MISSING_ID), error: null, replayedAt: null }),
    ]);
  });

  it("staff list them newest first, a page at a time, in one round trip a page", async () => {
    const ids = ["a", "b", "c"].map((suffix) => `${crypto.randomUUID()}-${suffix}`);
    await db()
      .insert(deadLetters)
      .values(
        ids.map((id, i) => ({
          id,
          queue: ORDER_QUEUE,
          body: placed(MISSING_ID),
          attempts: 4,
          error: `error ${i}`,
          failedAt: `2026-11-0${i + 1}T10:00:00.000Z`,
        })),
      );
    const pages = await walkPages(editor.token, "/store/dead-letters", { limit: 2 });
    expect(pages.map((page) => page.data.length)).toEqual([2, 1]);
    expect(pages.flatMap((page) => page.data)).toEqual(
      [2, 1, 0].map((i) => ({
        id: ids[i],
        queue: ORDER_QUEUE,
        body: placed(MISSING_ID),
        attempts: 4,
        error: `error ${i}`,
        failed_at: `2026-11-0${i + 1}T10:00:00.000Z`,
        replayed_at: null,
        replayed_by: null,
      })),
    );
    const res = await storeJson("GET", "/store/dead-letters", { token: editor.token });
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
  });

  it("are for editors and up", async () => {
    const customer = await createCustomer();
    expectProblem(await storeJson("GET", "/store/dead-letters"), 401, "unauthorized");
    expectProblem(await storeJson("GET", "/store/dead-letters", { token: customer.token }), 403, "forbidden");
    expectProblem(await storeJson("GET", "/store/dead-letters", { token: viewer.token }), 403, "forbidden");
    expectProblem(
      await storeJson("POST", `/store/dead-letters/${MISSING_ID}/replay`, { token: viewer.token }),
      403,
      "forbidden",
    );
  });

  it("replaying sends the message to the order queue again, once: the order completes, a second replay is a 409", async () => {
    const { order } = await orderOf(1);
    const id = crypto.randomUUID();
    await db()
      .insert(deadLetters)
      .values({
        id,
        queue: ORDER_QUEUE,
        body: placed(order.id),
        attempts: 4,
        error: "Error: ledger unavailable",
        failedAt: new Date().toISOString(),
      });
    const res = await storeJson("POST", `/store/dead-letters/${id}/replay`, { token: editor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ id, replayed_by: editor.id, replayed_at: expect.any(String) });
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    await until(async () => (await stored(order.id)).order.status === "completed", 15_000);

    const twice = await storeJson("POST", `/store/dead-letters/${id}/replay`, { token: editor.token });
    expectProblem(twice, 409, "already_replayed");
    const [letter] = await db().select().from(deadLetters).where(eq(deadLetters.id, id));
    expect(letter).toMatchObject({ replayedBy: editor.id, replayedAt: res.body.replayed_at });
    expectProblem(
      await storeJson("POST", `/store/dead-letters/${MISSING_ID}/replay`, { token: editor.token }),
      404,
      "not_found",
    );
  });
});

describe("GET /store/low-stock-alerts", () => {
  it("lists open alerts with the product's name, brand and stock now, lowest first, for editors and up", async () => {
    const [two, none, one] = await Promise.all([
      insertProduct({ stock: 2, brand: "Brand Two" }),
      insertProduct({ stock: 0, brand: "Brand None" }),
      insertProduct({ stock: 1, brand: "Brand One" }),
    ]);
    const resolved = await insertProduct({ stock: 7 });
    const raisedAt = "2026-11-20T09:00:00.000Z";
    await db()
      .insert(lowStockAlerts)
      .values([
        { productId: two.id, stock: 2, raisedAt },
        { productId: none.id, stock: 1, raisedAt },
        { productId: one.id, stock: 1, raisedAt },
        { productId: resolved.id, stock: 0, raisedAt, resolvedAt: "2026-11-21T09:00:00.000Z" },
      ]);
    const pages = await walkPages(editor.token, "/store/low-stock-alerts", { limit: 2 });
    const listed = pages
      .flatMap((page) => page.data)
      .filter((a) => [two, none, one, resolved].some((p) => p.id === a.product_id));
    expect(listed).toEqual([
      {
        product_id: none.id,
        name: none.name,
        brand: "Brand None",
        stock: 0,
        stock_when_raised: 1,
        raised_at: raisedAt,
      },
      { product_id: one.id, name: one.name, brand: "Brand One", stock: 1, stock_when_raised: 1, raised_at: raisedAt },
      { product_id: two.id, name: two.name, brand: "Brand Two", stock: 2, stock_when_raised: 2, raised_at: raisedAt },
    ]);
    const res = await storeJson("GET", "/store/low-stock-alerts", { token: editor.token });
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expectProblem(await storeJson("GET", "/store/low-stock-alerts"), 401, "unauthorized");
    expectProblem(await storeJson("GET", "/store/low-stock-alerts", { token: viewer.token }), 403, "forbidden");
  });
});
