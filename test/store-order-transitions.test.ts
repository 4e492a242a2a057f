import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadOrder } from "../src/store/orders/queries";
import { paidShares, refundedValue } from "../src/store/orders/refund-plan";
import { lowStockAlerts, type OrderStatus, orderEvents, orderItems, orders } from "../src/store/schema";
import { tierFor } from "../src/store/tiers";
import { ACCOUNT_LOOKUP, createUser, db, dbCost, expectFieldProblem, expectProblem, MISSING_ID } from "./helpers";
import { createCustomer, insertProduct, stockOf, storeJson } from "./store-fixtures";
import { insertOrder } from "./store-order-fixtures";

// What happens to an order after checkout, through the API: cancelling a processing order (by its customer or
// staff), refunding some or all of a completed one (staff), and the 409s of every move the life of an order forbids.

const editor = await createUser("editor");
const viewer = await createUser("viewer");

const cancel = (orderId: string, token: string, body: unknown = {}) =>
  storeJson("POST", `/orders/${orderId}/cancel`, { token, body });
const refund = (orderId: string, token: string, body: unknown) =>
  storeJson("POST", `/orders/${orderId}/refunds`, { token, body });

/** The order as stored now, with its lines and history. */
async function stored(orderId: string) {
  const record = await loadOrder(db(), orderId);
  if (!record) throw new Error(`no order ${orderId}`);
  return record;
}

/** A customer's order of two units of one product and one of another, in `status`. */
async function twoLineOrder(status: OrderStatus) {
  const customer = await createCustomer();
  const first = await insertProduct({ stock: 10, priceCents: 20_000 });
  const second = await insertProduct({ stock: 10, priceCents: 5_000 });
  const order = await insertOrder(
    customer,
    [
      { product: first, quantity: 2 },
      { product: second, quantity: 1 },
    ],
    status,
  );
  return { customer, first, second, order };
}

describe("the moves an order can make", () => {
  type Move = "cancel" | "refund every unit" | "refund one unit";
  const cases: [OrderStatus, Move, OrderStatus | { from: OrderStatus; to: OrderStatus }][] = [
    ["processing", "cancel", "cancelled"],
    ["completed", "cancel", { from: "completed", to: "cancelled" }],
    ["cancelled", "cancel", { from: "cancelled", to: "cancelled" }],
    ["refunded", "cancel", { from: "refunded", to: "cancelled" }],
    ["partially_refunded", "cancel", { from: "partially_refunded", to: "cancelled" }],
    ["completed", "refund every unit", "refunded"],
    ["partially_refunded", "refund every unit", "refunded"],
    ["processing", "refund every unit", { from: "processing", to: "refunded" }],
    ["cancelled", "refund every unit", { from: "cancelled", to: "refunded" }],
    ["refunded", "refund every unit", { from: "refunded", to: "refunded" }],
    ["completed", "refund one unit", "partially_refunded"],
    ["partially_refunded", "refund one unit", "partially_refunded"],
    ["processing", "refund one unit", { from: "processing", to: "partially_refunded" }],
    ["cancelled", "refund one unit", { from: "cancelled", to: "partially_refunded" }],
  ];

  it.each(cases)("%s, %s → %o", async (status, move, expected) => {
    const { first, second, order } = await twoLineOrder(status);
    const before = await stored(order.id);
    const stockBefore = [await stockOf(first.id), await stockOf(second.id)];
    const left = (productId: string) => {
      const item = before.items.find((i) => i.productId === productId);
      return item ? item.quantity - item.refundedQuantity : 0;
    };
    const everyUnit = [first, second]
      .filter((p) => left(p.id) > 0)
      .map((p) => ({ product_id: p.id, quantity: left(p.id) }));
    const res =
      move === "cancel"
        ? await cancel(order.id, editor.token, { reason: "changed my mind" })
        : await refund(order.id, editor.token, {
            reason: "returned",
            restock: false,
            lines:
              move === "refund one unit"
                ? [{ product_id: second.id, quantity: 1 }]
                : everyUnit.length
                  ? everyUnit
                  : [{ product_id: first.id, quantity: 1 }],
          });
    if (typeof expected === "string") {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.status).toBe(expected);
      expect(res.body.history.at(-1)).toMatchObject({ from_status: status, to_status: expected, actor_id: editor.id });
      expect((await stored(order.id)).order.status).toBe(expected);
    } else {
      const problem = expectProblem(res, 409, "invalid_transition");
      expect(problem).toMatchObject(expected);
      const after = await stored(order.id);
      expect(after.order).toEqual(before.order);
      expect(after.items).toEqual(before.items);
      expect(after.history).toEqual(before.history);
      expect([await stockOf(first.id), await stockOf(second.id)]).toEqual(stockBefore);
    }
  });
});

