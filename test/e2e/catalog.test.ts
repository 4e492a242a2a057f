import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_URL, expectAccessible, launchBrowser, openPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const cardTitles = (page: import("playwright-core").Page) =>
  page.getByRole("main").locator("article h3").allTextContents();

describe("catalog", () => {
  it("browses from the home page to a program and one of its lessons", async () => {
    const { page, problems, offsite } = await openPage(browser);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Programs" }).click();
    await page.getByRole("heading", { level: 1, name: "Programs" }).waitFor();
    await page.getByRole("link", { name: "Telugu for Beginners" }).waitFor();
    expect(await cardTitles(page)).toEqual(["Kitchen Basics", "Telugu for Beginners"]);
    expect(await page.getByText("Showing 2 programs").isVisible()).toBe(true);

    await page.getByRole("link", { name: "Telugu for Beginners" }).click();
    await page.getByRole("heading", { level: 1, name: "Telugu for Beginners" }).waitFor();
    expect(page.url()).toMatch(/\/programs\/program-telugu$/);
    // Its terms, each with its published lessons in order (drafts are not shown, nor the demo's scheduled lesson in
    // term 2 until the scheduler has published it, which another file's test may have had it do by now).
    const directionsPublished = (await fetch(`${BASE_URL}/catalog/lessons/lesson-directions`)).ok;
    expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toEqual([
      "Term 1 Getting started",
      ...(directionsPublished ? ["Term 2 Everyday conversations"] : []),
    ]);
    const lessons = page.getByRole("region", { name: /^Term 1/ }).locator("ol li h3");
    expect(await lessons.allTextContents()).toEqual([
      "1. Greetings and introductions",
      "2. Numbers and counting",
      "3. At the market",
    ]);
    expect(await page.getByText("Paid", { exact: true }).count()).toBe(1);
    expect(await page.getByText("Video · 8 min · subtitles in English").isVisible()).toBe(true);
    await expectAccessible(page, "program");

    await page.getByRole("link", { name: "1. Greetings and introductions" }).click();
    await page.getByRole("heading", { level: 1, name: "Greetings and introductions" }).waitFor();
    const video = page.locator("video");
    expect(await video.getAttribute("src")).toBe("https://cdn.example.com/demo/telugu/greetings/te.m3u8");
    const track = video.locator("track");
    expect(await track.getAttribute("srclang")).toBe("en");
    expect(await track.getAttribute("label")).toBe("English");
    expect(await track.getAttribute("src")).toBe("https://cdn.example.com/demo/telugu/greetings/en.vtt");
    expect(await page.getByRole("link", { name: "Telugu for Beginners" }).isVisible()).toBe(true);
    await expectAccessible(page, "lesson");

    // On to the next lesson, an audio one.
    await page.getByRole("navigation", { name: "More lessons" }).getByRole("link", { name: /Next/ }).click();
    await page.getByRole("heading", { level: 1, name: "Numbers and counting" }).waitFor();
    await page.getByRole("navigation", { name: "More lessons" }).getByRole("link", { name: /Next/ }).click();
    await page.getByRole("heading", { level: 1, name: "At the market" }).waitFor();
    expect(await page.locator("audio").getAttribute("src")).toBe("https://cdn.example.com/demo/telugu/market/te.mp3");
    expect(await page.getByText("Paid", { exact: true }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    // Nothing but lesson media and subtitles was asked of other origins.
    expect(offsite.filter((url) => !url.startsWith("https://cdn.example.com/demo/"))).toEqual([]);
  });

  it("switches a program's language, and the lesson plays in the language chosen", async () => {
    const { page, problems } = await openPage(browser, "phone");
    await page.goto("/programs/program-telugu");
    const switcher = page.getByRole("group", { name: "Show in" });
    await switcher.waitFor();
    expect(await switcher.getByRole("radio", { name: "Telugu" }).isChecked()).toBe(true);
    const poster = page.locator("header img").first();
    const teluguPoster = await poster.getAttribute("src");

    await switcher.getByRole("radio", { name: "English" }).click();
    await expect.poll(() => page.url()).toMatch(/\?lang=en$/);
    await expect.poll(() => switcher.getByRole("radio", { name: "English" }).isChecked()).toBe(true);
    // The English posters have no landscape one: the portrait one stands in, not the Telugu landscape.
    await expect.poll(() => poster.getAttribute("src")).not.toBe(teluguPoster);

    await page.getByRole("link", { name: "1. Greetings and introductions" }).click();
    await page.getByRole("heading", { level: 1, name: "Greetings and introductions" }).waitFor();
    expect(page.url()).toMatch(/\/lessons\/lesson-greetings\?lang=en$/);
    expect(await page.locator("video").getAttribute("src")).toBe(
      "https://cdn.example.com/demo/telugu/greetings/en.m3u8",
    );
    // And back to Telugu with the keyboard: arrow keys move between the radio buttons.
    const lessonSwitch = page.getByRole("group", { name: "Lesson language" });
    await lessonSwitch.getByRole("radio", { name: "English" }).focus();
    await page.keyboard.press("ArrowLeft");
    await expect
      .poll(() => page.locator("video").getAttribute("src"))
      .toBe("https://cdn.example.com/demo/telugu/greetings/te.m3u8");
    expect(problems).toEqual([]);
  });

  it("filters programs by language and topic, keeping the filters in the address", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/programs");
    await page.getByRole("link", { name: "Kitchen Basics" }).waitFor();
    const language = page.getByLabel("Language", { exact: true });
    await expect
      .poll(() => language.locator("option").allTextContents())
      .toEqual(["Any language", "English", "Telugu"]);
    await language.selectOption({ label: "Telugu" });
    await expect.poll(() => cardTitles(page)).toEqual(["Telugu for Beginners"]);
    expect(page.url()).toMatch(/\/programs\?language=te$/);

    const topic = page.getByLabel("Topic", { exact: true });
    await language.selectOption({ label: "Any language" });
    await expect.poll(() => topic.locator("option").allTextContents()).toContain("Cooking (1)");
    await topic.selectOption({ label: "Cooking (1)" });
    await expect.poll(() => cardTitles(page)).toEqual(["Kitchen Basics"]);
    expect(page.url()).toMatch(/\/programs\?topic=topic-cooking$/);

    // Telugu and cooking: nothing, with a way out.
    await language.selectOption({ label: "Telugu" });
    await page.getByText("No programs match these filters.").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => cardTitles(page)).toEqual(["Kitchen Basics", "Telugu for Beginners"]);
    expect(new URL(page.url()).search).toBe("");

    // A shared link opens with its filters applied.
    await page.goto("/programs?topic=topic-language");
    await expect.poll(() => cardTitles(page)).toEqual(["Telugu for Beginners"]);
    expect(await page.getByLabel("Topic", { exact: true }).inputValue()).toBe("topic-language");
    expect(problems).toEqual([]);
  });

  it("loads more programs by cursor", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/programs?limit=1");
    await expect.poll(() => cardTitles(page)).toEqual(["Kitchen Basics"]);
    await page.getByRole("button", { name: "More programs" }).click();
    await expect.poll(() => cardTitles(page)).toEqual(["Kitchen Basics", "Telugu for Beginners"]);
    // The API's next_cursor was null on that page: nothing more to load.
    expect(await page.getByRole("button", { name: "More programs" }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("says so when a program or lesson is not in the catalog", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/programs/no-such-program");
    await page.getByRole("heading", { level: 1, name: "We could not find that program" }).waitFor();
    // A draft lesson is not public.
    await page.goto("/lessons/lesson-family");
    await page.getByRole("heading", { level: 1, name: "We could not find that lesson" }).waitFor();
    await page.goto("/no/such/page");
    await page.getByRole("heading", { level: 1, name: "We could not find that page" }).waitFor();
    expect(problems).toEqual([]);
  });
});
