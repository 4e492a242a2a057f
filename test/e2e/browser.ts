/**
 * Headless Chromium for the browser tests: the Chromium that @sparticuz/chromium ships inside its npm package (so
 * `npm ci` alone brings it), driven by playwright-core. Pages fail their test on a script error or a blocked
 * Content-Security-Policy; axe-core checks them for accessibility; every page is photographed at phone and desktop
 * widths into test/e2e/screenshots/ (git-ignored).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import sparticuz from "@sparticuz/chromium";
import axe from "axe-core";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterEach, expect, inject } from "vitest";
import "./context";

export const BASE_URL = inject("baseUrl");
export const SCREENSHOTS = join(import.meta.dirname, "screenshots");

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await sparticuz.executablePath(), args: sparticuz.args, headless: true });
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Script errors and Content-Security-Policy violations seen so far; a test ends by expecting none. */
  problems: string[];
  /** Requests the page tried to send anywhere but the Worker under test (lesson media live on a CDN). */
  offsite: string[];
}

/**
 * A fresh page (its own cookies and sessionStorage) at `viewport`, in the time zone of `options.timezoneId` if given. Requests to other origins are answered 404 here,
 * so no test waits on the network; they are recorded in `offsite`.
 */
export async function openPage(
  browser: Browser,
  viewport: ViewportName = "desktop",
  options: Pick<BrowserContextOptions, "timezoneId"> = {},
): Promise<TestPage> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    baseURL: BASE_URL,
    locale: "en-GB",
    // Each tab is a person of their own, from an address of their own (wrangler dev passes this header on): the
    // per-address limits (the store's 100 requests a minute, sign-in's 10) count each tab apart, as they would count
    // people, instead of every test in the suite against one loopback address.
    extraHTTPHeaders: { "CF-Connecting-IP": `2001:db8:e2e:${crypto.randomUUID().slice(0, 4)}::1` },
    ...options,
  });
  // A step that fails says so in seconds, with what it waited for, rather than at the test's timeout.
  // Loading a whole page waits on every image, on a machine that may be busy with other tests.
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(30_000);
  const offsite: string[] = [];
  await context.route(
    (url) => url.origin !== BASE_URL,
    (route) => {
      offsite.push(route.request().url());
      return route.fulfill({ status: 404, body: "" });
    },
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (/Content.Security.Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  return { page, context, problems, offsite };
}

/** Runs axe-core on the page as it is; fails on any serious or critical violation, naming each. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] }),
  );
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${label}: ${violation.id} (${violation.impact}) at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  expect(serious).toEqual([]);
}

/** Saves a screenshot as `<name>-<width>.png`: the whole page, or only what the window shows (`fullPage: false`). */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  // From the top: a full-page capture of a scrolled page draws the sticky header where the viewport was.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage });
}

/** The element that has the keyboard focus, described for an assertion: `tag#id.text`. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return "";
    const text = (element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 40);
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}:${text}`;
  });
}

/** A session as the page keeps it in sessionStorage (web/src/auth/session.ts). */
export interface StoredSession {
  token: string;
  expiresAt: number;
  user: { id: string; name: string; role: string };
}

/** A session from the API's login, as the sign-in dialog would keep it: one login serves a whole file's tests. */
export async function storedSession(email: string, password: string): Promise<StoredSession> {
  const response = await fetch(`${BASE_URL}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const login = (await response.json()) as { access_token: string; expires_in: number; user: StoredSession["user"] };
  return { token: login.access_token, expiresAt: Date.now() + login.expires_in * 1000, user: login.user };
}

/** Signs the tab's pages in as `who` before any of them loads, as after the sign-in dialog. */
export async function signInTab(tab: TestPage, who: StoredSession): Promise<TestPage> {
  await tab.context.addInitScript(({ key, value }) => sessionStorage.setItem(key, value), {
    key: "edge-platform.session",
    value: JSON.stringify(who),
  });
  return tab;
}

/**
 * Tabs for one test file, each signed in as `who` (or signed out, with null) and closed when its test ends. Call at
 * the top of the file; `browser()` is read when a tab opens.
 *
 * @example
 * const signedInPage = tabsClosedAfterEach(() => browser);
 * const { page, problems } = await signedInPage(editor, "phone");
 */
export function tabsClosedAfterEach(
  browser: () => Browser,
  options: Pick<BrowserContextOptions, "timezoneId"> & { stepTimeoutMs?: number } = {},
) {
  const opened: Page[] = [];
  afterEach(async () => {
    for (const page of opened.splice(0)) await page.close();
  });
  return async (who: StoredSession | null, viewport: ViewportName = "desktop"): Promise<TestPage> => {
    const { stepTimeoutMs, ...contextOptions } = options;
    const tab = await openPage(browser(), viewport, contextOptions);
    if (stepTimeoutMs) tab.context.setDefaultTimeout(stepTimeoutMs);
    opened.push(tab.page);
    return who ? signInTab(tab, who) : tab;
  };
}

/** Calls the API as another client would, with a bearer token or none; answers the JSON body (null for 204). */
export async function callApi<T = unknown>(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? null : await response.json()) as T;
}
