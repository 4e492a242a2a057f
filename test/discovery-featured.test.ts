import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { CATALOG_CACHE_CONTROL } from "../src/catalog/public/routes";
import { featuredPrograms } from "../src/discovery/schema";
import { insufficientRoles, invalidCredentials } from "./auth-matrix";
import {
  addThumbnails,
  createLesson,
  createProgram,
  createPublishedProgram,
  nextInstant,
  programWithTerm,
} from "./catalog-fixtures";
import { cmsSession, ok } from "./cms-helpers";
import {
  ACCOUNT_LOOKUP,
  callJson,
  db,
  dbCost,
  expectFieldProblem,
  expectProblem,
  freshIp,
  type JsonReply,
  MISSING_ID,
  withQuery,
} from "./helpers";

// The featured list: editors pick programs and order them in the CMS (/cms/featured); the public list
// (/discovery/featured) shows the picks that are in the catalog, in order, then the newest other programs. Storage is
// shared by this file's tests: each starts from an empty editors' list.

const { editor, viewer, admin } = cmsSession();

/** The public list as an anonymous client reads it (from an address of its own: discovery is rate limited). */
const publicList = (limit = 10) =>
  callJson("GET", withQuery("/discovery/featured", { limit }), { headers: { "CF-Connecting-IP": freshIp() } });

const idsOf = (res: JsonReply) => res.body.data.map((item: { id: string }) => item.id);
const cacheOf = (res: JsonReply) => /cache;desc="(\w+)"/.exec(res.headers.get("Server-Timing") ?? "")?.[1];

const putList = (programIds: string[], token = editor.token) =>
  callJson("PUT", "/cms/featured", { token, body: { program_ids: programIds } });

/** What D1 holds, in order: `[program_id, position]`. */
const stored = async () =>
  (
    await db().select().from(featuredPrograms).orderBy(asc(featuredPrograms.position), asc(featuredPrograms.programId))
  ).map((row) => [row.programId, row.position]);

/** `count` published programs, newest last. */
const publishedPrograms = async (count: number) => {
  const made = [];
  for (let i = 0; i < count; i++) made.push((await createPublishedProgram()).program);
  return made;
};

beforeEach(async () => {
  ok(await putList([]));
});

describe("the public featured list", () => {
  it("shows the editors' picks in their order, then the most recently published others, up to limit", async () => {
    const [a, b, c, d] = await publishedPrograms(4);
    ok(await putList([b!.id, a!.id]));

    const res = await publicList(4);
    expect(res.status).toBe(200);
    // d and c are the newest programs of the catalog that editors did not pick.
    expect(idsOf(res)).toEqual([b!.id, a!.id, d!.id, c!.id]);
    expect(res.body.data.map((p: { featured: boolean }) => p.featured)).toEqual([true, true, false, false]);
    expect(idsOf(await publicList(1))).toEqual([b!.id]);
  });

  it("presents each program as the catalog does", async () => {
    const { program } = await createPublishedProgram();
    ok(await putList([program.id]));
    const [res, catalog] = [await publicList(1), await callJson("GET", `/catalog/programs/${program.id}`)];
    const { terms: _, ...asCatalogShowsIt } = catalog.body;
    expect(res.body.data[0]).toEqual({ ...asCatalogShowsIt, featured: true });
  });

  it("leaves out a pick that is a draft or archived, which stays on the editors' list", async () => {
    const draft = await createProgram();
    const archived = (await createPublishedProgram()).program;
    const shown = (await createPublishedProgram()).program;
    ok(await putList([draft.id, archived.id, shown.id]));
    ok(await editor.post(`/cms/programs/${archived.id}/archive`));

    const res = await publicList(50);
    expect(idsOf(res)[0]).toBe(shown.id);
    expect(idsOf(res)).not.toContain(draft.id);
    expect(idsOf(res)).not.toContain(archived.id);
    expect(res.body.data.filter((p: { featured: boolean }) => p.featured)).toHaveLength(1);

    const editors = ok(await viewer.get("/cms/featured"));
    expect(editors.data.map((e: { program_id: string; status: string }) => [e.program_id, e.status])).toEqual([
      [draft.id, "draft"],
      [archived.id, "archived"],
      [shown.id, "published"],
    ]);
  });

  it("costs one D1 round trip, then none from the edge cache, with the catalog's Cache-Control", async () => {
    const picks = await publishedPrograms(3);
    ok(await putList(picks.map((p) => p.id)));
    const miss = await publicList(20);
    const hit = await publicList(20);
    expect([cacheOf(miss), cacheOf(hit)]).toEqual(["miss", "hit"]);
    expect(dbCost(miss).queries).toBe(1);
    expect(dbCost(hit)).toEqual({ queries: 0, rowsRead: 0 });
    expect(hit.body).toEqual(miss.body);
    expect(miss.headers.get("Cache-Control")).toBe(CATALOG_CACHE_CONTROL);
    expect(hit.headers.get("Cache-Control")).toBe(CATALOG_CACHE_CONTROL);
  });

  it("refuses a limit out of range, naming it", async () => {
    for (const limit of [0, 51]) expectFieldProblem(await publicList(limit), 400, "validation_failed", "limit");
  });
});

