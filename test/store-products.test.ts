import { describe, expect, it } from "vitest";
import type { Product } from "../src/store/products/models";
import {
  ACCOUNT_LOOKUP,
  createUser,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  MISSING_ID,
  type Page,
  type Query,
  type TestUser,
  uniqueWord,
  withQuery,
} from "./helpers";
import { createCustomer, insertProduct, type ProductInsert, storeJson } from "./store-fixtures";
import { insertOrder } from "./store-order-rows";

// Storage is shared by every test in this file: each test puts products of a brand of its own on the shelf and lists
// with `?brand=` (or `?q=`) so that it sees only those.

const MEDIA_IMAGE = `/media/images/${"a".repeat(64)}.jpg`;

const newProduct = {
  name: "Seamaster Diver 300M",
  brand: "Omega",
  category: "diver",
  description: "A diver's watch with a ceramic bezel.",
  price_cents: 590_000,
  stock: 4,
  image: MEDIA_IMAGE,
  details: { movement: "automatic", case_diameter_mm: 42, water_resistance_m: 300, year: 2024, warranty_years: 5 },
};

const cacheOf = (res: { headers: Headers }) => /cache;desc="(\w+)"/.exec(res.headers.get("Server-Timing") ?? "")?.[1];

/** Every page of `GET /products?query` (anonymous), first to last, checking each page's size. */
async function productPages(query: Query): Promise<Product[][]> {
  const pages: Product[][] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: Page<Product> } = await storeJson<Page<Product>>(
      "GET",
      withQuery("/products", cursor ? { ...query, cursor } : query),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(Number(query.limit ?? 20));
    pages.push(res.body.data);
    cursor = res.body.next_cursor;
    if (pages.length > 50) throw new Error("pagination does not end");
  } while (cursor !== null);
  return pages;
}

const namesOf = (items: { name: string }[]) => items.map((item) => item.name);

/** The order the API promises for `sort`, computed here from the rows as inserted. */
function expectedOrder(rows: ProductInsert[], sort: string): string[] {
  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...rows].sort((a, b) => {
    switch (sort) {
      case "price":
        return compare(a.priceCents, b.priceCents) || compare(a.id!, b.id!);
      case "-price":
        return compare(b.priceCents, a.priceCents) || compare(b.id!, a.id!);
      case "name":
        return compare(a.name, b.name) || compare(a.id!, b.id!);
      default:
        return compare(b.createdAt, a.createdAt) || compare(b.id!, a.id!);
    }
  });
  return sorted.map((row) => row.name);
}

/** A shelf of a brand of its own: ties on price, on creation time and on name, stock or none, and one archived. */
async function stockShelf() {
  const brand = `Brand ${uniqueWord()}`;
  const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
  const specs: Partial<ProductInsert>[] = [
    { name: "Aquanaut", priceCents: 300_000, createdAt: at(1), category: "sport", stock: 0 },
    { name: "Bathyscaphe", priceCents: 150_000, createdAt: at(2), category: "diver" },
    { name: "Calatrava", priceCents: 300_000, createdAt: at(2), category: "dress" },
    { name: "Daytona", priceCents: 300_000, createdAt: at(3), category: "chronograph", stock: 0 },
    { name: "Explorer", priceCents: 90_000, createdAt: at(4), category: "field" },
    { name: "Fifty Fathoms", priceCents: 150_000, createdAt: at(4), category: "diver", description: "Deep reef." },
    { name: "Calatrava", priceCents: 450_000, createdAt: at(5), category: "dress" },
    { name: "Navitimer", priceCents: 500_000, createdAt: at(6), category: "pilot" },
  ];
  const rows = [];
  for (const spec of specs) rows.push(await insertProduct({ ...spec, brand, updatedAt: spec.createdAt }));
  const archived = await insertProduct({ name: "Zeitwerk", brand, status: "archived", priceCents: 100_000 });
  return { brand, rows, archived };
}

