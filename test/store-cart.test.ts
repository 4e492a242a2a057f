import { describe, expect, it } from "vitest";
import type { Cart } from "../src/store/cart/models";
import {
  ACCOUNT_LOOKUP,
  createUser,
  dbCost,
  expectFieldProblem,
  expectProblem,
  MISSING_ID,
  type TestUser,
} from "./helpers";
import { createCustomer, insertProduct, storeJson } from "./store-fixtures";
import {
  addToCart,
  fillCart,
  GOLD_SPEND,
  getCart,
  insertPastOrder,
  SILVER_SPEND,
  setPrice,
  storedCart,
} from "./store-shopping";

const patchLine = (user: TestUser, productId: string, body: unknown) =>
  storeJson<Cart>("PATCH", `/cart/items/${productId}`, { token: user.token, body });
const deleteLine = (user: TestUser, productId: string) =>
  storeJson<Cart>("DELETE", `/cart/items/${productId}`, { token: user.token });
const mergeCart = (user: TestUser, items: unknown) =>
  storeJson<Cart & { skipped: unknown[]; capped: unknown[] }>("POST", "/cart/merge", {
    token: user.token,
    body: { items },
  });

/** The lines of a cart answer as `{ product id: quantity }`. */
const quantities = (cart: Cart) => Object.fromEntries(cart.items.map((item) => [item.product.id, item.quantity]));

describe("GET /cart", () => {
  it("is empty for a new customer, in the store's currency, at bronze", async () => {
    const customer = await createCustomer();
    const res = await getCart(customer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [],
      item_count: 0,
      subtotal_cents: 0,
      tier: "bronze",
      discount_percent: 0,
      discount_cents: 0,
      total_cents: 0,
      currency: "USD",
    });
  });

  it("prices every line at today's price and totals the cart, in one round trip", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct({ priceCents: 250_000, stock: 5 });
    const strap = await insertProduct({ priceCents: 12_345, stock: 1 });
    await fillCart(customer.id, [
      { productId: watch.id, quantity: 2 },
      { productId: strap.id, quantity: 3 },
    ]);
    await setPrice(watch.id, 260_000);

    const res = await getCart(customer);
    expect(res.status).toBe(200);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(res.body).toMatchObject({
      item_count: 5,
      subtotal_cents: 2 * 260_000 + 3 * 12_345,
      discount_cents: 0,
      total_cents: 2 * 260_000 + 3 * 12_345,
    });
    expect(
      res.body.items.map((item) => [item.product.id, item.line_total_cents, item.available, item.in_stock]),
    ).toEqual([
      [watch.id, 520_000, 5, true],
      // More than the stock is allowed in the cart; the line says so, for the page to warn.
      [strap.id, 37_035, 1, false],
    ]);
    expect(res.body.items[0]?.product).toMatchObject({ name: watch.name, price_cents: 260_000, status: "active" });
  });

  it("gives a Silver customer 5% off and a Gold customer 10%, rounding half a cent to the customer", async () => {
    const [silver, gold] = [await createCustomer(), await createCustomer()];
    await insertPastOrder(silver.id, SILVER_SPEND);
    await insertPastOrder(gold.id, GOLD_SPEND);
    const watch = await insertProduct({ priceCents: 100_010 });
    const odd = await insertProduct({ priceCents: 2_345 });
    for (const customer of [silver, gold]) {
      await fillCart(customer.id, [
        { productId: watch.id, quantity: 1 },
        { productId: odd.id, quantity: 1 },
      ]);
    }
    const subtotal = 100_010 + 2_345;

    const silverCart = (await getCart(silver)).body;
    expect(silverCart).toMatchObject({ tier: "silver", discount_percent: 5, subtotal_cents: subtotal });
    // 5% of 102,355 is 5,117.75
    expect(silverCart.discount_cents).toBe(5_118);
    expect(silverCart.total_cents).toBe(subtotal - 5_118);

    const goldCart = (await getCart(gold)).body;
    // 10% of 102,355 is 10,235.5: the half cent goes to the customer
    expect(goldCart).toMatchObject({ tier: "gold", discount_percent: 10, discount_cents: 10_236 });
    expect(goldCart.total_cents).toBe(subtotal - 10_236);
  });

  it("counts spending less refunds and leaves cancelled orders out of the tier", async () => {
    const customer = await createCustomer();
    await insertPastOrder(customer.id, SILVER_SPEND, { status: "cancelled" });
    await insertPastOrder(customer.id, SILVER_SPEND, { status: "partially_refunded", refundedCents: 200_000 });
    expect((await getCart(customer)).body.tier).toBe("bronze");
    await insertPastOrder(customer.id, 100_001, { status: "processing" });
    expect((await getCart(customer)).body.tier).toBe("silver");
  });
});

