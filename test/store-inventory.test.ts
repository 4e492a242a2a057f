import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Product } from "../src/store/products/models";
import { lowStockAlerts } from "../src/store/schema";
import {
  ACCOUNT_LOOKUP,
  createUser,
  db,
  dbCost,
  expectFieldProblem,
  expectProblem,
  MISSING_ID,
  type TestUser,
} from "./helpers";
import { insertProduct, stockOf, storeJson } from "./store-fixtures";

// PATCH /products/{id}/inventory: one conditional write per change, so concurrent changes add up exactly and stock
// never goes below zero.

const inventory = (editor: TestUser, productId: string, delta: unknown) =>
  storeJson<Product>("PATCH", `/products/${productId}/inventory`, { token: editor.token, body: { delta } });

/** The product's low-stock alert as stored, if any. */
const alertOf = async (productId: string) =>
  env.DB.prepare("SELECT stock, resolved_at FROM low_stock_alerts WHERE product_id = ?")
    .bind(productId)
    .first<{ stock: number; resolved_at: string | null }>();

describe("PATCH /products/{id}/inventory", () => {
  it("restocks and takes out, answering the product with its new stock, in one D1 round trip", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct({ stock: 5 });

    const added = await inventory(editor, product.id, 7);
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ id: product.id, stock: 12, in_stock: true });
    expect(added.body.updated_at > product.updatedAt).toBe(true);
    expect(dbCost(added).queries).toBe(1 + ACCOUNT_LOOKUP.queries);

    const emptied = await inventory(editor, product.id, -12);
    expect(emptied.body).toMatchObject({ stock: 0, in_stock: false });
    expect(await stockOf(product.id)).toBe(0);
  });

  it("refuses to take out more than there is: 409 insufficient_stock with requested and available", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct({ stock: 2 });

    const res = await inventory(editor, product.id, -3);
    const problem = expectFieldProblem(res, 409, "insufficient_stock", "delta");
    expect(problem).toMatchObject({ requested: 3, available: 2 });
    expect(dbCost(res).queries).toBe(1 + ACCOUNT_LOOKUP.queries);
    expect(await stockOf(product.id)).toBe(2);
  });

  it("lets exactly as many of 50 concurrent single-unit takes through as there are units", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct({ stock: 20 });

    const results = await Promise.all(Array.from({ length: 50 }, () => inventory(editor, product.id, -1)));
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 409)).toHaveLength(30);
    for (const refused of results.filter((res) => res.status === 409)) {
      expect(refused.body).toMatchObject({ code: "insufficient_stock", requested: 1, available: 0 });
    }
    // Every success saw a different stock: 19 down to 0.
    const seen = results.filter((res) => res.status === 200).map((res) => res.body.stock);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await stockOf(product.id)).toBe(0);
  }, 60_000);

  it("resolves the product's open low-stock alert once stock is back at 3, not before", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct({ stock: 1 });
    const other = await insertProduct({ stock: 0 });
    const raisedAt = "2026-11-30T09:00:00.000Z";
    await db()
      .insert(lowStockAlerts)
      .values([
        { productId: product.id, stock: 1, raisedAt },
        { productId: other.id, stock: 0, raisedAt },
      ]);

    await inventory(editor, product.id, 1);
    expect(await alertOf(product.id)).toEqual({ stock: 1, resolved_at: null });

    const restocked = await inventory(editor, product.id, 1);
    expect(restocked.body.stock).toBe(3);
    expect(await alertOf(product.id)).toEqual({ stock: 1, resolved_at: restocked.body.updated_at });
    // Another product's alert stays open.
    expect((await alertOf(other.id))?.resolved_at).toBeNull();

    // A refused change leaves a resolved alert as it was.
    await inventory(editor, product.id, -10);
    expect((await alertOf(product.id))?.resolved_at).toBe(restocked.body.updated_at);
  });

  it("changes an archived product's stock too (it keeps its units off the shelf)", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct({ stock: 1, status: "archived" });
    expect((await inventory(editor, product.id, 4)).body).toMatchObject({ stock: 5, status: "archived" });
  });

  it("answers 404 for an unknown product", async () => {
    const editor = await createUser("editor");
    expectProblem(await inventory(editor, MISSING_ID, -1), 404, "not_found");
    expectProblem(await inventory(editor, MISSING_ID, 5), 404, "not_found");
  });

  it.each([[0], [1.5], [100_001], [-100_001], ["3"], [null]])(
    "refuses a delta of %j with a 400 naming delta, leaving stock as it was",
    async (delta) => {
      const editor = await createUser("editor");
      const product = await insertProduct({ stock: 5 });
      expectFieldProblem(await inventory(editor, product.id, delta), 400, "validation_failed", "delta");
      expect(await stockOf(product.id)).toBe(5);
    },
  );

  it("allows the largest deltas either way", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct({ stock: 0 });
    expect((await inventory(editor, product.id, 100_000)).body.stock).toBe(100_000);
    expect((await inventory(editor, product.id, -100_000)).body.stock).toBe(0);
  });

  it("shows the new stock to the next public read at once", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct({ stock: 1 });
    await storeJson("GET", `/products/${product.id}`);
    expect((await storeJson<Product>("GET", `/products/${product.id}`)).body.stock).toBe(1);

    await inventory(editor, product.id, -1);
    const read = await storeJson<Product>("GET", `/products/${product.id}`);
    expect(read.body).toMatchObject({ stock: 0, in_stock: false });
  });
});