describe("GET /products", () => {
  it.each(["price", "-price", "newest", "name"])(
    "walks every page in %s order, ties broken by id, without duplicates or gaps",
    async (sort) => {
      const { brand, rows } = await stockShelf();
      const pages = await productPages({ brand, sort, limit: 3 });
      expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
      const walked = pages.flat();
      expect(namesOf(walked)).toEqual(expectedOrder(rows, sort));
      expect(new Set(walked.map((p) => p.id)).size).toBe(rows.length);
    },
  );

  it("lists newest first by default, active products only, in the Product shape", async () => {
    const { brand, rows, archived } = await stockShelf();
    const res = await storeJson<Page<Product>>("GET", withQuery("/products", { brand }));
    expect(res.status).toBe(200);
    expect(namesOf(res.body.data)).toEqual(expectedOrder(rows, "newest"));
    expect(res.body.data.map((p) => p.id)).not.toContain(archived.id);
    expect(res.body.next_cursor).toBeNull();
    const navitimer = res.body.data[0]!;
    expect(navitimer).toEqual({
      id: rows[7]!.id,
      name: "Navitimer",
      brand,
      category: "pilot",
      description: "",
      price_cents: 500_000,
      currency: "USD",
      stock: 5,
      in_stock: true,
      image: null,
      details: {
        movement: null,
        case_material: null,
        case_diameter_mm: null,
        water_resistance_m: null,
        year: null,
        condition: "new",
        warranty_years: null,
      },
      status: "active",
      created_at: "2026-03-01T10:06:00.000Z",
      updated_at: "2026-03-01T10:06:00.000Z",
    });
  });

  it("narrows by category, price range (inclusive), stock and text", async () => {
    const { brand } = await stockShelf();
    const names = async (query: Query) =>
      namesOf((await productPages({ brand, sort: "name", limit: 2, ...query })).flat());

    expect(await names({ category: "diver" })).toEqual(["Bathyscaphe", "Fifty Fathoms"]);
    expect(await names({ min_price: 150_000, max_price: 300_000 })).toEqual([
      "Aquanaut",
      "Bathyscaphe",
      "Calatrava",
      "Daytona",
      "Fifty Fathoms",
    ]);
    expect(await names({ min_price: 450_000 })).toEqual(["Calatrava", "Navitimer"]);
    expect(await names({ in_stock: "false" })).toEqual(["Aquanaut", "Daytona"]);
    expect(await names({ in_stock: "true", max_price: 150_000 })).toEqual(["Bathyscaphe", "Explorer", "Fifty Fathoms"]);
    // In the name, brand or description, in any case; the archived Zeitwerk is never found.
    expect(await names({ q: "REEF" })).toEqual(["Fifty Fathoms"]);
    expect(await names({ q: "calat" })).toEqual(["Calatrava", "Calatrava"]);
    expect(await names({ q: "zeitwerk" })).toEqual([]);
    const byBrand = await storeJson<Page<Product>>("GET", withQuery("/products", { q: brand.toUpperCase() }));
    expect(byBrand.body.data).toHaveLength(8);
  });

  it("costs one D1 round trip a page, whatever its size", async () => {
    const { brand } = await stockShelf();
    for (const limit of [1, 8]) {
      const res = await storeJson("GET", withQuery("/products", { brand, limit, sort: "price" }));
      expect(res.status).toBe(200);
      expect(dbCost(res).queries).toBe(1);
    }
  });

  it("refuses a cursor carried to another sort or other filters, and one built by hand", async () => {
    const { brand } = await stockShelf();
    const first = await storeJson<Page<Product>>("GET", withQuery("/products", { brand, sort: "price", limit: 2 }));
    const cursor = first.body.next_cursor!;
    expect(cursor).toEqual(expect.any(String));

    const elsewhere: Query[] = [
      { brand, sort: "-price", limit: 2, cursor },
      { brand, sort: "name", limit: 2, cursor },
      { brand, sort: "price", limit: 2, cursor, category: "diver" },
      { brand, sort: "price", limit: 2, cursor, max_price: 400_000 },
      { brand: `${brand}x`, sort: "price", limit: 2, cursor },
      { brand, sort: "price", limit: 2, cursor: `${cursor}x` },
    ];
    for (const query of elsewhere) {
      expectFieldProblem(await storeJson("GET", withQuery("/products", query)), 400, "invalid_cursor", "cursor");
    }
    // The same sort and filters take it (a different page size too).
    const next = await storeJson<Page<Product>>(
      "GET",
      withQuery("/products", { brand, sort: "price", limit: 5, cursor }),
    );
    expect(next.status).toBe(200);
  });

  it.each([
    [{ min_price: 500, max_price: 400 }, "max_price"],
    [{ min_price: -1 }, "min_price"],
    [{ max_price: "cheap" }, "max_price"],
    [{ sort: "popular" }, "sort"],
    [{ in_stock: "yes" }, "in_stock"],
    [{ category: "pocket" }, "category"],
    [{ limit: 101 }, "limit"],
    [{ q: "   " }, "q"],
  ])("answers %j with a 400 naming %s", async (query, field) => {
    expectFieldProblem(await storeJson("GET", withQuery("/products", query as Query)), 400, "validation_failed", field);
  });
});