describe("who has a cart", () => {
  it("asks for a sign-in (401) and keeps staff out (403)", async () => {
    expectProblem(await storeJson("GET", "/cart"), 401, "unauthorized");
    for (const role of ["viewer", "editor", "admin"] as const) {
      const staff = await createUser(role);
      expectProblem(await getCart(staff), 403, "forbidden");
      expectProblem(await addToCart(staff, { product_id: MISSING_ID, quantity: 1 }), 403, "forbidden");
    }
  });

  it("shows each customer only their own cart", async () => {
    const [alice, bob] = [await createCustomer(), await createCustomer()];
    const watch = await insertProduct();
    await fillCart(alice.id, [{ productId: watch.id, quantity: 1 }]);
    expect((await getCart(bob)).body.items).toEqual([]);
    expectProblem(await deleteLine(bob, watch.id), 404, "not_found");
    expect(await storedCart(alice.id)).toEqual({ [watch.id]: 1 });
  });
});

describe("POST /cart/items", () => {
  it("adds a line, then merges the same product into it, answering with the cart in one round trip", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct({ priceCents: 50_000 });
    const first = await addToCart(customer, { product_id: watch.id, quantity: 2 });
    expect(first.status).toBe(200);
    expect(quantities(first.body)).toEqual({ [watch.id]: 2 });

    const second = await addToCart(customer, { product_id: watch.id, quantity: 3 });
    expect(second.status).toBe(200);
    expect(dbCost(second).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(second.body).toMatchObject({ item_count: 5, subtotal_cents: 250_000 });
    expect(await storedCart(customer.id)).toEqual({ [watch.id]: 5 });
  });

  it("takes more than the stock (checkout checks it) but never more than 99 a line: 400 on quantity", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct({ stock: 2 });
    expect((await addToCart(customer, { product_id: watch.id, quantity: 90 })).status).toBe(200);
    const over = await addToCart(customer, { product_id: watch.id, quantity: 10 });
    expectFieldProblem(over, 400, "validation_failed", "quantity");
    expect(await storedCart(customer.id)).toEqual({ [watch.id]: 90 });
    expect((await addToCart(customer, { product_id: watch.id, quantity: 9 })).body.items[0]?.quantity).toBe(99);
  });

  it("refuses unknown (404) and archived (409) products on product_id, and bad quantities, changing nothing", async () => {
    const customer = await createCustomer();
    const archived = await insertProduct({ status: "archived" });
    expectFieldProblem(
      await addToCart(customer, { product_id: MISSING_ID, quantity: 1 }),
      404,
      "not_found",
      "product_id",
    );
    expectFieldProblem(
      await addToCart(customer, { product_id: archived.id, quantity: 1 }),
      409,
      "product_unavailable",
      "product_id",
    );
    for (const quantity of [0, 100, 1.5, "2"]) {
      expectFieldProblem(
        await addToCart(customer, { product_id: archived.id, quantity }),
        400,
        "validation_failed",
        "quantity",
      );
    }
    expectFieldProblem(await addToCart(customer, { quantity: 1 }), 400, "validation_failed", "product_id");
    expect(await storedCart(customer.id)).toEqual({});
  });
});

