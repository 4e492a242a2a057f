/**
 * The shop as a person uses it: browsing the watches with filters and a sort kept in the address, a watch's page, a
 * guest's cart kept in the browser and merged into the account's on sign-in, checkout, the order's page going from
 * processing to completed by itself, the customer's orders; stock that ran out by checkout time shown on its line;
 * signing up, with a taken email refused beside the field.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, expectAccessible, launchBrowser, openPage, screenshot } from "./browser";
import { apiToken } from "./live-helpers";

let browser: Browser;
let editor: string;
/** Watches of a brand of the tests' own, so that what the tests buy and sell out is theirs alone. */
const BRAND = "Halden & Sons";
const watches: Record<"diver" | "field" | "dress", { id: string; name: string }> = {} as never;

beforeAll(async () => {
  browser = await launchBrowser();
  editor = await apiToken("editor@example.com", "editor-password");
  const make = (name: string, category: string, price_cents: number, stock: number) =>
    callApi<{ id: string; name: string }>(editor, "POST", "/products", {
      name,
      brand: BRAND,
      category,
      price_cents,
      stock,
      description: "Made in small numbers in a workshop by the lake.",
      details: { movement: "automatic", case_material: "Steel", case_diameter_mm: 39, water_resistance_m: 200 },
    });
  watches.diver = await make("Halden Deep 200", "diver", 185_000, 8);
  watches.field = await make("Halden Trail 38", "field", 64_000, 1);
  watches.dress = await make("Halden Soirée", "dress", 99_000, 5);
});
afterAll(async () => {
  await browser?.close();
});

const cardNames = (page: Page) => page.getByRole("main").locator("article h3").allTextContents();

/** A screenshot, once every watch's photo has been shown or given up for the drawing: a page that holds still. */
async function shot(page: Page, name: string, options?: { fullPage?: boolean }) {
  await expect.poll(() => page.locator('main img[data-shown="false"]').count(), { timeout: 20_000 }).toBe(0);
  await screenshot(page, name, options);
}

