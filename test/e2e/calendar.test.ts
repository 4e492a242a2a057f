/**
 * The calendar page as people use it: months to and fro, events created by clicking a day, changed, deleted and
 * dragged to another day, placed on the viewer's own days whatever their zone, kept live across two browsers, and a
 * change that lost a race shown as a conflict with the event as it now is.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BASE_URL,
  expectAccessible,
  launchBrowser,
  openPage,
  type StoredSession,
  screenshot,
  signInTab,
  storedSession,
  type TestPage,
  VIEWPORTS,
} from "./browser";

let browser: Browser;
let editor: StoredSession;
beforeAll(async () => {
  browser = await launchBrowser();
  editor = await storedSession("editor@example.com", "editor-password");
});
afterAll(async () => {
  await browser?.close();
});
// Each calendar page holds a stream open; over HTTP/1.1 a browser keeps at most six connections to a host.
const opened: Page[] = [];
afterEach(async () => {
  for (const page of opened.splice(0)) await page.close();
});

/** A signed-out page in the time zone given, closed after the test. */
async function calendarPage(viewport: keyof typeof VIEWPORTS = "desktop", timezoneId = "UTC"): Promise<TestPage> {
  const tab = await openPage(browser, viewport, { timezoneId });
  opened.push(tab.page);
  return tab;
}

/** A page whose tab is already signed in as the editor, as after the sign-in dialog. */
async function signedInPage(viewport: keyof typeof VIEWPORTS = "desktop", timezoneId = "UTC"): Promise<TestPage> {
  return signInTab(await calendarPage(viewport, timezoneId), editor);
}

interface ApiEvent {
  id: string;
  name: string;
  start: string;
  end: string;
  location: string | null;
  all_day: boolean;
  time_zone: string | null;
  updated_at: string;
}

