/**
 * The catalog's programs in the console as the demo editor uses them: the list filtered, a program created after
 * fixing what the API refused, its details edited, posters uploaded (previewed) and removed, terms added, renamed and
 * renumbered (the API's refusal of a taken number said in words), a lesson added and its editor opened; topics added
 * and renamed; and a viewer who sees all of it with no control to change it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGES } from "../images";
import {
  BASE_URL,
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
let admin: StoredSession;
let viewer: StoredSession;

const signedInPage = tabsClosedAfterEach(() => browser);

const suffix = Date.now().toString(36);

interface Program {
  id: string;
  title: string;
  status: string;
}

/** A draft program in Telugu, also offered in English, made through the API as another editor would. */
const draftProgram = (title: string) =>
  callApi<Program>(editor.token, "POST", "/cms/programs", {
    title,
    language_primary: "te",
    languages_available: ["te", "en"],
  });

/** Whether the page is wider than its window (a sideways scroll a person would have to use). */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** Whether the image has arrived and decoded, so the preview shows something. */
const imageShows = (page: Page, alt: string) =>
  page
    .getByRole("img", { name: alt, exact: true })
    .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0);

beforeAll(async () => {
  browser = await launchBrowser();
  [editor, admin, viewer] = await Promise.all([
    storedSession("editor@example.com", "editor-password"),
    storedSession("admin@example.com", "admin-password"),
    storedSession("viewer@example.com", "viewer-password"),
  ]);
});
afterAll(async () => {
  await browser?.close();
});

