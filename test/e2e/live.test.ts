/**
 * A live stream's chat as people use it: a guest and a signed-in viewer talk across two browsers, a name that is an
 * account's is refused in words, a moderator's delete takes a message off every screen, and a dropped connection
 * resumes without losing or repeating what was said meanwhile.
 */
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi, expectAccessible, launchBrowser, screenshot, type TestPage } from "./browser";
import {
  apiToken,
  dropSockets,
  pagesClosedAfterAll,
  restoreSockets,
  signIn,
  socketUrls,
  watchSockets,
} from "./live-helpers";

let browser: Browser;
let streamId: string;
let editorToken: string;
beforeAll(async () => {
  browser = await launchBrowser();
  editorToken = await apiToken("editor@example.com", "editor-password");
  const stream = await callApi<{ id: string }>(editorToken, "POST", "/streams", {
    title: "Cooking with Priya",
    description: "Questions about the knife skills lesson, answered live.",
    video_url: "https://www.youtube.com/embed/jNQXAC9IVRw",
  });
  streamId = stream.id;
});
/** A page of this file, closed when it ends. */
const open = pagesClosedAfterAll(() => browser);

const messages = (page: Page) => page.getByRole("log", { name: "Messages" });
const messageTexts = (page: Page) => messages(page).locator("li p").allTextContents();
const countOf = async (page: Page, text: string) => (await messageTexts(page)).filter((t) => t === text).length;
const chatBadge = (page: Page) => page.getByRole("status").filter({ hasText: /Chat:/ });

