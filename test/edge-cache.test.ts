import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app";
import worker from "../workers/index";
import {
  addThumbnails,
  createLesson,
  createPublishedProgram,
  createTopic,
  scheduledLesson,
  tagProgram,
} from "./catalog-fixtures";
import { cmsSession, ok } from "./cms-helpers";
import { BASE, call, callJson, createUser, dbCost, type JsonReply, type Query, withQuery } from "./helpers";

// Public answers come from the edge cache (Workers Cache API) after the first read: no D1 round trip, and fresh after
// every write that changes them. The cache is this test file's own (storage is isolated per file).

const { editor, admin } = cmsSession();

afterEach(() => {
  vi.restoreAllMocks();
});

/** Whether the edge cache answered (`hit`), was filled (`miss`) or was passed by, as Server-Timing says. */
const cacheOf = (res: { headers: Headers }) => /cache;desc="(\w+)"/.exec(res.headers.get("Server-Timing") ?? "")?.[1];

/** An anonymous read of `path`, its body as text and, when it is JSON, parsed. */
async function read(path: string): Promise<JsonReply & { text: string }> {
  const res = await call("GET", path);
  const text = await res.text();
  const json = res.headers.get("Content-Type")?.includes("json");
  return { status: res.status, headers: res.headers, body: json && text ? JSON.parse(text) : null, text };
}

/** Reads `path` twice: the first fills the cache, the second is answered by it. */
async function readTwice(path: string) {
  const first = await read(path);
  const second = await read(path);
  return [first, second] as const;
}

