/**
 * The console's lessons as the demo editor uses them: the list filtered (and kept in the address); a draft lesson
 * fixed where the API refused a field, scheduled a minute ahead in the editor's time zone, published by the
 * scheduler and then seen in the public catalog; a lesson the scheduler could not publish (no thumbnails) in
 * "Publish problems" with its reason, then unscheduled and archived; and a viewer who reads without edit controls.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGES } from "../images";
import {
  BASE_URL,
  callApi,
  expectAccessible,
  launchBrowser,
  SCREENSHOTS,
  type StoredSession,
  screenshot,
  storedSession,
  tabsClosedAfterEach,
} from "./browser";

let browser: Browser;
let editor: StoredSession;
let viewer: StoredSession;

/** The editor works from Tokyo: the schedule is picked and shown in that zone, and sent to the API in UTC. */
const TIME_ZONE = "Asia/Tokyo";
const ZONE_OFFSET_MINUTES = 9 * 60;
const ZONE_OFFSET = "GMT+9";

/** Pages in the editor's time zone; full-page screenshots of the editor take longer than the default step on a busy machine. */
const signedInPage = tabsClosedAfterEach(() => browser, { timezoneId: TIME_ZONE, stepTimeoutMs: 20_000 });

const suffix = Date.now().toString(36);

interface ApiLesson {
  id: string;
  title: string;
  status: string;
  publish_error: string | null;
}

/** A draft video lesson in Kitchen Basics (a published program with its posters), made through the API. */
const draftLesson = (title: string) =>
  callApi<ApiLesson>(editor.token, "POST", "/cms/terms/term-kitchen-1/lessons", {
    title,
    description: "Keep the edge keen.",
    content_type: "video",
    duration_ms: 6 * 60_000,
    content_language_primary: "en",
    content_urls_by_language: { en: `https://cdn.example.com/demo/kitchen/${suffix}/en.m3u8` },
  });

/** Gives a lesson the portrait and landscape thumbnails it needs, reusing a seeded lesson's uploaded images. */
async function giveThumbnails(lessonId: string) {
  const seeded = await callApi<{ data: { variant: string; url: string }[] }>(
    editor.token,
    "GET",
    "/cms/lessons/lesson-onion/assets",
  );
  for (const variant of ["portrait", "landscape"]) {
    const url = seeded.data.find((asset) => asset.variant === variant)?.url;
    await callApi(editor.token, "PUT", `/cms/lessons/${lessonId}/thumbnails/en/${variant}`, { url });
  }
}

/**
 * The next whole minute at least 30 seconds away: soon enough that the test waits under a minute and a half for it
 * to fall due, far enough that the API still finds it in the future when the editor clicks Schedule.
 */
const nextMinute = () => Math.ceil((Date.now() + 30_000) / 60_000) * 60_000;

/** The moment as a datetime-local control in the editor's zone holds it: "2026-12-01T20:35" in Tokyo for 11:35 UTC. */
const localInput = (at: number) => new Date(at + ZONE_OFFSET_MINUTES * 60_000).toISOString().slice(0, 16);

/** The moment as the page shows it to the editor (en-GB, in their zone). */
const shownInZone = (at: number) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE }).format(at);

/**
 * Runs the Worker's Cron Trigger once, as Cloudflare does every minute: `wrangler dev --test-scheduled` (see
 * server.ts) calls the Worker's `scheduled` handler for `GET /__scheduled`.
 */
async function runScheduler() {
  const response = await fetch(`${BASE_URL}/__scheduled?cron=*+*+*+*+*`);
  expect(await response.text()).toBe("Ran scheduled event");
  expect(response.status).toBe(200);
}

/** The wrangler dev log, where the cron's publisher writes a line per lesson it could not publish. */
const devLog = () => readFileSync(join(SCREENSHOTS, "wrangler-dev.log"), "utf8");

beforeAll(async () => {
  browser = await launchBrowser();
  editor = await storedSession("editor@example.com", "editor-password");
  viewer = await storedSession("viewer@example.com", "viewer-password");
});
afterAll(async () => {
  await browser?.close();
});