/** Signs in through the dialog that `opener` opens, and waits for the header to say so. */
async function signInWith(page: Page, opener: Locator, email: string, password: string) {
  await opener.click();
  const dialog = page.getByRole("dialog", { name: "Sign in" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

describe("shop", () => {
  it("browses, fills a guest cart, signs in to merge it, checks out and follows the order to completed", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Shop" }).click();
    await page.getByRole("heading", { level: 1, name: "Watches" }).waitFor();
    await expect.poll(async () => (await cardNames(page)).length).toBeGreaterThanOrEqual(3);
    await shot(page, "shop");
    await expectAccessible(page, "shop");

    // Narrow to the brand, then sort by price, dearest first: both land in the address.
    await page.getByLabel("Brand").selectOption(BRAND);
    await expect
      .poll(async () => (await cardNames(page)).sort())
      .toEqual(["Halden Deep 200", "Halden Soirée", "Halden Trail 38"]);
    await page.getByLabel("Sort by").selectOption({ label: "Price: high to low" });
    await expect.poll(() => cardNames(page)).toEqual(["Halden Deep 200", "Halden Soirée", "Halden Trail 38"]);
    await page.getByLabel("Sort by").selectOption({ label: "Price: low to high" });
    await expect.poll(() => cardNames(page)).toEqual(["Halden Trail 38", "Halden Soirée", "Halden Deep 200"]);
    await page.getByRole("radio", { name: "Dress" }).click();
    await expect.poll(() => cardNames(page)).toEqual(["Halden Soirée"]);
    const address = new URL(page.url());
    expect(Object.fromEntries(address.searchParams)).toEqual({ brand: BRAND, sort: "price", category: "dress" });
    // The last of a watch says so on its card.
    await page.goto(`/shop?brand=${encodeURIComponent(BRAND)}&category=field`);
    await expect.poll(() => cardNames(page)).toEqual(["Halden Trail 38"]);
    expect(await page.getByRole("main").getByText("Only 1 left").isVisible()).toBe(true);

    // A guest puts two of the diver in the cart.
    await page.goto(`/shop?brand=${encodeURIComponent(BRAND)}&category=diver`);
    await page.getByRole("link", { name: "Halden Deep 200" }).click();
    await page.getByRole("heading", { level: 1, name: "Halden Deep 200" }).waitFor();
    expect(await page.getByText("Water resistance").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Increase quantity of Halden Deep 200" }).click();
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added 2 to your cart.").waitFor();
    await page.getByRole("link", { name: "Cart, 2 items" }).waitFor();
    await shot(page, "shop-product");
    await expectAccessible(page, "product");

    await page.getByRole("link", { name: "Cart, 2 items" }).click();
    await page.getByRole("heading", { level: 1, name: "Your cart" }).waitFor();
    await page.getByRole("link", { name: "Halden Deep 200" }).waitFor();
    expect(await page.getByRole("button", { name: "Sign in to check out" }).isVisible()).toBe(true);
    await expectAccessible(page, "guest cart");

    // Signing in brings the guest's lines into Carol's cart, and says so.
    await signInWith(
      page,
      page.getByRole("button", { name: "Sign in to check out" }),
      "carol@example.com",
      "carol-password",
    );
    await page.getByText(/We added 2 watches from before you signed in/).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("edge-platform.guest-cart"))).toBeNull();
    const line = page
      .getByRole("list", { name: "Cart lines" })
      .getByRole("listitem")
      .filter({ hasText: "Halden Deep 200" });
    expect(await line.getByRole("spinbutton", { name: "Quantity of Halden Deep 200" }).inputValue()).toBe("2");
    // Whatever else Carol had in her cart stays for another day: only the diver is bought here.
    for (const other of await page.getByRole("button", { name: /^Remove (?!Halden Deep 200)/ }).all()) {
      await other.click();
    }
    await expect.poll(() => page.getByRole("button", { name: /^Remove / }).count()).toBe(1);
    await page.getByRole("link", { name: "Cart, 2 items" }).waitFor();
    await shot(page, "shop-cart");
    await expectAccessible(page, "cart");

    // Checkout: the order's page, processing until the store's queue completes it.
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.waitForURL(/\/shop\/orders\/[^/]+$/);
    // The note about the merge stayed with the cart.
    await page.getByRole("heading", { level: 1, name: /^Order / }).waitFor();
    expect(await page.getByText(/We added 2 watches/).count()).toBe(0);
    const status = page.getByRole("status").filter({ hasText: /order/ });
    await shot(page, "shop-order-processing");
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/Your order is complete\./);
    // A point per whole dollar paid: $3,700 less Carol's member discount, if any.
    expect(await status.textContent()).toMatch(/You earned [\d,]+ reward points\./);
    expect(await page.getByRole("row", { name: /Halden Deep 200/ }).textContent()).toContain("$3,700");
    expect(await page.getByText("Completed", { exact: true }).first().isVisible()).toBe(true);
    await shot(page, "shop-order");
    await expectAccessible(page, "order");
    const orderNumber = (await page.getByRole("heading", { level: 1 }).textContent())?.replace("Order ", "") ?? "";

    // "Your orders" lists it, newest first.
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Your orders" }).click();
    await page.getByRole("heading", { level: 1, name: "Your orders" }).waitFor();
    const first = page.getByRole("list", { name: "Orders" }).getByRole("listitem").first();
    await expect.poll(() => first.textContent()).toContain(`Order ${orderNumber}`);
    expect(await first.textContent()).toContain("Completed");
    await expectAccessible(page, "orders");
    expect(problems).toEqual([]);
  });

  it("cancels an order still processing, and says what became of it", async () => {
    const { page, problems } = await openPage(browser, "phone");
    await page.goto("/shop/orders");
    await signInWith(
      page,
      page.getByRole("main").getByRole("button", { name: "Sign in" }),
      "carol@example.com",
      "carol-password",
    );
    // The demo's processing order of Carol's: one the queue never heard of, so it waits for her.
    const row = page.getByRole("list", { name: "Orders" }).getByRole("listitem").filter({ hasText: "Prospex Turtle" });
    await row.filter({ hasText: "Processing" }).getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: /^Order / }).waitFor();
    await page.getByText("We are confirming your order.").waitFor();
    await page.getByRole("button", { name: "Cancel order" }).click();
    await page.getByRole("button", { name: "Yes, cancel it" }).click();
    await page.getByText("This order was cancelled, and nothing was charged.").waitFor();
    expect(await page.getByRole("listitem").filter({ hasText: "Cancelled by you" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Cancel order" }).count()).toBe(0);
    await shot(page, "shop-order-cancelled");
    await expectAccessible(page, "cancelled order");
    expect(problems).toEqual([]);
  });

  it("shows on its line a watch that sold out before checkout, with what is left", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`/shop/products/${watches.field.id}`);
    await page.getByRole("heading", { level: 1, name: "Halden Trail 38" }).waitFor();
    await signInWith(
      page,
      page.getByRole("banner").getByRole("button", { name: "Sign in" }),
      "dan@example.com",
      "dan-password",
    );
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added to your cart.").waitFor();

    // Someone else buys the last one meanwhile.
    await callApi(editor, "PATCH", `/products/${watches.field.id}/inventory`, { delta: -1 });

    await page.getByRole("link", { name: /^Cart, / }).click();
    const line = page
      .getByRole("list", { name: "Cart lines" })
      .getByRole("listitem")
      .filter({ hasText: "Halden Trail 38" });
    await line.waitFor();
    // Other lines of Dan's cart go, so that the refusal is this watch's.
    for (const other of await page.getByRole("button", { name: /^Remove (?!Halden Trail 38)/ }).all())
      await other.click();
    await page.getByRole("button", { name: "Checkout" }).click();
    await line.getByRole("alert").waitFor();
    expect(await line.getByRole("alert").textContent()).toContain("Sold out: remove it to check out. You asked for 1.");
    expect(await page.getByText(/Some watches ran short while you shopped/).isVisible()).toBe(true);
    expect(page.url()).toMatch(/\/shop\/cart$/);
    await shot(page, "shop-sold-out");
    await expectAccessible(page, "sold out");
    expect(problems).toEqual([]);
  });

  it("signs up a customer, refusing a taken email beside the field", async () => {
    const { page, problems } = await openPage(browser, "phone");
    await page.goto("/shop/orders");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByRole("heading", { level: 1, name: "Create an account" }).waitFor();
    await page.getByLabel("Name").fill("Carol Again");
    await page.getByLabel("Email").fill("carol@example.com");
    await page.getByLabel("Password").fill("a-long-enough-password");
    await page.getByRole("button", { name: "Create account" }).click();
    const email = page.getByLabel("Email");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText("There is already an account with this email.", { exact: false }).isVisible()).toBe(
      true,
    );
    await shot(page, "shop-sign-up-taken");
    await expectAccessible(page, "sign up");

    await email.fill(`erin-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Create account" }).click();
    // Signed in, and back at the page the sign-up started from.
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.getByRole("heading", { level: 1, name: "Your orders" }).waitFor();
    await page.getByText("You have not ordered anything yet.").waitFor();
    await page.getByRole("link", { name: "For you" }).first().click();
    await page.getByRole("heading", { level: 1, name: "For you" }).waitFor();
    await page.getByText(/here are our best sellers/).waitFor();
    await shot(page, "shop-for-you");
    expect(problems).toEqual([]);
  });

  it("fits a phone: more watches a page at a time, search, filters behind a button, two watches a row", async () => {
    const { page, problems } = await openPage(browser, "phone");
    await page.goto("/shop");
    await expect.poll(async () => (await cardNames(page)).length).toBeGreaterThanOrEqual(3);
    // A page at a time: the next twelve come after the first.
    await expect.poll(async () => (await cardNames(page)).length).toBe(12);
    await page.getByRole("button", { name: "More watches" }).click();
    await expect.poll(async () => (await cardNames(page)).length).toBe(24);
    // Words search names and brands, and stay in the address.
    await page.getByRole("searchbox", { name: "Search watches" }).fill("Halden");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect
      .poll(async () => (await cardNames(page)).sort())
      .toEqual(["Halden Deep 200", "Halden Soirée", "Halden Trail 38"]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("Halden");
    await page.goto("/shop");
    expect(await page.getByLabel("Brand").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Filters" }).click();
    await page.getByLabel("Brand").selectOption(BRAND);
    await expect.poll(() => cardNames(page)).toHaveLength(3);
    await page.getByRole("button", { name: "Hide filters" }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, "shop-phone", { fullPage: false });
    await expectAccessible(page, "shop on a phone");
    expect(problems).toEqual([]);
  });
});