describe("public reads from the edge cache", () => {
  it.each([
    ["the catalog list", () => withQuery("/catalog/programs", { limit: 5 })],
    ["a catalog program", (id: string) => `/catalog/programs/${id}`],
    ["a catalog lesson", (_id: string, lessonId: string) => `/catalog/lessons/${lessonId}`],
    ["the catalog's topics", () => "/catalog/topics"],
    ["a calendar range", () => withQuery("/events", { from: "2031-05-01", to: "2031-06-01" })],
    ["the .ics feed", () => "/events.ics"],
  ])("answers %s from the cache the second time, without D1", async (_what, pathOf) => {
    const { program, lesson } = await createPublishedProgram();
    await tagProgram(program.id, (await createTopic()).id);
    const path = pathOf(program.id, lesson.id);
    const [miss, hit] = await readTwice(path);
    expect(miss.status).toBe(200);
    expect([cacheOf(miss), cacheOf(hit)]).toEqual(["miss", "hit"]);
    expect(dbCost(miss).queries).toBeGreaterThan(0);
    expect(dbCost(hit)).toEqual({ queries: 0, rowsRead: 0 });
    expect(hit.text).toBe(miss.text);
    expect(hit.headers.get("Content-Type")).toBe(miss.headers.get("Content-Type"));
    expect(hit.headers.get("Cache-Control")).toBe(miss.headers.get("Cache-Control"));
    expect(hit.headers.get("Cache-Tag")).toMatch(/^edge-platform-(catalog|calendar)$/);
  });

  it("answers a conditional request that names the cached ETag with a 304, without D1", async () => {
    const { program } = await createPublishedProgram();
    const [, hit] = await readTwice(`/catalog/programs/${program.id}`);
    const etag = hit.headers.get("ETag")!;
    const res = await call("GET", `/catalog/programs/${program.id}`, { headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
    expect(cacheOf(res)).toBe("hit");
    expect(dbCost(res).queries).toBe(0);
    expect(res.headers.get("ETag")).toBe(etag);
  });

  it("keys answers by every query parameter, whatever their order", async () => {
    await createPublishedProgram();
    await readTwice(withQuery("/catalog/programs", { limit: 3, language: "en" }));
    const reordered = await call("GET", "/catalog/programs?language=en&limit=3");
    expect(cacheOf(reordered)).toBe("hit");
    await reordered.body?.cancel();
    const others: Query[] = [{ limit: 4, language: "en" }, { limit: 3 }, { limit: 3, language: "en", cursor: "x.y" }];
    for (const query of others) {
      const other = await call("GET", withQuery("/catalog/programs", query));
      expect(cacheOf(other), JSON.stringify(query)).not.toBe("hit");
      await other.body?.cancel();
    }
  });

  it("gives each caller its own request id and CORS grant on a cached answer", async () => {
    const { program } = await createPublishedProgram();
    const path = `/catalog/programs/${program.id}`;
    await (await call("GET", path, { headers: { Origin: "https://one.example", "X-Request-Id": "first" } })).text();
    const hit = await call("GET", path, { headers: { Origin: "https://two.example", "X-Request-Id": "second" } });
    await hit.text();
    expect(cacheOf(hit)).toBe("hit");
    expect(hit.headers.get("X-Request-Id")).toBe("second");
    expect(hit.headers.get("Access-Control-Allow-Origin")).toBe("https://two.example");
  });

  it("never caches an error", async () => {
    const path = `/catalog/programs/${crypto.randomUUID()}`;
    const [first, second] = await readTwice(path);
    expect([first.status, second.status]).toEqual([404, 404]);
    expect(cacheOf(second)).toBe("miss");
  });
});

describe("authenticated requests", () => {
  it("neither read nor fill the cache, even on a public route", async () => {
    const viewer = await createUser("viewer");
    const { program } = await createPublishedProgram();
    const path = `/catalog/programs/${program.id}`;

    const signedIn = await callJson("GET", path, { token: viewer.token });
    expect(cacheOf(signedIn)).toBe("bypass");
    const anonymous = await callJson("GET", path);
    expect(cacheOf(anonymous)).toBe("miss");

    const again = await callJson("GET", path, { token: viewer.token });
    expect(cacheOf(again)).toBe("bypass");
    expect(dbCost(again).queries).toBeGreaterThan(0);
    // Any Authorization header counts, valid or not: an answer for one caller can never reach another.
    const forged = await callJson("GET", path, { headers: { Authorization: "Bearer forged" } });
    expect(cacheOf(forged)).toBe("bypass");
  });

  it("tell the caches between the client and us that answers depend on the caller", async () => {
    const viewer = await createUser("viewer");
    const { program } = await createPublishedProgram();
    const path = `/catalog/programs/${program.id}`;
    const replies = [
      await callJson("GET", path, { token: viewer.token }),
      await callJson("GET", path),
      await callJson("GET", path),
    ];
    expect(replies.map(cacheOf)).toEqual(["bypass", "miss", "hit"]);
    for (const reply of replies) {
      const vary = (reply.headers.get("Vary") ?? "").split(/,\s*/);
      expect(vary).toEqual(expect.arrayContaining(["Authorization", "Origin"]));
    }
  });
});

describe("freshness after writes", () => {
  /** Fills the cache with `path`, runs `write`, then reads `path` again: the write must show at once. */
  async function afterWrite(path: string, write: () => Promise<unknown>) {
    const [, hit] = await readTwice(path);
    expect(cacheOf(hit)).toBe("hit");
    await write();
    const next = await read(path);
    expect(cacheOf(next)).toBe("miss");
    return next;
  }

  it("shows a CMS edit of a program once published, never before", async () => {
    const { program } = await createPublishedProgram();
    const next = await afterWrite(`/catalog/programs/${program.id}`, async () => {
      ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Renamed for the edge" }));
      expect((await read(`/catalog/programs/${program.id}`)).body.title).toBe(program.title);
      ok(await editor.post(`/cms/programs/${program.id}/changes/publish`));
    });
    expect(next.body.title).toBe("Renamed for the edge");
  });

  it("shows a lesson published by hand, and its edit", async () => {
    const { program, term } = await createPublishedProgram();
    const lesson = await createLesson(term.id, 2, { contentLanguagePrimary: "en" });
    await addThumbnails(lesson.id, "en");
    const path = `/catalog/programs/${program.id}`;
    const published = await afterWrite(path, async () => ok(await editor.post(`/cms/lessons/${lesson.id}/publish`)));
    expect(published.body.terms[0].lessons.map((l: { id: string }) => l.id)).toContain(lesson.id);
    const edited = await afterWrite(`/catalog/lessons/${lesson.id}`, async () => {
      ok(await editor.patch(`/cms/lessons/${lesson.id}`, { title: "Edited at the edge" }));
      ok(await editor.post(`/cms/lessons/${lesson.id}/changes/publish`));
    });
    expect(edited.body.title).toBe("Edited at the edge");
  });

  it("shows a lesson the cron published, on the next read", async () => {
    const { program, term } = await createPublishedProgram({ languagePrimary: "te", languagesAvailable: ["te"] });
    const due = await scheduledLesson(term.id, 2, new Date(Date.now() - 60_000).toISOString());
    const next = await afterWrite(`/catalog/programs/${program.id}`, async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }), env, ctx);
      await waitOnExecutionContext(ctx);
    });
    expect(next.body.terms[0].lessons.map((l: { id: string }) => l.id)).toContain(due.id);
  });

  it("drops an archived program from the list and its page", async () => {
    const { program } = await createPublishedProgram({ languagePrimary: "hi", languagesAvailable: ["hi"] });
    const list = withQuery("/catalog/programs", { language: "hi" });
    await readTwice(`/catalog/programs/${program.id}`);
    const next = await afterWrite(list, async () => ok(await editor.post(`/cms/programs/${program.id}/archive`)));
    expect(next.body.data.map((p: { id: string }) => p.id)).not.toContain(program.id);
    expect((await callJson("GET", `/catalog/programs/${program.id}`)).status).toBe(404);
  });

  it("shows a new poster, a renamed topic and a deleted lesson", async () => {
    const { program, lesson } = await createPublishedProgram();
    const topic = await createTopic();
    await tagProgram(program.id, topic.id);
    const page = `/catalog/programs/${program.id}`;
    const url = "https://cdn.example.com/edge/poster.jpg";
    const poster = await afterWrite(page, async () =>
      ok(
        await callJson("PUT", `/cms/programs/${program.id}/posters/en/square`, { token: editor.token, body: { url } }),
        201,
      ),
    );
    expect(poster.body.assets.posters.en.square).toBe(url);
    const renamed = await afterWrite("/catalog/topics", async () =>
      ok(await editor.patch(`/cms/topics/${topic.id}`, { name: `Edge ${topic.id.slice(0, 8)}` })),
    );
    expect(renamed.body.data.map((t: { name: string }) => t.name)).toContain(`Edge ${topic.id.slice(0, 8)}`);
    const gone = await afterWrite(`/catalog/lessons/${lesson.id}`, async () => {
      expect((await admin.delete(`/cms/lessons/${lesson.id}`)).status).toBe(204);
    });
    expect(gone.status).toBe(404);
  });

  it("shows an event write in the calendar's ranges and its .ics feed", async () => {
    const range = withQuery("/events", { from: "2031-07-01", to: "2031-08-01" });
    const body = { name: "Edge launch", start: "2031-07-10T10:00:00Z", end: "2031-07-10T11:00:00Z", location: "Hall" };
    const created = await afterWrite(range, async () => {
      const res = await callJson("POST", "/events", { token: editor.token, body });
      expect(res.status).toBe(201);
    });
    const event = created.body.data.find((e: { name: string }) => e.name === "Edge launch");
    expect(event).toBeDefined();
    const ics = withQuery("/events.ics", { from: "2031-07-01", to: "2031-08-01" });
    const renamed = await afterWrite(ics, async () => {
      const res = await callJson("PATCH", `/events/${event.id}`, { token: editor.token, body: { name: "Edge moved" } });
      expect(res.status).toBe(200);
    });
    expect(renamed.text).toContain("SUMMARY:Edge moved");
  });

  it("shows an event turned all-day in its zone in the ranges and the .ics feed, and keeps them through a stale write", async () => {
    const range = withQuery("/events", { from: "2031-09-01", to: "2031-10-01" });
    const ics = withQuery("/events.ics", { from: "2031-09-01", to: "2031-10-01" });
    const body = { name: "Edge retreat", start: "2031-09-10T10:00:00Z", end: "2031-09-10T11:00:00Z", location: "Hall" };
    const created = await callJson("POST", "/events", { token: editor.token, body });
    expect(created.status).toBe(201);
    const seen = `"${created.body.updated_at}"`;
    const allDay = await afterWrite(range, async () => {
      const res = await callJson("PATCH", `/events/${created.body.id}`, {
        token: editor.token,
        headers: { "If-Match": seen },
        body: { all_day: true, start: "2031-09-10", end: "2031-09-11", time_zone: "Europe/Lisbon" },
      });
      expect(res.status).toBe(200);
    });
    expect(allDay.body.data.find((e: { id: string }) => e.id === created.body.id)).toMatchObject({
      all_day: true,
      start: "2031-09-10",
      end: "2031-09-11",
      time_zone: "Europe/Lisbon",
    });
    const [, cachedIcs] = await readTwice(ics);
    expect(cacheOf(cachedIcs)).toBe("hit");
    expect(cachedIcs.text).toContain("DTSTART;VALUE=DATE:20310910");

    // A write refused for its stale If-Match changes nothing: the cached answers stay.
    const stale = await callJson("PATCH", `/events/${created.body.id}`, {
      token: editor.token,
      headers: { "If-Match": seen },
      body: { name: "Lost update" },
    });
    expect(stale.status).toBe(412);
    expect(cacheOf(await read(range))).toBe("hit");
    expect(cacheOf(await read(ics))).toBe("hit");
  });

  it("keeps the cache through a write that was refused", async () => {
    const { program } = await createPublishedProgram();
    const path = `/catalog/programs/${program.id}`;
    await readTwice(path);
    const refused = await editor.patch(`/cms/programs/${program.id}`, { title: "" });
    expect(refused.status).toBe(400);
    expect(cacheOf(await read(path))).toBe("hit");
  });
});

