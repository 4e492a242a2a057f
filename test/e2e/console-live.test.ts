/**
 * The console's live rooms as the demo editor runs them: a game created and scored from the console while a second
 * browser watches the public scoreboard change; a stream created, its chat moderated while a guest watches the public
 * page (a deleted message disappears, a mute is explained to the muted guest, slow mode is shown and lifted); and a
 * viewer who reads both pages without a single control.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  launchBrowser,
  openPage,
  type StoredSession,
  screenshot,
  signInTab,
  storedSession,
  type TestPage,
  type ViewportName,
} from "./browser";

let browser: Browser;
let editor: StoredSession;
let viewer: StoredSession;
const suffix = Date.now().toString(36);
const opened: Page[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  [editor, viewer] = await Promise.all([
    storedSession("editor@example.com", "editor-password"),
    storedSession("viewer@example.com", "viewer-password"),
  ]);
});
afterAll(async () => {
  for (const page of opened.splice(0)) await page.close();
  await browser?.close();
});

/** A tab of its own (a person of their own), signed in as `who` if given; closed when the file ends. */
async function tab(who: StoredSession | null, viewport: ViewportName = "desktop"): Promise<TestPage> {
  const opening = await openPage(browser, viewport);
  opened.push(opening.page);
  return who ? signInTab(opening, who) : opening;
}

const publicMessages = (page: Page) => page.getByRole("log", { name: "Messages" }).locator("li p").allTextContents();
const consoleMessages = (page: Page) => page.getByRole("list", { name: "Messages, newest first" });

let gameId: string;
let streamId: string;

describe("games in the console", () => {
  it("creates a game and scores it; a public scoreboard open elsewhere follows every change", async () => {
    const { page, problems } = await tab(editor);
    await page.goto("/console/games");
    await page.getByRole("heading", { level: 1, name: "Games" }).waitFor();
    await page.getByText(/^Showing \d+ games?/).waitFor();
    await expectAccessible(page, "console games");
    await screenshot(page, "console-games-desktop");

    await page.getByRole("button", { name: "New game" }).click();
    const dialog = page.getByRole("dialog", { name: "New game" });
    await dialog.getByLabel("Home team").fill(`Hawks ${suffix}`);
    // The away team is required: said beside the field, nothing sent.
    await dialog.getByRole("button", { name: "Create game" }).click();
    await expect.poll(() => dialog.getByLabel("Away team").getAttribute("aria-invalid")).toBe("true");
    await dialog.getByLabel("Away team").fill(`Vipers ${suffix}`);
    await dialog.getByRole("button", { name: "Create game" }).click();
    await page.getByRole("heading", { level: 1, name: `Hawks ${suffix} vs Vipers ${suffix}` }).waitFor();
    gameId = page.url().split("/").at(-1) ?? "";

    const fan = await tab(null, "phone");
    await fan.page.goto(`/scoreboards/${gameId}`);
    const fanBoard = fan.page.getByRole("region", { name: "Score" });
    await expect.poll(() => fanBoard.textContent()).toContain("Period 1");

    await page.getByRole("button", { name: `3 points to Hawks ${suffix}` }).click();
    await expect.poll(() => fanBoard.textContent()).toMatch(/Home.*3.*Away.*0/);
    await page.getByRole("button", { name: `2 points to Vipers ${suffix}` }).click();
    await expect.poll(() => fanBoard.textContent()).toMatch(/Home.*3.*Away.*2/);
    await page.getByRole("button", { name: "Undo last score" }).click();
    await expect.poll(() => fanBoard.textContent()).toMatch(/Home.*3.*Away.*0/);
    await page.getByRole("button", { name: "Next period" }).click();
    await expect.poll(() => fanBoard.textContent()).toContain("Period 2");
    await page.getByRole("button", { name: "Reset score…" }).click();
    await page.getByRole("button", { name: "Yes, reset to 0–0" }).click();
    await expect.poll(() => fanBoard.textContent()).toMatch(/Home.*0.*Away.*0.*|Period 1/);
    await page.getByRole("button", { name: `1 point to Hawks ${suffix}` }).click();
    await expect.poll(() => fanBoard.textContent()).toMatch(/Home.*1.*Away.*0/);
    await expectAccessible(page, "console game");
    await screenshot(page, "console-game-desktop");

    await page.getByRole("button", { name: "Finish game…" }).click();
    await page.getByRole("button", { name: "Yes, finish the game" }).click();
    await expect.poll(() => fanBoard.textContent()).toContain("Final");
    await page.getByText("This game is over: its score is final.").waitFor();
    expect(problems).toEqual([]);
    expect(fan.problems).toEqual([]);
  });
});

