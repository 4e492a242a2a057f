/**
 * The store's staff pages as the demo editor uses them: a product created after fixing what the API refused, a
 * low-stock product restocked from the alerts, one line of an order refunded with its amounts and history, the
 * recommendation weights refused until they add up to 1; and a customer told the console is not for their role.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  expectAccessible,
  launchBrowser,
  type StoredSession,
  screenshot,
  storedSession,
  tabsClosedAfterEach,
} from "./browser";

let browser: Browser;
let editor: StoredSession;
let carol: StoredSession;

/** A page of this tab signed in as `who`, as after the sign-in dialog; closed after the test. */
const signedInPage = tabsClosedAfterEach(() => browser);

const suffix = Date.now().toString(36);

/** Cents as the pages show them to the tests' browser (en-GB). */
const money = (cents: number) =>
  new Intl.NumberFormat("en-GB", { style: "currency", currency: "USD" }).format(cents / 100);

/** A product Carol's order left at 1 unit (so with an open alert), and that order once the queue completed it. */
interface PlacedOrder {
  lowProduct: { id: string; name: string };
  orderId: string;
}
let placed: Promise<PlacedOrder> | undefined;

/** Carol buys 2 of a product with 3 in stock and 1 of another; made once, for the tests that need it. */
function placedOrder(): Promise<PlacedOrder> {
  placed ??= (async () => {
    const product = (body: Record<string, unknown>) =>
      callApi(editor.token, "POST", "/products", { brand: "Testwerk", category: "field", ...body }) as Promise<{
        id: string;
        name: string;
      }>;
    const lowProduct = await product({ name: `Low Field ${suffix}`, price_cents: 40_000, stock: 3 });
    const other = await product({ name: `Plenty Field ${suffix}`, price_cents: 25_000, stock: 50 });
    const cart = (await callApi(carol.token, "GET", "/cart")) as { items: { product: { id: string } }[] };
    for (const item of cart.items) await callApi(carol.token, "DELETE", `/cart/items/${item.product.id}`);
    await callApi(carol.token, "POST", "/cart/items", { product_id: lowProduct.id, quantity: 2 });
    await callApi(carol.token, "POST", "/cart/items", { product_id: other.id, quantity: 1 });
    const { id: orderId } = (await callApi(carol.token, "POST", "/checkout")) as { id: string };
    await expect
      .poll(async () => ((await callApi(editor.token, "GET", `/orders/${orderId}`)) as { status: string }).status, {
        interval: 500,
        timeout: 20_000,
      })
      .toBe("completed");
    return { lowProduct, orderId };
  })();
  return placed;
}

beforeAll(async () => {
  browser = await launchBrowser();
  editor = await storedSession("editor@example.com", "editor-password");
  carol = await storedSession("carol@example.com", "carol-password");
});
afterAll(async () => {
  await browser?.close();
});