describe("PATCH and DELETE /cart/items/{product_id}", () => {
  it("sets a line's quantity and removes a line, answering with the cart", async () => {
    const customer = await createCustomer();
    const [watch, strap] = [await insertProduct({ priceCents: 10_000 }), await insertProduct({ priceCents: 500 })];
    await fillCart(customer.id, [
      { productId: watch.id, quantity: 1 },
      { productId: strap.id, quantity: 1 },
    ]);

    const patched = await patchLine(customer, watch.id, { quantity: 4 });
    expect(patched.status).toBe(200);
    expect(dbCost(patched).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(patched.body).toMatchObject({ item_count: 5, subtotal_cents: 40_500 });

    const deleted = await deleteLine(customer, watch.id);
    expect(deleted.status).toBe(200);
    expect(dbCost(deleted).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(quantities(deleted.body)).toEqual({ [strap.id]: 1 });
    expect(await storedCart(customer.id)).toEqual({ [strap.id]: 1 });
  });

  it("answers 404 for a product not in the cart and 400 for a bad quantity, changing nothing", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct();
    await fillCart(customer.id, [{ productId: watch.id, quantity: 2 }]);
    expectProblem(await patchLine(customer, MISSING_ID, { quantity: 1 }), 404, "not_found");
    expectProblem(await deleteLine(customer, MISSING_ID), 404, "not_found");
    for (const quantity of [0, 100]) {
      expectFieldProblem(await patchLine(customer, watch.id, { quantity }), 400, "validation_failed", "quantity");
    }
    expect(await storedCart(customer.id)).toEqual({ [watch.id]: 2 });
  });
});

describe("POST /cart/merge", () => {
  it("adds a guest's lines to the account's, capping at 99 and listing what it skipped, in one round trip", async () => {
    const customer = await createCustomer();
    const [kept, fresh, full] = [await insertProduct(), await insertProduct(), await insertProduct()];
    const archived = await insertProduct({ status: "archived" });
    await fillCart(customer.id, [
      { productId: kept.id, quantity: 2 },
      { productId: full.id, quantity: 90 },
    ]);

    const res = await mergeCart(customer, [
      { product_id: kept.id, quantity: 3 },
      { product_id: fresh.id, quantity: 1 },
      // The guest's own duplicates add up too.
      { product_id: fresh.id, quantity: 2 },
      { product_id: full.id, quantity: 20 },
      { product_id: archived.id, quantity: 1 },
      { product_id: MISSING_ID, quantity: 1 },
    ]);
    expect(res.status).toBe(200);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(quantities(res.body)).toEqual({ [kept.id]: 5, [fresh.id]: 3, [full.id]: 99 });
    expect(res.body.skipped).toEqual(
      expect.arrayContaining([
        { product_id: archived.id, reason: "archived" },
        { product_id: MISSING_ID, reason: "not_found" },
      ]),
    );
    expect(res.body.skipped).toHaveLength(2);
    expect(res.body.capped).toEqual([{ product_id: full.id, requested: 110, quantity: 99 }]);
    expect(await storedCart(customer.id)).toEqual({ [kept.id]: 5, [fresh.id]: 3, [full.id]: 99 });
  });

  it("caps a guest's duplicates at 99 for a product not yet in the cart, and merges an empty cart as a no-op", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct();
    const res = await mergeCart(customer, [
      { product_id: watch.id, quantity: 60 },
      { product_id: watch.id, quantity: 60 },
    ]);
    expect(quantities(res.body)).toEqual({ [watch.id]: 99 });
    expect(res.body.capped).toEqual([{ product_id: watch.id, requested: 120, quantity: 99 }]);

    const empty = await mergeCart(customer, []);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ skipped: [], capped: [], item_count: 99 });
  });

  it("refuses a malformed guest cart with the field at fault, changing nothing", async () => {
    const customer = await createCustomer();
    const watch = await insertProduct();
    const bad = await mergeCart(customer, [
      { product_id: watch.id, quantity: 1 },
      { product_id: watch.id, quantity: 0 },
    ]);
    expectFieldProblem(bad, 400, "validation_failed", "items.1.quantity");
    expect(await storedCart(customer.id)).toEqual({});
  });
});
