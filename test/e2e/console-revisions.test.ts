/**
 * Changes to live content wait for publishing: the demo editor edits a published program through the API; the public
 * page keeps the published version while the console shows the difference, until Publish changes; the history names
 * the editor, and restoring the original makes it pending again (the test publishes it back, leaving the seed as it was).
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
let viewer: StoredSession;

const signedInPage = tabsClosedAfterEach(() => browser);

beforeAll(async () => {
  browser = await launchBrowser();
  editor = await storedSession("editor@example.com", "editor-password");
  viewer = await storedSession("viewer@example.com", "viewer-password");
});
afterAll(async () => {
  await browser?.close();
});

describe("editing a published program", () => {
  it("waits for Publish changes, shows the diff and history, and restores the original as pending", async () => {
    const list = (await callApi(null, "GET", "/catalog/programs?limit=1")) as { data: { id: string; title: string }[] };
    const program = list.data[0]!;
    const newTitle = `Revised ${Date.now().toString(36)}`;
    await callApi(editor.token, "PATCH", `/cms/programs/${program.id}`, { title: newTitle });

    // The public page still shows the published title.
    const visitor = await signedInPage(null);
    await visitor.page.goto(`/programs/${program.id}`);
    await visitor.page.getByRole("heading", { level: 1, name: program.title }).waitFor();

    const { page, problems } = await signedInPage(editor);
    await page.goto(`/console/programs/${program.id}`);
    const pending = page.getByRole("table", { name: "Pending changes" });
    const titleRow = pending.getByRole("row", { name: /Title/ });
    await titleRow.waitFor();
    expect(await titleRow.textContent()).toContain(program.title);
    expect(await titleRow.textContent()).toContain(newTitle);
    expect(await titleRow.textContent()).toContain(editor.user.name);
    await expectAccessible(page, "console pending changes");
    await screenshot(page, "console-revisions-desktop");

    await page.getByRole("button", { name: "Publish changes" }).click();
    await page.getByRole("status").getByText("Changes published.").waitFor();
    await page.getByText("Nothing is waiting").waitFor();

    await visitor.page.reload();
    await visitor.page.getByRole("heading", { level: 1, name: newTitle }).waitFor();

    const history = page.getByRole("list", { name: "Versions, newest first" });
    const published = history.getByRole("listitem").filter({ hasText: /· Published/ });
    await published.waitFor();
    expect(await published.textContent()).toContain(editor.user.name);
    const edit = history.getByRole("listitem").filter({ hasText: "waiting to be published" }).first();
    expect(await edit.textContent()).toContain(editor.user.name);
    const original = history.getByRole("listitem").filter({ hasText: /· Original/ });
    await original.getByRole("button", { name: /Restore version/ }).click();
    await titleRow.waitFor();
    expect(await titleRow.textContent()).toContain(program.title);
    await page
      .getByRole("status")
      .getByText(/restored/)
      .waitFor();

    const phone = await signedInPage(editor, "phone");
    await phone.page.goto(`/console/programs/${program.id}`);
    await phone.page.getByRole("table", { name: "Pending changes" }).waitFor();
    await screenshot(phone.page, "console-revisions-phone");
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);

    // Put the seed back: the original title, published.
    await page.getByRole("button", { name: "Publish changes" }).click();
    await page.getByRole("status").getByText("Changes published.").waitFor();
    await visitor.page.reload();
    await visitor.page.getByRole("heading", { level: 1, name: program.title }).waitFor();
    expect(problems).toEqual([]);
  });

  it("shows viewers the changes and the history without the editors' buttons", async () => {
    const list = (await callApi(null, "GET", "/catalog/programs?limit=1")) as { data: { id: string; title: string }[] };
    const program = list.data[0]!;
    await callApi(editor.token, "PATCH", `/cms/programs/${program.id}`, { description: "A viewer reads this." });
    const { page } = await signedInPage(viewer);
    await page.goto(`/console/programs/${program.id}`);
    await page.getByRole("table", { name: "Pending changes" }).waitFor();
    expect(await page.getByRole("button", { name: "Publish changes" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Restore version/ }).count()).toBe(0);
    await callApi(editor.token, "DELETE", `/cms/programs/${program.id}/changes`);
  });
});
