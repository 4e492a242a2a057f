import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, expectAccessible, launchBrowser, openPage, screenshot } from "./browser";
import { apiToken } from "./live-helpers";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The API allows 5 sign-ups a minute per client address (SUBSCRIBE_RATE_LIMITER), and every browser test comes from
// 127.0.0.1: these tests send 4 between them.
describe("home page", () => {
  it("shows the newest programs and the next events", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/");
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("Learn something new this week");
    const newest = page.getByRole("region", { name: "New programs" });
    await newest.getByRole("link", { name: "Kitchen Basics" }).waitFor();
    // Newest first: Kitchen Basics was published after Telugu for Beginners.
    expect(await newest.getByRole("heading", { level: 3 }).allTextContents()).toEqual([
      "Kitchen Basics",
      "Telugu for Beginners",
    ]);
    const events = page.getByRole("region", { name: "Coming up" });
    await events.getByRole("listitem").first().waitFor();
    expect(await events.getByRole("listitem").count()).toBeGreaterThan(0);
    expect(await events.getByRole("listitem").count()).toBeLessThanOrEqual(3);
    await expectAccessible(page, "home");
    expect(problems).toEqual([]);
  });

  it("subscribes a person to the newsletter, with a link to leave it", async () => {
    const { page, problems } = await openPage(browser, "phone");
    await page.goto("/");
    const form = page.getByRole("region", { name: "Get the newsletter" });
    await form.getByLabel("Name").fill("Ada Lovelace");
    await form.getByLabel("Email").fill("ada@example.org");
    await form.getByRole("button", { name: "Subscribe" }).click();
    const done = form.getByRole("status");
    await expect.poll(() => done.textContent()).toContain("You're on the list, Ada Lovelace.");
    const leave = (await done.getByRole("link", { name: "unsubscribe" }).getAttribute("href")) ?? "";
    expect(leave).toMatch(/^\/unsubscribe\?token=[\w-]{43}$/);
    expect(await form.getByLabel("Email").inputValue()).toBe("");

    // The same email again: the API's already_subscribed, in words beside the email field.
    await form.getByLabel("Name").fill("Ada again");
    await form.getByLabel("Email").fill("ada@example.org");
    await form.getByRole("button", { name: "Subscribe" }).click();
    const email = form.getByLabel("Email");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText("This email is already subscribed.").isVisible()).toBe(true);

    // The link leaves the list.
    await page.goto(leave);
    await page.getByRole("heading", { name: "Leave the newsletter" }).waitFor();
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("You have left the list");
    expect(problems).toEqual([]);
  });

  it("shows each field's problem beside the field, and moves the focus to the first", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/");
    const form = page.getByRole("region", { name: "Get the newsletter" });
    await form.getByLabel("Email").fill("not an email");
    await form.getByRole("button", { name: "Subscribe" }).click();

    const name = form.getByLabel("Name");
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    // Each message is the field's description, so a screen reader reads it with the field.
    expect(await name.evaluate((input) => input.getAttribute("aria-describedby"))).toBeTruthy();
    const nameError = await name.evaluate(
      (input) => document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent,
    );
    expect(nameError).toContain("Please fill this in.");
    const email = form.getByLabel("Email");
    const emailError = await email.evaluate(
      (input) => document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent,
    );
    expect(emailError).toContain("Must be an email address.");
    expect(await name.evaluate((input) => input === document.activeElement)).toBe(true);
    await expectAccessible(page, "home with field errors");

    // Fixing them and sending again clears the messages.
    await name.fill("Mary Jackson");
    await email.fill("mary@example.org");
    await form.getByRole("button", { name: "Subscribe" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toContain("Mary Jackson");
    expect(await name.getAttribute("aria-invalid")).toBeNull();
    expect(problems).toEqual([]);
  });

  it("shows the featured programs first, in the editors' order", async () => {
    const editor = await apiToken("editor@example.com", "editor-password");
    // Telugu for Beginners first: the other way round from newest first, so the order seen is the editors'.
    await callApi(editor, "PUT", "/cms/featured", { program_ids: ["program-telugu", "program-kitchen"] });
    try {
      const { page, problems } = await openPage(browser);
      await page.goto("/");
      const featured = page.getByRole("region", { name: "Featured" });
      await expect
        .poll(() => featured.getByRole("heading", { level: 3 }).allTextContents())
        .toEqual(["Telugu for Beginners", "Kitchen Basics"]);
      expect(await featured.getByText("Editors' pick").count()).toBe(2);
      // The row comes before the newest programs.
      const headings = await page.getByRole("heading", { level: 2 }).allTextContents();
      expect(headings.indexOf("Featured")).toBeLessThan(headings.indexOf("New programs"));
      await featured.getByRole("link", { name: "Telugu for Beginners" }).click();
      await page.getByRole("heading", { level: 1, name: "Telugu for Beginners" }).waitFor();
      await page.goBack();
      await featured.getByRole("link", { name: "Kitchen Basics" }).waitFor();
      await expect
        .poll(() =>
          page
            .locator("main img")
            .evaluateAll((images) => images.every((image) => (image as HTMLImageElement).complete)),
        )
        .toBe(true);
      await screenshot(page, "home-featured");
      await expectAccessible(page, "home with featured programs");
      expect(problems).toEqual([]);
    } finally {
      await callApi(editor, "PUT", "/cms/featured", { program_ids: [] });
    }
  });
});
