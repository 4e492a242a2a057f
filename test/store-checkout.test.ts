import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Order } from "../src/store/orders/models";
import {
  ACCOUNT_LOOKUP,
  createUser,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  type JsonReply,
} from "./helpers";
import { createCustomer, insertProduct, stockOf } from "./store-fixtures";
import {
  addToCart,
  checkout,
  fillCart,
  GOLD_SPEND,
  getCart,
  insertPastOrder,
  orderCount,
  SILVER_SPEND,
  setPrice,
  storedCart,
} from "./store-shopping";

/** Every order line D1 holds for a product. */
async function orderLinesOf(productId: string): Promise<{ order_id: string; quantity: number }[]> {
  const { results } = await env.DB.prepare("SELECT order_id, quantity FROM order_items WHERE product_id = ?")
    .bind(productId)
    .all<{ order_id: string; quantity: number }>();
  return results;
}

function expectPlaced(res: JsonReply<Order>): Order {
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.headers.get("Location")).toBe(`/orders/${res.body.id}`);
  expect(res.body.status).toBe("processing");
  return res.body;
}

describe("POST /checkout", () => {
  it("turns the cart into a processing order with the tier's discount, takes the stock and empties the cart", async () => {
    const customer = await createCustomer();
    await insertPastOrder(customer.id, SILVER_SPEND);
    const watch = await insertProduct({ priceCents: 250_000, stock: 3 });
    const strap = await insertProduct({ priceCents: 12_345, stock: 10 });
    await fillCart(customer.id, [
      { productId: watch.id, quantity: 2 },
      { productId: strap.id, quantity: 3 },
    ]);
    const cart = (await getCart(customer)).body;

    const res = await checkout(customer);
    const order = expectPlaced(res);
    // The write is one batch; reading the order back is the other round trip.
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
    expect(res.headers.get("Idempotent-Replayed")).toBeNull();
    expect(order).toMatchObject({
      customer_id: customer.id,
      currency: "USD",
      tier: "silver",
      discount_percent: 5,
      subtotal_cents: 537_035,
      // What the cart promised is what the order charges.
      discount_cents: cart.discount_cents,
      total_cents: cart.total_cents,
      refunded_cents: 0,
      reward_points: 0,
      completed_at: null,
    });
    expect(order.discount_cents).toBe(26_852);
    expect(order.created_at).toMatch(ISO_UTC);
    expect(order.items).toEqual(
      expect.arrayContaining([
        {
          product_id: watch.id,
          product_name: watch.name,
          unit_price_cents: 250_000,
          quantity: 2,
          line_total_cents: 500_000,
          refunded_quantity: 0,
          refunded_cents: 0,
        },
        expect.objectContaining({ product_id: strap.id, quantity: 3, line_total_cents: 37_035 }),
      ]),
    );
    expect(order.items).toHaveLength(2);
    expect(order.history).toEqual([
      {
        from_status: null,
        to_status: "processing",
        actor_id: customer.id,
        reason: null,
        amount_cents: null,
        at: order.created_at,
      },
    ]);
    expect([await stockOf(watch.id), await stockOf(strap.id)]).toEqual([1, 7]);
    expect(await storedCart(customer.id)).toEqual({});
    expect((await getCart(customer)).body.items).toEqual([]);
  });

  it("charges the price of the moment of checkout, not of the moment the watch went into the cart", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct({ priceCents: 100_000 });
    expect((await addToCart(customer, { product_id: watch.id, quantity: 1 })).status).toBe(200);
    await setPrice(watch.id, 120_000);
    const order = expectPlaced(await checkout(customer));
    expect(order.items[0]?.unit_price_cents).toBe(120_000);
    expect(order.total_cents).toBe(120_000);
  });

  it("gives a Gold customer the cart's 10%, half a cent rounded to the customer", async () => {
    const customer = await createCustomer();
    await insertPastOrder(customer.id, GOLD_SPEND);
    const watch = await insertProduct({ priceCents: 102_355 });
    await fillCart(customer.id, [{ productId: watch.id, quantity: 1 }]);
    const cart = (await getCart(customer)).body;
    const order = expectPlaced(await checkout(customer));
    expect(order).toMatchObject({ tier: "gold", discount_percent: 10, discount_cents: 10_236, total_cents: 92_119 });
    expect([cart.discount_cents, cart.total_cents]).toEqual([order.discount_cents, order.total_cents]);
  });

  it("changes nothing when one line lacks stock, and names each short line (archived ones too)", async () => {
    const customer = await createCustomer();
    const plenty = await insertProduct({ stock: 5 });
    const short = await insertProduct({ stock: 1 });
    const archived = await insertProduct({ stock: 4, status: "archived" });
    await fillCart(customer.id, [
      { productId: plenty.id, quantity: 2 },
      { productId: short.id, quantity: 2 },
    ]);

    const res = await checkout(customer);
    const problem = expectFieldProblem(res, 409, "insufficient_stock", "items.1.quantity");
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(problem.lines).toEqual([{ product_id: short.id, name: short.name, requested: 2, available: 1 }]);
    expect(problem.errors).toHaveLength(1);
    expect([await stockOf(plenty.id), await stockOf(short.id)]).toEqual([5, 1]);
    expect(await storedCart(customer.id)).toEqual({ [plenty.id]: 2, [short.id]: 2 });
    expect(await orderCount(customer.id)).toBe(0);

    await fillCart(customer.id, [{ productId: archived.id, quantity: 1 }]);
    const both = expectProblem(await checkout(customer), 409, "insufficient_stock");
    expect(both.lines).toEqual([
      { product_id: short.id, name: short.name, requested: 2, available: 1 },
      { product_id: archived.id, name: archived.name, requested: 1, available: 0 },
    ]);
    expect(both.errors?.map((error) => error.path)).toEqual(["items.1.quantity", "items.2.quantity"]);
    expect(await stockOf(archived.id)).toBe(4);
    expect(await orderCount(customer.id)).toBe(0);
  });

  it("refuses an empty cart with 409 cart_empty", async () => {
    const customer = await createCustomer();
    expectProblem(await checkout(customer), 409, "cart_empty");
    expect(await orderCount(customer.id)).toBe(0);
  });

  it("is for customers: 401 without a token, 403 for staff, changing nothing", async () => {
    const watch = await insertProduct({ stock: 2 });
    expectProblem(await checkout({ token: "" } as never), 401, "unauthorized");
    for (const role of ["viewer", "editor", "admin"] as const) {
      const staff = await createUser(role);
      await fillCart(staff.id, [{ productId: watch.id, quantity: 1 }]);
      expectProblem(await checkout(staff), 403, "forbidden");
    }
    expect(await stockOf(watch.id)).toBe(2);
  });
});

