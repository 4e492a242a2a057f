import { describe, expect, it } from "vitest";
import type { Lesson } from "../src/catalog/cms/lesson-models";
import type { Program } from "../src/catalog/cms/program-models";
import type { LessonStatus } from "../src/catalog/schema";
import { addThumbnails, createLesson, programWithTerm } from "./catalog-fixtures";
import { catalogState, cmsSession, expectInvalidTransition, inAnHour, lessonRow, ok, programRow } from "./cms-helpers";
import { ACCOUNT_LOOKUP, dbCost, expectFieldProblem, expectProblem, ISO_UTC, MISSING_ID, sleep } from "./helpers";

// Storage is shared by every test in this file; each test makes its own program, term and lessons (in Telugu).

const { editor } = cmsSession();

const PUBLISHED_BEFORE = "2026-02-01T00:00:00.000Z";
const SCHEDULED_FOR = "2030-01-01T09:00:00.000Z";

/** Fixture fields that put a lesson in `status` (with the dates that status needs). */
function inStatus(status: LessonStatus) {
  switch (status) {
    case "draft":
      return { status };
    case "scheduled":
      return { status, publishAt: SCHEDULED_FOR, publishError: "missing thumbnails: portrait (te)" };
    case "published":
      return { status, publishedAt: PUBLISHED_BEFORE };
    case "archived":
      return { status };
  }
}

/**
 * A draft program (with its posters) with one term and one Telugu lesson in `status`, with its thumbnails unless told
 * otherwise.
 */
async function lessonIn(status: LessonStatus, { thumbnails = true, programFields = {} } = {}) {
  const { program, term } = await programWithTerm(programFields);
  const lesson = await createLesson(term.id, 1, { contentLanguagePrimary: "te", ...inStatus(status) });
  if (thumbnails) await addThumbnails(lesson.id, "te");
  return { program, term, lesson };
}

const act = (lessonId: string, action: string, body?: unknown) =>
  editor.post<Lesson>(`/cms/lessons/${lessonId}/${action}`, body);

describe("the lesson status machine", () => {
  const STATUSES = ["draft", "scheduled", "published", "archived"] as const;
  const ALLOWED = {
    publish: { from: ["draft", "scheduled"], to: "published" },
    schedule: { from: ["draft", "scheduled"], to: "scheduled" },
    unschedule: { from: ["scheduled"], to: "draft" },
    archive: { from: ["draft", "scheduled", "published"], to: "archived" },
  } as const;
  const cases = Object.entries(ALLOWED).flatMap(([action, { from, to }]) =>
    STATUSES.map((status) => ({ action, status, to, allowed: (from as readonly string[]).includes(status) })),
  );
  const bodyFor = (action: string) => (action === "schedule" ? { publish_at: inAnHour() } : undefined);

  it.each(cases.filter((c) => c.allowed))("$action moves a $status lesson to $to", async ({ action, status, to }) => {
    const { lesson } = await lessonIn(status);
    const res = ok(await act(lesson.id, action, bodyFor(action)));
    expect(res).toMatchObject({ id: lesson.id, status: to, publish_error: null });
    expect(res.updated_at > lesson.updatedAt).toBe(true);
    expect((await lessonRow(lesson.id))!.status).toBe(to);
    expect(ok(await editor.get(`/cms/lessons/${lesson.id}`))).toEqual(res);
  });

  it.each(cases.filter((c) => !c.allowed))(
    "$action refuses a $status lesson with 409 invalid_transition from $status to $to, and changes nothing",
    async ({ action, status, to }) => {
      const { lesson } = await lessonIn(status);
      const before = await catalogState();
      expectInvalidTransition(await act(lesson.id, action, bodyFor(action)), status, to);
      expect(await catalogState()).toEqual(before);
    },
  );

  it.each(Object.keys(ALLOWED))("%s answers 404 for a lesson that does not exist", async (action) => {
    expectProblem(await act(MISSING_ID, action, bodyFor(action)), 404, "not_found");
  });
});

