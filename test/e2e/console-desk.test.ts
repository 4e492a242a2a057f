/**
 * The support desk as staff use it: the demo editor finds Carol's new ticket, replies and adds an internal note,
 * takes the ticket (it moves from Unassigned to Mine) and closes it, while Carol, through the API, reads the reply
 * and the close but never the note; a viewer reads the whole desk with no control to change it; and a control used
 * past the role's rights (a session that still says "editor") shows the API's refusal in words.
 */
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  expectAccessible,
  launchBrowser,
  type StoredSession,
  screenshot,
  signInTab,
  storedSession,
  type TestPage,
  type ViewportName,
} from "./browser";
import { pagesClosedAfterAll } from "./live-helpers";

let browser: Browser;
let admin: StoredSession;
let editor: StoredSession;
let viewer: StoredSession;
let carol: StoredSession;

const openTab = pagesClosedAfterAll(() => browser);
const signedInPage = async (who: StoredSession, viewport: ViewportName = "desktop"): Promise<TestPage> =>
  signInTab(await openTab(viewport), who);

const suffix = Date.now().toString(36);

interface Ticket {
  id: string;
  title: string;
  status: string;
}
interface ThreadEntry {
  kind: string;
  body: string | null;
  event: string | null;
}

/** A ticket Carol opens through the API, as she would from the site. */
function carolOpens(title: string): Promise<Ticket> {
  return callApi<Ticket>(carol.token, "POST", "/tickets", {
    title,
    description: "The lesson stops after ten seconds, every time.\nSafari on a Mac.",
    priority: "high",
  });
}

/** The desk's list searched for `words`, in the view given by `view` (the address the view links keep). */
async function searchDesk(page: Page, words: string, view = "") {
  await page.goto(`/console/tickets${view ? `?view=${view}` : ""}`);
  await page.getByRole("heading", { level: 1, name: "Tickets" }).waitFor();
  await page.getByLabel("Search").fill(words);
  await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(words);
}

beforeAll(async () => {
  browser = await launchBrowser();
  [admin, editor, viewer, carol] = await Promise.all([
    storedSession("admin@example.com", "admin-password"),
    storedSession("editor@example.com", "editor-password"),
    storedSession("viewer@example.com", "viewer-password"),
    storedSession("carol@example.com", "carol-password"),
  ]);
});

