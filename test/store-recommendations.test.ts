import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { refreshRecommendations } from "../src/store/recommendations/refresh";
import { products, recommendations } from "../src/store/schema";
import {
  ACCOUNT_LOOKUP,
  createUser,
  db,
  dbCost,
  expectFieldProblem,
  expectProblem,
  MISSING_ID,
  type Query,
  type TestUser,
  uniqueWord,
  withQuery,
} from "./helpers";
import { createCustomer, insertOrder, insertProduct, type ProductInsert, storeJson } from "./store-fixtures";

// Every test starts from an empty shelf (the products of earlier tests archived), so that what a test ranks is only
// what it put there; their orders stay, but their products are no longer candidates.
beforeEach(async () => {
  await env.DB.prepare("UPDATE products SET status = 'archived'").run();
});

type Product = ProductInsert & { id: string };

interface Item {
  product: { id: string; name: string; brand: string; in_stock: boolean; status: string };
  score: number;
  content_score: number;
  copurchase_score: number;
  reason: string;
}

interface Body {
  data: Item[];
  strategy: "personal" | "best_sellers";
  weights: { content: number; copurchase: number };
}

const forYou = (user: TestUser, query: Query = {}) =>
  storeJson<Body>("GET", withQuery("/recommendations", query), { token: user.token });

const idsIn = (body: Body) => body.data.map((item) => item.product.id);

/** A brand no other test uses, e.g. "Omega w1a2b3c4d5e6". */
const brand = (name: string) => `${name} ${uniqueWord()}`;

let editor: TestUser;
beforeEach(async () => {
  editor ??= await createUser("editor");
});