describe("purging every location", () => {
  const writeThrough = async (overrides: Partial<Env>) => {
    const { program } = await createPublishedProgram();
    const ctx = createExecutionContext();
    const request = new Request(`${BASE}/cms/programs/${program.id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${editor.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Everywhere" }),
    });
    const res = await createApp().fetch(request, { ...env, ...overrides }, ctx);
    await res.text();
    await waitOnExecutionContext(ctx);
    return res;
  };

  it("asks Cloudflare's API to purge the scope's tag when the deployment has a zone and a token", async () => {
    const purge = vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ success: true }));
    const res = await writeThrough({ CACHE_PURGE_ZONE_ID: "zone-123", CACHE_PURGE_API_TOKEN: "token-abc" });
    expect(res.status).toBe(200);
    expect(purge).toHaveBeenCalledTimes(1);
    const [url, init] = purge.mock.calls[0]!;
    expect(String(url)).toBe("https://api.cloudflare.com/client/v4/zones/zone-123/purge_cache");
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer token-abc");
    expect(JSON.parse(String(init?.body))).toEqual({ tags: ["edge-platform-catalog"] });
  });

  it("purges only this location without them, and a failing API never fails the write", async () => {
    const purge = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("nope", { status: 500 }));
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await writeThrough({})).status).toBe(200);
    expect(purge).not.toHaveBeenCalled();
    expect((await writeThrough({ CACHE_PURGE_ZONE_ID: "z", CACHE_PURGE_API_TOKEN: "t" })).status).toBe(200);
    expect(purge).toHaveBeenCalledTimes(1);
  });
});