describe("the desk", () => {
  it("lets an editor reply, note, take and close a customer's ticket; the customer sees the reply, not the note", async () => {
    const title = `Lesson stops ${suffix}`;
    const ticket = await carolOpens(title);
    const { page, problems } = await signedInPage(editor);

    await searchDesk(page, title, "unassigned");
    const row = page.getByRole("row", { name: new RegExp(title) });
    await row.waitFor();
    expect(await row.textContent()).toContain("Carol Customer");
    await expectAccessible(page, "desk list");
    await screenshot(page, "console-tickets-desktop");

    await row.getByRole("link", { name: title }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/tickets/${ticket.id}`);
    await page.getByText("No replies yet.").waitFor();

    // A public reply, then an internal note.
    const reply = `Thanks Carol, which lesson is it? ${suffix}`;
    await page.getByLabel("Reply", { exact: true }).fill(reply);
    await page.getByRole("button", { name: "Send reply" }).click();
    await page
      .getByRole("listitem", { name: /^Reply from Eddie Editor/ })
      .getByText(reply)
      .waitFor();

    const note = `Same Safari autoplay bug as last week ${suffix}`;
    await page.getByRole("radio", { name: "Internal note" }).check();
    await page.getByRole("textbox", { name: "Internal note" }).fill(note);
    await page.getByRole("button", { name: "Add internal note" }).click();
    const noteItem = page.getByRole("listitem", { name: /^Internal note from Eddie Editor/ });
    await noteItem.getByText(note).waitFor();
    expect(await noteItem.textContent()).toContain("not shown to the customer");

    // Taking it: it leaves Unassigned and shows under Mine.
    await page.getByRole("button", { name: "Assign to me" }).click();
    await page.getByRole("status").getByText("Assigned to you.").waitFor();
    await page.getByText("Eddie Editor (you) took the ticket").waitFor();
    await expectAccessible(page, "ticket page");
    await screenshot(page, "console-ticket-desktop");

    await searchDesk(page, title, "mine");
    await page.getByRole("row", { name: new RegExp(title) }).waitFor();
    expect(await page.getByRole("link", { name: "Mine" }).getAttribute("aria-current")).toBe("page");
    await page.getByRole("link", { name: "Unassigned" }).click();
    await page.getByText("Every ticket that matches these filters has someone on it.").waitFor();
    expect(await page.getByRole("row", { name: new RegExp(title) }).count()).toBe(0);

    // Closing it, which the thread records with who did it.
    await page.goto(`/console/tickets/${ticket.id}`);
    await page.getByRole("button", { name: "Close ticket" }).click();
    await page
      .getByRole("status")
      .getByText(/Ticket closed/)
      .waitFor();
    await page.getByText("Eddie Editor (you) closed the ticket").waitFor();
    await page.getByRole("button", { name: "Reopen ticket" }).waitFor();
    expect(await page.getByRole("radio", { name: "Reply to the customer" }).isDisabled()).toBe(true);
    expect(problems).toEqual([]);

    // Carol reads the reply and the close, never the note; the closed ticket takes no more replies from her.
    const seen = await callApi<{ data: ThreadEntry[] }>(carol.token, "GET", `/tickets/${ticket.id}/thread`);
    expect(seen.data.map((entry) => (entry.kind === "event" ? entry.event : entry.body))).toEqual([reply, "closed"]);
    expect(JSON.stringify(seen)).not.toContain(note);
    expect((await callApi<Ticket>(carol.token, "GET", `/tickets/${ticket.id}`)).status).toBe("closed");
    await expect(
      callApi(carol.token, "POST", `/tickets/${ticket.id}/thread`, { body: "Still broken" }),
    ).rejects.toThrow(/409/);
  });

  it("fits a phone: the list and a ticket with its thread", async () => {
    const title = `Phone view ${suffix}`;
    const ticket = await carolOpens(title);
    await callApi(editor.token, "POST", `/tickets/${ticket.id}/thread`, { body: "Looking into it now." });
    await callApi(editor.token, "POST", `/tickets/${ticket.id}/thread`, {
      body: "Asked the video team.",
      internal: true,
    });
    const { page, problems } = await signedInPage(editor, "phone");

    await searchDesk(page, title);
    await page.getByRole("row", { name: new RegExp(title) }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "console-tickets-phone");

    await page.goto(`/console/tickets/${ticket.id}`);
    await page.getByRole("listitem", { name: /^Internal note from/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, "ticket page on a phone");
    await screenshot(page, "console-ticket-phone");
    expect(problems).toEqual([]);
  });

  it("shows a viewer the whole desk, internal notes included, with no control to change it", async () => {
    const title = `Viewer reads ${suffix}`;
    const ticket = await carolOpens(title);
    await callApi(editor.token, "POST", `/tickets/${ticket.id}/thread`, {
      body: "Internal: refund if needed.",
      internal: true,
    });
    const { page, problems } = await signedInPage(viewer);

    await searchDesk(page, title);
    await page.getByRole("row", { name: new RegExp(title) }).waitFor();
    expect(await page.getByRole("link", { name: "Mine" }).count()).toBe(0);
    await page.getByRole("link", { name: title }).click();
    await page.getByRole("listitem", { name: /^Internal note from Eddie Editor/ }).waitFor();
    await page.getByText("Replying, assigning and closing tickets need the editor role.").waitFor();
    for (const control of ["Close ticket", "Send reply", "Add internal note", "Assign to me"]) {
      expect(await page.getByRole("button", { name: control }).count(), control).toBe(0);
    }
    expect(await page.getByRole("combobox").count()).toBe(0);
    await expectAccessible(page, "ticket page as a viewer");
    await screenshot(page, "console-ticket-viewer");
    expect(problems).toEqual([]);
  });

  it("says in words when the API refuses a control the page showed, and changes nothing", async () => {
    const title = `Refused close ${suffix}`;
    const ticket = await carolOpens(title);
    // An editor demoted to viewer by an admin while their ticket page is open: the page still shows the controls,
    // and the API, the judge, refuses them.
    const email = `demoted-${suffix}@example.com`;
    const demoted = await callApi<{ id: string }>(admin.token, "POST", "/users", {
      name: `Dee Demoted ${suffix}`,
      email,
      password: "demoted-password",
      role: "editor",
    });
    const { page } = await signedInPage(await storedSession(email, "demoted-password"));

    await page.goto(`/console/tickets/${ticket.id}`);
    const close = page.getByRole("button", { name: "Close ticket" });
    await close.waitFor();
    await callApi(admin.token, "PATCH", `/users/${demoted.id}`, { role: "viewer" });
    await close.click();
    await page.getByRole("alert").getByText("Your role does not allow this.").waitFor();
    await page.getByLabel("Reply", { exact: true }).fill("Hello?");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByRole("form", { name: "Reply to the ticket" }).getByText("Your role does not allow this.").waitFor();

    expect((await callApi<Ticket>(editor.token, "GET", `/tickets/${ticket.id}`)).status).toBe("open");
    expect((await callApi<{ data: unknown[] }>(editor.token, "GET", `/tickets/${ticket.id}/thread`)).data).toEqual([]);
  });
});
