import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Program } from "../src/catalog/cms/program-models";
import { purgeEdgeCache } from "../src/http/edge-cache";
import { createPublishedProgram } from "./catalog-fixtures";
import { catalogState, cmsSession, ok, postProgram } from "./cms-helpers";
import { call, callJson, dbCost, expectProblem, type JsonReply, readJson, uniqueWord } from "./helpers";

// Every request reads and writes D1 through a session (the Sessions API, which lets a replica near the user answer);
// the session's bookmark travels with the client in X-D1-Bookmark, so a client that sends back the last one it got
// reads at least that state: its own writes included. Locally there are no replicas, so what these tests can show is
// the contract a client relies on: the header, its round trip, CORS, the edge cache and malformed values.

const { editor } = cmsSession();

const HEADER = "X-D1-Bookmark";
/** What D1 issues: four hex fields, 8-8-8-32 digits. */
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

const bookmarkOf = (res: { headers: Headers }) => res.headers.get(HEADER);
const cacheOf = (res: { headers: Headers }) => /cache;desc="(\w+)"/.exec(res.headers.get("Server-Timing") ?? "")?.[1];
const withBookmark = (bookmark: string) => ({ headers: { [HEADER]: bookmark } });

/** A GET as a client that sends back `bookmark` (and, when given, signs in with `token`). */
const readWith = (path: string, bookmark: string, token?: string) =>
  callJson("GET", path, { token, ...withBookmark(bookmark) });

describe("the bookmark on every answer", () => {
  it("comes with answers that read or wrote D1, whatever their status or caller", async () => {
    const { program } = await createPublishedProgram();
    const replies: JsonReply[] = [
      await callJson("GET", "/health"),
      await callJson("GET", `/catalog/programs/${program.id}`),
      await callJson("GET", "/catalog/programs/no-such-program"),
      await editor.get(`/cms/programs/${program.id}`),
      await editor.post("/cms/programs", { title: `Sessions ${uniqueWord()}`, language_primary: "te" }),
      await editor.post("/cms/programs", { title: "" }),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 404, 200, 201, 400]);
    for (const reply of replies) expect(bookmarkOf(reply)).toMatch(BOOKMARK);
  });

  it("is taken once the handler ran, so a write's bookmark is newer than any read before it", async () => {
    const before = bookmarkOf(await callJson("GET", "/health"))!;
    const written = await editor.post<Program>("/cms/programs", { title: "After", language_primary: "te" });
    // Bookmarks sort oldest to newest.
    expect(bookmarkOf(written)! > before).toBe(true);
  });

  it("comes back unchanged from an answer that needed no query, and is absent when there was none to send", async () => {
    const mine = bookmarkOf(await callJson("GET", "/health"))!;
    const unauthorised = await callJson("GET", "/tickets", withBookmark(mine));
    expect(unauthorised.status).toBe(401);
    expect(dbCost(unauthorised).queries).toBe(0);
    expect(bookmarkOf(unauthorised)).toBe(mine);
    const anonymous = await callJson("GET", "/tickets");
    expect(bookmarkOf(anonymous)).toBeNull();
  });
});

describe("reading one's own writes", () => {
  it("answers a read that sends back a write's bookmark with what was written", async () => {
    const title = `Mine ${uniqueWord()}`;
    const created = await editor.post<Program>("/cms/programs", { title, language_primary: "te" });
    const program = ok(created, 201);
    const read = await readWith(`/cms/programs/${program.id}`, bookmarkOf(created)!, editor.token);
    expect(ok(read)).toMatchObject({ id: program.id, title });
    // The client keeps the newest: the read's bookmark is at least the write's.
    expect(bookmarkOf(read)! >= bookmarkOf(created)!).toBe(true);
  });

  it("lets a writer send its bookmark on the next write too, and read both", async () => {
    const first = await editor.post<Program>("/cms/programs", { title: "One", language_primary: "te" });
    const second = await callJson<Program>("POST", "/cms/programs", {
      token: editor.token,
      body: { title: "Two", language_primary: "te" },
      ...withBookmark(bookmarkOf(first)!),
    });
    ok(second, 201);
    for (const program of [first.body, second.body]) {
      expect(ok(await readWith(`/cms/programs/${program.id}`, bookmarkOf(second)!, editor.token)).title).toBe(
        program.title,
      );
    }
  });
});

