/**
 * The search page as a person uses it: results as they type (a superseded search cancelled, never shown), a typo
 * that still finds the lesson, "did you mean", facets that narrow the results and the address (Back widens them
 * again), more results by cursor, and a lesson archived through the CMS gone from the next search.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, expectAccessible, focused, launchBrowser, openPage, screenshot } from "./browser";
import { apiToken } from "./live-helpers";

let browser: Browser;
let editor: string;
let admin: string;
/** The tests' own program, so that what they archive is theirs: words no demo content has ("origami", "paper"). */
let program: { id: string };
const lessons: Record<"crane" | "boats" | "rainy" | "lily", { id: string }> = {} as never;

type Assets = Record<string, { portrait?: string; landscape?: string }>;

/** A published program of the tests' own, through the CMS API as an editor builds one, with the demo's images. */
async function publishOrigami() {
  const demoProgram = await callApi<{ assets: { posters: Assets } }>(null, "GET", "/catalog/programs/program-kitchen");
  const demoLesson = await callApi<{ assets: { thumbnails: Assets } }>(
    null,
    "GET",
    "/catalog/lessons/lesson-chef-knife",
  );
  const poster = demoProgram.assets.posters.en ?? {};
  const thumbnail = demoLesson.assets.thumbnails.en ?? {};
  program = await callApi(editor, "POST", "/cms/programs", {
    title: "Origami Afternoons",
    description: "Paper folding for calm afternoons: cranes, boats and lilies from one square sheet.",
    language_primary: "en",
    topic_ids: ["topic-culture"],
  });
  for (const variant of ["portrait", "landscape"] as const) {
    await callApi(editor, "PUT", `/cms/programs/${program.id}/posters/en/${variant}`, { url: poster[variant] });
  }
  const term = await callApi<{ id: string }>(editor, "POST", `/cms/programs/${program.id}/terms`, {
    title: "First folds",
  });
  const add = async (title: string, description: string, content_type: string, minutes: number | null) => {
    const lesson = await callApi<{ id: string }>(editor, "POST", `/cms/terms/${term.id}/lessons`, {
      title,
      description,
      content_type,
      duration_ms: minutes === null ? null : minutes * 60_000,
      content_language_primary: "en",
      content_urls_by_language: { en: "https://cdn.example.com/demo/origami/lesson.m3u8" },
    });
    for (const variant of ["portrait", "landscape"] as const) {
      await callApi(editor, "PUT", `/cms/lessons/${lesson.id}/thumbnails/en/${variant}`, { url: thumbnail[variant] });
    }
    await callApi(editor, "POST", `/cms/lessons/${lesson.id}/publish`);
    return lesson;
  };
  lessons.crane = await add("Folding a paper crane", "Origami's best-loved model, one crease at a time.", "video", 6);
  lessons.boats = await add(
    "Paper boats that float",
    "A boat from a sheet of paper, and how to keep it dry.",
    "video",
    4,
  );
  lessons.rainy = await add("Origami for rainy days", "Ten quick models to fold with children.", "article", null);
  lessons.lily = await add("A water lily", "Petals that open as you pull: a model for a table.", "audio", 5);
}

beforeAll(async () => {
  browser = await launchBrowser();
  editor = await apiToken("editor@example.com", "editor-password");
  admin = await apiToken("admin@example.com", "admin-password");
  await publishOrigami();
});
afterAll(async () => {
  await browser?.close();
  // The other files count the demo catalog's programs: the tests' own leaves with them.
  if (program) await callApi(admin, "DELETE", `/cms/programs/${program.id}`);
});

const resultTitles = (page: Page) =>
  page.getByRole("list", { name: "Results" }).getByRole("listitem").locator("h3").allTextContents();
/** The line over the results: "3 results for “paper”". */
const countLine = (page: Page) => page.getByRole("main").locator("h2[aria-live]").textContent();
/** Waits until the results answer the search in the address (not dimmed last results while the next load). */
const settled = (page: Page) => page.locator('main ol[aria-label="Results"][aria-busy="false"]').waitFor();
const searchBox = (page: Page) => page.getByRole("searchbox", { name: "Search programs and lessons" });

