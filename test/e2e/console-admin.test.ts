/**
 * The console's admin and discovery pages as staff use them: an admin creates an account (after a field the API
 * refused) and demotes it, and the demoted editor's next save is refused in words and their controls are gone after a
 * reload; the only admin cannot be demoted, and the page says why; an API key shown once, then revoked; the featured
 * list reordered by dragging and by keyboard, with the home page following; a subscriber found and deleted; a search
 * that found nothing showing up in the search insights.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_URL,
  callApi,
  expectAccessible,
  focused,
  launchBrowser,
  type StoredSession,
  screenshot,
  storedSession,
  tabsClosedAfterEach,
} from "./browser";

let browser: Browser;
let admin: StoredSession;
let editor: StoredSession;

const signedInPage = tabsClosedAfterEach(() => browser);

const suffix = Date.now().toString(36);
const TELUGU = { id: "program-telugu", title: "Telugu for Beginners" };
const KITCHEN = { id: "program-kitchen", title: "Kitchen Basics" };

/** The editors' featured list's program ids, in order, as the API stores it. */
const featuredIds = async () =>
  ((await callApi(editor.token, "GET", "/cms/featured")) as { data: { program_id: string }[] }).data.map(
    (pick) => pick.program_id,
  );

/** The titles the home page's Featured row shows, in order. */
async function homeFeatured(page: Page): Promise<string[]> {
  await page.goto("/");
  const row = page.getByRole("region", { name: "Featured" });
  // The programs' cards, each titled by a heading (the row's own link to all programs comes first).
  const titles = row.getByRole("heading", { level: 3 });
  await titles.first().waitFor();
  return titles.allTextContents();
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await storedSession("admin@example.com", "admin-password");
  editor = await storedSession("editor@example.com", "editor-password");
});
afterAll(async () => {
  await browser?.close();
});

