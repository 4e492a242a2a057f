/**
 * Helpers of the live pages' browser tests: signing in as a person does, calling the API as staff would from
 * elsewhere, and a hand on the page's WebSockets to drop them (a flaky network, made on purpose).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll } from "vitest";
import { openPage, storedSession, type TestPage } from "./browser";

/** Signs in through the header's dialog, and waits until the header says who is signed in. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole("button", { name: "Sign in" }).click();
  const dialog = page.getByRole("dialog", { name: "Sign in" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** An access token for the API, as a script or another app would get one. */
export async function apiToken(email: string, password: string): Promise<string> {
  return (await storedSession(email, password)).token;
}

interface WatchedWindow {
  __sockets: WebSocket[];
  __socketUrls: string[];
  __holdSockets: boolean;
}

/**
 * Keeps every WebSocket the context's pages open within the test's reach. While `dropSockets` holds them, a new
 * socket goes to a room that does not exist (refused, on the same origin) instead of where the page asked.
 */
export async function watchSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as WatchedWindow;
    const Native = window.WebSocket;
    w.__sockets = [];
    w.__socketUrls = [];
    w.__holdSockets = false;
    class Watched extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        const held = new URL("/games/no-such-game-held/ws", location.href);
        held.protocol = held.protocol === "https:" ? "wss:" : "ws:";
        super(w.__holdSockets ? held : url, protocols);
        w.__socketUrls.push(String(url));
        w.__sockets.push(this);
      }
    }
    window.WebSocket = Watched;
  });
}

/**
 * The network goes away: the browser says it is offline, the page's sockets close, and new ones do not get through
 * until `restoreSockets`.
 */
export async function dropSockets(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as WatchedWindow;
    w.__holdSockets = true;
    window.dispatchEvent(new Event("offline"));
    for (const socket of w.__sockets) if (socket.readyState <= WebSocket.OPEN) socket.close();
  });
}

/** Lets sockets through again and tells the page the network is back. */
export async function restoreSockets(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as WatchedWindow).__holdSockets = false;
    window.dispatchEvent(new Event("online"));
  });
}

/** The URLs the page asked its sockets to open, in order. */
export const socketUrls = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as WatchedWindow).__socketUrls);

/**
 * Opens the pages of one test file and closes them when the file ends, before the browser, so that their sockets say
 * goodbye rather than vanish with it. Call at the top of the file; `browser()` is read when a page opens.
 */
export function pagesClosedAfterAll(browser: () => Browser) {
  const opened: TestPage[] = [];
  afterAll(async () => {
    for (const { page } of opened) await page.close().catch(() => undefined);
    await browser()?.close();
  });
  return async (viewport: "phone" | "desktop"): Promise<TestPage> => {
    const tab = await openPage(browser(), viewport);
    opened.push(tab);
    return tab;
  };
}
