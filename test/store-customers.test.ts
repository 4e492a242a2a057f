import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Customer } from "../src/store/customers/models";
import { customerStanding } from "../src/store/customers/standing";
import {
  ACCOUNT_LOOKUP,
  createUser,
  db,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  login,
  MISSING_ID,
  type Page,
  type Query,
  type TestUser,
  uniqueWord,
  withQuery,
} from "./helpers";
import { createCustomer, storeJson } from "./store-fixtures";
import { insertOrder } from "./store-order-rows";

// Customers: sign-up, the profile, and the standing their orders give them (orders are written straight into D1).

const PASSWORD = "a watch for every wrist";

const signUp = (body: Record<string, unknown>) => storeJson<Customer>("POST", "/customers", { body });
const getCustomer = (user: TestUser, id: string) =>
  storeJson<Customer>("GET", `/customers/${id}`, { token: user.token });
const putCustomer = (user: TestUser, id: string, body: unknown) =>
  storeJson<Customer>("PUT", `/customers/${id}`, { token: user.token, body });

const newEmail = () => `${uniqueWord()}@example.test`;

const accountsWithEmail = async (email: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = ?").bind(email).first<{ n: number }>())?.n;

describe("POST /customers", () => {
  it("signs a customer up: 201 with Location, bronze, and the password signs in", async () => {
    const email = newEmail();
    const res = await signUp({
      email: `  ${email.toUpperCase()} `,
      password: PASSWORD,
      name: "Ada Lovelace",
      phone: "+44 20 7946 0958",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get("Location")).toBe(`/customers/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      email,
      name: "Ada Lovelace",
      phone: "+44 20 7946 0958",
      address: null,
      total_spent_cents: 0,
      currency: "USD",
      vip_tier: "bronze",
      discount_percent: 0,
      reward_points: 0,
      next_tier: { tier: "silver", spend_more_cents: 500_001 },
      created_at: expect.stringMatching(ISO_UTC),
    });
    expect(dbCost(res).queries).toBe(1);

    const session = await login(email, PASSWORD);
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ id: res.body.id, role: "customer" });
    const own = await storeJson<Customer>("GET", `/customers/${res.body.id}`, { token: session.body.access_token });
    expect(own.body).toEqual(res.body);
  });

  it("refuses an email in use, in any case, with 409 email_taken on email, changing nothing", async () => {
    const email = newEmail();
    expect((await signUp({ email, password: PASSWORD, name: "First" })).status).toBe(201);

    const again = await signUp({ email: email.toUpperCase(), password: "another password", name: "Second" });
    expectFieldProblem(again, 409, "email_taken", "email");
    expect(await accountsWithEmail(email)).toBe(1);
    expect((await login(email, PASSWORD)).status).toBe(200);
  });

  it("lets exactly one of two sign-ups with the same email at the same moment through", async () => {
    const email = newEmail();
    const results = await Promise.all([
      signUp({ email, password: PASSWORD, name: "One" }),
      signUp({ email, password: PASSWORD, name: "Two" }),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([201, 409]);
    expect(await accountsWithEmail(email)).toBe(1);
    const profiles = await env.DB.prepare(
      "SELECT count(*) AS n FROM customer_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = ?",
    )
      .bind(email)
      .first<{ n: number }>();
    expect(profiles?.n).toBe(1);
  });

  it.each([
    [{ email: "not-an-email" }, "email"],
    [{ password: "short" }, "password"],
    [{ name: "" }, "name"],
    [{ name: undefined }, "name"],
    [{ phone: "call me" }, "phone"],
    [{ address: "" }, "address"],
    [{ role: "admin" }, "role"],
  ])("refuses %j with a 400 naming %s, creating no account", async (change, field) => {
    const email = newEmail();
    const res = await signUp({ email, password: PASSWORD, name: "Grace", ...change });
    expectFieldProblem(res, 400, "validation_failed", field);
    expect(await accountsWithEmail(email)).toBe(0);
  });
});

describe("a customer's standing", () => {
  it.each([
    [0, "bronze", 0, { tier: "silver", spend_more_cents: 500_001 }],
    [500_000, "bronze", 0, { tier: "silver", spend_more_cents: 1 }],
    [500_001, "silver", 5, { tier: "gold", spend_more_cents: 500_000 }],
    [1_000_000, "silver", 5, { tier: "gold", spend_more_cents: 1 }],
    [1_000_001, "gold", 10, null],
  ])("spending %i cents makes a customer %s (%i%% off; next: %j)", async (spent, tier, discount, next) => {
    const [customer, editor] = await Promise.all([createCustomer(), createUser("editor")]);
    // Split over two orders: the spend is their sum.
    if (spent > 0) {
      await insertOrder(customer.id, { totalCents: spent - Math.floor(spent / 2) });
      await insertOrder(customer.id, { totalCents: Math.floor(spent / 2), status: "processing" });
    }
    const res = await getCustomer(editor, customer.id);
    expect(res.body).toMatchObject({
      total_spent_cents: spent,
      vip_tier: tier,
      discount_percent: discount,
      next_tier: next,
    });
    expect(await customerStanding(db(), customer.id)).toEqual({
      tier,
      discount_percent: discount,
      total_spent_cents: spent,
    });
  });

  it("takes refunds off and leaves cancelled orders out; reward points add up", async () => {
    const customer = await createCustomer();
    await insertOrder(customer.id, { totalCents: 1_200_000, rewardPoints: 12_000 });
    expect((await getCustomer(customer, customer.id)).body).toMatchObject({ vip_tier: "gold", reward_points: 12_000 });

    await env.DB.prepare(
      "UPDATE orders SET status = 'partially_refunded', refunded_cents = 300000 WHERE customer_id = ?",
    )
      .bind(customer.id)
      .run();
    await insertOrder(customer.id, { status: "cancelled", totalCents: 900_000 });
    await insertOrder(customer.id, {
      status: "refunded",
      totalCents: 400_000,
      refundedCents: 400_000,
      rewardPoints: 4_000,
    });
    expect((await getCustomer(customer, customer.id)).body).toMatchObject({
      total_spent_cents: 900_000,
      vip_tier: "silver",
      discount_percent: 5,
      reward_points: 16_000,
      next_tier: { tier: "gold", spend_more_cents: 100_001 },
    });
  });

  it("counts only the customer's own orders", async () => {
    const [customer, neighbour] = await Promise.all([createCustomer(), createCustomer()]);
    await insertOrder(neighbour.id, { totalCents: 2_000_000 });
    await insertOrder(null, { totalCents: 2_000_000 });
    expect((await getCustomer(customer, customer.id)).body).toMatchObject({ total_spent_cents: 0, vip_tier: "bronze" });
    expect(await customerStanding(db(), neighbour.id)).toMatchObject({ tier: "gold", discount_percent: 10 });
  });

  it("is undefined for an account that is not a customer's", async () => {
    const editor = await createUser("editor");
    expect(await customerStanding(db(), editor.id)).toBeUndefined();
    expect(await customerStanding(db(), MISSING_ID)).toBeUndefined();
  });
});

describe("GET and PUT /customers/{id}", () => {
  it("shows a customer to themself and to staff, in one D1 round trip; to anyone else it does not exist", async () => {
    const [customer, neighbour, viewer, editor] = await Promise.all([
      createCustomer(),
      createCustomer(),
      createUser("viewer"),
      createUser("editor"),
    ]);
    for (const user of [customer, editor]) {
      const res = await getCustomer(user, customer.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: customer.id, email: customer.email, name: customer.name });
      expect(dbCost(res).queries).toBe(1 + ACCOUNT_LOOKUP.queries);
    }
    for (const user of [neighbour, viewer]) {
      expectProblem(await getCustomer(user, customer.id), 404, "not_found");
    }
    expectProblem(await storeJson("GET", `/customers/${customer.id}`), 401, "unauthorized");
    // Staff find no customer behind another kind of account.
    expectProblem(await getCustomer(editor, viewer.id), 404, "not_found");
    expectProblem(await getCustomer(editor, MISSING_ID), 404, "not_found");
  });

  it("lets a customer set their name, phone and address; a field left out is cleared", async () => {
    const customer = await createCustomer();
    const set = await putCustomer(customer, customer.id, {
      name: "Ada King",
      phone: "+44 20 7946 0000",
      address: "12 Clock Lane, London",
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ name: "Ada King", phone: "+44 20 7946 0000", address: "12 Clock Lane, London" });
    expect(dbCost(set).queries).toBe(1 + ACCOUNT_LOOKUP.queries);

    const cleared = await putCustomer(customer, customer.id, { name: "Ada King", address: "1 Dial Street" });
    expect(cleared.body).toMatchObject({ phone: null, address: "1 Dial Street" });
    expect((await getCustomer(customer, customer.id)).body).toEqual(cleared.body);
  });

  it("lets staff change a customer (even one without a profile yet), and nobody else", async () => {
    const [customer, neighbour, viewer, editor] = await Promise.all([
      createCustomer(),
      createCustomer(),
      createUser("viewer"),
      createUser("editor"),
    ]);
    const bare = await createUser("customer");
    const staffSet = await putCustomer(editor, bare.id, { name: "Bare", phone: "12345" });
    expect(staffSet.body).toMatchObject({ id: bare.id, name: "Bare", phone: "12345", address: null });

    for (const user of [neighbour, viewer]) {
      expectProblem(await putCustomer(user, customer.id, { name: "Mallory" }), 404, "not_found");
    }
    expectProblem(await putCustomer(editor, viewer.id, { name: "Not a customer" }), 404, "not_found");
    expect((await getCustomer(customer, customer.id)).body.name).toBe(customer.name);
    const viewerName = await env.DB.prepare("SELECT name FROM users WHERE id = ?").bind(viewer.id).first("name");
    expect(viewerName).toBe(viewer.name);
  });

  it.each([
    [{ name: "" }, "name"],
    [{ phone: "12" }, "phone"],
    [{ name: "Ada", email: "x@example.test" }, "email"],
  ])("refuses %j with a 400 naming %s", async (body, field) => {
    const customer = await createCustomer();
    expectFieldProblem(await putCustomer(customer, customer.id, body), 400, "validation_failed", field);
  });
});

describe("GET /customers", () => {
  /** Customers whose names share a word of their own, spending what `spends` says (cents each). */
  async function customersSpending(spends: number[]) {
    const word = uniqueWord();
    const made = [];
    for (const [i, spent] of spends.entries()) {
      const customer = await createCustomer(`Customer ${word} ${i}`);
      if (spent > 0) await insertOrder(customer.id, { totalCents: spent });
      made.push({ ...customer, spent });
    }
    return { word, made };
  }

  async function customerPages(user: TestUser, query: Query): Promise<Customer[][]> {
    const pages: Customer[][] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: Page<Customer> } = await storeJson<Page<Customer>>(
        "GET",
        withQuery("/customers", cursor ? { ...query, cursor } : query),
        { token: user.token },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(Number(query.limit));
      pages.push(res.body.data);
      cursor = res.body.next_cursor;
    } while (cursor !== null && pages.length < 20);
    return pages;
  }

  it("lists customers newest first for staff, narrowed by tier, page by page", async () => {
    const editor = await createUser("editor");
    const { word, made } = await customersSpending([0, 600_000, 1_000_000, 2_000_000, 500_000, 700_000, 1_500_000]);

    const everyone = (await customerPages(editor, { q: word, limit: 3 })).flat();
    expect(everyone).toHaveLength(made.length);
    const newestFirst = [...everyone].sort(
      (a, b) => b.created_at.localeCompare(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
    expect(everyone.map((c) => c.id)).toEqual(newestFirst.map((c) => c.id));

    for (const tier of ["bronze", "silver", "gold"] as const) {
      const pages = await customerPages(editor, { q: word, tier, limit: 2 });
      const listed = pages.flat();
      expect(listed.every((c) => c.vip_tier === tier)).toBe(true);
      expect(listed.map((c) => c.id)).toEqual(everyone.filter((c) => c.vip_tier === tier).map((c) => c.id));
    }
    const silver = (await customerPages(editor, { q: word, tier: "silver", limit: 10 })).flat();
    expect(silver.map((c) => c.total_spent_cents).sort()).toEqual([1_000_000, 600_000, 700_000].sort());
  });

  it("costs one D1 round trip a page, whatever its size", async () => {
    const editor = await createUser("editor");
    const { word } = await customersSpending([0, 600_000, 2_000_000, 0]);
    for (const limit of [1, 4]) {
      const res = await storeJson("GET", withQuery("/customers", { q: word, limit }), { token: editor.token });
      expect(res.status).toBe(200);
      expect(dbCost(res).queries).toBe(1 + ACCOUNT_LOOKUP.queries);
    }
  });

  it("is for staff only: 401 without a token, 403 for a customer or a viewer", async () => {
    expectProblem(await storeJson("GET", "/customers"), 401, "unauthorized");
    for (const user of [await createCustomer(), await createUser("viewer")]) {
      expectProblem(await storeJson("GET", "/customers", { token: user.token }), 403, "forbidden");
    }
    const editor = await createUser("editor");
    expectFieldProblem(
      await storeJson("GET", withQuery("/customers", { tier: "platinum" }), { token: editor.token }),
      400,
      "validation_failed",
      "tier",
    );
  });
});
