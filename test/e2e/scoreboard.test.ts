/**
 * Scoreboards as people use them: someone follows a game on their phone while the scorekeeper, signed in as an
 * editor, changes the score on a laptop; every change shows on the phone as it happens, including after a drop.
 */
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, expectAccessible, launchBrowser, screenshot, type TestPage } from "./browser";
import {
  apiToken,
  dropSockets,
  pagesClosedAfterAll,
  restoreSockets,
  signIn,
  socketUrls,
  watchSockets,
} from "./live-helpers";

let browser: Browser;
let gameId: string;
let editorToken: string;
beforeAll(async () => {
  browser = await launchBrowser();
  editorToken = await apiToken("editor@example.com", "editor-password");
  const game = await callApi<{ id: string }>(editorToken, "POST", "/games", {
    home_team: "Northside Otters",
    away_team: "Southport Gulls",
  });
  gameId = game.id;
});
/** A page of this file, closed when it ends. */
const open = pagesClosedAfterAll(() => browser);

const board = (page: Page) => page.getByRole("region", { name: "Score" });
const pointsShown = (page: Page) => board(page).locator("[class*=points]").allTextContents();
const badge = (page: Page) => page.getByRole("status").filter({ hasText: /Live score/ });

describe("scoreboards", () => {
  let fan: TestPage;
  let keeper: TestPage;

  it("lists the games, live ones first, and opens one", async () => {
    fan = await open("phone");
    await watchSockets(fan.context);
    const { page, problems } = fan;
    await page.goto("/scoreboards");
    await page.getByRole("heading", { level: 1, name: "Scores" }).waitFor();
    const link = page.getByRole("link", { name: /Northside Otters vs Southport Gulls/ });
    await link.click();
    await page.getByRole("heading", { level: 1, name: "Northside Otters vs Southport Gulls" }).waitFor();
    await expect.poll(() => pointsShown(page)).toEqual(["0", "0"]);
    await expect.poll(() => badge(page).textContent()).toContain("Connected");
    expect(await board(page).textContent()).toContain("Period 1");
    // Not signed in: no scorekeeping.
    expect(await page.getByRole("heading", { name: "Scorekeeping" }).count()).toBe(0);
    await expectAccessible(page, "scoreboard (fan)");
    expect(problems).toEqual([]);
  });

  it("shows the scorekeeper's changes on the fan's screen as they happen", async () => {
    keeper = await open("desktop");
    const { page, problems } = keeper;
    await page.goto(`/scoreboards/${gameId}`);
    await page.getByRole("heading", { level: 1, name: "Northside Otters vs Southport Gulls" }).waitFor();
    await signIn(page, "editor@example.com", "editor-password");
    const controls = page.getByRole("region", { name: "Scorekeeping" });
    await controls.waitFor();

    await controls.getByRole("button", { name: "3 points to Northside Otters" }).click();
    await expect.poll(() => pointsShown(fan.page)).toEqual(["3", "0"]);
    await controls.getByRole("button", { name: "2 points to Southport Gulls" }).click();
    await expect.poll(() => pointsShown(fan.page)).toEqual(["3", "2"]);
    await controls.getByRole("button", { name: "Next period" }).click();
    await expect.poll(() => board(fan.page).textContent()).toContain("Period 2");

    // A change through the API from elsewhere reaches both screens.
    await callApi(editorToken, "POST", `/games/${gameId}/score/update`, { team: "A", points: 1 });
    await expect.poll(() => pointsShown(fan.page)).toEqual(["4", "2"]);
    await expect.poll(() => pointsShown(page)).toEqual(["4", "2"]);
    await expectAccessible(page, "scoreboard (scorekeeper)");
    await screenshot(page, "scoreboard-keeper");
    await screenshot(fan.page, "scoreboard-fan");
    expect(problems).toEqual([]);
    expect(fan.problems).toEqual([]);
  });

  it("catches up by itself after a dropped connection", async () => {
    const { page } = fan;
    await dropSockets(page);
    await expect.poll(() => badge(page).textContent()).toContain("Reconnecting");
    const controls = keeper.page.getByRole("region", { name: "Scorekeeping" });
    await controls.getByRole("button", { name: "1 point to Southport Gulls" }).click();
    await expect.poll(() => pointsShown(keeper.page)).toEqual(["4", "3"]);
    expect(await pointsShown(page)).toEqual(["4", "2"]);
    await restoreSockets(page);
    await expect.poll(() => badge(page).textContent()).toContain("Connected");
    await expect.poll(() => pointsShown(page)).toEqual(["4", "3"]);
    expect((await socketUrls(page)).length).toBeGreaterThan(1);
  });

  it("finishes the game: both screens show the final score, and the controls are done", async () => {
    const controls = keeper.page.getByRole("region", { name: "Scorekeeping" });
    await controls.getByRole("button", { name: "Finish game…" }).click();
    await controls.getByRole("button", { name: "Yes, finish the game" }).click();
    await expect.poll(() => board(fan.page).textContent()).toContain("Final");
    await expect.poll(() => controls.textContent()).toContain("its score is final");
    expect(await controls.getByRole("button", { name: "Undo last score" }).isDisabled()).toBe(true);
    await screenshot(fan.page, "scoreboard-final");
    await screenshot(keeper.page, "scoreboard-final");

    // The list shows the result.
    await fan.page.goto("/scoreboards");
    const item = fan.page.getByRole("link", { name: /Northside Otters vs Southport Gulls/ });
    await expect.poll(() => item.textContent()).toContain("4–3");
    await screenshot(fan.page, "scoreboards");
    expect(fan.problems).toEqual([]);
    expect(keeper.problems).toEqual([]);
  });
});