describe("the public list after a CMS write (edge cache purged)", () => {
  /** Fills the cache, runs `write`, and reads the list again: the answer must not be the cached one. */
  async function afterWrite(write: () => Promise<unknown>, limit = 50) {
    await publicList(limit);
    expect(cacheOf(await publicList(limit))).toBe("hit");
    await write();
    const next = await publicList(limit);
    expect(cacheOf(next)).toBe("miss");
    return next;
  }

  it("shows a program featured, reordered and unfeatured", async () => {
    const [a, b] = await publishedPrograms(2);
    const featured = await afterWrite(async () => ok(await editor.post("/cms/featured", { program_id: a!.id }), 201));
    expect(idsOf(featured)[0]).toBe(a!.id);
    const reordered = await afterWrite(async () => ok(await putList([b!.id, a!.id])));
    expect(idsOf(reordered).slice(0, 2)).toEqual([b!.id, a!.id]);
    const unfeatured = await afterWrite(async () =>
      expect((await editor.delete(`/cms/featured/${b!.id}`)).status).toBe(204),
    );
    expect(unfeatured.body.data[0]).toMatchObject({ id: a!.id, featured: true });
    expect(unfeatured.body.data.find((p: { id: string }) => p.id === b!.id)?.featured).toBe(false);
  });

  it("shows a featured draft once its first lesson is published, a new title, and drops it when archived", async () => {
    const { program, term } = await programWithTerm({ languagePrimary: "en", languagesAvailable: ["en"] });
    const lesson = await createLesson(term.id, 1);
    await addThumbnails(lesson.id, "en");
    ok(await putList([program.id]));
    expect(idsOf(await publicList())).not.toContain(program.id);

    const published = await afterWrite(async () => ok(await editor.post(`/cms/lessons/${lesson.id}/publish`)));
    expect(published.body.data[0]).toMatchObject({ id: program.id, featured: true });
    // A published program's new title waits for its changes to be published, then shows.
    const edited = await afterWrite(async () =>
      ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Now featured" })),
    );
    expect(edited.body.data[0].title).toBe(program.title);
    const renamed = await afterWrite(async () => ok(await editor.post(`/cms/programs/${program.id}/changes/publish`)));
    expect(renamed.body.data[0].title).toBe("Now featured");
    const archived = await afterWrite(async () => ok(await editor.post(`/cms/programs/${program.id}/archive`)));
    expect(idsOf(archived)).not.toContain(program.id);
  });
});

