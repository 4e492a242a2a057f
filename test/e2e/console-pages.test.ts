/**
 * Every page of the staff console, as the demo admin sees it, at phone and desktop widths: it loads its content
 * without errors in the browser's console, passes axe-core without serious or critical violations, does not scroll
 * sideways, and is photographed as `console-<page>-<width>.png` into test/e2e/screenshots/.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PAGE_PATTERNS } from "../../web/src/paths";
import {
  BASE_URL,
  callApi,
  expectAccessible,
  launchBrowser,
  openPage,
  type StoredSession,
  screenshot,
  signInTab,
  storedSession,
  type TestPage,
  VIEWPORTS,
  type ViewportName,
} from "./browser";

type ConsolePattern = Extract<keyof typeof PAGE_PATTERNS, `console${string}`>;

/** Ids of the seed's records (orders and tickets have generated ids: read from the API). */
interface Ids {
  order: string;
  ticket: string;
}

/** Each console address with the path visited for it: every one, or the file does not compile. */
const PATHS: Record<ConsolePattern, (ids: Ids) => string> = {
  console: () => "/console",
  consolePrograms: () => "/console/programs",
  consoleProgram: () => "/console/programs/program-telugu",
  consoleLessons: () => "/console/lessons",
  consoleLesson: () => "/console/lessons/lesson-greetings",
  consoleTopics: () => "/console/topics",
  consoleFeatured: () => "/console/featured",
  consoleInsights: () => "/console/search-insights",
  consoleGames: () => "/console/games",
  consoleGame: () => "/console/games/game-hawks-vipers",
  consoleStreams: () => "/console/streams",
  consoleStream: () => "/console/streams/stream-launch-day",
  consoleTickets: () => "/console/tickets",
  consoleTicket: (ids) => `/console/tickets/${ids.ticket}`,
  consoleSubscribers: () => "/console/subscribers",
  consoleUsers: () => "/console/users",
  consoleApiKeys: () => "/console/api-keys",
  consoleProducts: () => "/console/store/products",
  consoleAlerts: () => "/console/store/alerts",
  consoleOrders: () => "/console/store/orders",
  consoleOrder: (ids) => `/console/store/orders/${ids.order}`,
  consoleDeadLetters: () => "/console/store/dead-letters",
  consoleRecommendations: () => "/console/store/recommendations",
  consoleCustomers: () => "/console/store/customers",
};

/** `consoleApiKeys` → `api-keys`, the page's part of its screenshot's name (`console-api-keys-1280.png`). */
const pageName = (pattern: ConsolePattern) =>
  pattern === "console"
    ? "overview"
    : pattern.slice("console".length).replace(/[A-Z]/g, (c, i) => `${i ? "-" : ""}${c.toLowerCase()}`);

/** The page has its content: its title, and nothing still loading. */
async function loaded(page: Page): Promise<void> {
  await page.getByRole("heading", { level: 1 }).waitFor();
  await expect.poll(() => page.locator("[aria-busy=true]").count()).toBe(0);
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let admin: StoredSession;
let ids: Ids;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await storedSession("admin@example.com", "admin-password");
  const first = async (path: string) =>
    ((await callApi(admin.token, "GET", `${path}?limit=1`)) as { data: { id: string }[] }).data[0]?.id ?? "";
  ids = { order: await first("/orders"), ticket: await first("/tickets") };
});
afterAll(async () => {
  await browser?.close();
});

describe.each(Object.keys(VIEWPORTS) as ViewportName[])("every console page at %s width", (viewport) => {
  // One tab per width, going from page to page, as pages.test.ts does.
  let tab: TestPage;
  /** What the browser's console reported as an error, from this origin (offsite media are answered 404 here). */
  const errors: string[] = [];
  beforeAll(async () => {
    tab = await signInTab(await openPage(browser, viewport), admin);
    tab.page.on("console", (message) => {
      if (message.type() === "error" && message.location().url.startsWith(BASE_URL)) errors.push(message.text());
    });
  });
  beforeEach(() => {
    tab.problems.length = 0;
    errors.length = 0;
  });

  it.each(Object.keys(PATHS) as ConsolePattern[])("%s", async (pattern) => {
    const { page, problems } = tab;
    await page.goto(PATHS[pattern](ids));
    await loaded(page);
    await screenshot(page, `console-${pageName(pattern)}-${viewport}`);
    await expectAccessible(page, `${pattern} at ${viewport}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      VIEWPORTS[viewport].width,
    );
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  });
});