describe("POST /checkout with an Idempotency-Key", () => {
  it("answers a retry with the first order, never a second one", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct({ stock: 5 });
    await fillCart(customer.id, [{ productId: watch.id, quantity: 1 }]);
    const first = expectPlaced(await checkout(customer, "retry-me-1"));

    // The customer fills the cart again; the retry still finds the first order and leaves the new cart alone.
    await fillCart(customer.id, [{ productId: watch.id, quantity: 2 }]);
    const retry = await checkout(customer, "retry-me-1");
    expect(retry.status).toBe(202);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.headers.get("Location")).toBe(`/orders/${first.id}`);
    expect(retry.body).toEqual(first);
    expect(await orderCount(customer.id)).toBe(1);
    expect(await stockOf(watch.id)).toBe(4);
    expect(await storedCart(customer.id)).toEqual({ [watch.id]: 2 });

    // Another key is another checkout.
    const second = expectPlaced(await checkout(customer, "retry-me-2"));
    expect(second.id).not.toBe(first.id);
    expect(await stockOf(watch.id)).toBe(2);
  });

  it("makes one order of the same key sent several times at once", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct({ stock: 5 });
    await fillCart(customer.id, [{ productId: watch.id, quantity: 1 }]);
    const replies = await Promise.all(Array.from({ length: 5 }, () => checkout(customer, "double-click")));
    expect(replies.map((reply) => reply.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    expect(replies.filter((reply) => reply.headers.get("Idempotent-Replayed") === "true")).toHaveLength(4);
    expect(await orderCount(customer.id)).toBe(1);
    expect(await stockOf(watch.id)).toBe(4);
  });

  it("keeps each customer's keys apart", async () => {
    const [alice, bob] = [await createCustomer(), await createCustomer()];
    const watch = await insertProduct({ stock: 5 });
    for (const customer of [alice, bob]) await fillCart(customer.id, [{ productId: watch.id, quantity: 1 }]);
    const [a, b] = [expectPlaced(await checkout(alice, "same-key")), expectPlaced(await checkout(bob, "same-key"))];
    expect(a.id).not.toBe(b.id);
    expect(b.customer_id).toBe(bob.id);
  });

  it("retries a refused checkout rather than storing the refusal", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct({ stock: 0 });
    await fillCart(customer.id, [{ productId: watch.id, quantity: 1 }]);
    expectProblem(await checkout(customer, "after-restock"), 409, "insufficient_stock");
    await env.DB.prepare("UPDATE products SET stock = 1 WHERE id = ?").bind(watch.id).run();
    expectPlaced(await checkout(customer, "after-restock"));
  });

  it("refuses a key that is empty, too long or not printable ASCII: 400 on the header", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct({ stock: 5 });
    await fillCart(customer.id, [{ productId: watch.id, quantity: 1 }]);
    for (const key of ["", "k".repeat(256), "tab\there", "del\x7f"]) {
      expectFieldProblem(await checkout(customer, key), 400, "validation_failed", "idempotency-key");
    }
    expect(await orderCount(customer.id)).toBe(0);
    expect(await stockOf(watch.id)).toBe(5);
    expectPlaced(await checkout(customer, "k".repeat(255)));
  });
});

describe("the last watches", () => {
  it("go to exactly as many of 200 simultaneous checkouts as there are in stock; the rest get a clean 409", async () => {
    const watch = await insertProduct({ stock: 10, priceCents: 500_000 });
    const customers = await Promise.all(Array.from({ length: 200 }, () => createCustomer()));
    for (const customer of customers) await fillCart(customer.id, [{ productId: watch.id, quantity: 1 }]);

    const replies = await Promise.all(customers.map((customer) => checkout(customer)));

    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(190);
    for (const reply of replies.filter((r) => r.status === 409)) {
      const problem = expectProblem(reply, 409, "insufficient_stock");
      expect(problem.lines).toEqual([{ product_id: watch.id, name: watch.name, requested: 1, available: 0 }]);
    }
    expect(await stockOf(watch.id)).toBe(0);
    const lines = await orderLinesOf(watch.id);
    expect(lines).toHaveLength(10);
    expect(new Set(lines.map((line) => line.order_id))).toEqual(
      new Set(replies.filter((r) => r.status === 202).map((r) => r.body.id)),
    );
    const carts = await Promise.all(customers.map((customer) => storedCart(customer.id)));
    customers.forEach((_, index) => {
      expect(carts[index]).toEqual(replies[index]?.status === 202 ? {} : { [watch.id]: 1 });
    });
  }, 120_000);
});
