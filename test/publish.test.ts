import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { eq, getTableColumns, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type PublishReport, publishDueLessons, publishLesson } from "../src/catalog/publish";
import { type LessonRow, lessonAssets, lessons, type ProgramRow, programs } from "../src/catalog/schema";
import { createDatabase, type Database } from "../src/db/client";
import worker from "../workers/index";
import { addThumbnails, createLesson, programWithTerm, scheduledLesson } from "./catalog-fixtures";
import { db } from "./helpers";

// Storage is shared by the tests of this file and the publisher works on every due lesson, so each test starts from
// an empty catalog (deleting the programs cascades to terms, lessons and assets).
beforeEach(async () => {
  await db().delete(programs);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const at = (iso: string) => new Date(iso);
const NOW = at("2030-01-01T12:00:00.000Z");
const LATER = at("2030-01-01T12:01:00.000Z");
const BEFORE_NOW = "2030-01-01T11:59:00.000Z";
const AFTER_NOW = "2030-01-01T12:00:30.000Z";

const lessonRow = async (id: string) => (await db().select().from(lessons).where(eq(lessons.id, id)).get())!;
const programRow = async (id: string) => (await db().select().from(programs).where(eq(programs.id, id)).get())!;

/** Every lesson and program, in full. */
async function catalogRows(): Promise<{ lessons: LessonRow[]; programs: ProgramRow[] }> {
  const d = db();
  const [lessonRows, programRows] = await d.batch([
    d.select().from(lessons).orderBy(lessons.id),
    d.select().from(programs).orderBy(programs.id),
  ]);
  return { lessons: lessonRows, programs: programRows };
}

/** Runs the publisher on a database of its own, returning its report and what it cost. */
async function publishAt(now: Date) {
  const { db: database, stats } = createDatabase(env.DB);
  const report = await publishDueLessons(database, now);
  return { report, stats };
}

const NOTHING_TO_DO: PublishReport = { published: 0, programsPublished: 0, blocked: [], changesPublished: 0 };

describe("the Cron Trigger", () => {
  it("publishes due lessons and their program through the worker's scheduled handler, logging blocked lessons", async () => {
    const log = vi.spyOn(console, "log");
    const { program, term } = await programWithTerm();
    const due = await scheduledLesson(term.id, 1, new Date(Date.now() - 60_000).toISOString());
    const notDue = await scheduledLesson(term.id, 2, new Date(Date.now() + 3_600_000).toISOString());
    const blocked = await scheduledLesson(term.id, 3, new Date(Date.now() - 60_000).toISOString(), {
      thumbnails: false,
    });

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);

    const published = await lessonRow(due.id);
    expect(published).toMatchObject({ status: "published", publishError: null });
    expect(published.publishedAt).toEqual(published.updatedAt);
    expect(Date.parse(published.publishedAt!)).toBeGreaterThanOrEqual(Date.parse(due.publishAt!));
    expect(await lessonRow(notDue.id)).toEqual(notDue);
    expect(await lessonRow(blocked.id)).toMatchObject({
      status: "scheduled",
      publishedAt: null,
      publishError: "missing thumbnails: portrait (te), landscape (te)",
    });
    expect(await programRow(program.id)).toMatchObject({ status: "published", publishedAt: published.publishedAt });

    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toContainEqual({
      level: "info",
      msg: "lesson_publish_blocked",
      lesson_id: blocked.id,
      reason: "missing thumbnails: portrait (te), landscape (te)",
    });
    expect(lines).toContainEqual({
      level: "info",
      msg: "scheduled_publish",
      cron: "* * * * *",
      published: 1,
      programs_published: 1,
      blocked: 1,
      changes_published: 0,
      db_queries: 1,
    });
  });

  it("runs when the runtime calls the Worker's scheduled entry point", async () => {
    const log = vi.spyOn(console, "log");
    const { program, term } = await programWithTerm();
    const due = await scheduledLesson(term.id, 1, new Date(Date.now() - 1000).toISOString());

    // The loopback binding of the default export (a service binding's `scheduled(options)`), which enters the Worker
    // as the runtime does rather than calling the imported object.
    const self = exports.default as unknown as {
      scheduled(options: { cron: string; scheduledTime: Date }): Promise<unknown>;
    };
    await self.scheduled({ cron: "* * * * *", scheduledTime: new Date() });

    expect(await lessonRow(due.id)).toMatchObject({ status: "published", publishError: null });
    expect((await programRow(program.id)).status).toBe("published");
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "scheduled_publish", cron: "* * * * *", published: 1, db_queries: 1 }),
    );
  });
});

