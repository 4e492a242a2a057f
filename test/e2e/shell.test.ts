import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, focused, launchBrowser, openPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The focused element's outline, as drawn: a visible focus ring has a width and a style. */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return "none";
    const style = getComputedStyle(element);
    return style.outlineStyle === "none" || style.outlineWidth === "0px"
      ? "none"
      : `${style.outlineWidth} ${style.outlineStyle}`;
  });

describe("app shell", () => {
  it("is usable from the keyboard: skip link, navigation, visible focus", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/");
    await page.getByRole("region", { name: "New programs" }).getByRole("link", { name: "Kitchen Basics" }).waitFor();

    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("a:Skip to content");
    expect(await page.getByRole("link", { name: "Skip to content" }).isVisible()).toBe(true);
    expect(await focusRing(page)).not.toBe("none");
    await page.keyboard.press("Enter");
    expect(await focused(page)).toMatch(/^main#main/);

    // From the top: brand, then the navigation.
    await page.goto("/");
    await page.getByRole("region", { name: "New programs" }).getByRole("link", { name: "Kitchen Basics" }).waitFor();
    for (const expected of [
      "a:Skip to content",
      "a:Edge platform",
      "a:Programs",
      "a:Calendar",
      "a:Scores",
      "a:Live",
      "a:Shop",
      "a:Search",
      "a:Cart, 0 items",
      "button:Sign in",
    ]) {
      await page.keyboard.press("Tab");
      expect(await focused(page)).toBe(expected);
      expect(await focusRing(page)).not.toBe("none");
    }
    // Shift+Tab back to Programs, and Enter follows it; the focus moves to the new page's content.
    for (let step = 0; step < 7; step++) await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toBe("a:Programs");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Programs" }).waitFor();
    await expect.poll(() => focused(page)).toMatch(/^main#main/);
    expect(await page.getByRole("link", { name: "Programs", exact: true }).getAttribute("aria-current")).toBe("page");

    // A program card is reached and opened with the keyboard.
    await page.getByRole("link", { name: "Kitchen Basics" }).focus();
    expect(await focusRing(page)).toBe("none"); // the card draws the ring around itself instead
    const cardOutline = await page
      .getByRole("link", { name: "Kitchen Basics" })
      .evaluate((link) => getComputedStyle(link.closest("article") as Element).outlineStyle);
    expect(cardOutline).toBe("solid");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Kitchen Basics" }).waitFor();
    expect(problems).toEqual([]);
  });

  it("signs in through a dialog that keeps the focus inside, and keeps the session for the tab", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto("/programs");
    const open = page.getByRole("button", { name: "Sign in" });
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Sign in" });
    await dialog.waitFor();
    expect(await focused(page)).toMatch(/^input/);
    expect(await dialog.getByLabel("Email").evaluate((input) => input === document.activeElement)).toBe(true);
    await expectAccessible(page, "sign-in dialog");

    // Tab and Shift+Tab go round the dialog's controls and never leave it.
    const inside = () => page.evaluate(() => !!document.activeElement?.closest("dialog"));
    for (let step = 0; step < 8; step++) {
      await page.keyboard.press("Tab");
      expect(await inside()).toBe(true);
    }
    for (let step = 0; step < 8; step++) {
      await page.keyboard.press("Shift+Tab");
      expect(await inside()).toBe(true);
    }

    // Escape closes it, and the focus is back on the button that opened it.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await focused(page)).toBe("button:Sign in");

    // A wrong password: the API's invalid_credentials, in words.
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await dialog.getByLabel("Email").fill("editor@example.com");
    await dialog.getByLabel("Password").fill("not-the-password");
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => dialog.getByRole("alert").textContent())
      .toBe("That email and password do not match an account.");

    // An email that is not one: the field's own message beside it.
    await dialog.getByLabel("Email").fill("editor");
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => dialog.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.getByText("Must be an email address.").isVisible()).toBe(true);

    await dialog.getByLabel("Email").fill("editor@example.com");
    await dialog.getByLabel("Password").fill("editor-password");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    const header = page.getByRole("banner");
    await expect.poll(() => header.textContent()).toContain("Signed in as Ed");
    expect(await header.getByText("editor", { exact: true }).isVisible()).toBe(true);
    const stored = await page.evaluate(() => sessionStorage.getItem("edge-platform.session"));
    expect(JSON.parse(stored ?? "{}")).toMatchObject({ user: { email: "editor@example.com", role: "editor" } });

    // The session outlives a reload of the tab, and ends with Sign out.
    await page.reload();
    await expect.poll(() => header.textContent()).toContain("Signed in as");
    await header.getByRole("button", { name: "Sign out" }).click();
    await header.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("edge-platform.session"))).toBeNull();
    expect(problems).toEqual([]);
  });
});