describe("console programs", () => {
  it("filters the list by status, language, topic and words, with poster previews", async () => {
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/programs");
    await page.getByRole("heading", { level: 1, name: "Programs" }).waitFor();
    await page.getByText(/^Showing \d+ programs?/).waitFor();
    const telugu = page.getByRole("row", { name: /Telugu for Beginners/ });
    const kitchen = page.getByRole("row", { name: /Kitchen Basics/ });
    // The seeded programs have posters: each row previews one.
    expect(await telugu.locator("img").getAttribute("src")).toMatch(/^\/media\/images\/|^https:/);

    await page.getByLabel("Status").selectOption("published");
    await page.getByLabel("Language").selectOption("te");
    await kitchen.waitFor({ state: "detached" });
    await telugu.waitFor();
    expect(page.url()).toContain("language=te");

    await page.getByLabel("Language").selectOption("");
    await page.getByLabel("Topic").selectOption({ label: "Cooking" });
    await kitchen.waitFor();
    await telugu.waitFor({ state: "detached" });

    await page.getByLabel("Topic").selectOption("");
    await page.getByLabel("Search").fill("kitchen");
    await telugu.waitFor({ state: "detached" });
    await kitchen.waitFor();
    // Words cleared, then a filter at once: the search's delayed choice keeps the filter chosen meanwhile.
    await page.getByLabel("Search").fill("");
    await page.getByLabel("Status").selectOption("");
    await telugu.waitFor();
    await page.waitForTimeout(600);
    expect(new URL(page.url()).search).toBe("");
    expect(await page.getByLabel("Status").inputValue()).toBe("");
    await expect
      .poll(() => telugu.locator("img").evaluate((image: HTMLImageElement) => image.naturalWidth > 0))
      .toBe(true);
    await expectAccessible(page, "console programs");
    await screenshot(page, "console-programs-desktop");
    expect(problems).toEqual([]);
  });

  it("creates a program after fixing the field the API refused, then edits its details", async () => {
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/programs");
    await page.getByRole("button", { name: "New program" }).click();
    const dialog = page.getByRole("dialog", { name: "New program" });
    await dialog.getByLabel("Primary language").selectOption("te");
    await dialog.getByRole("checkbox", { name: "English" }).check();
    await dialog.getByRole("checkbox", { name: "Culture" }).check();
    // No title: the API names the field, and the dialog shows its words beside it, with the keyboard there.
    await dialog.getByRole("button", { name: "Create program" }).click();
    const title = dialog.getByLabel("Title");
    await expect.poll(() => title.getAttribute("aria-invalid")).toBe("true");
    await dialog.getByText("Please fill this in.").waitFor();
    await expect.poll(() => title.evaluate((field) => field === document.activeElement)).toBe(true);
    await expectAccessible(page, "new program with a problem");
    await screenshot(page, "console-program-new-desktop", { fullPage: false });

    const name = `Console Program ${suffix}`;
    await title.fill(name);
    await dialog.getByLabel("Description").fill("Made by the console's browser test.");
    await dialog.getByRole("button", { name: "Create program" }).click();
    await page.waitForURL(/\/console\/programs\/[^/]+$/);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await page.getByText("Program created as a draft.").waitFor();
    const id = page.url().split("/").pop() ?? "";
    const created = await callApi<Program & { languages_available: string[]; topics: { name: string }[] }>(
      editor.token,
      "GET",
      `/cms/programs/${id}`,
    );
    expect(created).toMatchObject({ title: name, status: "draft", languages_available: ["te", "en"] });
    expect(created.topics.map((topic) => topic.name)).toEqual(["Culture"]);

    const details = page.getByRole("form", { name: "Program details" });
    await details.getByLabel("Title").fill(`${name} (edited)`);
    await details.getByRole("checkbox", { name: "Cooking" }).check();
    await details.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Details saved.").waitFor();
    await page.getByRole("heading", { level: 1, name: `${name} (edited)` }).waitFor();
    const edited = await callApi<Program & { topics: { name: string }[] }>(editor.token, "GET", `/cms/programs/${id}`);
    expect(edited.title).toBe(`${name} (edited)`);
    expect(edited.topics.map((topic) => topic.name)).toEqual(["Cooking", "Culture"]);

    // An empty title on an existing program: the same words beside the same field, and nothing saved.
    await details.getByLabel("Title").fill(" ");
    await details.getByRole("button", { name: "Save details" }).click();
    await details.getByText("Please fill this in.").waitFor();
    expect((await callApi<Program>(editor.token, "GET", `/cms/programs/${id}`)).title).toBe(`${name} (edited)`);
    expect(problems).toEqual([]);
  });

  it("uploads posters that show as previews, refuses a file that is not an image, and removes one", async () => {
    const program = await draftProgram(`Posters ${suffix}`);
    const { page, problems } = await signedInPage(editor);
    await page.goto(`/console/programs/${program.id}`);
    const portrait = page.getByRole("group", { name: "Telugu portrait poster" });
    await portrait.getByText("No portrait").waitFor();

    const png = { mimeType: "image/png", buffer: Buffer.from(IMAGES.png) };
    await page.getByLabel("Upload Telugu portrait poster").setInputFiles({ name: "portrait.png", ...png });
    await expect.poll(() => imageShows(page, "Telugu portrait poster")).toBe(true);
    await page.getByLabel("Upload English landscape poster").setInputFiles({ name: "landscape.png", ...png });
    await expect.poll(() => imageShows(page, "English landscape poster")).toBe(true);

    // Bytes that are no image: the API refuses them, and the slot says so in words.
    const square = page.getByRole("group", { name: "Telugu square poster" });
    await page.getByLabel("Upload Telugu square poster").setInputFiles({
      name: "notes.png",
      mimeType: "image/png",
      buffer: Buffer.from("not an image at all"),
    });
    await square.getByRole("alert").getByText("That file is not an image the catalog takes").waitFor();
    await expectAccessible(page, "program posters");

    await page.getByRole("button", { name: "Remove English landscape poster" }).click();
    await page.getByRole("group", { name: "English landscape poster" }).getByText("No landscape").waitFor();
    const assets = await callApi<{ data: { language: string; variant: string; url: string }[] }>(
      editor.token,
      "GET",
      `/cms/programs/${program.id}/assets`,
    );
    expect(assets.data.map(({ language, variant }) => `${language} ${variant}`)).toEqual(["te portrait"]);
    expect(await portrait.getByRole("img").getAttribute("src")).toBe(assets.data[0]?.url);
    await screenshot(page, "console-program-desktop");
    expect(problems).toEqual([]);
  });

  it("adds terms, renumbers one (a taken number refused in words), adds a lesson and opens its editor", async () => {
    const program = await draftProgram(`Terms ${suffix}`);
    const { page, problems } = await signedInPage(editor);
    await page.goto(`/console/programs/${program.id}`);
    const add = page.getByRole("form", { name: "Add a term" });
    await add.getByLabel("Term title").fill("Sounds");
    await add.getByRole("button", { name: "Add term" }).click();
    await page.getByText("Term 1 added.").waitFor();
    await add.getByLabel("Term title").fill("Words");
    await add.getByRole("button", { name: "Add term" }).click();
    await page.getByRole("region", { name: "Term 2: Words" }).waitFor();

    // Term 2 to number 1, which term 1 has: the API's conflict, said beside the number.
    await page.getByRole("button", { name: "Rename or renumber term 2" }).click();
    const edit = page.getByRole("form", { name: "Term 2" });
    await edit.getByLabel("Number").fill("1");
    await edit.getByRole("button", { name: "Save term" }).click();
    await edit.getByText("Another term of this program already has that number.").waitFor();
    expect(await edit.getByLabel("Number").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "term number taken");
    await edit.getByLabel("Number").fill("5");
    await edit.getByLabel("Term title").fill("Words and phrases");
    await edit.getByRole("button", { name: "Save term" }).click();
    await page.getByRole("region", { name: "Term 5: Words and phrases" }).waitFor();
    const terms = await callApi<{ data: { term_number: number; title: string }[] }>(
      editor.token,
      "GET",
      `/cms/programs/${program.id}/terms`,
    );
    expect(terms.data.map((term) => `${term.term_number} ${term.title}`)).toEqual(["1 Sounds", "5 Words and phrases"]);

    await page.getByRole("button", { name: "Add lesson to term 1" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a lesson to term 1" });
    await dialog.getByLabel("Lesson title").fill("Vowels");
    await dialog.getByLabel("Kind").selectOption("article");
    // No content URL: the API asks for one in the primary language, beside the field.
    await dialog.getByRole("button", { name: "Add lesson" }).click();
    const url = dialog.getByLabel("Content URL");
    await expect.poll(() => url.getAttribute("aria-invalid")).toBe("true");
    await url.fill("https://cdn.example.com/lessons/vowels.html");
    await dialog.getByRole("button", { name: "Add lesson" }).click();
    await page.waitForURL(/\/console\/lessons\/[^/]+$/);
    const lessonId = page.url().split("/").pop() ?? "";
    const lesson = await callApi<{ title: string; status: string; content_language_primary: string }>(
      editor.token,
      "GET",
      `/cms/lessons/${lessonId}`,
    );
    expect(lesson).toMatchObject({ title: "Vowels", status: "draft", content_language_primary: "te" });

    await page.goBack();
    const row = page.getByRole("region", { name: "Term 1: Sounds" }).getByRole("listitem");
    await row.getByRole("link", { name: "Vowels" }).waitFor();
    expect(await row.textContent()).toContain("Draft");
    expect(await row.getByRole("link", { name: "Vowels" }).getAttribute("href")).toBe(`/console/lessons/${lessonId}`);

    expect(problems).toEqual([]);
  });

  it("archives and restores a program; an admin deletes one", async () => {
    const program = await draftProgram(`Archive ${suffix}`);
    const { page, problems } = await signedInPage(admin);
    await page.goto(`/console/programs/${program.id}`);
    await page.getByRole("button", { name: "Archive" }).click();
    await page.getByText("Archived: the program and its lessons have left the public catalog.").waitFor();
    await page.getByRole("button", { name: "Restore" }).click();
    await page.getByText("Restored as a draft").waitFor();
    expect((await callApi<Program>(editor.token, "GET", `/cms/programs/${program.id}`)).status).toBe("draft");

    // A term, deleted with its lessons (admins only).
    await callApi(editor.token, "POST", `/cms/programs/${program.id}/terms`, { title: "Doomed" });
    await page.reload();
    await page.getByRole("button", { name: "Rename or renumber term 1" }).click();
    await page.getByRole("button", { name: "Delete term" }).click();
    await page.getByRole("dialog", { name: "Delete term 1?" }).getByRole("button", { name: "Delete term" }).click();
    await page.getByText("No terms yet.").waitFor();

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Delete Archive ${suffix}?` });
    await dialog.getByRole("button", { name: "Delete program" }).click();
    await page.waitForURL(/\/console\/programs$/);
    const gone = await fetch(`${BASE_URL}/cms/programs/${program.id}`, {
      headers: { Authorization: `Bearer ${editor.token}` },
    });
    expect(gone.status).toBe(404);
    expect(problems).toEqual([]);
  });

  it("shows a viewer the program, its posters and lessons with no control to change them", async () => {
    const { page, problems } = await signedInPage(viewer);
    await page.goto("/console/programs");
    await page.getByRole("row", { name: /Telugu for Beginners/ }).waitFor();
    expect(await page.getByRole("button", { name: "New program" }).count()).toBe(0);

    await page.getByRole("link", { name: "Telugu for Beginners" }).click();
    await page.getByRole("heading", { level: 1, name: "Telugu for Beginners" }).waitFor();
    await page.getByRole("region", { name: "Term 1: Getting started" }).getByText("Published").first().waitFor();
    await expect.poll(() => imageShows(page, "Telugu portrait poster")).toBe(true);
    for (const control of ["Archive", "Delete", "Save details", "Add term", "Add lesson to term 1"]) {
      expect(await page.getByRole("button", { name: control }).count(), control).toBe(0);
    }
    expect(await page.getByRole("textbox").count()).toBe(0);
    expect(await page.getByLabel("Upload Telugu portrait poster").count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Remove / }).count()).toBe(0);
    await expectAccessible(page, "program as a viewer");
    expect(problems).toEqual([]);
  });

  it("adds a topic, refuses a name already taken in words, and renames it", async () => {
    const { page, problems } = await signedInPage(editor);
    await page.goto("/console/topics");
    await page.getByRole("heading", { level: 1, name: "Topics" }).waitFor();
    const form = page.getByRole("form", { name: "New topic" });
    const name = `Poetry ${suffix}`;
    await form.getByLabel("New topic").fill(name);
    await form.getByRole("button", { name: "Add topic" }).click();
    await page.getByText(`${name} added.`).waitFor();
    await page.getByRole("row", { name: new RegExp(name) }).waitFor();

    await form.getByLabel("New topic").fill(name.toUpperCase());
    await form.getByRole("button", { name: "Add topic" }).click();
    await form.getByText("There is already a topic with that name").waitFor();
    expect(await form.getByLabel("New topic").getAttribute("aria-invalid")).toBe("true");

    await page.getByRole("button", { name: `Rename ${name}` }).click();
    const rename = page.getByRole("form", { name: `New name for ${name}` });
    await rename.getByRole("textbox").fill(`Verse ${suffix}`);
    await rename.getByRole("button", { name: "Save" }).click();
    await page.getByText(`${name} is now Verse ${suffix}.`).waitFor();
    await page.getByRole("row", { name: new RegExp(`Verse ${suffix}`) }).waitFor();
    await expectAccessible(page, "console topics");
    await screenshot(page, "console-topics-desktop");
    expect(problems).toEqual([]);
  });

  it("fits a phone: the list, a program and the topics, with no sideways scroll", async () => {
    const { page, problems } = await signedInPage(editor, "phone");
    await page.goto("/console/programs");
    await page.getByRole("row", { name: /Telugu for Beginners/ }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, "console-programs-phone");

    await page.goto("/console/programs/program-telugu");
    await page.getByRole("region", { name: "Term 1: Getting started" }).waitFor();
    await expect.poll(() => imageShows(page, "Telugu portrait poster")).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, "program on a phone");
    await screenshot(page, "console-program-phone");

    await page.goto("/console/topics");
    await page.getByRole("row", { name: /Cooking/ }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, "console-topics-phone");
    expect(problems).toEqual([]);
  });
});

describe("lesson thumbnails, as the shared image slots write them", () => {
  it("uploads an image, sets it as a lesson's thumbnail, lists it and removes it", async () => {
    const program = await draftProgram(`Thumbnails ${suffix}`);
    const term = await callApi<{ id: string }>(editor.token, "POST", `/cms/programs/${program.id}/terms`, {
      title: "One",
    });
    const lesson = await callApi<{ id: string }>(editor.token, "POST", `/cms/terms/${term.id}/lessons`, {
      title: "Thumbnailed",
      content_type: "article",
      content_language_primary: "te",
      content_urls_by_language: { te: "https://cdn.example.com/lessons/t.html" },
    });
    // The same two steps as the slot: the bytes to the upload, then the slot pointed at the answer's URL.
    const upload = await fetch(`${BASE_URL}/cms/upload/image`, {
      method: "POST",
      headers: { Authorization: `Bearer ${editor.token}`, "Content-Type": "application/octet-stream" },
      body: Buffer.from(IMAGES.png),
    });
    expect(upload.ok).toBe(true);
    const { url } = (await upload.json()) as { url: string };
    const slot = `/cms/lessons/${lesson.id}/thumbnails/te/portrait`;
    await callApi(editor.token, "PUT", slot, { url });
    const listed = await callApi<{ data: { variant: string; asset_type: string; url: string }[] }>(
      editor.token,
      "GET",
      `/cms/lessons/${lesson.id}/assets`,
    );
    expect(listed.data).toEqual([expect.objectContaining({ variant: "portrait", asset_type: "thumbnail", url })]);
    expect((await fetch(`${BASE_URL}${url}`)).headers.get("Content-Type")).toBe("image/png");
    await callApi(editor.token, "DELETE", slot);
    const after = await callApi<{ data: unknown[] }>(editor.token, "GET", `/cms/lessons/${lesson.id}/assets`);
    expect(after.data).toEqual([]);
  });
});