describe("POST /cms/lessons/{id}/schedule", () => {
  it("schedules a draft for a time in the future, stored and shown in UTC", async () => {
    const { lesson, program } = await lessonIn("draft");
    const res = ok(await act(lesson.id, "schedule", { publish_at: "2031-06-01T10:00:00+05:30" }));
    expect(res).toMatchObject({ status: "scheduled", publish_at: "2031-06-01T04:30:00.000Z", published_at: null });
    expect(await lessonRow(lesson.id)).toMatchObject({ status: "scheduled", publishAt: "2031-06-01T04:30:00.000Z" });
    expect((await programRow(program.id))!.status).toBe("draft");
  });

  it("reschedules a scheduled lesson, clearing the publisher's last complaint", async () => {
    const { lesson } = await lessonIn("scheduled");
    const publishAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = ok(await act(lesson.id, "schedule", { publish_at: publishAt }));
    expect(res).toMatchObject({ status: "scheduled", publish_at: publishAt, publish_error: null });
    expect(await lessonRow(lesson.id)).toMatchObject({ publishAt, publishError: null });
  });

  it.each([
    { when: "in the past", body: () => ({ publish_at: new Date(Date.now() - 60_000).toISOString() }) },
    { when: "now", body: () => ({ publish_at: new Date().toISOString() }) },
    { when: "not a time", body: () => ({ publish_at: "tomorrow" }) },
    { when: "a date without a time", body: () => ({ publish_at: "2031-01-01" }) },
    { when: "missing", body: () => ({}) },
    { when: "a number", body: () => ({ publish_at: Date.now() + 3_600_000 }) },
  ])("refuses a publish_at $when with 400 naming publish_at, and changes nothing", async ({ body }) => {
    const { lesson } = await lessonIn("draft");
    const before = await catalogState();
    expectFieldProblem(await act(lesson.id, "schedule", body()), 400, "validation_failed", "publish_at");
    expect(await catalogState()).toEqual(before);
  });

  it("refuses a past publish_at for a scheduled lesson too, keeping its schedule", async () => {
    const { lesson } = await lessonIn("scheduled");
    const before = await catalogState();
    const res = await act(lesson.id, "schedule", { publish_at: "2020-01-01T00:00:00Z" });
    expectFieldProblem(res, 400, "validation_failed", "publish_at");
    expect(await catalogState()).toEqual(before);
  });

  it("refuses other fields with 400", async () => {
    const { lesson } = await lessonIn("draft");
    const res = await act(lesson.id, "schedule", { publish_at: inAnHour(), status: "published" });
    expectFieldProblem(res, 400, "validation_failed", "status");
  });

  it("refuses a schedule without a body with 400 naming publish_at, and changes nothing", async () => {
    const { lesson } = await lessonIn("draft");
    const before = await catalogState();
    expectFieldProblem(await act(lesson.id, "schedule"), 400, "validation_failed", "publish_at");
    expect(await catalogState()).toEqual(before);
  });
});

describe("POST /cms/lessons/{id}/unschedule", () => {
  it("takes a scheduled lesson back to draft, clearing publish_at and publish_error", async () => {
    const { lesson } = await lessonIn("scheduled");
    const res = ok(await act(lesson.id, "unschedule"));
    expect(res).toMatchObject({ status: "draft", publish_at: null, publish_error: null, published_at: null });
    expect(await lessonRow(lesson.id)).toMatchObject({ status: "draft", publishAt: null, publishError: null });
  });
});

describe("POST /cms/lessons/{id}/archive", () => {
  it("archives a scheduled lesson, dropping its schedule", async () => {
    const { lesson } = await lessonIn("scheduled");
    const res = ok(await act(lesson.id, "archive"));
    expect(res).toMatchObject({ status: "archived", publish_at: null, published_at: null });
  });

  it("archives a published lesson, keeping when it was published; its program stays published", async () => {
    const { lesson, program } = await lessonIn("published", {
      programFields: { status: "published", publishedAt: PUBLISHED_BEFORE },
    });
    const res = ok(await act(lesson.id, "archive"));
    expect(res).toMatchObject({ status: "archived", published_at: PUBLISHED_BEFORE });
    expect(await programRow(program.id)).toMatchObject({ status: "published", publishedAt: PUBLISHED_BEFORE });
  });
});