describe("publishDueLessons", () => {
  it("publishes due lessons at `now`, leaves lessons not yet due alone and publishes their draft program", async () => {
    const { program, term } = await programWithTerm();
    const first = await scheduledLesson(term.id, 1, BEFORE_NOW);
    const exactlyNow = await scheduledLesson(term.id, 2, NOW.toISOString());
    const notDue = await scheduledLesson(term.id, 3, AFTER_NOW);
    const draft = await createLesson(term.id, 4, { contentLanguagePrimary: "te" });
    await addThumbnails(draft.id, "te");

    const { report, stats } = await publishAt(NOW);

    expect(report).toEqual({ published: 2, programsPublished: 1, blocked: [], changesPublished: 0 });
    expect(stats.queries).toBe(1);
    for (const lesson of [first, exactlyNow]) {
      expect(await lessonRow(lesson.id)).toEqual({
        ...lesson,
        status: "published",
        publishedAt: NOW.toISOString(),
        publishError: null,
        updatedAt: NOW.toISOString(),
      });
    }
    expect(await lessonRow(notDue.id)).toEqual(notDue);
    expect(await lessonRow(draft.id)).toEqual(draft);
    expect(await programRow(program.id)).toEqual({
      ...program,
      status: "published",
      publishedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
  });

  it("changes nothing when run again, timestamps included, and writes no rows", async () => {
    const { term } = await programWithTerm();
    await scheduledLesson(term.id, 1, BEFORE_NOW);
    await scheduledLesson(term.id, 2, BEFORE_NOW, { thumbnails: false });
    await scheduledLesson(term.id, 3, "2030-01-02T00:00:00.000Z");
    const { term: otherTerm } = await programWithTerm({ status: "archived" });
    await scheduledLesson(otherTerm.id, 1, BEFORE_NOW);

    const first = await publishAt(NOW);
    expect(first.report.published).toBe(2);
    expect(first.report.blocked).toHaveLength(1);
    const afterFirst = await catalogRows();

    const again = await publishAt(LATER);

    expect(again.report).toEqual(NOTHING_TO_DO);
    expect(again.stats).toMatchObject({ queries: 1, rowsWritten: 0 });
    expect(await catalogRows()).toEqual(afterFirst);
  });

  it("publishes each lesson exactly once when two runs overlap", async () => {
    const { program, term } = await programWithTerm();
    const { program: other, term: otherTerm } = await programWithTerm();
    const due: LessonRow[] = [];
    for (let n = 1; n <= 10; n++) due.push(await scheduledLesson(n % 2 ? term.id : otherTerm.id, n, BEFORE_NOW));
    const blocked = await scheduledLesson(term.id, 11, BEFORE_NOW, { thumbnails: false });

    const runs = await Promise.all([publishAt(NOW), publishAt(LATER)]);

    const reports = runs.map((run) => run.report);
    expect(reports.map((r) => r.published).sort((a, b) => a - b)).toEqual([0, 10]);
    expect(reports.map((r) => r.programsPublished).sort((a, b) => a - b)).toEqual([0, 2]);
    // The lesson that cannot be published is reported by one of them only.
    expect(reports.flatMap((r) => r.blocked)).toEqual([
      { id: blocked.id, reason: "missing thumbnails: portrait (te), landscape (te)" },
    ]);
    for (const run of runs) expect(run.stats.queries).toBe(1);

    const winner = runs[0]!.report.published === 10 ? NOW : LATER;
    const rows = await db()
      .select()
      .from(lessons)
      .where(
        inArray(
          lessons.id,
          due.map((l) => l.id),
        ),
      );
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "published", publishedAt: winner.toISOString() });
    }
    for (const id of [program.id, other.id]) {
      expect(await programRow(id)).toMatchObject({ status: "published", publishedAt: winner.toISOString() });
    }
  });

  it("leaves a due lesson without its thumbnails scheduled, with a publish_error, until they are added", async () => {
    const { program, term } = await programWithTerm();
    const lesson = await scheduledLesson(term.id, 1, BEFORE_NOW, { thumbnails: false });

    const first = await publishAt(NOW);

    const reason = "missing thumbnails: portrait (te), landscape (te)";
    expect(first.report).toEqual({
      published: 0,
      programsPublished: 0,
      blocked: [{ id: lesson.id, reason }],
      changesPublished: 0,
    });
    const blocked = await lessonRow(lesson.id);
    expect(blocked).toEqual({ ...lesson, publishError: reason, updatedAt: NOW.toISOString() });
    expect(await programRow(program.id)).toEqual(program);

    // Still blocked for the same reason: nothing is written or reported again.
    const again = await publishAt(LATER);
    expect(again.report).toEqual(NOTHING_TO_DO);
    expect(again.stats.rowsWritten).toBe(0);
    expect(await lessonRow(lesson.id)).toEqual(blocked);

    // The reason changes when one of the two arrives.
    await addThumbnails(lesson.id, "te", ["portrait"]);
    const third = at("2030-01-01T12:02:00.000Z");
    const halfway = await publishAt(third);
    expect(halfway.report.blocked).toEqual([{ id: lesson.id, reason: "missing thumbnails: landscape (te)" }]);
    expect(await lessonRow(lesson.id)).toMatchObject({
      status: "scheduled",
      publishError: "missing thumbnails: landscape (te)",
      updatedAt: third.toISOString(),
    });

    await addThumbnails(lesson.id, "te", ["landscape"]);
    const fourth = at("2030-01-01T12:03:00.000Z");
    const done = await publishAt(fourth);

    expect(done.report).toEqual({ published: 1, programsPublished: 1, blocked: [], changesPublished: 0 });
    expect(await lessonRow(lesson.id)).toMatchObject({
      status: "published",
      publishedAt: fourth.toISOString(),
      publishError: null,
    });
    expect(await programRow(program.id)).toMatchObject({ status: "published", publishedAt: fourth.toISOString() });
  });

  it("counts only portrait and landscape thumbnails in the lesson's primary content language", async () => {
    const { term } = await programWithTerm();
    const otherLanguage = await scheduledLesson(term.id, 1, BEFORE_NOW, { thumbnails: false });
    await addThumbnails(otherLanguage.id, "en");
    const otherVariants = await scheduledLesson(term.id, 2, BEFORE_NOW, { thumbnails: false });
    await addThumbnails(otherVariants.id, "te", ["square", "banner"]);
    const subtitlesOnly = await scheduledLesson(term.id, 3, BEFORE_NOW, { thumbnails: false });
    await db()
      .insert(lessonAssets)
      .values(
        (["portrait", "landscape"] as const).map((variant) => ({
          id: crypto.randomUUID(),
          lessonId: subtitlesOnly.id,
          language: "te",
          variant,
          assetType: "subtitle" as const,
          url: `https://cdn.example.com/${variant}.vtt`,
          createdAt: BEFORE_NOW,
          updatedAt: BEFORE_NOW,
        })),
      );
    const english = await scheduledLesson(term.id, 4, BEFORE_NOW, { language: "en", thumbnails: false });
    await addThumbnails(english.id, "en", ["landscape"]);

    const { report } = await publishAt(NOW);

    expect(report.published).toBe(0);
    expect(new Map(report.blocked.map((b) => [b.id, b.reason]))).toEqual(
      new Map([
        [otherLanguage.id, "missing thumbnails: portrait (te), landscape (te)"],
        [otherVariants.id, "missing thumbnails: portrait (te), landscape (te)"],
        [subtitlesOnly.id, "missing thumbnails: portrait (te), landscape (te)"],
        [english.id, "missing thumbnails: portrait (en)"],
      ]),
    );
    for (const lesson of [otherLanguage, otherVariants, subtitlesOnly, english]) {
      expect(await lessonRow(lesson.id)).toMatchObject({ status: "scheduled", publishedAt: null });
    }
  });

  it("keeps a published program's published_at when a later lesson is published", async () => {
    const firstPublishedAt = "2029-06-01T00:00:00.000Z";
    const { program, term } = await programWithTerm({ status: "published", publishedAt: firstPublishedAt });
    const lesson = await scheduledLesson(term.id, 1, BEFORE_NOW);

    const { report } = await publishAt(NOW);

    expect(report).toEqual({ published: 1, programsPublished: 0, blocked: [], changesPublished: 0 });
    expect(await lessonRow(lesson.id)).toMatchObject({ status: "published", publishedAt: NOW.toISOString() });
    expect(await programRow(program.id)).toEqual(program);
  });

  it("keeps the published_at a draft program already had when it is published again", async () => {
    const firstPublishedAt = "2029-06-01T00:00:00.000Z";
    const { program, term } = await programWithTerm({ status: "draft", publishedAt: firstPublishedAt });
    await scheduledLesson(term.id, 1, BEFORE_NOW);

    await publishAt(NOW);

    expect(await programRow(program.id)).toEqual({
      ...program,
      status: "published",
      publishedAt: firstPublishedAt,
      updatedAt: NOW.toISOString(),
    });
  });

  it("publishes a lesson of an archived program but leaves the program archived", async () => {
    const { program, term } = await programWithTerm({ status: "archived" });
    const lesson = await scheduledLesson(term.id, 1, BEFORE_NOW);

    const { report } = await publishAt(NOW);

    expect(report).toEqual({ published: 1, programsPublished: 0, blocked: [], changesPublished: 0 });
    expect((await lessonRow(lesson.id)).status).toBe("published");
    expect(await programRow(program.id)).toEqual(program);
  });

  it("costs one round trip with nothing due", async () => {
    const { term } = await programWithTerm();
    await scheduledLesson(term.id, 1, AFTER_NOW);

    const { report, stats } = await publishAt(NOW);

    expect(report).toEqual(NOTHING_TO_DO);
    expect(stats).toMatchObject({ queries: 1, rowsWritten: 0 });
  });

  it("publishes 2,000 due lessons across programs in one round trip", async () => {
    const lessonsPerProgram = 500;
    const programCount = 4;
    const d = db();
    const termIds: string[] = [];
    const programIds: string[] = [];
    for (let p = 0; p < programCount; p++) {
      const { program, term } = await programWithTerm();
      programIds.push(program.id);
      termIds.push(term.id);
    }
    const lessonValues: (typeof lessons.$inferInsert)[] = [];
    const assetValues: (typeof lessonAssets.$inferInsert)[] = [];
    for (const termId of termIds) {
      for (let n = 1; n <= lessonsPerProgram; n++) {
        const id = crypto.randomUUID();
        lessonValues.push({
          id,
          termId,
          lessonNumber: n,
          title: `Lesson ${n}`,
          contentType: "article",
          contentLanguagePrimary: "te",
          contentLanguagesAvailable: ["te"],
          contentUrlsByLanguage: { te: `https://cdn.example.com/${id}.html` },
          status: "scheduled",
          publishAt: BEFORE_NOW,
          createdAt: BEFORE_NOW,
          updatedAt: BEFORE_NOW,
        });
        for (const variant of ["portrait", "landscape"] as const) {
          assetValues.push({
            id: crypto.randomUUID(),
            lessonId: id,
            language: "te",
            variant,
            assetType: "thumbnail",
            url: `https://cdn.example.com/${id}/${variant}.jpg`,
            createdAt: BEFORE_NOW,
            updatedAt: BEFORE_NOW,
          });
        }
      }
    }
    await insertInChunks(d, lessons, lessonValues);
    await insertInChunks(d, lessonAssets, assetValues);

    const { report, stats } = await publishAt(NOW);

    expect(report).toEqual({ published: 2000, programsPublished: programCount, blocked: [], changesPublished: 0 });
    expect(stats.queries).toBe(1);
    expect(await d.$count(lessons, eq(lessons.status, "scheduled"))).toBe(0);
    const publishedPrograms = await d.select().from(programs).where(inArray(programs.id, programIds));
    expect(publishedPrograms.map((p) => p.status)).toEqual(Array(programCount).fill("published"));
  });
});