async function send(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

describe("live stream chat", () => {
  let guest: TestPage;
  let viewer: TestPage;

  it("lists the streams and opens one: video beside the chat", async () => {
    guest = await open("desktop");
    await watchSockets(guest.context);
    const { page, problems } = guest;
    await page.goto("/live");
    await page.getByRole("link", { name: /Cooking with Priya/ }).click();
    await page.getByRole("heading", { level: 1, name: "Cooking with Priya" }).waitFor();
    expect(await page.locator("iframe[title='Video: Cooking with Priya']").count()).toBe(1);
    // Side by side at this width.
    const video = await page.locator("iframe").boundingBox();
    const chat = await page.getByRole("region", { name: "Chat" }).boundingBox();
    expect(chat?.x).toBeGreaterThan((video?.x ?? 0) + (video?.width ?? 0) - 1);
    await page.getByText("No messages yet").waitFor();
    expect(problems).toEqual([]);
  });

  it("refuses a guest name that is an account's, in words beside the field", async () => {
    const { page, problems } = guest;
    await page.getByLabel("Your name").fill("Eddie Editor");
    await page.getByRole("button", { name: "Join chat" }).click();
    const name = page.getByLabel("Your name");
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText("“Eddie Editor” is the name of an account").isVisible()).toBe(true);
    await expectAccessible(page, "live with a name error");
    expect(problems).toEqual([]);
  });

  it("carries messages between a guest and a signed-in viewer, live", async () => {
    const { page } = guest;
    await page.getByLabel("Your name").fill("Ana");
    await page.getByRole("button", { name: "Join chat" }).click();
    await expect.poll(() => chatBadge(page).textContent()).toContain("Connected");

    viewer = await open("phone");
    await watchSockets(viewer.context);
    await viewer.page.goto(`/live/${streamId}`);
    await viewer.page.getByRole("heading", { level: 1, name: "Cooking with Priya" }).waitFor();
    await signIn(viewer.page, "viewer@example.com", "viewer-password");
    await expect.poll(() => chatBadge(viewer.page).textContent()).toContain("Connected");
    await expect.poll(() => page.getByText("Vera Viewer joined").count()).toBe(1);
    await expect.poll(() => page.getByRole("region", { name: "Chat" }).textContent()).toContain("2 watching");

    await send(page, "Hello from Ana!");
    await expect.poll(() => messageTexts(viewer.page)).toContain("Hello from Ana!");
    await send(viewer.page, "Hi Ana, welcome.");
    await expect.poll(() => messageTexts(page)).toContain("Hi Ana, welcome.");
    expect(await page.getByRole("textbox", { name: "Message" }).inputValue()).toBe("");

    // An empty message is not sent; the reason is beside the input.
    await send(page, "   ");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("the message is empty");
    await expectAccessible(page, "live chat (guest)");
    await expectAccessible(viewer.page, "live chat (viewer)");
    await screenshot(page, "live");
    await screenshot(viewer.page, "live");
    // Stacked on a phone: the chat below the video.
    const video = await viewer.page.locator("iframe").boundingBox();
    const chat = await viewer.page.getByRole("region", { name: "Chat" }).boundingBox();
    expect(chat?.y).toBeGreaterThan((video?.y ?? 0) + (video?.height ?? 0));
    expect(guest.problems).toEqual([]);
    expect(viewer.problems).toEqual([]);
  });

  it("remembers the guest's name for the session", async () => {
    const { page } = guest;
    await page.reload();
    await page.getByText("Chatting as").waitFor();
    expect(await page.getByText("Chatting as Ana").count()).toBe(1);
    await expect.poll(() => messageTexts(page)).toContain("Hi Ana, welcome.");
    expect(await countOf(page, "Hello from Ana!")).toBe(1);
  });

  it("resumes after a dropped connection without losing or repeating messages", async () => {
    const { page } = guest;
    await expect.poll(() => chatBadge(page).textContent()).toContain("Connected");
    await dropSockets(page);
    await expect.poll(() => chatBadge(page).textContent()).toContain("Reconnecting");
    await send(viewer.page, "Sent while Ana was away (1)");
    await send(viewer.page, "Sent while Ana was away (2)");
    await expect.poll(() => messageTexts(viewer.page)).toContain("Sent while Ana was away (2)");
    await restoreSockets(page);
    await expect.poll(() => chatBadge(page).textContent()).toContain("Connected");
    await expect.poll(() => countOf(page, "Sent while Ana was away (2)")).toBe(1);
    expect(await countOf(page, "Sent while Ana was away (1)")).toBe(1);
    expect(await countOf(page, "Hi Ana, welcome.")).toBe(1);
    expect((await socketUrls(page)).at(-1)).toMatch(/after_seq=\d+/);
    // And live again afterwards.
    await send(viewer.page, "Back to normal");
    await expect.poll(() => countOf(page, "Back to normal")).toBe(1);
  });

  it("takes a message a moderator deletes off every screen", async () => {
    const moderator = await open("desktop");
    const { page, problems } = moderator;
    await page.goto(`/live/${streamId}`);
    await page.getByRole("heading", { level: 1, name: "Cooking with Priya" }).waitFor();
    await signIn(page, "admin@example.com", "admin-password");
    await send(guest.page, "Buy cheap watches at example.com");
    await expect.poll(() => messageTexts(page)).toContain("Buy cheap watches at example.com");
    // Others see no delete buttons.
    expect(await guest.page.getByRole("button", { name: /^Delete message/ }).count()).toBe(0);
    const spam = messages(page).getByRole("listitem").filter({ hasText: "Buy cheap watches" });
    await spam.getByRole("button", { name: "Delete message from Ana" }).click();
    await expect.poll(() => countOf(viewer.page, "Buy cheap watches at example.com")).toBe(0);
    await expect.poll(() => countOf(guest.page, "Buy cheap watches at example.com")).toBe(0);
    await expect.poll(() => countOf(page, "Buy cheap watches at example.com")).toBe(0);
    expect(problems).toEqual([]);
  });

  it("tells a guest who sends too fast to wait, in words beside the input", async () => {
    const { page } = guest;
    // Five messages in ten seconds is the budget. On a busy machine a send can take a while, so the window may
    // slide: keep sending until the room refuses, but within a burst no person could call slow.
    const alert = page.getByRole("alert");
    const refused = async () => /quickly/.test((await alert.textContent({ timeout: 2_000 }).catch(() => "")) ?? "");
    for (let i = 1; i <= 12 && !(await refused()); i++) await send(page, `Quick message ${i}`);
    await expect.poll(() => alert.textContent()).toMatch(/sending messages quickly\. Wait \d+ second/);
    // The refused text is back in the input, to send later.
    expect(await page.getByRole("textbox", { name: "Message" }).inputValue()).toMatch(/^Quick message/);
    await screenshot(page, "live-rate-limited", { fullPage: false });
  });

  it("shows an ended stream as ended, live and on a later visit", async () => {
    await callApi(editorToken, "POST", `/streams/${streamId}/end`);
    await expect.poll(() => guest.page.getByText("This stream has ended").count()).toBe(1);
    await expect.poll(() => viewer.page.getByText("This stream has ended").count()).toBe(1);
    expect(await guest.page.getByRole("textbox", { name: "Message" }).count()).toBe(0);
    await viewer.page.reload();
    await viewer.page.getByText("This stream has ended").waitFor();
    await expect.poll(() => messageTexts(viewer.page)).toContain("Back to normal");
    await screenshot(viewer.page, "live-ended");
    expect(viewer.problems).toEqual([]);
  });
});