describe("POST /cms/lessons/{id}/publish", () => {
  it("publishes a scheduled lesson now, dropping its schedule and its old publish_error", async () => {
    const { lesson } = await lessonIn("scheduled");
    const res = ok(await act(lesson.id, "publish"));
    expect(res).toMatchObject({ status: "published", publish_at: null, publish_error: null });
    expect(await lessonRow(lesson.id)).toMatchObject({ status: "published", publishAt: null, publishError: null });
  });

  it("publishes a draft now, and publishes its draft program with the same published_at", async () => {
    const { lesson, program } = await lessonIn("draft");
    const before = new Date().toISOString();
    const res = ok(await act(lesson.id, "publish"));
    const after = new Date().toISOString();
    expect(res).toMatchObject({
      status: "published",
      publish_error: null,
      published_at: expect.stringMatching(ISO_UTC),
    });
    expect(res.published_at! >= before && res.published_at! <= after).toBe(true);
    expect(await lessonRow(lesson.id)).toMatchObject({ status: "published", publishedAt: res.published_at });

    const stored = ok(await editor.get<Program>(`/cms/programs/${program.id}`));
    expect(stored).toMatchObject({ status: "published", published_at: res.published_at });
  });

  it("publishes a scheduled lesson now, clearing its publish_error", async () => {
    const { lesson, program } = await lessonIn("scheduled");
    const res = ok(await act(lesson.id, "publish"));
    expect(res).toMatchObject({
      status: "published",
      publish_error: null,
      published_at: expect.stringMatching(ISO_UTC),
    });
    expect((await programRow(program.id))!.publishedAt).toBe(res.published_at);
  });

  it("keeps the program's published_at when a later lesson is published", async () => {
    const { program, term, lesson } = await lessonIn("draft");
    const first = ok(await act(lesson.id, "publish"));
    const publishedProgram = (await programRow(program.id))!;
    expect(publishedProgram).toMatchObject({ status: "published", publishedAt: first.published_at });

    await sleep(5);
    const second = await createLesson(term.id, 2, { contentLanguagePrimary: "te" });
    await addThumbnails(second.id, "te");
    const later = ok(await act(second.id, "publish"));
    expect(later.published_at! > first.published_at!).toBe(true);
    expect(await programRow(program.id)).toEqual(publishedProgram);
  });

  it("keeps the status and published_at of a program that was already published", async () => {
    const { program, lesson } = await lessonIn("draft", {
      programFields: { status: "published", publishedAt: PUBLISHED_BEFORE },
    });
    const programBefore = (await programRow(program.id))!;
    ok(await act(lesson.id, "publish"));
    expect(await programRow(program.id)).toEqual(programBefore);
  });

  it("leaves an archived program archived", async () => {
    const { program, lesson } = await lessonIn("draft", { programFields: { status: "archived" } });
    ok(await act(lesson.id, "publish"));
    expect(await programRow(program.id)).toMatchObject({ status: "archived", publishedAt: null });
  });

  describe("the thumbnail rule", () => {
    const missingProblem = (res: Awaited<ReturnType<typeof act>>, variants: string[]) => {
      const problem = expectProblem(res, 422, "missing_thumbnails");
      expect(problem.errors).toEqual(
        variants.map((variant) => ({ path: `thumbnails.te.${variant}`, message: expect.stringContaining(variant) })),
      );
      expect(problem.missing).toEqual(variants.map((variant) => ({ language: "te", variant })));
    };

    it.each([
      {
        has: "no thumbnails",
        add: [] as { language: string; variants: ("portrait" | "landscape" | "square" | "banner")[] }[],
        missing: ["portrait", "landscape"],
      },
      { has: "only a portrait", add: [{ language: "te", variants: ["portrait"] }], missing: ["landscape"] },
      { has: "only a landscape", add: [{ language: "te", variants: ["landscape"] }], missing: ["portrait"] },
      {
        has: "both, but in a language other than the primary",
        add: [{ language: "en", variants: ["portrait", "landscape"] }],
        missing: ["portrait", "landscape"],
      },
      {
        has: "a square and a banner in the primary language",
        add: [{ language: "te", variants: ["square", "banner"] }],
        missing: ["portrait", "landscape"],
      },
    ] as {
      has: string;
      add: { language: string; variants: ("portrait" | "landscape" | "square" | "banner")[] }[];
      missing: string[];
    }[])("refuses a lesson with $has: 422 naming each missing thumbnail; nothing changes", async ({ add, missing }) => {
      const { lesson } = await lessonIn("draft", { thumbnails: false });
      for (const { language, variants } of add) await addThumbnails(lesson.id, language, variants);
      const before = await catalogState();
      missingProblem(await act(lesson.id, "publish"), missing);
      expect(await catalogState()).toEqual(before);
    });

    it("refuses a scheduled lesson without thumbnails too, leaving it scheduled", async () => {
      const { lesson } = await lessonIn("scheduled", { thumbnails: false });
      const before = await catalogState();
      missingProblem(await act(lesson.id, "publish"), ["portrait", "landscape"]);
      expect(await catalogState()).toEqual(before);
    });

    it("checks the primary language as it is now, after a PATCH changed it", async () => {
      const { lesson } = await lessonIn("draft");
      ok(
        await editor.patch(`/cms/lessons/${lesson.id}`, {
          content_language_primary: "hi",
          content_languages_available: ["hi"],
          content_urls_by_language: { hi: "https://cdn.example.com/hi.m3u8" },
        }),
      );
      const problem = expectProblem(await act(lesson.id, "publish"), 422, "missing_thumbnails");
      expect(problem.missing).toEqual([
        { language: "hi", variant: "portrait" },
        { language: "hi", variant: "landscape" },
      ]);
      await addThumbnails(lesson.id, "hi");
      expect(ok(await act(lesson.id, "publish")).status).toBe("published");
    });
  });
});

