import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Lesson } from "../src/catalog/cms/lesson-models";
import { publishDueLessons, publishLesson } from "../src/catalog/publish";
import { programAssets, programs } from "../src/catalog/schema";
import { createDatabase } from "../src/db/client";
import { addPosters, addThumbnails, createLesson, programWithTerm, scheduledLesson } from "./catalog-fixtures";
import { catalogState, cmsSession, lessonRow, ok, programRow } from "./cms-helpers";
import { ACCOUNT_LOOKUP, callJson, db, dbCost, expectProblem } from "./helpers";

// The poster rule: a draft program is published by its first lesson's publish (now or by schedule), and only once it
// has a portrait and a landscape poster in its primary language. Storage is shared by the tests of this file and the
// publisher works on every due lesson, so each test starts from an empty catalog.
beforeEach(async () => {
  await db().delete(programs);
});

const { editor } = cmsSession();

const NOW = new Date("2030-01-01T12:00:00.000Z");
const LATER = new Date("2030-01-01T12:01:00.000Z");
const BEFORE_NOW = "2030-01-01T11:59:00.000Z";
const BOTH = "portrait (te), landscape (te)";

/** Runs the publisher on a database of its own, returning its report and what it cost. */
async function publishAt(now: Date) {
  const { db: database, stats } = createDatabase(env.DB);
  return { report: await publishDueLessons(database, now), stats };
}

/** A draft Telugu program without posters and one due lesson of it (with its thumbnails unless told otherwise). */
async function dueLessonOfBareProgram({ thumbnails = true } = {}) {
  const { program, term } = await programWithTerm({}, { posters: false });
  const lesson = await scheduledLesson(term.id, 1, BEFORE_NOW, { thumbnails });
  return { program, term, lesson };
}

describe("the scheduled publisher", () => {
  it("leaves a due lesson of a draft program without posters scheduled, saying why once, until they are added", async () => {
    const { program, lesson } = await dueLessonOfBareProgram();

    const first = await publishAt(NOW);
    const reason = `missing posters: ${BOTH}`;
    expect(first.report).toEqual({
      published: 0,
      programsPublished: 0,
      blocked: [{ id: lesson.id, reason }],
      changesPublished: 0,
    });
    expect(first.stats.queries).toBe(1);
    const blocked = await lessonRow(lesson.id);
    expect(blocked).toEqual({ ...lesson, publishError: reason, updatedAt: NOW.toISOString() });
    expect(await programRow(program.id)).toEqual(program);

    const again = await publishAt(LATER);
    expect(again.report).toEqual({ published: 0, programsPublished: 0, blocked: [], changesPublished: 0 });
    expect(again.stats.rowsWritten).toBe(0);
    expect(await lessonRow(lesson.id)).toEqual(blocked);

    await addPosters(program.id, "te", ["portrait"]);
    const halfway = await publishAt(new Date("2030-01-01T12:02:00.000Z"));
    expect(halfway.report.blocked).toEqual([{ id: lesson.id, reason: "missing posters: landscape (te)" }]);

    await addPosters(program.id, "te", ["landscape"]);
    const done = new Date("2030-01-01T12:03:00.000Z");
    expect((await publishAt(done)).report).toEqual({
      published: 1,
      programsPublished: 1,
      blocked: [],
      changesPublished: 0,
    });
    expect(await lessonRow(lesson.id)).toMatchObject({ status: "published", publishError: null });
    expect(await programRow(program.id)).toMatchObject({ status: "published", publishedAt: done.toISOString() });
  });

  it("counts only portrait and landscape posters in the program's primary language", async () => {
    const { program, term } = await programWithTerm({ languagesAvailable: ["te", "en"] }, { posters: false });
    await addPosters(program.id, "en");
    await addPosters(program.id, "te", ["square", "banner"]);
    // The lesson is in English, with English thumbnails: the posters still go by the program's language.
    const lesson = await scheduledLesson(term.id, 1, BEFORE_NOW, { language: "en" });

    expect((await publishAt(NOW)).report.blocked).toEqual([{ id: lesson.id, reason: `missing posters: ${BOTH}` }]);
    expect(await lessonRow(lesson.id)).toMatchObject({ status: "scheduled", publishedAt: null });
  });

  it("names missing thumbnails and posters in one reason, and reports it again when it changes", async () => {
    const { lesson } = await dueLessonOfBareProgram({ thumbnails: false });

    const both = `missing thumbnails: ${BOTH}; missing posters: ${BOTH}`;
    expect((await publishAt(NOW)).report.blocked).toEqual([{ id: lesson.id, reason: both }]);
    await addThumbnails(lesson.id, "te");
    expect((await publishAt(LATER)).report.blocked).toEqual([{ id: lesson.id, reason: `missing posters: ${BOTH}` }]);
  });

  it("asks no posters of a program already published, and publishes an archived program's lesson leaving it archived", async () => {
    const { program: published, term } = await programWithTerm(
      { status: "published", publishedAt: "2029-06-01T00:00:00.000Z" },
      { posters: false },
    );
    const { program: archived, term: archivedTerm } = await programWithTerm({ status: "archived" }, { posters: false });
    const lessons = [
      await scheduledLesson(term.id, 1, BEFORE_NOW),
      await scheduledLesson(archivedTerm.id, 1, BEFORE_NOW),
    ];

    expect((await publishAt(NOW)).report).toEqual({
      published: 2,
      programsPublished: 0,
      blocked: [],
      changesPublished: 0,
    });
    for (const lesson of lessons) expect((await lessonRow(lesson.id))!.status).toBe("published");
    expect(await programRow(published.id)).toEqual(published);
    expect(await programRow(archived.id)).toEqual(archived);
  });

  it("publishes the programs that have their posters and no other, each lesson once, when two runs overlap", async () => {
    const { program: ready, term } = await programWithTerm();
    const { program: bare, term: bareTerm } = await programWithTerm({}, { posters: false });
    for (let n = 1; n <= 5; n++) {
      await scheduledLesson(term.id, n, BEFORE_NOW);
      await scheduledLesson(bareTerm.id, n, BEFORE_NOW);
    }

    const runs = await Promise.all([publishAt(NOW), publishAt(LATER)]);

    expect(runs.map((run) => run.stats.queries)).toEqual([1, 1]);
    expect(runs.map((run) => run.report.published).sort()).toEqual([0, 5]);
    expect(runs.map((run) => run.report.programsPublished).sort()).toEqual([0, 1]);
    // Each blocked lesson is reported by one run only.
    const blocked = runs.flatMap((run) => run.report.blocked);
    expect(blocked).toHaveLength(5);
    expect(new Set(blocked.map((b) => b.reason))).toEqual(new Set([`missing posters: ${BOTH}`]));
    expect((await programRow(ready.id))!.status).toBe("published");
    expect(await programRow(bare.id)).toEqual(bare);
  });
});