describe("POST /orders/{id}/cancel", () => {
  it("lets the customer cancel their own processing order, restocking every line, in one round trip", async () => {
    const { customer, first, second, order } = await twoLineOrder("processing");
    expect([await stockOf(first.id), await stockOf(second.id)]).toEqual([8, 9]);
    const res = await cancel(order.id, customer.token, { reason: "Found it cheaper" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: order.id, status: "cancelled", refunded_cents: 0, reward_points: 0 });
    expect(res.body.history.at(-1)).toEqual({
      from_status: "processing",
      to_status: "cancelled",
      actor_id: customer.id,
      reason: "Found it cheaper",
      amount_cents: null,
      at: expect.any(String),
    });
    expect([await stockOf(first.id), await stockOf(second.id)]).toEqual([10, 10]);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    const [event] = await db()
      .select({ detail: orderEvents.detail })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toStatus, "cancelled")));
    expect(event?.detail).toEqual(
      expect.arrayContaining([
        { product_id: first.id, quantity: 2, restocked: true },
        { product_id: second.id, quantity: 1, restocked: true },
      ]),
    );
  });

  it("takes no body at all, and then records no reason", async () => {
    const { customer, order } = await twoLineOrder("processing");
    const res = await storeJson("POST", `/orders/${order.id}/cancel`, { token: customer.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.history.at(-1)).toMatchObject({ to_status: "cancelled", reason: null });
  });

  it("refuses a reason that is not text of 1 to 500 characters, and fields it does not know", async () => {
    const { customer, order } = await twoLineOrder("processing");
    expectFieldProblem(await cancel(order.id, customer.token, { reason: "" }), 400, "validation_failed", "reason");
    expectFieldProblem(
      await cancel(order.id, customer.token, { reason: "x".repeat(501) }),
      400,
      "validation_failed",
      "reason",
    );
    expectProblem(await cancel(order.id, customer.token, { restock: false }), 400, "validation_failed");
    expect((await stored(order.id)).order.status).toBe("processing");
  });

  it("hides another customer's order (404), refuses viewers (403), and changes nothing", async () => {
    const { first, order } = await twoLineOrder("processing");
    const stranger = await createCustomer();
    expectProblem(await cancel(order.id, stranger.token), 404, "not_found");
    expectProblem(await cancel(order.id, viewer.token), 403, "forbidden");
    expectProblem(await cancel(MISSING_ID, editor.token), 404, "not_found");
    expectProblem(await storeJson("POST", `/orders/${order.id}/cancel`, { body: {} }), 401, "unauthorized");
    expect((await stored(order.id)).order.status).toBe("processing");
    expect(await stockOf(first.id)).toBe(8);
  });

  it("restocks once when two cancels of the same order arrive at once", async () => {
    const { customer, first, second, order } = await twoLineOrder("processing");
    const replies = await Promise.all([cancel(order.id, customer.token), cancel(order.id, editor.token)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = replies.find((r) => r.status === 409);
    if (refused)
      expect(expectProblem(refused, 409, "invalid_transition")).toMatchObject({ from: "cancelled", to: "cancelled" });
    expect([await stockOf(first.id), await stockOf(second.id)]).toEqual([10, 10]);
    const events = (await stored(order.id)).history.filter((e) => e.to_status === "cancelled");
    expect(events).toHaveLength(1);
  });

  it("resolves the low-stock alerts of products it brings back to 3 or more", async () => {
    const customer = await createCustomer();
    const product = await insertProduct({ stock: 3 });
    const order = await insertOrder(customer, [{ product, quantity: 2 }]);
    const now = new Date().toISOString();
    await db().insert(lowStockAlerts).values({ productId: product.id, stock: 1, raisedAt: now });
    expect((await cancel(order.id, customer.token)).status).toBe(200);
    const [alert] = await db().select().from(lowStockAlerts).where(eq(lowStockAlerts.productId, product.id));
    expect(alert?.resolvedAt).toBeTruthy();
  });

  it("makes the store's cached answers stale, since stock changed", async () => {
    const { customer, order } = await twoLineOrder("processing");
    const version = () => caches.default.match("https://edge-cache.internal/versions/store").then((r) => r?.text());
    const before = await version();
    expect((await cancel(order.id, customer.token)).status).toBe(200);
    expect(await version()).not.toBe(before);
  });
});

describe("POST /orders/{id}/refunds", () => {
  /**
   * A Gold customer's order at 10% off: three watches at 1,000.05 and one at 333.33. Subtotal 3,333.48, discount
   * 333.35 (333.348 rounded), total 3,000.13. The lines' shares of the total: 2,700.135 and 299.997 exactly, rounded
   * down to 2,700.13 and 299.99 with the cent left over going to the line that lost more (the second): 2,700.13 and
   * 300.00, which add up to 3,000.13.
   */
  async function discountedOrder(status: OrderStatus = "completed") {
    const customer = await createCustomer();
    const watch = await insertProduct({ stock: 10, priceCents: 100_005 });
    const strap = await insertProduct({ stock: 10, priceCents: 33_333 });
    const order = await insertOrder(
      customer,
      [
        { product: watch, quantity: 3 },
        { product: strap, quantity: 1 },
      ],
      status,
      10,
    );
    return { customer, watch, strap, order };
  }

  it("shares the order's total among its lines in whole cents that add up to it", async () => {
    const { order } = await discountedOrder();
    expect(order).toMatchObject({ subtotalCents: 333_348, discountCents: 33_335, totalCents: 300_013 });
    const { items, order: row } = await stored(order.id);
    const shares = paidShares(row, items);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(300_013);
    expect(refundedValue(270_013, 3, 1)).toBe(90_004);
    expect(refundedValue(270_013, 3, 3)).toBe(270_013);
  });

  it("refunds part, then the rest, to exactly the order's total, with the points following what was kept", async () => {
    const { watch, strap, order } = await discountedOrder();
    const first = await refund(order.id, editor.token, {
      reason: "One watch came back",
      restock: true,
      lines: [{ product_id: watch.id, quantity: 1 }],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      status: "partially_refunded",
      total_cents: 300_013,
      refunded_cents: 90_004,
      reward_points: 2100,
    });
    expect(first.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ product_id: watch.id, refunded_quantity: 1, refunded_cents: 90_004 }),
        expect.objectContaining({ product_id: strap.id, refunded_quantity: 0, refunded_cents: 0 }),
      ]),
    );
    expect(first.body.history.at(-1)).toEqual({
      from_status: "completed",
      to_status: "partially_refunded",
      actor_id: editor.id,
      reason: "One watch came back",
      amount_cents: 90_004,
      at: expect.any(String),
    });
    expect(dbCost(first).queries).toBe(ACCOUNT_LOOKUP.queries + 2);

    const rest = await refund(order.id, editor.token, {
      reason: "The rest came back",
      restock: false,
      lines: [
        { product_id: watch.id, quantity: 2 },
        { product_id: strap.id, quantity: 1 },
      ],
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body).toMatchObject({ status: "refunded", refunded_cents: 300_013, reward_points: 0 });
    expect(rest.body.history.at(-1)).toMatchObject({
      from_status: "partially_refunded",
      to_status: "refunded",
      amount_cents: 180_009 + 30_000,
    });
    const [event] = await db()
      .select({ detail: orderEvents.detail })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toStatus, "refunded")));
    expect(event?.detail).toEqual({
      lines: [
        { product_id: watch.id, quantity: 2, amount_cents: 180_009, restocked: false },
        { product_id: strap.id, quantity: 1, amount_cents: 30_000, restocked: false },
      ],
    });
    // The first refund put its watch back on the shelf; the second did not.
    expect(await stockOf(watch.id)).toBe(8);
    expect(await stockOf(strap.id)).toBe(9);
  });

  it("names each line that asks for more than is left to refund (409), or is not the order's (400), and changes nothing", async () => {
    const { watch, strap, order } = await discountedOrder("partially_refunded");
    const before = await stored(order.id);
    const over = await refund(order.id, editor.token, {
      reason: "too many",
      restock: true,
      lines: [
        { product_id: strap.id, quantity: 1 },
        { product_id: watch.id, quantity: 3 },
      ],
    });
    const problem = expectFieldProblem(over, 409, "exceeds_refundable", "lines.1.quantity");
    expect(problem.lines).toEqual([{ product_id: watch.id, requested: 3, refundable: 2 }]);
    expectFieldProblem(
      await refund(order.id, editor.token, {
        reason: "x",
        restock: true,
        lines: [{ product_id: MISSING_ID, quantity: 1 }],
      }),
      400,
      "validation_failed",
      "lines.0.product_id",
    );
    expectFieldProblem(
      await refund(order.id, editor.token, {
        reason: "x",
        restock: true,
        lines: [
          { product_id: strap.id, quantity: 1 },
          { product_id: strap.id, quantity: 1 },
        ],
      }),
      400,
      "validation_failed",
      "lines.1.product_id",
    );
    const noReason = await refund(order.id, editor.token, {
      restock: true,
      lines: [{ product_id: strap.id, quantity: 1 }],
    });
    expectFieldProblem(noReason, 400, "validation_failed", "reason");
    const noRestock = await refund(order.id, editor.token, {
      reason: "x",
      lines: [{ product_id: strap.id, quantity: 1 }],
    });
    expectFieldProblem(noRestock, 400, "validation_failed", "restock");
    const noLines = await refund(order.id, editor.token, { reason: "x", restock: true, lines: [] });
    expectFieldProblem(noLines, 400, "validation_failed", "lines");
    const after = await stored(order.id);
    expect(after.order).toEqual(before.order);
    expect(after.items).toEqual(before.items);
    expect(await stockOf(watch.id)).toBe(7);
  });

  it("is for editors and up: the customer (even their own order) and viewers get 403, nobody 401", async () => {
    const { customer, strap, order } = await discountedOrder();
    const body = { reason: "x", restock: true, lines: [{ product_id: strap.id, quantity: 1 }] };
    expectProblem(await refund(order.id, customer.token, body), 403, "forbidden");
    expectProblem(await refund(order.id, viewer.token, body), 403, "forbidden");
    expectProblem(await storeJson("POST", `/orders/${order.id}/refunds`, { body }), 401, "unauthorized");
    expectProblem(await refund(MISSING_ID, editor.token, body), 404, "not_found");
    expect((await stored(order.id)).order.refundedCents).toBe(0);
    expect(await stockOf(strap.id)).toBe(9);
  });

  it("never refunds a unit twice when two refunds of the last units arrive at once", async () => {
    const { watch, strap, order } = await discountedOrder();
    const everything = {
      reason: "all back",
      restock: true,
      lines: [
        { product_id: watch.id, quantity: 3 },
        { product_id: strap.id, quantity: 1 },
      ],
    };
    const replies = await Promise.all([
      refund(order.id, editor.token, everything),
      refund(order.id, editor.token, everything),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = replies.find((r) => r.status === 409);
    expect(refused?.body.code).toMatch(/^(invalid_transition|exceeds_refundable)$/);
    const after = await stored(order.id);
    expect(after.order).toMatchObject({ status: "refunded", refundedCents: 300_013 });
    expect(after.items.map((i) => i.refundedQuantity).sort()).toEqual([1, 3]);
    expect(await stockOf(watch.id)).toBe(10);
    expect(await stockOf(strap.id)).toBe(10);
  });

  it("moves a customer's spending, and so their tier, down with the money refunded", async () => {
    // GET /customers/{id} is not on this branch: the tier is computed here from the stored amounts, as that route does.
    const customer = await createCustomer();
    const watch = await insertProduct({ stock: 10, priceCents: 600_000 });
    const a = await insertOrder(customer, [{ product: watch, quantity: 1 }], "completed");
    const b = await insertOrder(customer, [{ product: watch, quantity: 1 }], "completed");
    const spent = async () => {
      const [row] = await db()
        .select({ spent: sql<number>`coalesce(sum(${orders.totalCents} - ${orders.refundedCents}), 0)` })
        .from(orders)
        .where(
          and(
            eq(orders.customerId, customer.id),
            inArray(orders.status, ["processing", "completed", "refunded", "partially_refunded"]),
          ),
        );
      return row?.spent ?? 0;
    };
    expect(await spent()).toBe(1_200_000);
    expect(tierFor(await spent()).tier).toBe("gold");
    const res = await refund(b.id, editor.token, {
      reason: "returned",
      restock: true,
      lines: [{ product_id: watch.id, quantity: 1 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await spent()).toBe(600_000);
    expect(tierFor(await spent()).tier).toBe("silver");
    expect((await stored(a.id)).order.refundedCents).toBe(0);
  });

  it("restocks only when asked, resolving alerts it lifts to 3 or more, and then purges the store's cache", async () => {
    const customer = await createCustomer();
    const product = await insertProduct({ stock: 4 });
    const order = await insertOrder(customer, [{ product, quantity: 3 }], "completed");
    await db().insert(lowStockAlerts).values({ productId: product.id, stock: 1, raisedAt: new Date().toISOString() });
    const version = () => caches.default.match("https://edge-cache.internal/versions/store").then((r) => r?.text());
    let before = await version();
    const kept = await refund(order.id, editor.token, {
      reason: "damaged, not resold",
      restock: false,
      lines: [{ product_id: product.id, quantity: 1 }],
    });
    expect(kept.status).toBe(200);
    expect(await stockOf(product.id)).toBe(1);
    expect(await version()).toBe(before);
    before = await version();
    const back = await refund(order.id, editor.token, {
      reason: "back on the shelf",
      restock: true,
      lines: [{ product_id: product.id, quantity: 2 }],
    });
    expect(back.status).toBe(200);
    expect(await stockOf(product.id)).toBe(3);
    expect(await version()).not.toBe(before);
    const [alert] = await db().select().from(lowStockAlerts).where(eq(lowStockAlerts.productId, product.id));
    expect(alert?.resolvedAt).toBeTruthy();
    const items = await db().select().from(orderItems).where(eq(orderItems.orderId, order.id));
    expect(items[0]).toMatchObject({ refundedQuantity: 3, refundedCents: order.totalCents });
  });
});