describe("CORS", () => {
  const origin = "http://localhost:8080";

  it("lets a browser send the bookmark (preflight) and read it from the answer", async () => {
    const preflight = await call("OPTIONS", "/cms/programs", {
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,x-d1-bookmark",
      },
    });
    await preflight.body?.cancel();
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("x-d1-bookmark");

    const res = await call("GET", "/health", { headers: { Origin: origin } });
    await res.body?.cancel();
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain(HEADER);
    expect(bookmarkOf(res)).toMatch(BOOKMARK);
  });
});

describe("the edge cache", () => {
  it("never replays the bookmark of the request that filled it, and keeps one key whatever the bookmark", async () => {
    const { program } = await createPublishedProgram();
    const path = `/catalog/programs/${program.id}`;
    const older = bookmarkOf(await callJson("GET", "/health"))!;
    const newer = bookmarkOf(await editor.post("/cms/programs", { title: "Newer", language_primary: "te" }))!;

    const fill = await readWith(path, newer);
    expect([fill.status, cacheOf(fill)]).toEqual([200, "miss"]);
    expect(bookmarkOf(fill)! >= newer).toBe(true);

    const anonymous = await callJson("GET", path);
    expect(cacheOf(anonymous)).toBe("hit");
    expect(bookmarkOf(anonymous)).toBeNull();

    const another = await readWith(path, older);
    expect(cacheOf(another)).toBe("hit");
    expect(dbCost(another).queries).toBe(0);
    expect(bookmarkOf(another)).toBe(older);
    expect(another.body).toEqual(fill.body);
  });

  it("does not keep an answer read from a state older than the last write that changed its scope", async () => {
    const { program } = await createPublishedProgram();
    const path = `/catalog/programs/${program.id}`;
    // A write this location has not seen from any replica yet: every answer is older than it.
    await purgeEdgeCache(env, "catalog", undefined, "ffffffff-ffffffff-ffffffff-ffffffffffffffffffffffffffffffff");
    const reads = [await callJson("GET", path), await callJson("GET", path)];
    expect(reads.map((read) => [read.status, cacheOf(read)])).toEqual([
      [200, "miss"],
      [200, "miss"],
    ]);

    // A real write: the reads after it hold it, so the cache is filled again.
    ok(await editor.post("/cms/programs", { title: "Purges", language_primary: "te" }), 201);
    const again = [await callJson("GET", path), await callJson("GET", path)];
    expect(again.map(cacheOf)).toEqual(["miss", "hit"]);
  });
});

describe("a malformed bookmark", () => {
  it.each([
    ["a word", "garbage"],
    ["a session constraint", "first-primary"],
    ["a bookmark cut short", "00000000-00000012-00000000-0000000000000000"],
    ["upper-case hex", "00000000-00000012-00000000-0000000000000000000000000000000A"],
    ["a very long value", "f".repeat(4000)],
  ])("is refused with a 400 naming the header (%s)", async (_what, value) => {
    const res = await call("GET", "/catalog/programs", { headers: { [HEADER]: value, Origin: "http://a.example" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("http://a.example");
    expect(bookmarkOf(res)).toBeNull();
    const problem = await expectProblem(res, 400, "invalid_bookmark");
    expect(problem).toMatchObject({ header: HEADER });
    expect(problem.detail).toContain(HEADER);
  });

  it("refuses a write before anything is written", async () => {
    const before = await catalogState();
    const res = await callJson("POST", "/cms/programs", {
      token: editor.token,
      body: { title: "Never", language_primary: "te" },
      ...withBookmark("garbage"),
    });
    expectProblem(res, 400, "invalid_bookmark");
    expect(await catalogState()).toEqual(before);
  });

  it("counts an empty header as none", async () => {
    const res = await callJson("GET", "/health", withBookmark(""));
    expect(res.status).toBe(200);
    expect(bookmarkOf(res)).toMatch(BOOKMARK);
  });
});

describe("query budgets", () => {
  it("are the same with a bookmark as without one", async () => {
    const program = await postProgram(editor, { title: `Budget ${uniqueWord()}` });
    const bookmark = bookmarkOf(await callJson("GET", "/health"))!;
    const paths = [`/cms/programs/${program.id}`, "/cms/programs?limit=5", "/cms/topics"];
    for (const path of paths) {
      const without = await editor.get(path);
      const withIt = await readWith(path, bookmark, editor.token);
      expect([path, withIt.status, dbCost(withIt)]).toEqual([path, 200, dbCost(without)]);
    }
    const health = await readJson(await call("GET", "/health", withBookmark(bookmark)));
    expect(dbCost(health).queries).toBe(1);
  });
});