describe("console lessons", () => {
  it("filters the lessons list, and the address keeps the filters", async () => {
    for (const viewport of ["desktop", "phone"] as const) {
      const { page, problems } = await signedInPage(editor, viewport);
      await page.goto("/console/lessons");
      await page.getByRole("heading", { level: 1, name: "Lessons" }).waitFor();
      await page.getByRole("row", { name: /Greetings and introductions/ }).waitFor();

      await page.getByLabel("Status").selectOption("draft");
      await page.getByLabel("Program").selectOption({ label: "Kitchen Basics" });
      const onion = page.getByRole("row", { name: /Dicing an onion/ });
      await onion.waitFor();
      await page.getByRole("row", { name: /Family and relationships/ }).waitFor({ state: "detached" });
      expect(await onion.textContent()).toContain("Draft");
      await expect.poll(() => new URL(page.url()).searchParams.get("program_id")).toBe("program-kitchen");
      expect(new URL(page.url()).searchParams.get("status")).toBe("draft");

      // A shared address opens the same view.
      await page.reload();
      await onion.waitFor();
      expect(await page.getByLabel("Program").inputValue()).toBe("program-kitchen");
      await page.getByLabel("Search").fill("onion");
      await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("onion");
      await onion.waitFor();
      await expectAccessible(page, `console lessons ${viewport}`);
      if (viewport === "phone") {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      }
      await page.getByLabel("Search").fill("");
      await expect.poll(() => new URL(page.url()).searchParams.has("q")).toBe(false);
      await page.getByLabel("Status").selectOption("");
      await page.getByRole("row", { name: /Holding a chef's knife/ }).waitFor();
      await screenshot(page, "console-lessons");
      expect(problems).toEqual([]);
    }
  });

  it("schedules a fixed draft in the editor's time zone; the scheduler publishes it, or says what is missing", {
    timeout: 180_000,
  }, async () => {
    const title = `Sharpening a knife ${suffix}`;
    const lesson = await draftLesson(title);
    await giveThumbnails(lesson.id);
    const blocked = await draftLesson(`Honing steel ${suffix}`);

    const { page, problems } = await signedInPage(editor);
    await page.goto(`/console/lessons/${lesson.id}`);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    const breadcrumb = page.getByRole("navigation", { name: "Breadcrumb" });
    await breadcrumb.getByRole("link", { name: "Kitchen Basics" }).waitFor();
    await breadcrumb.getByRole("link", { name: "Knife skills" }).waitFor();

    // A video lesson without a length: the API refuses, and says so beside the field.
    const duration = page.getByLabel("Duration (minutes)");
    await duration.fill("");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => duration.getAttribute("aria-invalid")).toBe("true");
    const described = (await duration.getAttribute("aria-describedby")) ?? "";
    const errorId = described.split(" ").find((id) => id.endsWith("-error")) ?? "";
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain("Required for video lessons.");
    await expectAccessible(page, "lesson editor with an error");
    await duration.fill("9");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("Saved.").waitFor();
    expect(await duration.getAttribute("aria-invalid")).toBeNull();
    expect((await callApi<{ duration_ms: number }>(editor.token, "GET", `/cms/lessons/${lesson.id}`)).duration_ms).toBe(
      9 * 60_000,
    );

    // Scheduled for the next minute, picked in Tokyo time; the page names the zone and the API holds UTC.
    const at = nextMinute();
    // The other lesson, without thumbnails, falls due at the same minute.
    await callApi(editor.token, "POST", `/cms/lessons/${blocked.id}/schedule`, {
      publish_at: new Date(at).toISOString(),
    });
    const publishing = page.getByRole("region", { name: "Publishing" });
    await publishing.getByText(`Your time zone: ${TIME_ZONE}, ${ZONE_OFFSET}`).waitFor();
    await publishing.getByLabel("Publish at").fill(localInput(at));
    await publishing.getByRole("button", { name: "Schedule" }).click();
    await publishing.getByText("Scheduled", { exact: true }).waitFor();
    expect(await publishing.getByTestId("publish-at").textContent()).toBe(
      `${shownInZone(at)} (${TIME_ZONE}, ${ZONE_OFFSET})`,
    );
    const stored = await callApi<{ status: string; publish_at: string }>(
      editor.token,
      "GET",
      `/cms/lessons/${lesson.id}`,
    );
    expect(stored).toMatchObject({ status: "scheduled", publish_at: new Date(at).toISOString() });
    await expectAccessible(page, "scheduled lesson");
    await screenshot(page, "console-lesson");

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now() + 1_000)));
    await runScheduler();
    // The publisher ran, at that time by the PublishClock's alarm (or else by the cron): it logged its run, and the
    // lesson it could not publish.
    await expect.poll(() => devLog().includes(`"lesson_publish_blocked","lesson_id":"${blocked.id}"`)).toBe(true);
    expect(devLog()).toMatch(
      /"msg":"scheduled_publish","(cron":"\* \* \* \* \*"|alarm":"PublishClock","retry_count":\d+),"published":[1-9]/,
    );

    await page.reload();
    await publishing.getByText("Published", { exact: true }).waitFor();
    expect(await publishing.getByRole("button", { name: "Publish now" }).count()).toBe(0);

    // The public sees it: its own page, and its program's.
    await page.goto(`/lessons/${lesson.id}`);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.goto("/programs/program-kitchen");
    await page.getByText(title).first().waitFor();
    expect(problems).toEqual([]);
  });

  it("shows what the scheduler could not publish and why; unscheduling and archiving it work", async () => {
    const { page, problems } = await signedInPage(editor, "phone");
    const title = `Honing steel ${suffix}`;
    await page.goto("/console/lessons?view=problems");
    await page.getByRole("heading", { level: 1, name: "Publish problems" }).waitFor();
    const row = page.getByRole("row", { name: new RegExp(title) });
    await row.waitFor();
    expect(await row.textContent()).toContain(
      "The lesson needs a portrait and a landscape thumbnail in English. Add the thumbnails in the editor",
    );
    await expectAccessible(page, "publish problems");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "console-lessons-problems");

    await row.getByRole("link", { name: "Fix in the editor" }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    const publishing = page.getByRole("region", { name: "Publishing" });
    await publishing.getByText("The scheduler could not publish this lesson.").waitFor();
    await publishing.getByRole("link", { name: "Add the thumbnails" }).waitFor();
    await expectAccessible(page, "lesson with a publish error");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "console-lesson");

    await publishing.getByRole("button", { name: "Unschedule" }).click();
    await publishing.getByText("Draft", { exact: true }).waitFor();
    expect(await publishing.getByText("The scheduler could not publish this lesson.").count()).toBe(0);

    // Publishing it now is refused for the same reason, said the same way.
    await publishing.getByRole("button", { name: "Publish now" }).click();
    await publishing.getByText("The lesson needs a portrait and a landscape thumbnail in English.").waitFor();

    // The thumbnails, added here in the editor: each shows once uploaded, and the API has both.
    const png = { mimeType: "image/png", buffer: Buffer.from(IMAGES.png) };
    for (const variant of ["portrait", "landscape"]) {
      await page.getByLabel(`Upload English ${variant} thumbnail`).setInputFiles({ name: `${variant}.png`, ...png });
      await page
        .getByRole("group", { name: `English ${variant} thumbnail` })
        .locator("img")
        .waitFor();
    }
    const thumbnails = await callApi<{ data: { language: string; variant: string }[] }>(
      editor.token,
      "GET",
      `/cms/lessons/${lessonIdOf(page)}/assets`,
    );
    expect(thumbnails.data.map((asset) => `${asset.language} ${asset.variant}`).sort()).toEqual([
      "en landscape",
      "en portrait",
    ]);

    await publishing.getByRole("button", { name: "Archive…" }).click();
    const dialog = page.getByRole("dialog", { name: `Archive ${title}?` });
    await dialog.getByRole("button", { name: "Archive lesson" }).click();
    await publishing.getByText("Archived", { exact: true }).waitFor();
    await dialog.waitFor({ state: "detached" });
    expect((await callApi<ApiLesson>(editor.token, "GET", `/cms/lessons/${await lessonIdOf(page)}`)).status).toBe(
      "archived",
    );
    expect(problems).toEqual([]);
  });

  it("sends the editor to the program when its posters stand in the way of publishing", async () => {
    const program = await callApi<{ id: string }>(editor.token, "POST", "/cms/programs", {
      title: `Bread at home ${suffix}`,
      language_primary: "en",
    });
    const term = await callApi<{ id: string }>(editor.token, "POST", `/cms/programs/${program.id}/terms`, {
      title: "Starters",
    });
    const title = `Feeding a starter ${suffix}`;
    const lesson = await callApi<ApiLesson>(editor.token, "POST", `/cms/terms/${term.id}/lessons`, {
      title,
      content_type: "article",
      content_language_primary: "en",
      content_urls_by_language: { en: `https://cdn.example.com/demo/bread/${suffix}/en.html` },
    });
    await giveThumbnails(lesson.id);

    const { page, problems } = await signedInPage(editor);
    await page.goto(`/console/lessons/${lesson.id}`);
    const publishing = page.getByRole("region", { name: "Publishing" });
    await publishing.getByRole("button", { name: "Publish now" }).click();
    await publishing
      .getByText("Its program is still a draft and needs a portrait and a landscape poster in English")
      .waitFor();
    await publishing.getByRole("link", { name: "Add the program's posters" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/console/programs/${program.id}`);
    expect((await callApi<ApiLesson>(editor.token, "GET", `/cms/lessons/${lesson.id}`)).status).toBe("draft");
    expect(problems).toEqual([]);
  });

  it("shows a viewer the lesson without any edit control", async () => {
    const { page, problems } = await signedInPage(viewer);
    await page.goto("/console/lessons/lesson-onion");
    await page.getByRole("heading", { level: 1, name: "Dicing an onion" }).waitFor();
    await page.getByRole("region", { name: "Publishing" }).getByText("Draft", { exact: true }).waitFor();
    expect(await page.getByLabel("Title").inputValue()).toBe("Dicing an onion");
    expect(await page.getByLabel("Title").getAttribute("readonly")).not.toBeNull();
    for (const name of ["Save", "Publish now", "Schedule", "Archive…", "Unschedule", /^Remove/, /^Add a/]) {
      expect(await page.getByRole("button", { name }).count()).toBe(0);
    }
    await expectAccessible(page, "lesson as a viewer");
    expect(problems).toEqual([]);
  });
});

/** The id of the lesson whose editor the page shows. */
const lessonIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