/** An event made through the API, as another client would. */
async function createEvent(body: Record<string, unknown>): Promise<ApiEvent> {
  const response = await fetch(`${BASE_URL}/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${editor.token}` },
    body: JSON.stringify({ location: "Room 1", ...body }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as ApiEvent;
}

async function readEvent(id: string): Promise<{ status: number; event?: ApiEvent }> {
  const response = await fetch(`${BASE_URL}/events/${id}`);
  if (!response.ok) {
    await response.body?.cancel();
    return { status: response.status };
  }
  return { status: response.status, event: (await response.json()) as ApiEvent };
}

const day = (page: Page, date: string) => page.locator(`td[data-date="${date}"]`);
const chip = (page: Page, date: string, name: string) => day(page, date).getByRole("button", { name });
const chipCount = (page: Page, date: string, name: string) => chip(page, date, name).count();

async function openMonth(page: Page, month: string) {
  await page.goto(`/calendar/${month}`);
  await page.locator("table").waitFor();
  // The month's events are in, and the live feed is open.
  await page.locator("#main").getByText("Live", { exact: true }).waitFor();
}

describe("calendar", () => {
  it("goes from month to month, the address following, and offers the feed to subscribe to", async () => {
    const { page, problems } = await calendarPage();
    await openMonth(page, "2026-12");
    await page.getByRole("heading", { level: 1, name: "Calendar · December 2026" }).waitFor();
    // The seed's holidays, on their days: Christmas Eve was planned in New York and shows the viewer's time.
    await chip(page, "2026-12-24", "18:00 Christmas Eve").waitFor();
    expect(await chip(page, "2026-12-24", "18:00 Christmas Eve").getAttribute("title")).toContain(
      "planned as 13:00 – 18:00 America/New York",
    );
    await expectAccessible(page, "calendar month");
    await screenshot(page, "calendar-grid");

    await page.getByRole("link", { name: "Next month, January 2027" }).click();
    await page.getByRole("heading", { level: 1, name: "Calendar · January 2027" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/calendar/2027-01");
    await page.getByRole("link", { name: /^Previous month/ }).click();
    await page.getByRole("link", { name: /^Previous month/ }).click();
    await page.getByRole("heading", { level: 1, name: "Calendar · November 2026" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/calendar/2026-11");
    await page.getByRole("link", { name: "Today" }).click();
    const now = new Date();
    const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/calendar/${thisMonth}`);
    expect(await page.locator("[aria-current=date]").count()).toBe(1);

    // Back and forward in the browser go through the months visited.
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Calendar · November 2026" }).waitFor();

    const address = page.getByLabel("Calendar feed address");
    expect(await address.inputValue()).toBe(`${BASE_URL}/events.ics`);
    const webcal = await page.getByRole("link", { name: "Open in calendar app" }).getAttribute("href");
    expect(webcal).toBe(`${BASE_URL.replace(/^http:/, "webcal:")}/events.ics`);
    const feed = await fetch(`${BASE_URL}/events.ics`);
    expect(await feed.text()).toContain("BEGIN:VCALENDAR");
    expect(problems).toEqual([]);

    // On a phone, the month is a list of its days with events.
    const phone = await calendarPage("phone");
    await phone.page.goto("/calendar/2026-12");
    const days = phone.page.getByRole("list", { name: "Events in December 2026" });
    await days.getByRole("button", { name: /Christmas Eve/ }).waitFor();
    expect(await days.locator('li[data-date="2026-12-24"]').textContent()).toContain("18:00 – 23:00");
    await expectAccessible(phone.page, "calendar agenda");
    await screenshot(phone.page, "calendar-grid");
    await days.getByRole("button", { name: /Christmas Eve/ }).click();
    await phone.page.getByRole("dialog", { name: "Christmas Eve" }).waitFor();
    await screenshot(phone.page, "calendar-event", { fullPage: false });
    expect(phone.problems).toEqual([]);
  });

  it("asks a signed-out person to sign in before adding an event on the day they clicked", async () => {
    const { page, problems } = await calendarPage();
    await openMonth(page, "2031-02");
    await day(page, "2031-02-11").click();
    const signIn = page.getByRole("dialog", { name: "Sign in" });
    await signIn.getByLabel("Email").fill("viewer@example.com");
    await signIn.getByLabel("Password").fill("viewer-password");
    await signIn.getByRole("button", { name: "Sign in" }).click();
    const dialog = page.getByRole("dialog", { name: /^New event on Tuesday,? 11 February 2031$/ });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Start date").inputValue()).toBe("2031-02-11");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(problems).toEqual([]);
  });

  it("creates an event by clicking a day, with each problem beside its field, the server's too", async () => {
    const { page, problems } = await signedInPage("desktop", "Europe/Berlin");
    await openMonth(page, "2031-03");
    await day(page, "2031-03-12").click();
    const dialog = page.getByRole("dialog", { name: /^New event on Wednesday,? 12 March 2031$/ });
    await dialog.waitFor();
    // Focus starts on the name and stays in the dialog.
    expect(await dialog.getByLabel("Name").evaluate((input) => input === document.activeElement)).toBe(true);
    for (let i = 0; i < 30; i++) await page.keyboard.press("Tab");
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);

    // The rules the API has, checked before sending: no name, no place.
    await dialog.getByRole("button", { name: "Save" }).click();
    const name = dialog.getByLabel("Name");
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.getByText("Please fill this in.").isVisible()).toBe(true);
    expect(await dialog.getByText("Give a location or an online link (or both).").isVisible()).toBe(true);
    expect(await name.evaluate((input) => input === document.activeElement)).toBe(true);
    await expectAccessible(page, "event dialog with problems");
    await screenshot(page, "calendar-dialog-errors", { fullPage: false });

    await name.fill("Design review");
    await dialog.getByLabel("Start time").fill("14:00");
    // The end follows the start, keeping the hour.
    expect(await dialog.getByLabel("End time").inputValue()).toBe("15:00");
    await dialog.getByLabel("Location", { exact: true }).fill("Room 4");
    expect(await dialog.getByLabel("Time zone").inputValue()).toBe("Europe/Berlin");
    // A zone the server's zone database does not know: the server's field error, beside the field.
    await dialog.getByLabel("Time zone").fill("Mars/Olympus_Mons");
    await dialog.getByRole("button", { name: "Save" }).click();
    const zone = dialog.getByLabel("Time zone");
    await expect.poll(() => zone.getAttribute("aria-invalid")).toBe("true");
    const zoneError = await zone.evaluate((input) =>
      (input.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .map((id) => document.getElementById(id)?.textContent)
        .join(" "),
    );
    expect(zoneError).toContain("Must be an IANA time zone name");

    await zone.fill("Europe/Berlin");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await chip(page, "2031-03-12", "14:00 Design review").waitFor();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Design review added.");
    await screenshot(page, "calendar-created");
    expect(problems).toEqual([]);
  });

  it("edits an event, moves it from the dialog by keyboard, and deletes it", async () => {
    const made = await createEvent({
      name: "Sprint planning",
      start: "2031-07-08T09:00:00Z",
      end: "2031-07-08T10:30:00Z",
    });
    const { page, problems } = await signedInPage();
    await openMonth(page, "2031-07");
    await chip(page, "2031-07-08", "9:00 Sprint planning").click();
    const dialog = page.getByRole("dialog", { name: "Edit event" });
    await dialog.waitFor();
    await dialog.getByLabel("Name").fill("Sprint planning (Q3)");
    // Keyboard users move an event by its start date: the end moves with it, the length kept.
    await dialog.getByLabel("Start date").fill("2031-07-09");
    expect(await dialog.getByLabel("End date").inputValue()).toBe("2031-07-09");
    expect(await dialog.getByLabel("End time").inputValue()).toBe("10:30");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await chip(page, "2031-07-09", "9:00 Sprint planning (Q3)").waitFor();
    expect(await chipCount(page, "2031-07-08", "Sprint planning")).toBe(0);
    const saved = await readEvent(made.id);
    expect(saved.event).toMatchObject({
      name: "Sprint planning (Q3)",
      start: "2031-07-09T09:00:00.000Z",
      end: "2031-07-09T10:30:00.000Z",
    });

    await chip(page, "2031-07-09", "9:00 Sprint planning (Q3)").click();
    await page.getByRole("dialog", { name: "Edit event" }).getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => chipCount(page, "2031-07-09", "Sprint planning")).toBe(0);
    expect((await readEvent(made.id)).status).toBe(404);
    expect(problems).toEqual([]);
  });

  it("moves an event by dragging it to another day, keeping its time and length", async () => {
    const made = await createEvent({ name: "Retro", start: "2031-04-08T08:30:00Z", end: "2031-04-08T09:45:00Z" });
    const allDay = await createEvent({ name: "Offsite", all_day: true, start: "2031-04-14", end: "2031-04-15" });
    const { page, problems } = await signedInPage();
    await openMonth(page, "2031-04");
    await chip(page, "2031-04-08", "8:30 Retro").dragTo(day(page, "2031-04-10"));
    await chip(page, "2031-04-10", "8:30 Retro").waitFor();
    expect(await chipCount(page, "2031-04-08", "Retro")).toBe(0);
    await expect.poll(async () => (await readEvent(made.id)).event?.start).toBe("2031-04-10T08:30:00.000Z");
    expect((await readEvent(made.id)).event?.end).toBe("2031-04-10T09:45:00.000Z");

    // With the mouse itself, an all-day event keeps its length: two days.
    const from = await chip(page, "2031-04-14", "Offsite").boundingBox();
    const to = await day(page, "2031-04-22").boundingBox();
    if (!from || !to) throw new Error("no boxes to drag between");
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 30, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
    await page.mouse.up();
    await chip(page, "2031-04-22", "Offsite").waitFor();
    await chip(page, "2031-04-23", "Offsite").waitFor();
    expect(await chipCount(page, "2031-04-14", "Offsite")).toBe(0);
    await expect.poll(async () => (await readEvent(allDay.id)).event?.start).toBe("2031-04-22");
    expect((await readEvent(allDay.id)).event?.end).toBe("2031-04-23");
    expect(problems).toEqual([]);
  });

  it("places events on the viewer's own days: late evening, other zones, all-day, many days", async () => {
    // 03:30 UTC on 7 May is 23:30 on 6 May in New York.
    await createEvent({
      name: "Late call",
      start: "2031-05-07T03:30:00Z",
      end: "2031-05-07T04:00:00Z",
      time_zone: "Asia/Kolkata",
    });
    await createEvent({ name: "Hackathon", all_day: true, start: "2031-05-14", end: "2031-05-16" });
    await createEvent({ name: "Night shift", start: "2031-05-20T23:00:00Z", end: "2031-05-22T01:00:00Z" });
    for (const viewport of ["desktop", "phone"] as const) {
      const { page, problems } = await signedInPage(viewport, "America/New_York");
      await page.goto("/calendar/2031-05");
      await page.locator("#main").getByText("Live", { exact: true }).waitFor();
      if (viewport === "desktop") {
        await chip(page, "2031-05-06", "23:30 Late call").waitFor();
        expect(await chipCount(page, "2031-05-07", "Late call")).toBe(0);
        // Planned in Kolkata: its time there is mentioned too.
        expect(await chip(page, "2031-05-06", "23:30 Late call").getAttribute("title")).toContain(
          "planned as 09:00 – 09:30 Asia/Kolkata",
        );
        for (const date of ["2031-05-14", "2031-05-15", "2031-05-16"]) await chip(page, date, "Hackathon").waitFor();
        expect(await chipCount(page, "2031-05-13", "Hackathon")).toBe(0);
        expect(await chipCount(page, "2031-05-17", "Hackathon")).toBe(0);
        // 19:00 on the 20th to 21:00 on the 21st in New York: both days.
        await chip(page, "2031-05-20", "19:00 Night shift").waitFor();
        await chip(page, "2031-05-21", "Night shift").waitFor();
        expect(await chipCount(page, "2031-05-22", "Night shift")).toBe(0);
      } else {
        // A phone lists the month's days with events instead of the grid.
        const late = page.locator('li[data-date="2031-05-06"]');
        await late.getByText("Late call").waitFor();
        expect(await late.textContent()).toContain("23:30 – 0:00");
        expect(await page.locator('li[data-date="2031-05-07"]').count()).toBe(0);
        expect(await page.locator('li[data-date="2031-05-15"]').textContent()).toContain("Hackathon");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          VIEWPORTS.phone.width,
        );
      }
      await expectAccessible(page, `calendar zones at ${viewport}`);
      await screenshot(page, "calendar-zones");
      expect(problems).toEqual([]);
    }
  });

  it("shows an event moved in one browser moved in another, without a reload", async () => {
    const made = await createEvent({ name: "Demo day", start: "2031-06-03T13:00:00Z", end: "2031-06-03T14:00:00Z" });
    const mover = await signedInPage();
    const watcher = await signedInPage();
    await openMonth(mover.page, "2031-06");
    await openMonth(watcher.page, "2031-06");
    await chip(watcher.page, "2031-06-03", "13:00 Demo day").waitFor();

    await chip(mover.page, "2031-06-03", "13:00 Demo day").dragTo(day(mover.page, "2031-06-05"));
    await chip(watcher.page, "2031-06-05", "13:00 Demo day").waitFor();
    expect(await chipCount(watcher.page, "2031-06-03", "Demo day")).toBe(0);

    // A new event and a delete elsewhere show up too.
    const other = await createEvent({
      name: "Office hours",
      start: "2031-06-11T10:00:00Z",
      end: "2031-06-11T11:00:00Z",
    });
    await chip(watcher.page, "2031-06-11", "10:00 Office hours").waitFor();
    await fetch(`${BASE_URL}/events/${other.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${editor.token}` },
    }).then((response) => response.body?.cancel());
    await expect.poll(() => chipCount(watcher.page, "2031-06-11", "Office hours")).toBe(0);
    expect((await readEvent(made.id)).event?.start).toBe("2031-06-05T13:00:00.000Z");
    expect([...mover.problems, ...watcher.problems]).toEqual([]);
  });

  it("shows a change that lost the race as a conflict, with the event as it now is", async () => {
    const made = await createEvent({
      name: "Budget review",
      start: "2031-08-12T15:00:00Z",
      end: "2031-08-12T16:00:00Z",
    });
    const first = await signedInPage();
    const second = await signedInPage();
    for (const { page } of [first, second]) {
      await openMonth(page, "2031-08");
      await chip(page, "2031-08-12", "15:00 Budget review").click();
      await page.getByRole("dialog", { name: "Edit event" }).waitFor();
    }
    // Both opened the same version; the first saves a new name.
    const firstDialog = first.page.getByRole("dialog", { name: "Edit event" });
    await firstDialog.getByLabel("Name").fill("Budget review (final)");
    await firstDialog.getByRole("button", { name: "Save" }).click();
    await firstDialog.waitFor({ state: "hidden" });

    // The second, still on the old version, changes the place: the page does not overwrite the new name unseen.
    const secondDialog = second.page.getByRole("dialog", { name: "Edit event" });
    await secondDialog.getByLabel("Location", { exact: true }).fill("Room 9");
    await secondDialog.getByRole("button", { name: "Save" }).click();
    const conflict = second.page.getByRole("dialog", { name: "This event has changed" });
    await conflict.waitFor();
    const now = conflict.getByRole("region", { name: "The event as it is now" });
    expect(await now.textContent()).toContain("Budget review (final)");
    expect(await conflict.textContent()).toContain("set the location to “Room 9”");
    await expectAccessible(second.page, "conflict");
    await screenshot(second.page, "calendar-conflict", { fullPage: false });

    // Applying the change to the current version keeps both: their name, this place.
    await conflict.getByRole("button", { name: "Apply my change to it" }).click();
    await conflict.waitFor({ state: "hidden" });
    await expect.poll(async () => (await readEvent(made.id)).event?.location).toBe("Room 9");
    expect((await readEvent(made.id)).event?.name).toBe("Budget review (final)");
    await chip(first.page, "2031-08-12", "15:00 Budget review (final)").waitFor();

    // The other way round: the second moves it by dragging while the first has it open; the first keeps theirs.
    await chip(first.page, "2031-08-12", "Budget review (final)").click();
    const again = first.page.getByRole("dialog", { name: "Edit event" });
    await again.waitFor();
    await chip(second.page, "2031-08-12", "Budget review (final)").dragTo(day(second.page, "2031-08-14"));
    await expect.poll(async () => (await readEvent(made.id)).event?.start).toBe("2031-08-14T15:00:00.000Z");
    await again.getByLabel("Name").fill("Budget review (draft)");
    await again.getByRole("button", { name: "Save" }).click();
    const secondConflict = first.page.getByRole("dialog", { name: "This event has changed" });
    await secondConflict.waitFor();
    expect(await secondConflict.textContent()).toContain("14 Aug");
    await secondConflict.getByRole("button", { name: "Keep it as it is" }).click();
    await secondConflict.waitFor({ state: "hidden" });
    await chip(first.page, "2031-08-14", "15:00 Budget review (final)").waitFor();
    expect((await readEvent(made.id)).event?.name).toBe("Budget review (final)");
    expect([...first.problems, ...second.problems]).toEqual([]);
  });
});