describe("the editors' list in the CMS", () => {
  it("lists picks in order with title, status, when and by whom; viewers read, anonymous callers do not", async () => {
    const [a, b] = await publishedPrograms(2);
    ok(await editor.post("/cms/featured", { program_id: a!.id }), 201);
    ok(await editor.post("/cms/featured", { program_id: b!.id, position: 1 }), 201);
    const res = await viewer.get("/cms/featured");
    expect(ok(res).data).toEqual([
      expect.objectContaining({ program_id: b!.id, title: b!.title, status: "published", position: 1 }),
      expect.objectContaining({ program_id: a!.id, title: a!.title, status: "published", position: 2 }),
    ]);
    expect(res.body.data[0]).toEqual({
      program_id: b!.id,
      title: b!.title,
      status: "published",
      position: 1,
      featured_at: expect.stringMatching(/Z$/),
      featured_by: editor.user.id,
    });
    expect(dbCost(res)).toMatchObject({ queries: ACCOUNT_LOOKUP.queries + 1 });
    expectProblem(await callJson("GET", "/cms/featured"), 401, "unauthorized");
  });

  it("features at a position (those after it move down), at the end, and past the end at the end", async () => {
    const [a, b, c, d] = await publishedPrograms(4);
    ok(await editor.post("/cms/featured", { program_id: a!.id }), 201);
    ok(await editor.post("/cms/featured", { program_id: b!.id }), 201);
    const res = await editor.post("/cms/featured", { program_id: c!.id, position: 1 });
    expect(res.headers.get("Location")).toBe("/cms/featured");
    expect(ok(res, 201).data.map((e: { program_id: string }) => e.program_id)).toEqual([c!.id, a!.id, b!.id]);
    expect(dbCost(res)).toMatchObject({ queries: ACCOUNT_LOOKUP.queries + 1 });
    ok(await editor.post("/cms/featured", { program_id: d!.id, position: 40 }), 201);
    expect(await stored()).toEqual([
      [c!.id, 1],
      [a!.id, 2],
      [b!.id, 3],
      [d!.id, 4],
    ]);
  });

  it("refuses a program already featured (409), an unknown one (404), a bad position and viewers; nothing changes", async () => {
    const [a] = await publishedPrograms(1);
    ok(await editor.post("/cms/featured", { program_id: a!.id }), 201);
    const before = await stored();
    expectFieldProblem(
      await editor.post("/cms/featured", { program_id: a!.id, position: 1 }),
      409,
      "already_featured",
      "program_id",
    );
    expectProblem(await editor.post("/cms/featured", { program_id: MISSING_ID, position: 1 }), 404, "not_found");
    expectFieldProblem(
      await editor.post("/cms/featured", { program_id: a!.id, position: 0 }),
      400,
      "validation_failed",
      "position",
    );
    expectProblem(await viewer.post("/cms/featured", { program_id: MISSING_ID }), 403, "forbidden");
    expect(await stored()).toEqual(before);
  });

  it("lands every one of several editors' concurrent picks, positions a clean sequence", async () => {
    const programs = await publishedPrograms(6);
    const replies = await Promise.all(
      programs.map((p, i) =>
        editor.post("/cms/featured", i % 2 ? { program_id: p.id, position: 1 } : { program_id: p.id }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(programs.map(() => 201));
    const rows = await stored();
    expect(rows.map(([, position]) => position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map(([id]) => id).sort()).toEqual(programs.map((p) => p.id).sort());
  });

  it("replaces the whole order at once, keeping when a kept pick was featured", async () => {
    const [a, b, c] = await publishedPrograms(3);
    ok(await putList([a!.id, b!.id]));
    const [firstA] = ok(await viewer.get("/cms/featured")).data;
    const res = await putList([c!.id, a!.id]);
    expect(ok(res).data.map((e: { program_id: string; position: number }) => [e.program_id, e.position])).toEqual([
      [c!.id, 1],
      [a!.id, 2],
    ]);
    expect(res.body.data[1].featured_at).toBe(firstA.featured_at);
    expect(dbCost(res)).toMatchObject({ queries: ACCOUNT_LOOKUP.queries + 1 });
    expect(await stored()).toEqual([
      [c!.id, 1],
      [a!.id, 2],
    ]);
  });

  it("refuses unknown programs and repeats by index, more than 50, and viewers; nothing changes", async () => {
    const [a, b] = await publishedPrograms(2);
    ok(await putList([a!.id]));
    const before = await stored();
    const unknown = expectFieldProblem(
      await putList([b!.id, a!.id, MISSING_ID]),
      400,
      "validation_failed",
      "program_ids.2",
    );
    expect(unknown.errors).toHaveLength(1);
    expectFieldProblem(await putList([a!.id, b!.id, a!.id]), 400, "validation_failed", "program_ids.2");
    const tooMany = Array.from({ length: 51 }, () => crypto.randomUUID());
    expectFieldProblem(await putList(tooMany), 400, "validation_failed", "program_ids");
    expectProblem(await putList([b!.id], viewer.token), 403, "forbidden");
    expect(await stored()).toEqual(before);
  });

  it("holds at most 50: a 51st pick is refused with 409 featured_list_full", async () => {
    const fifty = [];
    for (let i = 0; i < 50; i++) fifty.push((await createProgram({ updatedAt: nextInstant() })).id);
    ok(await putList(fifty));
    const extra = await createProgram();
    expectProblem(await editor.post("/cms/featured", { program_id: extra.id, position: 1 }), 409, "featured_list_full");
    const rows = await stored();
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual([fifty[0], 1]);
  });

  it("unfeatures (204), closing the gap; 404 when not featured; viewers may not", async () => {
    const [a, b, c] = await publishedPrograms(3);
    ok(await putList([a!.id, b!.id, c!.id]));
    expectProblem(await viewer.delete(`/cms/featured/${b!.id}`), 403, "forbidden");
    const res = await editor.delete(`/cms/featured/${b!.id}`);
    expect(res.status).toBe(204);
    expect(dbCost(res)).toMatchObject({ queries: ACCOUNT_LOOKUP.queries + 1 });
    expect(await stored()).toEqual([
      [a!.id, 1],
      [c!.id, 2],
    ]);
    expectProblem(await editor.delete(`/cms/featured/${b!.id}`), 404, "not_found");
    expect(await stored()).toHaveLength(2);
  });

  it("drops a deleted program from the list, the others keeping their order and a clean sequence", async () => {
    const [a, b, c] = await publishedPrograms(3);
    ok(await putList([a!.id, b!.id, c!.id]));
    expect((await admin.delete(`/cms/programs/${b!.id}`)).status).toBe(204);
    const list = ok(await viewer.get("/cms/featured")).data;
    expect(list.map((e: { program_id: string; position: number }) => [e.program_id, e.position])).toEqual([
      [a!.id, 1],
      [c!.id, 2],
    ]);
  });
});

describe("search through the edge cache", () => {
  it("passes through the catalog's cache: a refused search is never stored", async () => {
    const path = withQuery("/discovery/search", { q: "x".repeat(1001) });
    for (let i = 0; i < 2; i++) {
      const res = await callJson("GET", path, { headers: { "CF-Connecting-IP": freshIp() } });
      expectFieldProblem(res, 400, "validation_failed", "q");
      expect(cacheOf(res)).toBe("miss");
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });
});

/** A program on the editors' list, and one that is not. */
type Targets = { kept: string; other: string };

describe.each([
  { route: "GET /cms/featured", role: "viewer", request: () => ({ method: "GET", path: "/cms/featured" }) },
  {
    route: "PUT /cms/featured",
    role: "editor",
    request: (t: Targets) => ({ method: "PUT", path: "/cms/featured", body: { program_ids: [t.other] } }),
  },
  {
    route: "POST /cms/featured",
    role: "editor",
    request: (t: Targets) => ({ method: "POST", path: "/cms/featured", body: { program_id: t.other, position: 1 } }),
  },
  {
    route: "DELETE /cms/featured/{program_id}",
    role: "editor",
    request: (t: Targets) => ({ method: "DELETE", path: `/cms/featured/${t.kept}` }),
  },
] as const)("$route (at least $role)", ({ role, request }) => {
  it.each([...invalidCredentials(() => admin.user), ...insufficientRoles(role)])(
    "answers $status $code to $sent, and changes nothing",
    async ({ status, code, headers }) => {
      const [kept, other] = await publishedPrograms(2);
      ok(await putList([kept!.id]));
      const before = await stored();
      const { method, path, body } = { body: undefined, ...request({ kept: kept!.id, other: other!.id }) };
      expectProblem(await callJson(method, path, { body, headers: await headers() }), status, code);
      expect(await stored()).toEqual(before);
    },
  );
});