describe("streams in the console", () => {
  let staff: TestPage;
  let guest: TestPage;

  it("creates a stream, and shows a guest's message live with its controls", async () => {
    staff = await tab(editor);
    const { page } = staff;
    await page.goto("/console/streams");
    await page.getByRole("heading", { level: 1, name: "Streams" }).waitFor();
    await page.getByText(/^Showing \d+ streams?/).waitFor();
    await expectAccessible(page, "console streams");
    await screenshot(page, "console-streams-desktop");

    await page.getByRole("button", { name: "New stream" }).click();
    const dialog = page.getByRole("dialog", { name: "New stream" });
    await dialog.getByLabel("Title").fill(`Q&A ${suffix}`);
    await dialog.getByLabel("Video address").fill("http://example.com/player");
    await dialog.getByRole("button", { name: "Start stream" }).click();
    // The API refuses a plain-http player; the words are beside the field.
    await expect.poll(() => dialog.getByLabel("Video address").getAttribute("aria-invalid")).toBe("true");
    await dialog.getByLabel("Video address").fill("https://www.youtube.com/embed/jNQXAC9IVRw");
    await dialog.getByRole("button", { name: "Start stream" }).click();
    await page.getByRole("heading", { level: 1, name: `Q&A ${suffix}` }).waitFor();
    streamId = page.url().split("/").at(-1) ?? "";
    await page.getByRole("status").filter({ hasText: /Chat:/ }).getByText("Connected").waitFor();

    guest = await tab(null, "phone");
    await guest.page.goto(`/live/${streamId}`);
    await guest.page.getByLabel("Your name").fill(`Gus${suffix}`);
    await guest.page.getByRole("button", { name: "Join chat" }).click();
    await say(guest.page, "Rude words here");
    await consoleMessages(page).getByText("Rude words here").waitFor();
    await say(guest.page, "A fair question");
    await consoleMessages(page).getByText("A fair question").waitFor();
  });

  it("deletes a message: it disappears from the open public page", async () => {
    const { page } = staff;
    await expect.poll(() => publicMessages(guest.page)).toContain("Rude words here");
    const rude = consoleMessages(page).getByRole("listitem").filter({ hasText: "Rude words here" });
    await rude.getByRole("button", { name: `Delete message from Gus${suffix}` }).click();
    await expect.poll(() => publicMessages(guest.page)).not.toContain("Rude words here");
    expect(await publicMessages(guest.page)).toContain("A fair question");
    await expect.poll(() => consoleMessages(page).textContent()).not.toContain("Rude words here");
  });

  it("mutes the guest: the public page tells them why their message went nowhere; lifting lets them back", async () => {
    const { page } = staff;
    await page
      .getByRole("button", { name: `Mute Gus${suffix}` })
      .first()
      .click();
    await page.getByText(`Gus${suffix} is muted in this chat.`).waitFor();
    const row = page.getByRole("row", { name: new RegExp(`Gus${suffix}`) });
    await row.getByText("Muted").waitFor();

    await say(guest.page, "Can anyone hear me?");
    await guest.page.getByRole("alert").getByText("A moderator has muted you in this chat").waitFor();
    expect(await publicMessages(guest.page)).not.toContain("Can anyone hear me?");
    await expectAccessible(guest.page, "public chat, muted");
    await screenshot(guest.page, "console-live-muted-guest");

    await row.getByRole("button", { name: `Unmute Gus${suffix}` }).click();
    await page.getByText("Nobody is muted or banned.").waitFor();
    await say(guest.page, "Thanks for unmuting");
    await consoleMessages(page).getByText("Thanks for unmuting").waitFor();
  });

  it("turns slow mode on: the public page says so, and paces the guest", async () => {
    const { page } = staff;
    await page.getByRole("combobox", { name: "Slow mode setting" }).selectOption("30");
    await guest.page.getByText("Slow mode: one message every 30 seconds.").waitFor();
    // The guest spoke moments ago: the next message waits its turn, and the page says how long.
    await say(guest.page, "Too soon");
    await guest.page
      .getByRole("alert")
      .getByText(/Slow mode is on\. Wait \d+ seconds? before your next message\./)
      .waitFor();
    expect(await publicMessages(guest.page)).not.toContain("Too soon");
    await expectAccessible(page, "console stream");
    await screenshot(page, "console-stream-desktop");

    await page.getByRole("combobox", { name: "Slow mode setting" }).selectOption("0");
    await expect.poll(() => guest.page.getByText("Slow mode: one message").count()).toBe(0);
    expect(staff.problems).toEqual([]);
    expect(guest.problems).toEqual([]);
  });

  it("bans the guest: disconnected, told so, and kept out after a reload", async () => {
    const { page } = staff;
    await page
      .getByRole("button", { name: `Ban Gus${suffix}` })
      .first()
      .click();
    await page.getByText(`Gus${suffix} is banned from this chat and was disconnected.`).waitFor();
    await guest.page.getByRole("alert").getByText("A moderator has removed you from this chat.").waitFor();
    await guest.page.reload();
    await guest.page.getByRole("alert").getByText("A moderator has removed you from this chat.").waitFor();
    expect(await guest.page.getByRole("textbox", { name: "Message" }).count()).toBe(0);
  });
});

