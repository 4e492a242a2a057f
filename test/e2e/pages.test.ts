/**
 * Every page at phone and desktop widths: it renders its content, passes axe-core without serious or critical
 * violations, breaks no Content-Security-Policy, and is photographed into test/e2e/screenshots/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  expectAccessible,
  launchBrowser,
  openPage,
  screenshot,
  type TestPage,
  VIEWPORTS,
  type ViewportName,
} from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface PageVisit {
  name: string;
  path: string;
  /** What shows that the page has its content, not a loading state. */
  ready: (page: Page) => Promise<unknown>;
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole("heading", { level: 1, name }).waitFor();

/** A scoreboard has its game's name, and the score from its socket. */
const scored = (name: string) => async (page: Page) => {
  await heading(name)(page);
  await page.locator("section[aria-label=Score][aria-busy=false]").waitFor();
};

const PAGES: PageVisit[] = [
  {
    name: "home",
    path: "/",
    ready: async (page) => {
      await page.getByRole("region", { name: "Featured" }).getByRole("link", { name: "Kitchen Basics" }).waitFor();
      await page.getByRole("region", { name: "New programs" }).getByRole("link", { name: "Kitchen Basics" }).waitFor();
      await page.getByRole("region", { name: "Coming up" }).getByRole("listitem").first().waitFor();
    },
  },
  {
    name: "programs",
    path: "/programs",
    ready: (page) => page.getByRole("link", { name: "Kitchen Basics" }).waitFor(),
  },
  { name: "program", path: "/programs/program-telugu", ready: heading("Telugu for Beginners") },
  { name: "lesson-video", path: "/lessons/lesson-greetings", ready: heading("Greetings and introductions") },
  { name: "lesson-audio", path: "/lessons/lesson-market", ready: heading("At the market") },
  { name: "calendar", path: "/calendar", ready: heading(/^Calendar/) },
  { name: "calendar-month", path: "/calendar/2026-12", ready: heading("Calendar · December 2026") },
  { name: "scoreboards", path: "/scoreboards", ready: heading("Scores") },
  { name: "scoreboard", path: "/scoreboards/game-hawks-vipers", ready: scored("Harbour Hawks vs Valley Vipers") },
  { name: "scoreboard-final", path: "/scoreboards/game-comets-bears", ready: scored("City Comets vs Bayside Bears") },
  { name: "streams", path: "/live", ready: heading("Live streams") },
  { name: "live", path: "/live/stream-launch-day", ready: heading("Launch day live") },
  {
    name: "search",
    path: "/search?q=telugu",
    ready: (page) =>
      page
        .getByRole("list", { name: "Results" })
        .getByRole("link", { name: /Telugu/ })
        .first()
        .waitFor(),
  },
  { name: "unsubscribe", path: "/unsubscribe", ready: heading("Leave the newsletter") },
  { name: "not-found", path: "/no-such-page", ready: heading("We could not find that page") },
  // The shop as a guest sees it; a customer's pages (cart lines, orders, picks) are in shop.test.ts. Narrowed to one
  // seeded brand: other browser tests put newer watches on the shelf, ahead of the seed's on the first page.
  {
    name: "shop",
    path: "/shop?brand=Seiko",
    ready: (page) => page.getByRole("link", { name: "Prospex Turtle" }).waitFor(),
  },
  { name: "shop-product", path: "/shop/products/product-seiko-prospex-turtle", ready: heading("Prospex Turtle") },
  { name: "shop-cart-empty", path: "/shop/cart", ready: (page) => page.getByText("Your cart is empty.").waitFor() },
  { name: "shop-orders-guest", path: "/shop/orders", ready: heading("Your orders") },
  { name: "shop-for-you-guest", path: "/shop/for-you", ready: heading("For you") },
  { name: "shop-sign-up", path: "/shop/sign-up", ready: heading("Create an account") },
];

/** The page's Swagger UI, which web/public/vendor/swagger-ui/start.js keeps on window. */
interface SwaggerWindow {
  ui: { specSelectors: { operations(): { size: number } } };
}

describe.each(Object.keys(VIEWPORTS) as ViewportName[])("every page at %s width", (viewport) => {
  // One tab per width, going from page to page (this Chromium runs in a single process, where closing a context
  // can take the browser down with it).
  let tab: TestPage;
  beforeAll(async () => {
    tab = await openPage(browser, viewport);
  });
  beforeEach(() => {
    tab.problems.length = 0;
    tab.offsite.length = 0;
  });

  it.each(PAGES)("$name ($path)", async ({ name, path, ready }) => {
    const { page, problems } = tab;
    await page.goto(path);
    await ready(page);
    await page.evaluate(() => document.fonts.ready.then(() => true));
    await expectAccessible(page, `${name} at ${viewport}`);
    // Nothing wider than the screen: no sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      VIEWPORTS[viewport].width,
    );
    await screenshot(page, name);
    expect(problems).toEqual([]);
  });

  it("sign-in dialog", async () => {
    const { page, problems } = tab;
    await page.goto("/");
    await page.getByRole("region", { name: "New programs" }).getByRole("link", { name: "Kitchen Basics" }).waitFor();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("dialog", { name: "Sign in" }).waitFor();
    await screenshot(page, "sign-in");
    await page.keyboard.press("Escape");
    expect(problems).toEqual([]);
  });

  it("API reference (/docs), with nothing loaded from elsewhere", async () => {
    const { page, problems, offsite } = tab;
    await page.goto("/docs");
    await page.getByRole("heading", { name: /Edge platform API/ }).waitFor();
    await page.locator(".opblock").first().waitFor();
    // Every operation is in the reference. Swagger UI renders only those near the view once a document has 100 or
    // more, so ask it rather than count the page's blocks.
    const operations = await page.evaluate(
      () => (window as unknown as SwaggerWindow).ui.specSelectors.operations().size,
    );
    expect(operations).toBeGreaterThan(40);
    expect(await page.getByRole("heading", { name: /Edge platform API/ }).count()).toBe(1);
    await screenshot(page, "docs", { fullPage: false });
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
  });
});