describe("publishLesson", () => {
  const publishNow = async (lessonId: string) => {
    const { db: database, stats } = createDatabase(env.DB);
    return { result: await publishLesson(database, lessonId, NOW), stats };
  };
  const missing = (...variants: string[]) => variants.map((variant) => ({ language: "te", variant }));

  it("names the posters a draft program lacks, in one round trip, and changes nothing", async () => {
    const { program, lesson } = await dueLessonOfBareProgram();
    await addPosters(program.id, "te", ["landscape"]);
    const before = await catalogState();

    const { result, stats } = await publishNow(lesson.id);

    expect(result).toEqual({
      ok: false,
      reason: "missing_posters",
      programId: program.id,
      missing: missing("portrait"),
    });
    expect(stats.queries).toBe(1);
    expect(await catalogState()).toEqual(before);
  });

  it("names the thumbnails first and the posters with them when both are missing", async () => {
    const { program, lesson } = await dueLessonOfBareProgram({ thumbnails: false });

    expect((await publishNow(lesson.id)).result).toEqual({
      ok: false,
      reason: "missing_thumbnails",
      missing: missing("portrait", "landscape"),
      posters: { programId: program.id, missing: missing("portrait", "landscape") },
    });
  });
});

describe("POST /cms/lessons/{id}/publish", () => {
  /** A draft lesson, with its thumbnails, of a draft Telugu program without posters. */
  async function bareLesson() {
    const { program, term } = await programWithTerm({}, { posters: false });
    const lesson = await createLesson(term.id, 1, { contentLanguagePrimary: "te" });
    await addThumbnails(lesson.id, "te");
    return { program, term, lesson };
  }
  const publish = (lessonId: string) => editor.post<Lesson>(`/cms/lessons/${lessonId}/publish`);

  it.each([
    { has: "no posters", add: [], missing: ["portrait", "landscape"] },
    { has: "only a portrait", add: [["te", "portrait"]], missing: ["landscape"] },
    { has: "only a landscape", add: [["te", "landscape"]], missing: ["portrait"] },
    {
      has: "both in another language",
      add: [
        ["en", "portrait"],
        ["en", "landscape"],
      ],
      missing: ["portrait", "landscape"],
    },
    {
      has: "a square and a banner",
      add: [
        ["te", "square"],
        ["te", "banner"],
      ],
      missing: ["portrait", "landscape"],
    },
  ] as { has: string; add: [string, "portrait" | "landscape" | "square" | "banner"][]; missing: string[] }[])(
    "refuses a first lesson of a program with $has: 422 missing_posters naming each; nothing changes",
    async ({ add, missing }) => {
      const { program, lesson } = await bareLesson();
      for (const [language, variant] of add) await addPosters(program.id, language, [variant]);
      const before = await catalogState();

      const res = await publish(lesson.id);

      const problem = expectProblem(res, 422, "missing_posters");
      expect(problem.errors).toEqual(
        missing.map((variant) => ({ path: `posters.te.${variant}`, message: expect.stringContaining(variant) })),
      );
      const posters = missing.map((variant) => ({ language: "te", variant }));
      expect(problem).toMatchObject({ program_id: program.id, missing: posters, missing_posters: posters });
      expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
      expect(await catalogState()).toEqual(before);
    },
  );

  it("reports missing thumbnails and posters in one answer, under missing_thumbnails", async () => {
    const { program, term } = await programWithTerm({}, { posters: false });
    const lesson = await createLesson(term.id, 1, { contentLanguagePrimary: "te" });
    await addThumbnails(lesson.id, "te", ["landscape"]);

    const problem = expectProblem(await publish(lesson.id), 422, "missing_thumbnails");

    expect(problem.errors?.map((e) => e.path)).toEqual([
      "thumbnails.te.portrait",
      "posters.te.portrait",
      "posters.te.landscape",
    ]);
    expect(problem).toMatchObject({
      missing: [{ language: "te", variant: "portrait" }],
      program_id: program.id,
      missing_posters: [
        { language: "te", variant: "portrait" },
        { language: "te", variant: "landscape" },
      ],
    });
  });

  it("publishes once the posters are there; the program's later lessons need none", async () => {
    const { program, term, lesson } = await bareLesson();
    await addPosters(program.id, "te");
    expect(ok(await publish(lesson.id)).status).toBe("published");
    expect((await programRow(program.id))!.status).toBe("published");

    await db().delete(programAssets).where(eq(programAssets.programId, program.id));
    const second = await createLesson(term.id, 2, { contentLanguagePrimary: "te" });
    await addThumbnails(second.id, "te");
    expect(ok(await publish(second.id)).status).toBe("published");
  });

  it("goes by the program's primary language as it is now, after a PATCH changed it", async () => {
    const { program, lesson } = await bareLesson();
    await addPosters(program.id, "te");
    ok(
      await editor.patch(`/cms/programs/${program.id}`, { language_primary: "en", languages_available: ["te", "en"] }),
    );

    const problem = expectProblem(await publish(lesson.id), 422, "missing_posters");
    expect(problem.errors?.map((e) => e.path)).toEqual(["posters.en.portrait", "posters.en.landscape"]);

    await addPosters(program.id, "en");
    expect(ok(await publish(lesson.id)).status).toBe("published");
  });

  it("publishes a lesson of an archived program without posters, which stays archived", async () => {
    const { program, lesson } = await bareLesson();
    ok(await editor.post(`/cms/programs/${program.id}/archive`));
    expect(ok(await publish(lesson.id)).status).toBe("published");
    expect(await programRow(program.id)).toMatchObject({ status: "archived", publishedAt: null });
    expect((await lessonRow(lesson.id))!.status).toBe("published");
  });

  it("restores such a program as a draft until it has its posters: restoring never publishes around the rule", async () => {
    const { program, lesson } = await bareLesson();
    ok(await editor.post(`/cms/programs/${program.id}/archive`));
    ok(await publish(lesson.id));
    expect(ok(await editor.post(`/cms/programs/${program.id}/restore`))).toMatchObject({
      status: "draft",
      published_at: null,
    });

    ok(await editor.post(`/cms/programs/${program.id}/archive`));
    await addPosters(program.id, "te");
    expect(ok(await editor.post(`/cms/programs/${program.id}/restore`))).toMatchObject({
      status: "published",
      published_at: expect.any(String),
    });
  });

  it("is documented: the publish action names missing_posters", async () => {
    const doc = (await callJson("GET", "/openapi.json")).body;
    expect(doc.paths["/cms/lessons/{id}/publish"].post.description).toMatch(/missing_posters/);
    expect(doc.paths["/cms/lessons/{id}/schedule"].post.description).toMatch(/posters/);
  });
});