describe("admin console", () => {
  it("creates an account after a refused field, demotes it, and the demoted editor's next save is refused", async () => {
    await callApi(editor.token, "PUT", "/cms/featured", { program_ids: [TELUGU.id, KITCHEN.id] });
    const { page, problems } = await signedInPage(admin);
    await page.goto("/console/users");
    await page.getByRole("row", { name: /Ada Admin/ }).waitFor();

    const name = `Edna Editor ${suffix}`;
    const email = `edna-${suffix}@example.com`;
    await page.getByRole("button", { name: "New user" }).click();
    const dialog = page.getByRole("dialog", { name: "New user" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByLabel("Password").fill("short");
    await dialog.getByLabel("Role").selectOption("editor");
    await dialog.getByRole("button", { name: "Create user" }).click();
    // The API's refusal beside the field it names, with focus there.
    const password = dialog.getByLabel("Password");
    await expect.poll(() => password.getAttribute("aria-invalid")).toBe("true");
    await dialog.getByText("Use at least 8 characters.").waitFor();
    expect(await focused(page)).toMatch(/^input/);
    await expectAccessible(page, "new user refused");
    await screenshot(page, "console-user-refused", { fullPage: false });
    await password.fill("edna-password");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await page.getByRole("status").getByText(`${name} can now sign in as editor.`).waitFor();

    // Edna opens the featured list as an editor: she may reorder it.
    const edna = await storedSession(email, "edna-password");
    const ednaTab = await signedInPage(edna);
    await ednaTab.page.goto("/console/featured");
    const moveDown = ednaTab.page.getByRole("button", { name: `Move ${TELUGU.title} down` });
    await moveDown.waitFor();

    // The admin makes her a viewer.
    await page.getByLabel("Search").fill(email);
    const role = page.getByRole("combobox", { name: `Role of ${name}` });
    await page.getByRole("row", { name: new RegExp(name) }).waitFor();
    await role.selectOption("viewer");
    await page.getByRole("status").getByText(`${name} is now viewer.`).waitFor();
    expect(((await callApi(admin.token, "GET", `/users/${edna.user.id}`)) as { role: string }).role).toBe("viewer");

    // Her next save, from the page she still has open, is refused in words and the list goes back.
    await moveDown.click();
    await ednaTab.page.getByRole("alert").getByText("Not saved: Your role does not allow this.").waitFor();
    const list = ednaTab.page.getByRole("list", { name: "Featured programs" });
    expect(await list.getByRole("link").allTextContents()).toEqual([TELUGU.title, KITCHEN.title]);
    expect(await featuredIds()).toEqual([TELUGU.id, KITCHEN.id]);
    await screenshot(ednaTab.page, "console-featured-refused", { fullPage: false });

    // After a reload the console knows her new role: no edit controls.
    await ednaTab.page.reload();
    await list.getByRole("link", { name: TELUGU.title }).waitFor();
    await ednaTab.page.getByText(/^Editors' picks lead the home page's Featured row in this order\.$/).waitFor();
    expect(await ednaTab.page.getByRole("button", { name: /^Move |^Unfeature / }).count()).toBe(0);
    expect(await ednaTab.page.getByRole("region", { name: "Feature a program" }).count()).toBe(0);
    // The console's frame shows her role as the API now has it.
    await ednaTab.page.getByRole("complementary").getByText("viewer", { exact: true }).waitFor();
    expect(problems).toEqual([]);
    expect(ednaTab.problems).toEqual([]);
  });

  it("keeps the only admin, and says why before anyone tries", async () => {
    const { page, problems } = await signedInPage(admin);
    await page.goto("/console/users?role=admin");
    const row = page.getByRole("row", { name: /Ada Admin/ });
    await row.waitFor();
    const role = row.getByRole("combobox", { name: "Role of Ada Admin" });
    await row.getByText("The only admin: the platform needs one, so make another account admin first.").waitFor();
    expect(await role.isDisabled()).toBe(true);
    expect(await row.getByRole("button", { name: "Delete Ada Admin" }).isDisabled()).toBe(true);
    // The control's description is the reason, for a screen reader too.
    expect(await role.getAttribute("aria-describedby")).toBeTruthy();
    await expectAccessible(page, "only admin");
    await screenshot(page, "console-users-only-admin", { fullPage: false });
    // The API is the judge: it refuses the demotion as well.
    const refused = await fetch(`${BASE_URL}/users/${admin.user.id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${admin.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ role: "editor" }),
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe("last_admin");
    expect(problems).toEqual([]);
  });

  it("creates an API key shown once, which works until it is revoked", async () => {
    const { page, problems } = await signedInPage(admin);
    await page.goto("/console/api-keys");
    await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
    const name = `Nightly import ${suffix}`;
    await page.getByRole("button", { name: "New API key" }).click();
    const dialog = page.getByRole("dialog", { name: "New API key" });
    await dialog.getByLabel("Name").fill(name);
    // No scope: the API's words beside the scopes.
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByText("Give at least one scope.").waitFor();
    await dialog.getByRole("checkbox", { name: /cms:read/ }).check();
    await dialog.getByRole("button", { name: "Create key" }).click();

    const shown = page.getByRole("dialog", { name: `Key for ${name}` });
    await shown.getByText("Copy this key now: it will not be shown again.").waitFor();
    const key = await shown.getByLabel("API key").inputValue();
    expect(key).toMatch(/^epk_/);
    await expectAccessible(page, "new API key");
    await screenshot(page, "console-api-key-once", { fullPage: false });
    const withKey = () => fetch(`${BASE_URL}/cms/programs?limit=1`, { headers: { "X-API-Key": key } });
    expect((await withKey()).status).toBe(200);
    await shown.getByRole("button", { name: "Done" }).click();

    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.getByText("Active").waitFor();
    expect(await row.textContent()).toContain("cms:read");
    expect(await page.getByText(key).count()).toBe(0);
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    await page
      .getByRole("dialog", { name: `Revoke ${name}?` })
      .getByRole("button", { name: "Revoke" })
      .click();
    await page.getByRole("status").getByText(`${name} is revoked: it stopped working at once.`).waitFor();
    await row.getByText("Revoked").waitFor();
    expect((await withKey()).status).toBe(401);
    expect(problems).toEqual([]);
  });

  it("reorders the featured programs by dragging and by keyboard, and the home page follows", async () => {
    await callApi(editor.token, "PUT", "/cms/featured", { program_ids: [TELUGU.id] });
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/featured");
    const list = page.getByRole("list", { name: "Featured programs" });
    await list.getByRole("link", { name: TELUGU.title }).waitFor();

    // Feature a second program from the search.
    await page.getByRole("region", { name: "Feature a program" }).getByLabel("Search").fill("Kitchen");
    await page.getByRole("button", { name: `Feature ${KITCHEN.title}` }).click();
    await list.getByRole("link", { name: KITCHEN.title }).waitFor();
    expect(await featuredIds()).toEqual([TELUGU.id, KITCHEN.id]);

    // Drag the second above the first.
    const kitchen = list.getByRole("listitem").filter({ hasText: KITCHEN.title });
    const telugu = list.getByRole("listitem").filter({ hasText: TELUGU.title });
    await kitchen.dragTo(telugu);
    await expect.poll(() => list.getByRole("link").allTextContents()).toEqual([KITCHEN.title, TELUGU.title]);
    await expect.poll(featuredIds).toEqual([KITCHEN.id, TELUGU.id]);
    await expectAccessible(page, "featured");
    await screenshot(page, "console-featured-dragged");
    const home = await signedInPage(editor);
    expect((await homeFeatured(home.page)).slice(0, 2)).toEqual([KITCHEN.title, TELUGU.title]);

    // By keyboard: Kitchen Basics down again, and the focus stays with it.
    await page.getByRole("button", { name: `Move ${KITCHEN.title} down` }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => list.getByRole("link").allTextContents()).toEqual([TELUGU.title, KITCHEN.title]);
    await page.getByText(`${KITCHEN.title} moved to position 2 of 2.`).waitFor();
    await expect.poll(() => focused(page)).toBe(`button:Move ${KITCHEN.title} up`);
    await expect.poll(featuredIds).toEqual([TELUGU.id, KITCHEN.id]);
    expect((await homeFeatured(home.page)).slice(0, 2)).toEqual([TELUGU.title, KITCHEN.title]);

    // Unfeatured, it leaves the list (and the editors' picks).
    await page.getByRole("button", { name: `Unfeature ${KITCHEN.title}` }).click();
    await list.getByRole("link", { name: KITCHEN.title }).waitFor({ state: "detached" });
    await expect.poll(featuredIds).toEqual([TELUGU.id]);
    await callApi(editor.token, "PUT", "/cms/featured", { program_ids: [TELUGU.id, KITCHEN.id] });
    expect(problems).toEqual([]);
    expect(home.problems).toEqual([]);
  });

  it("finds a subscriber and deletes them", async () => {
    const email = `grace-${suffix}@example.com`;
    const subscriber = (await callApi(null, "POST", "/subscribe", { name: `Grace ${suffix}`, email })) as {
      id: string;
    };
    const { page, problems } = await signedInPage(admin);
    await page.goto("/console/subscribers");
    await page.getByText(/^Showing \d+ subscribers?/).waitFor();
    await page.getByLabel("Search").fill(`grace-${suffix}`);
    await page.getByText("Showing 1 subscriber").waitFor();
    const row = page.getByRole("row", { name: new RegExp(email) });
    await row.getByRole("button", { name: `Delete ${email}` }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${email}?` });
    await screenshot(page, "console-subscriber-delete", { fullPage: false });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("status").getByText(`${email} is off the mailing list.`).waitFor();
    await page.getByText("No subscriber matches this search.").waitFor();
    const gone = await fetch(`${BASE_URL}/subscribers/${subscriber.id}`, {
      headers: { Authorization: `Bearer ${admin.token}` },
    });
    expect(gone.status).toBe(404);
    expect(problems).toEqual([]);
  });

  it("shows a search that found nothing in the search insights", async () => {
    const words = `zzqx${suffix}`;
    const visitor = await signedInPage(null);
    await visitor.page.goto(`/search?q=${words}`);
    await visitor.page
      .getByText(/check the spelling/i)
      .first()
      .waitFor();

    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/search-insights?days=1");
    const zero = page.getByRole("region", { name: "Queries that found nothing" });
    // Counted within seconds of the search: read again until it is there.
    await expect
      .poll(
        async () => {
          await page.reload();
          // The counts have come when the period's first day shows.
          await page.getByText(/^Counting from /).waitFor();
          return zero.getByRole("link", { name: words }).count();
        },
        { interval: 1000, timeout: 20_000 },
      )
      .toBe(1);
    await expectAccessible(page, "search insights");
    await screenshot(page, "console-insights-found-nothing");
    expect(problems).toEqual([]);
  });
});