describe("concurrency", () => {
  it("publishes a lesson once when two editors publish it at the same time: one 200, one 409", async () => {
    for (let round = 0; round < 3; round++) {
      const { lesson, program } = await lessonIn("draft");
      const results = await Promise.all([act(lesson.id, "publish"), act(lesson.id, "publish")]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      expectInvalidTransition(results.find((r) => r.status === 409)!, "published", "published");
      expect((await lessonRow(lesson.id))!.publishedAt).toBe(winner.body.published_at);
      expect((await programRow(program.id))!.publishedAt).toBe(winner.body.published_at);
    }
  });

  it("publishes a draft program once when two of its lessons are published at the same time", async () => {
    const { program, term, lesson } = await lessonIn("draft");
    const second = await createLesson(term.id, 2, { contentLanguagePrimary: "te" });
    await addThumbnails(second.id, "te");
    const results = await Promise.all([act(lesson.id, "publish"), act(second.id, "publish")]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const stored = (await programRow(program.id))!;
    expect(stored.status).toBe("published");
    expect(results.map((r) => r.body.published_at)).toContain(stored.publishedAt);
    expect(stored.publishedAt).toBe([...results.map((r) => r.body.published_at!)].sort()[0]);
  });

  it("unschedules a lesson once when two editors unschedule it at the same time", async () => {
    const { lesson } = await lessonIn("scheduled");
    const results = await Promise.all([act(lesson.id, "unschedule"), act(lesson.id, "unschedule")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expectInvalidTransition(results.find((r) => r.status === 409)!, "draft", "draft");
  });

  it("never answers 500 to a publish and an archive of one lesson at the same time; it ends archived", async () => {
    for (let round = 0; round < 3; round++) {
      const { lesson } = await lessonIn("draft");
      const [published, archived] = await Promise.all([act(lesson.id, "publish"), act(lesson.id, "archive")]);
      expect(archived.status).toBe(200);
      if (published.status !== 200) expectInvalidTransition(published, "archived", "published");
      expect((await lessonRow(lesson.id))!.status).toBe("archived");
    }
  });
});

describe("query budgets (D1 round trips from Server-Timing)", () => {
  const own = (n: number) => ACCOUNT_LOOKUP.queries + n;

  it("publish costs 1 of its own (one batch) whether it publishes, lacks thumbnails or is refused", async () => {
    const { lesson } = await lessonIn("draft");
    const { lesson: bare } = await lessonIn("draft", { thumbnails: false });
    const published = await act(lesson.id, "publish");
    const again = await act(lesson.id, "publish");
    const missing = await act(bare.id, "publish");
    const absent = await act(MISSING_ID, "publish");
    expect([published, again, missing, absent].map((r) => r.status)).toEqual([200, 409, 422, 404]);
    expect([published, again, missing, absent].map((r) => dbCost(r).queries)).toEqual([1, 1, 1, 1].map(own));
  });

  it("schedule, unschedule and archive cost 1 of their own; 2 when refused; none for a past time", async () => {
    const { lesson } = await lessonIn("draft");
    const scheduled = await act(lesson.id, "schedule", { publish_at: inAnHour() });
    const unscheduled = await act(lesson.id, "unschedule");
    const refused = await act(lesson.id, "unschedule");
    const past = await act(lesson.id, "schedule", { publish_at: "2020-01-01T00:00:00Z" });
    const archived = await act(lesson.id, "archive");
    const replies = [scheduled, unscheduled, refused, past, archived];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 409, 400, 200]);
    expect(replies.map((r) => dbCost(r).queries)).toEqual([1, 1, 2, 0, 1].map(own));
  });
});
