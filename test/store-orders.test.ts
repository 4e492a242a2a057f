import { describe, expect, it } from "vitest";
import type { Order } from "../src/store/orders/models";
import {
  ACCOUNT_LOOKUP,
  createUser,
  dbCost,
  expectFieldProblem,
  expectProblem,
  MISSING_ID,
  type Page,
  type Query,
  type TestUser,
  withQuery,
} from "./helpers";
import { createCustomer, insertProduct, storeJson } from "./store-fixtures";
import { checkout, fillCart, insertPastOrder } from "./store-shopping";

const listOrders = (user: TestUser, query: Query = {}) =>
  storeJson<Page<Order>>("GET", withQuery("/orders", query), { token: user.token });
const getOrder = (user: TestUser, id: string) => storeJson<Order>("GET", `/orders/${id}`, { token: user.token });

/** Every page of `GET /orders?query` as `user` sees it; each page's order ids. */
async function orderPages(user: TestUser, query: Query): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const res: Awaited<ReturnType<typeof listOrders>> = await listOrders(user, cursor ? { ...query, cursor } : query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body.data.map((order) => order.id));
    cursor = res.body.next_cursor;
  } while (cursor !== null && pages.length < 20);
  return pages;
}

/** A customer with `count` past orders a day apart, oldest first; returns them and the ids newest first. */
async function customerWithOrders(count: number, status?: "completed" | "cancelled") {
  const customer = await createCustomer();
  const ids: string[] = [];
  for (let day = 1; day <= count; day++) {
    const createdAt = `2025-03-${String(day).padStart(2, "0")}T09:00:00.000Z`;
    ids.push(await insertPastOrder(customer.id, 10_000 * day, { createdAt, status }));
  }
  return { customer, newestFirst: ids.reverse() };
}

/** A customer who bought one watch through checkout; returns them and the order. */
async function customerWithCheckout() {
  const customer = await createCustomer();
  const watch = await insertProduct();
  await fillCart(customer.id, [{ productId: watch.id, quantity: 1 }]);
  const res = await checkout(customer);
  expect(res.status).toBe(202);
  return { customer, order: res.body };
}

describe("GET /orders", () => {
  it("shows a customer their own orders, newest first, page by page, at a fixed number of round trips", async () => {
    const { customer, newestFirst } = await customerWithOrders(5);
    await customerWithOrders(2);

    expect(await orderPages(customer, { limit: 2 })).toEqual([
      newestFirst.slice(0, 2),
      newestFirst.slice(2, 4),
      newestFirst.slice(4),
    ]);
    const small = await listOrders(customer, { limit: 1 });
    const large = await listOrders(customer, { limit: 5 });
    expect(dbCost(small).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
    expect(dbCost(large).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
  });

  it("gives each order its lines and history, as GET /orders/{id} does", async () => {
    const { customer, order } = await customerWithCheckout();
    const res = await listOrders(customer);
    expect(res.body).toEqual({ data: [order], next_cursor: null });
  });

  it("lets a customer name only themselves in customer_id (403 for anyone else)", async () => {
    const { customer, newestFirst } = await customerWithOrders(1);
    const other = await createCustomer();
    expectProblem(await listOrders(customer, { customer_id: other.id }), 403, "forbidden");
    expect((await listOrders(customer, { customer_id: customer.id })).body.data.map((o) => o.id)).toEqual(newestFirst);
    expect((await listOrders(other)).body).toEqual({ data: [], next_cursor: null });
  });

  it("shows staff every order, narrowed by customer and status", async () => {
    const editor = await createUser("editor");
    const { customer, newestFirst } = await customerWithOrders(3);
    const { customer: canceller, newestFirst: cancelled } = await customerWithOrders(2, "cancelled");

    expect(await orderPages(editor, { customer_id: customer.id, limit: 2 })).toEqual([
      newestFirst.slice(0, 2),
      newestFirst.slice(2),
    ]);
    const everything = (await orderPages(editor, { limit: 100 })).flat();
    expect(everything).toEqual(expect.arrayContaining([...newestFirst, ...cancelled]));
    const onlyCancelled = (await orderPages(editor, { status: "cancelled", limit: 100 })).flat();
    expect(onlyCancelled).toEqual(expect.arrayContaining(cancelled));
    expect(onlyCancelled).not.toEqual(expect.arrayContaining([newestFirst[0]]));
    expect((await listOrders(editor, { customer_id: canceller.id, status: "completed" })).body.data).toEqual([]);
  });

  it("refuses bad filters and cursors with the field at fault, and asks for a sign-in", async () => {
    const customer = await createCustomer();
    expectFieldProblem(await listOrders(customer, { status: "shipped" }), 400, "validation_failed", "status");
    expectFieldProblem(await listOrders(customer, { limit: 101 }), 400, "validation_failed", "limit");
    expectFieldProblem(await listOrders(customer, { cursor: "forged.cursor" }), 400, "invalid_cursor", "cursor");
    expectProblem(await storeJson("GET", "/orders"), 401, "unauthorized");
  });
});

describe("GET /orders/{id}", () => {
  it("shows the customer their order in one round trip, and staff any order", async () => {
    const { customer, order } = await customerWithCheckout();
    const res = await getOrder(customer, order.id);
    expect(res.status).toBe(200);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(res.body).toEqual(order);
    for (const role of ["editor", "admin"] as const) {
      expect((await getOrder(await createUser(role), order.id)).body).toEqual(order);
    }
  });

  it("answers 404 for another customer's order, as for an unknown one, and 401 without a sign-in", async () => {
    const { order } = await customerWithCheckout();
    const stranger = await createCustomer();
    expectProblem(await getOrder(stranger, order.id), 404, "not_found");
    expectProblem(await getOrder(await createUser("viewer"), order.id), 404, "not_found");
    expectProblem(await getOrder(stranger, MISSING_ID), 404, "not_found");
    expectProblem(await storeJson("GET", `/orders/${order.id}`), 401, "unauthorized");
  });
});