/**
 * Inserts `rows` with as many rows per statement as D1's 100 bound parameters allow, 50 statements per batch (one
 * round trip each).
 */
async function insertInChunks<T extends typeof lessons | typeof lessonAssets>(
  d: Database,
  table: T,
  rows: T["$inferInsert"][],
): Promise<void> {
  const paramsPerRow = Object.keys(getTableColumns(table)).length;
  const rowsPerStatement = Math.floor(100 / paramsPerRow);
  const statements = [];
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const statement = d.insert(table).values(rows.slice(i, i + rowsPerStatement) as never);
    expect(statement.toSQL().params.length).toBeLessThanOrEqual(100);
    statements.push(statement);
  }
  for (let i = 0; i < statements.length; i += 50) {
    const [first, ...rest] = statements.slice(i, i + 50);
    await d.batch([first!, ...rest]);
  }
}

describe("publishLesson", () => {
  const publishNow = async (lessonId: string, now = NOW) => {
    const { db: database, stats } = createDatabase(env.DB);
    const result = await publishLesson(database, lessonId, now);
    return { result, stats };
  };

  it("publishes a draft lesson with its thumbnails and its draft program, in one round trip", async () => {
    const { program, term } = await programWithTerm();
    const lesson = await createLesson(term.id, 1, { contentLanguagePrimary: "te" });
    await addThumbnails(lesson.id, "te");

    const { result, stats } = await publishNow(lesson.id);

    const expected = {
      ...lesson,
      status: "published",
      publishedAt: NOW.toISOString(),
      publishError: null,
      updatedAt: NOW.toISOString(),
    };
    expect(result).toEqual({ ok: true, lesson: expected });
    expect(stats.queries).toBe(1);
    expect(await lessonRow(lesson.id)).toEqual(expected);
    expect(await programRow(program.id)).toEqual({
      ...program,
      status: "published",
      publishedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
  });

  it("publishes a scheduled lesson ahead of its time and clears its publish_error", async () => {
    const { term } = await programWithTerm();
    const lesson = await scheduledLesson(term.id, 1, "2031-01-01T00:00:00.000Z", { thumbnails: false });
    await db()
      .update(lessons)
      .set({ publishError: "missing thumbnails: portrait (te)" })
      .where(eq(lessons.id, lesson.id));
    await addThumbnails(lesson.id, "te");

    const { result } = await publishNow(lesson.id);

    expect(result).toMatchObject({
      ok: true,
      lesson: { id: lesson.id, status: "published", publishedAt: NOW.toISOString(), publishError: null },
    });
  });

  it("keeps the program's published_at when another lesson is published", async () => {
    const { program, term } = await programWithTerm();
    const first = await createLesson(term.id, 1, { contentLanguagePrimary: "te" });
    const second = await createLesson(term.id, 2, { contentLanguagePrimary: "te" });
    await addThumbnails(first.id, "te");
    await addThumbnails(second.id, "te");

    expect((await publishNow(first.id, NOW)).result.ok).toBe(true);
    const afterFirst = await programRow(program.id);
    expect((await publishNow(second.id, LATER)).result.ok).toBe(true);

    expect(afterFirst).toMatchObject({ status: "published", publishedAt: NOW.toISOString() });
    expect(await programRow(program.id)).toEqual(afterFirst);
  });

  it("answers not_found for an unknown lesson", async () => {
    const { result, stats } = await publishNow(crypto.randomUUID());
    expect(result).toEqual({ ok: false, reason: "not_found" });
    expect(stats.queries).toBe(1);
  });

  it("refuses to publish a published or archived lesson, naming its state", async () => {
    const { program, term } = await programWithTerm();
    const published = await createLesson(term.id, 1, {
      contentLanguagePrimary: "te",
      status: "published",
      publishedAt: BEFORE_NOW,
    });
    const archived = await createLesson(term.id, 2, { contentLanguagePrimary: "te", status: "archived" });
    await addThumbnails(published.id, "te");

    expect((await publishNow(published.id)).result).toEqual({
      ok: false,
      reason: "invalid_transition",
      from: "published",
    });
    // The state is checked before the thumbnails.
    expect((await publishNow(archived.id)).result).toEqual({
      ok: false,
      reason: "invalid_transition",
      from: "archived",
    });
    expect(await lessonRow(published.id)).toEqual(published);
    expect(await lessonRow(archived.id)).toEqual(archived);
    expect(await programRow(program.id)).toEqual(program);
  });

  it("names the thumbnails missing in the lesson's primary language and changes nothing", async () => {
    const { program, term } = await programWithTerm();
    const none = await createLesson(term.id, 1, { contentLanguagePrimary: "te" });
    await addThumbnails(none.id, "en");
    const portraitOnly = await scheduledLesson(term.id, 2, BEFORE_NOW, { thumbnails: false });
    await addThumbnails(portraitOnly.id, "te", ["portrait", "square"]);

    expect((await publishNow(none.id)).result).toEqual({
      ok: false,
      reason: "missing_thumbnails",
      missing: [
        { language: "te", variant: "portrait" },
        { language: "te", variant: "landscape" },
      ],
    });
    expect((await publishNow(portraitOnly.id)).result).toEqual({
      ok: false,
      reason: "missing_thumbnails",
      missing: [{ language: "te", variant: "landscape" }],
    });
    expect(await lessonRow(none.id)).toEqual(none);
    expect(await lessonRow(portraitOnly.id)).toEqual(portraitOnly);
    expect(await programRow(program.id)).toEqual(program);
  });

  it("publishes a lesson once when two editors publish it at the same moment", async () => {
    const { program, term } = await programWithTerm();
    const lesson = await createLesson(term.id, 1, { contentLanguagePrimary: "te" });
    await addThumbnails(lesson.id, "te");

    const outcomes = await Promise.all([publishNow(lesson.id, NOW), publishNow(lesson.id, LATER)]);

    const results = outcomes.map((o) => o.result);
    const winner = results.findIndex((r) => r.ok);
    expect(winner).not.toBe(-1);
    expect(results[1 - winner]).toEqual({ ok: false, reason: "invalid_transition", from: "published" });
    const winningNow = (winner === 0 ? NOW : LATER).toISOString();
    expect(await lessonRow(lesson.id)).toMatchObject({ status: "published", publishedAt: winningNow });
    expect(await programRow(program.id)).toMatchObject({ status: "published", publishedAt: winningNow });
  });

  it("goes through the same guard as the publisher: a published lesson is not republished by a cron run", async () => {
    const { term } = await programWithTerm();
    const lesson = await scheduledLesson(term.id, 1, BEFORE_NOW);

    expect((await publishNow(lesson.id, NOW)).result.ok).toBe(true);
    const { report } = await publishAt(LATER);

    expect(report).toEqual(NOTHING_TO_DO);
    expect(await lessonRow(lesson.id)).toMatchObject({ publishedAt: NOW.toISOString() });
  });
});