/** The words of every search the page sends, in order, and those of searches it cancelled. */
function watchSearches(page: Page) {
  const sent: string[] = [];
  const cancelled: string[] = [];
  const words = (url: string) => new URL(url).searchParams.get("q") ?? "";
  const isSearch = (url: string) => new URL(url).pathname === "/discovery/search";
  page.on("request", (request) => isSearch(request.url()) && sent.push(words(request.url())));
  page.on("requestfailed", (request) => isSearch(request.url()) && cancelled.push(words(request.url())));
  return { sent, cancelled };
}

describe("search", () => {
  it("searches as you type, shows only the last search's results, and takes a typo", async () => {
    const { page, problems } = await openPage(browser);
    const searches = watchSearches(page);
    // The answer to "ori" is held back until long after "origami"'s: it must not land on the page.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(
      (url) => url.pathname === "/discovery/search" && url.searchParams.get("q") === "ori",
      async (route) => {
        await held;
        await route.continue().catch(() => {}); // the page cancelled it meanwhile
      },
    );
    await page.goto("/");
    await page.getByRole("banner").getByRole("link", { name: "Search" }).click();
    await page.getByRole("heading", { level: 1, name: "Search" }).waitFor();
    // The box has the focus: a person types straight away.
    await expect.poll(() => focused(page)).toMatch(/^input#/);

    // Letter by letter, a pause after each: a search per pause, each narrowing the results.
    for (const typed of ["o", "or", "ori", "orig", "origa", "origam", "origami"]) {
      await searchBox(page).press(typed.at(-1) ?? "");
      await expect.poll(() => searches.sent).toContain(typed);
    }
    await expect.poll(() => countLine(page)).toMatch(/results? for “origami”$/);
    expect(await resultTitles(page)).toEqual(
      expect.arrayContaining(["Origami Afternoons", "Origami for rainy days", "Folding a paper crane"]),
    );
    // The superseded "ori" was cancelled, and its answer, let through now, changes nothing.
    await expect.poll(() => searches.cancelled).toContain("ori");
    release();
    const shown = await resultTitles(page);
    await page.waitForTimeout(500);
    expect(await resultTitles(page)).toEqual(shown);
    expect(await countLine(page)).toMatch(/for “origami”$/);
    expect(new URL(page.url()).searchParams.get("q")).toBe("origami");
    // The matched words are marked.
    expect(await page.locator("main mark").first().textContent()).toMatch(/^origami/i);

    // A fast typist's word is one search, not one a letter.
    const before = searches.sent.length;
    await searchBox(page).fill("");
    await searchBox(page).pressSequentially("crame", { delay: 20 });
    await expect.poll(() => countLine(page)).toMatch(/for “crame”$/);
    expect(searches.sent.slice(before).filter((q) => q.startsWith("cr"))).toEqual(["crame"]);
    // "crame" is one letter off "crane": the lesson is found all the same.
    expect(await resultTitles(page)).toContain("Folding a paper crane");
    await settled(page);
    await expectAccessible(page, "search");

    // From the keyboard: Tab reaches the results.
    await searchBox(page).focus();
    let reached = false;
    for (let tab = 0; tab < 20 && !reached; tab++) {
      await page.keyboard.press("Tab");
      reached = (await focused(page)).startsWith("a:Folding a paper crane");
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Folding a paper crane" }).waitFor();
    expect(page.url()).toMatch(new RegExp(`/lessons/${lessons.crane.id}$`));
    expect(problems).toEqual([]);
  });

  it("narrows by a facet, in the address too, and Back widens again", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/search?q=paper");
    await expect.poll(() => resultTitles(page)).toContain("Origami Afternoons");
    const facets = page.getByRole("navigation", { name: "Narrow the results" });
    const lessonsFacet = facets.getByRole("link", { name: /^Lessons \d+ results?$/ });
    await settled(page);
    await screenshot(page, "search");

    await lessonsFacet.click();
    await expect.poll(() => resultTitles(page)).not.toContain("Origami Afternoons");
    expect(await resultTitles(page)).toEqual(
      expect.arrayContaining(["Folding a paper crane", "Paper boats that float"]),
    );
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ q: "paper", type: "lesson" });
    // The chosen facet says so, and is one click from gone.
    expect(await page.getByRole("list", { name: "Filters chosen" }).textContent()).toContain("Lessons");
    await facets.getByRole("link", { name: "Video 2 results" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("content_type")).toBe("video");
    await settled(page);
    await expectAccessible(page, "search with facets");

    // Back, twice: the kind goes, then the type; the words stay in the box.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get("content_type")).toBeNull();
    await page.goBack();
    await expect.poll(() => resultTitles(page)).toContain("Origami Afternoons");
    expect(new URL(page.url()).search).toBe("?q=paper");
    expect(await searchBox(page).inputValue()).toBe("paper");
    expect(problems).toEqual([]);
  });

  it("offers what you meant when nothing matches, and runs it on a click", async () => {
    const { page, problems } = await openPage(browser, "phone");
    await page.goto("/search");
    await searchBox(page).fill("orrigamy");
    await expect.poll(() => countLine(page)).toBe("No results for “orrigamy”");
    const suggestion = page.getByRole("link", { name: "origami" });
    expect(await page.getByText(/^Did you mean/).textContent()).toBe("Did you mean origami?");
    await screenshot(page, "search-did-you-mean");
    await suggestion.click();
    await expect.poll(() => countLine(page)).toMatch(/for “origami”$/);
    expect(await searchBox(page).inputValue()).toBe("origami");
    // A suggestion taken is a step of its own: Back returns to what was typed.
    await page.goBack();
    await expect.poll(() => searchBox(page).inputValue()).toBe("orrigamy");

    // Nothing at all: a way forward, not a blank page.
    await searchBox(page).fill("zzzqqq");
    await expect.poll(() => countLine(page)).toBe("No results for “zzzqqq”");
    await expect
      .poll(() => page.getByRole("main").textContent())
      .toContain("Check the spelling, or try fewer or more general words.");
    expect(problems).toEqual([]);
  });

  it("asks a person who searches too fast to slow down (429), and searches again on request", async () => {
    const { page, problems } = await openPage(browser);
    // The gateway's limit, as the API answers it: 100 searches a minute per address are more than a test should send.
    let limited = true;
    await page.route(
      (url) => url.pathname === "/discovery/search",
      (route) =>
        limited
          ? route.fulfill({
              status: 429,
              headers: { "Content-Type": "application/problem+json", "Retry-After": "30" },
              body: JSON.stringify({
                type: "urn:problem:rate_limited",
                title: "Too many requests",
                status: 429,
                detail: "Too many requests; retry after 30 seconds.",
                code: "rate_limited",
                request_id: "e2e",
              }),
            })
          : route.continue(),
    );
    await page.goto("/search?q=origami");
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("Slow down a little");
    limited = false;
    await alert.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => resultTitles(page)).toContain("Origami Afternoons");
    expect(problems).toEqual([]);
  });

  it("loads more results by cursor, on a phone", async () => {
    const { page, problems } = await openPage(browser, "phone");
    await page.goto("/search?q=origami&limit=2");
    await expect.poll(async () => (await resultTitles(page)).length).toBe(2);
    const total = Number((await countLine(page))?.match(/^(\d+)/)?.[1]);
    expect(total).toBeGreaterThan(2);
    await page.getByRole("button", { name: "More results" }).click();
    await expect.poll(async () => (await resultTitles(page)).length).toBe(Math.min(4, total));
    while (await page.getByRole("button", { name: "More results" }).count()) {
      await page.getByRole("button", { name: "More results" }).click();
      await page.waitForTimeout(200);
    }
    await expect.poll(async () => (await resultTitles(page)).length).toBe(total);
    // Every result once.
    expect(new Set(await resultTitles(page)).size).toBe(total);
    // The filters wait behind a button on a phone.
    await page.getByRole("button", { name: "Filters" }).click();
    await page
      .getByRole("navigation", { name: "Narrow the results" })
      .getByRole("link", { name: /^Programs/ })
      .waitFor();
    await settled(page);
    await screenshot(page, "search-phone");
    await expectAccessible(page, "search on a phone");
    expect(problems).toEqual([]);
  });

  it("finds a lesson no more once it is archived through the CMS", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/search?q=lily");
    await expect.poll(() => resultTitles(page)).toContain("A water lily");
    await callApi(editor, "POST", `/cms/lessons/${lessons.lily.id}/archive`);
    // A new search: the archive purged the edge's copy of every search.
    await page.goto("/search?q=lily");
    await expect.poll(() => countLine(page)).toMatch(/for “lily”$/);
    expect(await resultTitles(page)).not.toContain("A water lily");
    expect(problems).toEqual([]);
  });
});