describe("store console", () => {
  it("creates a product after fixing the fields the API refused", async () => {
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/store/products");
    await page.getByRole("heading", { level: 1, name: "Products" }).waitFor();
    await page.getByText(/^Showing \d+ products?/).waitFor();
    await expectAccessible(page, "console products");
    await screenshot(page, "console-products");

    await page.getByRole("button", { name: "New product" }).click();
    const dialog = page.getByRole("dialog", { name: "New product" });
    const name = `Console Chrono ${suffix}`;
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Category").selectOption("chronograph");
    await dialog.getByLabel("Price (USD)").fill("1250.50");
    await dialog.getByLabel("Year", { exact: true }).fill("1500");
    // No brand, and a year before watches: the API names both fields, and the form shows each beside its field.
    await dialog.getByRole("button", { name: "Create product" }).click();
    const brand = dialog.getByLabel("Brand");
    await expect.poll(() => brand.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.getByLabel("Year", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "product form with errors");
    await screenshot(page, "console-product-errors", { fullPage: false });

    await brand.fill("Heuer");
    await dialog.getByLabel("Year", { exact: true }).fill("1969");
    await dialog.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("status").getByText(`${name} created.`).waitFor();
    await page.getByLabel("Search").fill(name);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.waitFor();
    expect(await row.textContent()).toContain("$1,250.50");
    await screenshot(page, "console-products-found");
    expect(problems).toEqual([]);
  });

  it("restocks a low product from the alerts, which clears its alert", async () => {
    const { lowProduct } = await placedOrder();
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/store/alerts");
    const row = page.getByRole("row", { name: new RegExp(lowProduct.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain("1 left");
    await expectAccessible(page, "console alerts");
    await screenshot(page, "console-alerts");

    await row.getByLabel(`Units to add to ${lowProduct.name}`).fill("12");
    await row.getByRole("button", { name: "Restock" }).click();
    await page.getByText(`${lowProduct.name} restocked: 13 units in stock.`).waitFor();
    await row.waitFor({ state: "detached" });
    const product = (await callApi(null, "GET", `/products/${lowProduct.id}`)) as { stock: number };
    expect(product.stock).toBe(13);

    // Taking out more than there is: the API refuses, and the dialog says how many there are.
    await page.goto("/console/store/products");
    await page.getByLabel("Search").fill(lowProduct.name);
    await page.getByRole("button", { name: `Stock of ${lowProduct.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Stock of ${lowProduct.name}` });
    await dialog.getByLabel("Change by").fill("-20");
    await dialog.getByRole("button", { name: "Take out" }).click();
    await dialog.getByText("Only 13 units in stock: 20 cannot be taken out.").waitFor();
    await screenshot(page, "console-stock-short", { fullPage: false });
    await dialog.getByLabel("Change by").fill("-3");
    await dialog.getByRole("button", { name: "Take out" }).click();
    await page.getByText(`${lowProduct.name} now has 10 units in stock.`).waitFor();
    expect(problems).toEqual([]);
  });

  it("offers to archive a product that has orders instead of deleting it, and to bring it back", async () => {
    const { lowProduct } = await placedOrder();
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/store/products");
    await page.getByLabel("Search").fill(lowProduct.name);
    await page.getByRole("button", { name: `Delete ${lowProduct.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${lowProduct.name}?` });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await dialog.getByText(/has orders, so it cannot be deleted/).waitFor();
    await screenshot(page, "console-delete-has-orders", { fullPage: false });
    await dialog.getByRole("button", { name: "Archive it instead" }).click();
    await page.getByText(`${lowProduct.name} is archived`).waitFor();
    const archived = (await callApi(editor.token, "GET", `/products/${lowProduct.id}`)) as { status: string };
    expect(archived.status).toBe("archived");
    // Archived products leave the shop's list, so the way back is on the notice.
    await page.getByRole("button", { name: "Unarchive" }).click();
    await page.getByText(`${lowProduct.name} is back in the shop.`).waitFor();
    expect(((await callApi(null, "GET", `/products/${lowProduct.id}`)) as { status: string }).status).toBe("active");
    expect(problems).toEqual([]);
  });

  it("refunds one line of an order and shows the amounts and the history", async () => {
    const { lowProduct, orderId } = await placedOrder();
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/store/orders");
    await page.getByRole("link", { name: orderId.slice(0, 8) }).click();
    await page.getByRole("heading", { level: 1, name: `Order ${orderId.slice(0, 8)}` }).waitFor();
    await page.getByRole("button", { name: "Refund…" }).click();
    const dialog = page.getByRole("dialog", { name: `Refund order ${orderId.slice(0, 8)}` });
    await dialog.getByRole("spinbutton", { name: lowProduct.name }).fill("1");
    await dialog.getByLabel("Reason").fill("Scratched glass");
    await screenshot(page, "console-refund", { fullPage: false });
    await dialog.getByRole("button", { name: "Refund", exact: true }).click();
    await page.getByText(/^Refunded (US)?\$[\d,.]+\. The order is now partially refunded\./).waitFor();

    // The page shows what the API refunded (one of two at $400, less Carol's tier discount) and what is kept.
    const order = (await callApi(editor.token, "GET", `/orders/${orderId}`)) as {
      status: string;
      total_cents: number;
      refunded_cents: number;
      items: { product_id: string; refunded_quantity: number; refunded_cents: number }[];
    };
    expect(order.status).toBe("partially_refunded");
    expect(order.refunded_cents).toBeGreaterThan(0);
    expect(order.refunded_cents).toBeLessThanOrEqual(40_000);
    const line = order.items.find((item) => item.product_id === lowProduct.id);
    expect(line).toMatchObject({ refunded_quantity: 1, refunded_cents: order.refunded_cents });
    await page.getByText(`Refunded ${money(order.refunded_cents)}.`, { exact: false }).waitFor();
    const lines = page.getByRole("region", { name: "Lines" });
    expect(await lines.getByRole("row", { name: new RegExp(lowProduct.name) }).textContent()).toContain(
      `1 · ${money(order.refunded_cents)}`,
    );
    expect(await lines.getByRole("row", { name: "Kept" }).textContent()).toContain(
      money(order.total_cents - order.refunded_cents),
    );
    const history = page.getByRole("region", { name: "History" });
    await history.getByText("Completed → Partially refunded").waitFor();
    await history.getByText(`${editor.user.name} (you)`).waitFor();
    await history.getByText("“Scratched glass”").waitFor();
    await expectAccessible(page, "console order");
    await screenshot(page, "console-order");
    expect(problems).toEqual([]);
  });

  it("refuses weights that do not add up to 1, then saves them", async () => {
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/store/recommendations");
    const content = page.getByRole("spinbutton", { name: "Content similarity" });
    const copurchase = page.getByRole("spinbutton", { name: "Co-purchases" });
    await expect.poll(() => content.inputValue()).not.toBe("");
    // Linked, one weight takes the rest of 1 from the other.
    await content.fill("0.7");
    expect(await copurchase.inputValue()).toBe("0.3");
    // Unlinked, the two can be sent adding up to more than 1: the API refuses.
    await page.getByLabel("Keep the sum at 1 as I type").uncheck();
    await copurchase.fill("0.5");
    await page.getByText("must add up to 1").waitFor();
    await page.getByRole("button", { name: "Save weights" }).click();
    await page.getByRole("alert").first().waitFor();
    await screenshot(page, "console-weights-refused", { fullPage: false });
    const refused = (await callApi(editor.token, "GET", "/recommendations/weights")) as { content: number };
    expect(refused.content).not.toBe(0.7);

    await copurchase.fill("0.3");
    await page.getByRole("button", { name: "Save weights" }).click();
    await page.getByText("Saved. Recommendations use the new weights from now on.").waitFor();
    const saved = (await callApi(editor.token, "GET", "/recommendations/weights")) as {
      content: number;
      copurchase: number;
    };
    expect(saved).toMatchObject({ content: 0.7, copurchase: 0.3 });
    await expectAccessible(page, "console recommendations");
    await screenshot(page, "console-weights");
    expect(problems).toEqual([]);
  });

  it("lists orders by customer, customers with their tiers, and failed messages", async () => {
    const { orderId } = await placedOrder();
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/store/customers");
    const row = page.getByRole("row", { name: /Carol Customer/ });
    await row.waitFor();
    await expectAccessible(page, "console customers");
    await screenshot(page, "console-customers");
    await row.getByRole("link", { name: "Orders" }).click();
    await page.getByRole("link", { name: orderId.slice(0, 8) }).waitFor();
    expect(await page.getByRole("combobox", { name: "Customer" }).inputValue()).toBe(carol.user.id);
    await expectAccessible(page, "console orders");
    await screenshot(page, "console-orders");

    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Failed messages" }).click();
    await page.getByRole("heading", { level: 1, name: "Failed messages" }).waitFor();
    await page
      .getByText(/No failed messages|Replay/)
      .first()
      .waitFor();
    await expectAccessible(page, "console failed messages");
    await screenshot(page, "console-dead-letters");
    expect(problems).toEqual([]);
  });

  it("fits a phone: the console's pages become tabs above the table", async () => {
    const tab = await signedInPage(editor, "phone");
    await tab.page.goto("/console/store/products");
    await tab.page.getByText(/^Showing \d+ products?/).waitFor();
    await expectAccessible(tab.page, "console products on a phone");
    // Nothing wider than the phone: the table scrolls inside its frame, the page does not.
    expect(await tab.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(tab.page, "console-products");
    expect(tab.problems).toEqual([]);
  });

  it("lets a viewer in, and says so where the API refuses their role", async () => {
    const viewer = await storedSession("viewer@example.com", "viewer-password");
    const { page, problems } = await signedInPage(viewer);
    await page.goto("/console/store/alerts");
    await page.getByRole("heading", { level: 1, name: "Low stock" }).waitFor();
    await page.getByText("Your role does not allow this.").waitFor();
    expect(problems).toEqual([]);
  });

  it("tells a customer that their role does not allow the console", async () => {
    const { page, problems } = await signedInPage(carol);
    await page.goto("/console/store/products");
    await page.getByText("Your role does not allow this.").waitFor();
    expect(await page.getByRole("table").count()).toBe(0);
    // Customers are not offered the console in the navigation either.
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Console" }).count()).toBe(0);
    await expectAccessible(page, "console refused");
    await screenshot(page, "console-refused");
    expect(problems).toEqual([]);
  });
});