describe("GET /products/{id}", () => {
  it("answers a product to anyone, and an archived one only to staff", async () => {
    const product = await insertProduct({ description: "Sapphire crystal." });
    const archived = await insertProduct({ status: "archived" });
    const [editor, viewer, customer] = await Promise.all([
      createUser("editor"),
      createUser("viewer"),
      createCustomer(),
    ]);

    const res = await storeJson<Product>("GET", `/products/${product.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: product.id, name: product.name, description: "Sapphire crystal.", stock: 5 });
    expect(res.body.created_at).toMatch(ISO_UTC);
    expect(res.headers.get("ETag")).toBeTruthy();
    expect(res.headers.get("Cache-Control")).toBe("public, no-cache");

    expectProblem(await storeJson("GET", `/products/${archived.id}`), 404, "not_found");
    for (const user of [viewer, customer]) {
      expectProblem(await storeJson("GET", `/products/${archived.id}`, { token: user.token }), 404, "not_found");
    }
    const staff = await storeJson<Product>("GET", `/products/${archived.id}`, { token: editor.token });
    expect(staff.status).toBe(200);
    expect(staff.body.status).toBe("archived");
    expect(staff.headers.get("Cache-Control")).toBe("private, no-cache");
    expectProblem(await storeJson("GET", `/products/${MISSING_ID}`), 404, "not_found");
  });

  it("is answered from the edge cache the second time, without D1, and with a 304 for a current ETag", async () => {
    const product = await insertProduct();
    const miss = await storeJson("GET", `/products/${product.id}`);
    const hit = await storeJson("GET", `/products/${product.id}`);
    expect([cacheOf(miss), cacheOf(hit)]).toEqual(["miss", "hit"]);
    expect(dbCost(miss).queries).toBe(1);
    expect(dbCost(hit)).toEqual({ queries: 0, rowsRead: 0 });
    expect(hit.body).toEqual(miss.body);

    const etag = hit.headers.get("ETag")!;
    const notModified = await storeJson("GET", `/products/${product.id}`, { headers: { "If-None-Match": etag } });
    expect(notModified.status).toBe(304);
    expect(dbCost(notModified).queries).toBe(0);
  });

  it("shows a new price at once after a change, in the product and in the list", async () => {
    const editor = await createUser("editor");
    const brand = `Brand ${uniqueWord()}`;
    const product = await insertProduct({ brand, priceCents: 100_000 });
    const listPath = withQuery("/products", { brand });
    await storeJson("GET", `/products/${product.id}`);
    await storeJson("GET", listPath);
    expect(cacheOf(await storeJson("GET", listPath))).toBe("hit");

    const patched = await storeJson("PATCH", `/products/${product.id}`, {
      token: editor.token,
      body: { price_cents: 120_000 },
    });
    expect(patched.status).toBe(200);

    const read = await storeJson<Product>("GET", `/products/${product.id}`);
    expect(cacheOf(read)).toBe("miss");
    expect(read.body.price_cents).toBe(120_000);
    const listed = await storeJson<Page<Product>>("GET", listPath);
    expect(listed.body.data[0]!.price_cents).toBe(120_000);
  });

  it("never caches a staff member's answer", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct();
    const first = await storeJson("GET", `/products/${product.id}`, { token: editor.token });
    const second = await storeJson("GET", `/products/${product.id}`, { token: editor.token });
    expect([cacheOf(first), cacheOf(second)]).toEqual(["bypass", "bypass"]);
  });
});

describe("POST /products", () => {
  it("puts a product on the shelf: 201 with Location, and it is listed", async () => {
    const editor = await createUser("editor");
    const brand = `Brand ${uniqueWord()}`;
    const res = await storeJson<Product>("POST", "/products", { token: editor.token, body: { ...newProduct, brand } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get("Location")).toBe(`/products/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: "Seamaster Diver 300M",
      brand,
      category: "diver",
      price_cents: 590_000,
      currency: "USD",
      stock: 4,
      in_stock: true,
      image: MEDIA_IMAGE,
      status: "active",
      details: {
        movement: "automatic",
        case_material: null,
        case_diameter_mm: 42,
        water_resistance_m: 300,
        year: 2024,
        condition: "new",
        warranty_years: 5,
      },
    });
    expect(dbCost(res).queries).toBe(1 + ACCOUNT_LOOKUP.queries);

    const listed = await storeJson<Page<Product>>("GET", withQuery("/products", { brand }));
    expect(listed.body.data).toEqual([res.body]);
  });

  it("takes the least a product needs, with defaults", async () => {
    const admin = await createUser("admin");
    const res = await storeJson<Product>("POST", "/products", {
      token: admin.token,
      body: {
        name: "Tank",
        brand: "Cartier",
        category: "dress",
        price_cents: 0,
        image: "https://cdn.example.com/t.jpg",
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ stock: 0, in_stock: false, description: "", status: "active" });
  });

  it.each([
    [{ image: "http://cdn.example.com/a.jpg" }, "image"],
    [{ image: "/media/images/not-a-key.jpg" }, "image"],
    [{ image: "ftp://example.com/a.jpg" }, "image"],
    [{ category: "pocket" }, "category"],
    [{ price_cents: -1 }, "price_cents"],
    [{ price_cents: 10.5 }, "price_cents"],
    [{ stock: -1 }, "stock"],
    [{ name: "  " }, "name"],
    [{ currency: "EUR" }, "currency"],
    [{ details: { movement: "steam" } }, "details.movement"],
    [{ details: { case_diameter_mm: 500 } }, "details.case_diameter_mm"],
    [{ colour: "blue" }, "colour"],
  ])("refuses %j with a 400 naming %s, storing nothing", async (change, field) => {
    const editor = await createUser("editor");
    const brand = `Brand ${uniqueWord()}`;
    const res = await storeJson("POST", "/products", {
      token: editor.token,
      body: { ...newProduct, brand, ...change },
    });
    expectFieldProblem(res, 400, "validation_failed", field);
    const listed = await storeJson<Page<Product>>("GET", withQuery("/products", { brand }));
    expect(listed.body.data).toEqual([]);
  });
});