describe("the console's live rooms for a viewer, and on a phone", () => {
  it("shows a viewer the chat and the board without a single control", async () => {
    const { page, problems } = await tab(viewer);
    await page.goto(`/console/streams/${streamId}`);
    await page.getByRole("heading", { level: 1, name: `Q&A ${suffix}` }).waitFor();
    await consoleMessages(page).getByText("A fair question").waitFor();
    for (const name of [/^Delete/, /^Mute/, /^Ban/, /End stream/, /^Unmute/, /^Unban/]) {
      expect(await page.getByRole("button", { name }).count()).toBe(0);
    }
    expect(await page.getByRole("combobox", { name: "Slow mode setting" }).count()).toBe(0);
    await page.goto("/console/streams");
    await page.getByText(/^Showing \d+ streams?/).waitFor();
    expect(await page.getByRole("button", { name: "New stream" }).count()).toBe(0);
    await page.goto("/console/games");
    await page.getByText(/^Showing \d+ games?/).waitFor();
    expect(await page.getByRole("button", { name: "New game" }).count()).toBe(0);
    await page.goto(`/console/games/${gameId}`);
    await page.getByRole("region", { name: "Score" }).getByText("Final").waitFor();
    expect(await page.getByRole("button", { name: /points? to/ }).count()).toBe(0);
    await expectAccessible(page, "console game (viewer)");
    expect(problems).toEqual([]);
  });

  it("fits every live-room page on a phone without sideways scrolling", async () => {
    const { page, problems } = await tab(editor, "phone");
    const pages: [string, string, RegExp | string][] = [
      ["/console/games", "console-games-phone", /^Showing \d+ games?/],
      [`/console/games/${gameId}`, "console-game-phone", "This game is over: its score is final."],
      ["/console/streams", "console-streams-phone", /^Showing \d+ streams?/],
      [`/console/streams/${streamId}`, "console-stream-phone", "A fair question"],
    ];
    for (const [path, name, ready] of pages) {
      await page.goto(path);
      await page.getByText(ready).first().waitFor();
      await screenshot(page, name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await expectAccessible(page, name);
    }
    expect(problems).toEqual([]);
  });
});

async function say(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}