async function setWeights(content: number, copurchase: number) {
  const res = await storeJson("PUT", "/recommendations/weights", {
    token: editor.token,
    body: { content, copurchase },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Several customers who each bought `lines` (one completed order each). */
async function buyers(count: number, ...products: Product[]) {
  for (let i = 0; i < count; i++) {
    await insertOrder(
      await createCustomer(),
      products.map((product) => ({ product, quantity: 1 })),
    );
  }
}

const expectScoresInRange = (body: Body) => {
  for (const item of body.data) {
    for (const score of [item.score, item.content_score, item.copurchase_score]) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  }
};

describe("a customer with nothing to go on", () => {
  it("gets the best sellers: most units sold first, unsold products left out", async () => {
    await setWeights(0.6, 0.4);
    const [top, second, unsold] = [await insertProduct(), await insertProduct(), await insertProduct()];
    await insertOrder(await createCustomer(), [{ product: top, quantity: 3 }]);
    await insertOrder(await createCustomer(), [{ product: second, quantity: 1 }]);
    // Cancelled and refunded units were never sold.
    await insertOrder(await createCustomer(), [{ product: second, quantity: 5 }], "cancelled");
    await insertOrder(await createCustomer(), [{ product: second, quantity: 5 }], "refunded");

    const res = await forYou(await createCustomer());
    expect(res.status).toBe(200);
    expect(res.body.strategy).toBe("best_sellers");
    expect(res.body.weights).toEqual({ content: 0.6, copurchase: 0.4 });
    expect(idsIn(res.body)).toEqual([top.id, second.id]);
    expect(idsIn(res.body)).not.toContain(unsold.id);
    expect(
      res.body.data.map(({ score, content_score, copurchase_score, reason }) => ({
        score,
        content_score,
        copurchase_score,
        reason,
      })),
    ).toEqual([
      { score: 1, content_score: 0, copurchase_score: 0, reason: "A best seller" },
      { score: 1 / 3, content_score: 0, copurchase_score: 0, reason: "A best seller" },
    ]);
  });

  it("gets the best sellers it does not own when nothing it bought resembles anything on the shelf", async () => {
    const owned = await insertProduct({ brand: brand("Breguet"), category: "pilot" });
    const popular = await insertProduct({ brand: brand("Casio"), category: "smart" });
    await buyers(2, popular);
    const customer = await createCustomer();
    await insertOrder(customer, [{ product: owned, quantity: 1 }]);

    const res = await forYou(customer);
    expect(res.body.strategy).toBe("best_sellers");
    expect(idsIn(res.body)).toEqual([popular.id]);
  });
});

describe("what is never recommended", () => {
  it("leaves out what the customer owns, what is sold out and what is archived", async () => {
    const omega = brand("Omega");
    const bought = await insertProduct({ brand: omega, category: "diver", name: "Seamaster" });
    const onShelf = await insertProduct({ brand: omega, category: "diver" });
    const soldOut = await insertProduct({ brand: omega, category: "diver", stock: 0 });
    const archived = await insertProduct({ brand: omega, category: "diver" });
    const beingDelivered = await insertProduct({ brand: omega, category: "diver" });
    const refunded = await insertProduct({ brand: omega, category: "diver" });
    const cancelled = await insertProduct({ brand: omega, category: "diver" });
    const customer = await createCustomer();
    await insertOrder(customer, [{ product: bought, quantity: 1 }]);
    await insertOrder(customer, [{ product: beingDelivered, quantity: 1 }], "processing");
    await insertOrder(customer, [{ product: refunded, quantity: 1 }], "refunded");
    await insertOrder(customer, [{ product: cancelled, quantity: 1 }], "cancelled");
    await env.DB.prepare("UPDATE products SET status = 'archived' WHERE id = ?").bind(archived.id).run();

    const res = await forYou(customer);
    expect(res.body.strategy).toBe("personal");
    // A cancelled order's product was never theirs: it may be recommended.
    expect(idsIn(res.body).sort()).toEqual([onShelf.id, cancelled.id].sort());
    for (const never of [bought, soldOut, archived, beingDelivered, refunded]) {
      expect(idsIn(res.body)).not.toContain(never.id);
    }
    for (const item of res.body.data) {
      expect(item.product).toMatchObject({ in_stock: true, status: "active" });
    }
  });
});

describe("the mix of likeness and co-purchases", () => {
  /**
   * A customer who bought one Omega diver. On the shelf: another Omega diver (alike in brand and category, bought by
   * no one who bought theirs), an Omega dress watch (alike in brand; bought by one who bought theirs), and a dress
   * watch of another brand (nothing alike; bought by two who bought theirs).
   */
  async function shelf() {
    const omega = brand("Omega");
    const seamaster = await insertProduct({ brand: omega, category: "diver", name: `Seamaster ${uniqueWord()}` });
    const alike = await insertProduct({ brand: omega, category: "diver" });
    const sameBrand = await insertProduct({ brand: omega, category: "dress" });
    const boughtTogether = await insertProduct({ brand: brand("Cartier"), category: "dress" });
    await buyers(2, seamaster, boughtTogether);
    await buyers(1, seamaster, sameBrand);
    const customer = await createCustomer();
    await insertOrder(customer, [{ product: seamaster, quantity: 1 }]);
    return { omega, seamaster, alike, sameBrand, boughtTogether, customer };
  }

  it("ranks by likeness alone, by co-purchases alone, and by the two mixed, as the weights say", async () => {
    const { omega, seamaster, alike, sameBrand, boughtTogether, customer } = await shelf();

    await setWeights(1, 0);
    const content = await forYou(customer);
    expect(content.body.strategy).toBe("personal");
    expect(content.body.weights).toEqual({ content: 1, copurchase: 0 });
    expect(idsIn(content.body)).toEqual([alike.id, sameBrand.id]);
    expect(content.body.data.map((item) => [item.content_score, item.score])).toEqual([
      [1, 1],
      [0.5, 0.5],
    ]);
    expect(content.body.data.map((item) => item.reason)).toEqual([
      `Because you bought ${omega} and other divers`,
      `Because you bought ${omega}`,
    ]);

    await setWeights(0, 1);
    const copurchase = await forYou(customer);
    expect(idsIn(copurchase.body)).toEqual([boughtTogether.id, sameBrand.id]);
    expect(copurchase.body.data.map((item) => [item.copurchase_score, item.score])).toEqual([
      [1, 1],
      [0.5, 0.5],
    ]);
    expect(copurchase.body.data.map((item) => item.reason)).toEqual([
      `Often bought with your ${seamaster.name}`,
      `Often bought with your ${seamaster.name}`,
    ]);

    await setWeights(0.6, 0.4);
    const mixed = await forYou(customer);
    expect(idsIn(mixed.body)).toEqual([alike.id, sameBrand.id, boughtTogether.id]);
    expect(mixed.body.data.map((item) => item.score)).toEqual([0.6, 0.6 * 0.5 + 0.4 * 0.5, 0.4]);
    expect(mixed.body.data.map((item) => item.reason)).toEqual([
      `Because you bought ${omega} and other divers`,
      `Because you bought ${omega}`,
      `Often bought with your ${seamaster.name}`,
    ]);
    expectScoresInRange(mixed.body);
  });

  it("weighs brands and categories by how much of each the customer bought, and names a category it shares", async () => {
    await setWeights(1, 0);
    const [rolex, tudor] = [brand("Rolex"), brand("Tudor")];
    const customer = await createCustomer();
    const daytona = await insertProduct({ brand: rolex, category: "chronograph" });
    const pelagos = await insertProduct({ brand: tudor, category: "diver" });
    await insertOrder(customer, [{ product: daytona, quantity: 3 }]);
    await insertOrder(customer, [{ product: pelagos, quantity: 1 }]);
    const chronograph = await insertProduct({ brand: brand("Zenith"), category: "chronograph" });
    const diver = await insertProduct({ brand: brand("Doxa"), category: "diver" });
    const tudorPilot = await insertProduct({ brand: tudor, category: "pilot" });

    const res = await forYou(customer);
    // Three of four units were chronographs (3/4), one a Tudor (1/4) and a diver (1/4): normalised by the best.
    const tied = [
      [diver.id, 1 / 3, "Because you bought divers"],
      [tudorPilot.id, 1 / 3, `Because you bought ${tudor}`],
    ].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    expect(res.body.data.map((item) => [item.product.id, item.content_score, item.reason])).toEqual([
      [chronograph.id, 1, "Because you bought chronographs"],
      ...tied,
    ]);
    await setWeights(0.6, 0.4);
  });

  it("honours ?limit and keeps every score in [0, 1]", async () => {
    await setWeights(0.5, 0.5);
    const { customer } = await shelf();
    const res = await forYou(customer, { limit: 2 });
    expect(res.body.data).toHaveLength(2);
    expectScoresInRange(res.body);
    await setWeights(0.6, 0.4);
  });
});

describe("the weights", () => {
  const weightsAs = (user: TestUser) => storeJson("GET", "/recommendations/weights", { token: user.token });
  const putAs = (user: TestUser, body: unknown) =>
    storeJson("PUT", "/recommendations/weights", { token: user.token, body });

  it("start at 0.6 and 0.4, and editors change them", async () => {
    const before = await weightsAs(editor);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ content: 0.6, copurchase: 0.4 });

    const admin = await createUser("admin");
    const put = await putAs(admin, { content: 0.25, copurchase: 0.75 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ content: 0.25, copurchase: 0.75, updated_at: expect.any(String), updated_by: admin.id });
    expect((await weightsAs(editor)).body).toEqual(put.body);
    // Within a millionth of 1 is 1.
    expect((await putAs(editor, { content: 0.3333333, copurchase: 0.6666667 })).status).toBe(200);
    await setWeights(0.6, 0.4);
  });

  it("refuse weights that do not add up to 1, or out of [0, 1], naming the field, and change nothing", async () => {
    const before = (await weightsAs(editor)).body;
    const sum = await putAs(editor, { content: 0.7, copurchase: 0.2 });
    expectFieldProblem(sum, 400, "validation_failed", "content");
    expectFieldProblem(sum, 400, "validation_failed", "copurchase");
    expect(sum.body.errors[0].message).toContain("add up to 1");
    expectFieldProblem(await putAs(editor, { content: 1.5, copurchase: -0.5 }), 400, "validation_failed", "content");
    expectFieldProblem(await putAs(editor, { content: 1.5, copurchase: -0.5 }), 400, "validation_failed", "copurchase");
    expectFieldProblem(await putAs(editor, { content: 1 }), 400, "validation_failed", "copurchase");
    expectFieldProblem(await putAs(editor, { content: "1", copurchase: 0 }), 400, "validation_failed", "content");
    expectFieldProblem(
      await putAs(editor, { content: 0.5, copurchase: 0.5, boost: 1 }),
      400,
      "validation_failed",
      "boost",
    );
    expect((await weightsAs(editor)).body).toEqual(before);
  });

  it("are staff's: customers and viewers get 403, strangers 401, and nothing changes", async () => {
    const before = (await weightsAs(editor)).body;
    for (const user of [await createCustomer(), await createUser("viewer")]) {
      expectProblem(await weightsAs(user), 403, "forbidden");
      expectProblem(await putAs(user, { content: 1, copurchase: 0 }), 403, "forbidden");
    }
    expectProblem(await storeJson("GET", "/recommendations/weights"), 401, "unauthorized");
    expectProblem(
      await storeJson("PUT", "/recommendations/weights", { body: { content: 1, copurchase: 0 } }),
      401,
      "unauthorized",
    );
    expect((await weightsAs(editor)).body).toEqual(before);
  });
});

describe("who may see whose recommendations", () => {
  it("a customer sees their own; staff see any customer's by customer_id", async () => {
    const product = await insertProduct();
    await buyers(1, product);
    const customer = await createCustomer();
    const own = await forYou(customer);
    expect(own.status).toBe(200);
    expect((await forYou(customer, { customer_id: customer.id })).body).toEqual(own.body);
    const byStaff = await forYou(editor, { customer_id: customer.id });
    expect(byStaff.status).toBe(200);
    expect(byStaff.body).toEqual(own.body);
  });

  it("refuses a customer another's list with 403, whether or not that customer exists", async () => {
    const [customer, other] = [await createCustomer(), await createCustomer()];
    expectProblem(await forYou(customer, { customer_id: other.id }), 403, "forbidden");
    expectProblem(await forYou(customer, { customer_id: MISSING_ID }), 403, "forbidden");
    expectProblem(await forYou(await createUser("viewer"), { customer_id: other.id }), 403, "forbidden");
    expectProblem(await storeJson("GET", "/recommendations"), 401, "unauthorized");
  });

  it("answers staff 404 for an account that is not a customer, and 400 for a bad limit", async () => {
    expectProblem(await forYou(editor, { customer_id: MISSING_ID }), 404, "not_found");
    expectProblem(await forYou(editor, { customer_id: editor.id }), 404, "not_found");
    expectProblem(await forYou(editor), 404, "not_found");
    const customer = await createCustomer();
    expectFieldProblem(await forYou(customer, { limit: 0 }), 400, "validation_failed", "limit");
    expectFieldProblem(await forYou(customer, { limit: 51 }), 400, "validation_failed", "limit");
  });
});

describe("the stored list the order queue refreshes", () => {
  async function customerWithHistory() {
    const omega = brand("Omega");
    const seamaster = await insertProduct({ brand: omega, category: "diver" });
    const shelf = [
      await insertProduct({ brand: omega, category: "diver" }),
      await insertProduct({ brand: omega, category: "dress" }),
      await insertProduct({ brand: brand("Seiko"), category: "diver" }),
      await insertProduct({ brand: brand("Cartier"), category: "dress" }),
    ];
    await buyers(2, seamaster, shelf[3]!);
    const customer = await createCustomer();
    await insertOrder(customer, [{ product: seamaster, quantity: 1 }]);
    return { customer, shelf };
  }

  const storedRows = (customerId: string) =>
    db().select().from(recommendations).where(eq(recommendations.customerId, customerId));

  it("answers as the live ranking does, in one round trip instead of two", async () => {
    const { customer, shelf } = await customerWithHistory();
    const live = await forYou(customer);
    expect(live.body.data).toHaveLength(shelf.length);
    expect(dbCost(live).queries).toBe(ACCOUNT_LOOKUP.queries + 2);

    expect(await refreshRecommendations(db(), customer.id)).toBe(shelf.length);
    const stored = await forYou(customer);
    expect(dbCost(stored).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(stored.body).toEqual(live.body);
    expect((await forYou(customer, { limit: 2 })).body.data).toEqual(live.body.data.slice(0, 2));
  });

  it("leaves out what has since been bought, sold out or archived", async () => {
    const { customer, shelf } = await customerWithHistory();
    await refreshRecommendations(db(), customer.id);
    const [bought, soldOut, archived, kept] = (await forYou(customer)).body.data.map((item) => item.product.id);
    await insertOrder(customer, [{ product: shelf.find((p) => p.id === bought)!, quantity: 1 }], "processing");
    await env.DB.prepare("UPDATE products SET stock = 0 WHERE id = ?").bind(soldOut).run();
    await env.DB.prepare("UPDATE products SET status = 'archived' WHERE id = ?").bind(archived).run();

    const res = await forYou(customer);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect(idsIn(res.body)).toEqual([kept]);
  });

  it("is replaced on each refresh, and dropped when the weights change", async () => {
    const { customer } = await customerWithHistory();
    await refreshRecommendations(db(), customer.id);
    await refreshRecommendations(db(), customer.id);
    expect(await storedRows(customer.id)).toHaveLength(4);

    await setWeights(0.5, 0.5);
    expect(await storedRows(customer.id)).toHaveLength(0);
    const res = await forYou(customer);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
    expect(res.body.weights).toEqual({ content: 0.5, copurchase: 0.5 });
    await setWeights(0.6, 0.4);
  });

  it("is not served once a day old: the ranking is made afresh", async () => {
    const { customer } = await customerWithHistory();
    await refreshRecommendations(db(), customer.id, new Date(Date.now() - 25 * 3_600_000).toISOString());
    const res = await forYou(customer);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
    expect(res.body.data).toHaveLength(4);
  });

  it("is empty for a customer with nothing to go on, who gets the best sellers", async () => {
    const customer = await createCustomer();
    expect(await refreshRecommendations(db(), customer.id)).toBe(0);
    expect((await forYou(customer)).body.strategy).toBe("best_sellers");
  });
});

describe("the cost of a request", () => {
  async function addProducts(count: number, fields: Partial<ProductInsert>) {
    const now = new Date().toISOString();
    const rows = Array.from({ length: count }, () => ({
      id: crypto.randomUUID(),
      name: `Watch ${uniqueWord()}`,
      priceCents: 50_000,
      stock: 3,
      createdAt: now,
      updatedAt: now,
      brand: "Filler",
      category: "field" as const,
      ...fields,
    }));
    const [first, ...rest] = rows.map((row) => db().insert(products).values(row));
    if (first) await db().batch([first, ...rest]);
  }

  it("is the same number of D1 round trips for a catalogue of 10 and of 200", async () => {
    const rolex = brand("Rolex");
    const submariner = await insertProduct({ brand: rolex, category: "diver" });
    await addProducts(9, { brand: rolex });
    await buyers(3, submariner, await insertProduct({ brand: rolex, category: "sport" }));
    const customer = await createCustomer();
    await insertOrder(customer, [{ product: submariner, quantity: 1 }]);
    const newcomer = await createCustomer();

    const small = { live: await forYou(customer), cold: await forYou(newcomer) };
    await addProducts(190, { brand: rolex, category: "diver" });
    const large = { live: await forYou(customer, { limit: 50 }), cold: await forYou(newcomer, { limit: 50 }) };

    expect(large.live.body.data).toHaveLength(50);
    for (const res of [small.live, large.live, small.cold, large.cold]) {
      expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
    }
    await refreshRecommendations(db(), customer.id);
    expect(dbCost(await forYou(customer, { limit: 50 })).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
  });
});