describe("staff writes", () => {
  it.each([
    ["POST", () => "/products"],
    ["PATCH", (id: string) => `/products/${id}`],
    ["DELETE", (id: string) => `/products/${id}`],
    ["PATCH", (id: string) => `/products/${id}/inventory`],
  ])("%s %s: 401 without a token, 403 for a customer or a viewer, and nothing changes", async (method, pathOf) => {
    const product = await insertProduct();
    const body =
      method === "POST"
        ? newProduct
        : pathOf(product.id).endsWith("inventory")
          ? { delta: 1 }
          : {
              price_cents: 1,
            };
    const path = pathOf(product.id);
    expectProblem(await storeJson(method, path, { body }), 401, "unauthorized");
    const users: TestUser[] = [await createCustomer(), await createUser("viewer")];
    for (const user of users) {
      expectProblem(await storeJson(method, path, { token: user.token, body }), 403, "forbidden");
    }
    const after = await storeJson<Product>("GET", `/products/${product.id}`);
    expect(after.body).toMatchObject({ price_cents: 100_000, stock: 5 });
  });
});

describe("PATCH /products/{id}", () => {
  it("changes only what is sent, details field by field", async () => {
    const editor = await createUser("editor");
    const created = await storeJson<Product>("POST", "/products", {
      token: editor.token,
      body: { ...newProduct, brand: `Brand ${uniqueWord()}` },
    });
    const res = await storeJson<Product>("PATCH", `/products/${created.body.id}`, {
      token: editor.token,
      body: { description: "Now with a blue dial.", image: null, details: { year: 2025, condition: "unworn" } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...created.body,
      description: "Now with a blue dial.",
      image: null,
      details: { ...created.body.details, year: 2025, condition: "unworn" },
      updated_at: expect.stringMatching(ISO_UTC),
    });
    expect(dbCost(res).queries).toBe(1 + ACCOUNT_LOOKUP.queries);
  });

  it("archives a product off the shelf and puts it back", async () => {
    const editor = await createUser("editor");
    const brand = `Brand ${uniqueWord()}`;
    const product = await insertProduct({ brand });
    const listed = async () => (await storeJson<Page<Product>>("GET", withQuery("/products", { brand }))).body.data;

    const archived = await storeJson<Product>("PATCH", `/products/${product.id}`, {
      token: editor.token,
      body: { status: "archived" },
    });
    expect(archived.body.status).toBe("archived");
    expect(await listed()).toEqual([]);
    expectProblem(await storeJson("GET", `/products/${product.id}`), 404, "not_found");

    await storeJson("PATCH", `/products/${product.id}`, { token: editor.token, body: { status: "active" } });
    expect((await listed()).map((p) => p.id)).toEqual([product.id]);
  });

  it("answers 404 for an unknown product and 400 for an empty change or stock", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct();
    expectProblem(
      await storeJson("PATCH", `/products/${MISSING_ID}`, { token: editor.token, body: { price_cents: 1 } }),
      404,
      "not_found",
    );
    expectProblem(
      await storeJson("PATCH", `/products/${product.id}`, { token: editor.token, body: {} }),
      400,
      "validation_failed",
    );
    expectFieldProblem(
      await storeJson("PATCH", `/products/${product.id}`, { token: editor.token, body: { stock: 9 } }),
      400,
      "validation_failed",
      "stock",
    );
  });
});

describe("DELETE /products/{id}", () => {
  it("deletes a product no order names: 204, then 404", async () => {
    const editor = await createUser("editor");
    const product = await insertProduct();
    const res = await storeJson("DELETE", `/products/${product.id}`, { token: editor.token });
    expect(res.status).toBe(204);
    expect(dbCost(res).queries).toBe(1 + ACCOUNT_LOOKUP.queries);
    expectProblem(await storeJson("GET", `/products/${product.id}`, { token: editor.token }), 404, "not_found");
    expectProblem(await storeJson("DELETE", `/products/${product.id}`, { token: editor.token }), 404, "not_found");
  });

  it("refuses a product that an order names with 409 has_orders, keeping it", async () => {
    const editor = await createUser("editor");
    const customer = await createCustomer();
    const product = await insertProduct();
    await insertOrder(customer.id, { productIds: [product.id] });

    const res = await storeJson("DELETE", `/products/${product.id}`, { token: editor.token });
    const problem = expectProblem(res, 409, "has_orders");
    expect(problem.detail).toMatch(/archive it instead/);
    expect((await storeJson("GET", `/products/${product.id}`)).status).toBe(200);
  });
});
