/**
 * Scheduled publishing to the second: the PublishClock's alarm follows the next publish time as editors schedule,
 * move and remove them (REST and GraphQL), publishes what falls due as the cron does (public catalog included), and
 * overlaps with the cron without publishing anything twice.
 */
import {
  createExecutionContext,
  createScheduledController,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PublishClock } from "../durable-objects/publish-clock";
import { nextPublishAt } from "../src/catalog/publish";
import { publishClockOf } from "../src/catalog/publish-clock";
import { lessonPendingChanges, lessons, programs } from "../src/catalog/schema";
import { createDatabase } from "../src/db/client";
import worker from "../workers/index";
import {
  addThumbnails,
  createLesson,
  createPublishedProgram,
  programWithTerm,
  scheduledLesson,
} from "./catalog-fixtures";
import { queryPlan, recordingDatabase } from "./catalog-public";
import { cmsSession, ok } from "./cms-helpers";
import { dataOf, graphql } from "./graphql-helpers";
import { callJson, db } from "./helpers";

const { editor, admin } = cmsSession();
const clock = () => publishClockOf(env);

/** When the clock's alarm is set for (ms), or null. */
const alarmAt = () => runInDurableObject(clock(), (_instance, state) => state.storage.getAlarm());

/** A time `minutes` from now, as the API takes it. */
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const PAST = () => new Date(Date.now() - 1000).toISOString();

/** A draft lesson (with its thumbnails) in a draft program that has its posters. */
async function draftLesson(lessonNumber = 1, termId?: string) {
  const term = termId ?? (await programWithTerm()).term.id;
  const lesson = await createLesson(term, lessonNumber, { contentLanguagePrimary: "te" });
  await addThumbnails(lesson.id, "te");
  return lesson;
}

const schedule = async (id: string, publishAt: string) =>
  ok(await editor.post(`/cms/lessons/${id}/schedule`, { publish_at: publishAt }));

/** Makes a lesson's time come: its `publish_at` moves into the past, in D1 only (no purge, no re-arm). */
const fallDue = (id: string) => db().update(lessons).set({ publishAt: PAST() }).where(eq(lessons.id, id));

/** The JSON log lines printed since `spy` was set up, with message `msg`. */
function logged(spy: { mock: { calls: unknown[][] } }, msg: string): Record<string, unknown>[] {
  return spy.mock.calls
    .map(([line]) => {
      try {
        return JSON.parse(String(line)) as Record<string, unknown>;
      } catch {
        return {};
      }
    })
    .filter((line) => line.msg === msg);
}

beforeEach(async () => {
  // The clock covers every schedule: each test starts from an empty catalog and a clock that knows it.
  await db().delete(programs);
  await clock().rearm();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the clock follows the next publish time", () => {
  it("is set to a scheduled lesson's publish_at, moves earlier for a sooner one and back when it is unscheduled or archived", async () => {
    const { term } = await programWithTerm();
    const [first, second] = [await draftLesson(1, term.id), await draftLesson(2, term.id)];
    expect(await alarmAt()).toBeNull();

    const inTwoHours = inMinutes(120);
    await schedule(first.id, inTwoHours);
    expect(await alarmAt()).toBe(Date.parse(inTwoHours));

    const inAnHour = inMinutes(60);
    await schedule(second.id, inAnHour);
    expect(await alarmAt()).toBe(Date.parse(inAnHour));

    ok(await editor.post(`/cms/lessons/${second.id}/unschedule`));
    expect(await alarmAt()).toBe(Date.parse(inTwoHours));

    await schedule(second.id, inAnHour);
    expect(await alarmAt()).toBe(Date.parse(inAnHour));
    ok(await editor.post(`/cms/lessons/${second.id}/archive`));
    expect(await alarmAt()).toBe(Date.parse(inTwoHours));

    // A schedule moved later moves the alarm with it.
    const inThreeHours = inMinutes(180);
    await schedule(first.id, inThreeHours);
    expect(await alarmAt()).toBe(Date.parse(inThreeHours));

    ok(await editor.post(`/cms/lessons/${first.id}/archive`));
    expect(await alarmAt()).toBeNull();
  });

  it("moves when the earliest lesson is published now or deleted", async () => {
    const { term } = await programWithTerm();
    const times = [60, 120, 180].map(inMinutes);
    const ids: string[] = [];
    for (const [i, at] of times.entries()) {
      const lesson = await draftLesson(i + 1, term.id);
      await schedule(lesson.id, at);
      ids.push(lesson.id);
    }
    expect(await alarmAt()).toBe(Date.parse(times[0]!));

    ok(await editor.post(`/cms/lessons/${ids[0]}/publish`));
    expect(await alarmAt()).toBe(Date.parse(times[1]!));

    expect((await admin.delete(`/cms/lessons/${ids[1]}`)).status).toBe(204);
    expect(await alarmAt()).toBe(Date.parse(times[2]!));
  });

  it("follows GraphQL's schedule, unschedule and archive as it does REST's", async () => {
    const { term } = await programWithTerm();
    const [later, sooner] = [await draftLesson(1, term.id), await draftLesson(2, term.id)];
    await schedule(later.id, inMinutes(120));

    const at = inMinutes(30);
    const scheduled = await graphql(
      "mutation ($id: ID!, $at: String!) { scheduleLesson(id: $id, publish_at: $at) { id status } }",
      { id: sooner.id, at },
      { token: editor.token },
    );
    expect(dataOf(scheduled).scheduleLesson.status).toBe("scheduled");
    expect(await alarmAt()).toBe(Date.parse(at));

    dataOf(await graphql("mutation ($id: ID!) { unscheduleLesson(id: $id) { id } }", { id: sooner.id }, editor));
    expect(await alarmAt()).toBe(Date.parse((await lessonRow(later.id)).publishAt!));

    dataOf(await graphql("mutation ($id: ID!) { archiveLesson(id: $id) { id } }", { id: later.id }, editor));
    expect(await alarmAt()).toBeNull();
  });

  it("follows scheduled pending changes: schedule and discard", async () => {
    const { program, lesson } = await createPublishedProgram();
    const inAnHour = inMinutes(60);
    await schedule((await draftLesson(1)).id, inAnHour);

    ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Retitled" }));
    const soon = inMinutes(10);
    ok(await editor.post(`/cms/programs/${program.id}/changes/schedule`, { publish_at: soon }));
    expect(await alarmAt()).toBe(Date.parse(soon));

    ok(await editor.patch(`/cms/lessons/${lesson.id}`, { title: "Renamed" }));
    const sooner = inMinutes(5);
    ok(await editor.post(`/cms/lessons/${lesson.id}/changes/schedule`, { publish_at: sooner }));
    expect(await alarmAt()).toBe(Date.parse(sooner));

    ok(await editor.delete(`/cms/lessons/${lesson.id}/changes`));
    expect(await alarmAt()).toBe(Date.parse(soon));
    ok(await editor.post(`/cms/programs/${program.id}/changes/publish`));
    expect(await alarmAt()).toBe(Date.parse(inAnHour));
  });

  it("is cleared by a re-arm that finds nothing scheduled", async () => {
    await runInDurableObject(clock(), (_instance, state) => state.storage.setAlarm(Date.now() + 3_600_000));
    expect(await clock().rearm()).toBeNull();
    expect(await alarmAt()).toBeNull();
  });
});

const lessonRow = async (id: string) => (await db().select().from(lessons).where(eq(lessons.id, id)).get())!;

describe("when the alarm fires", () => {
  it("publishes the due lesson, which the public catalog shows at once, and re-arms for the next", async () => {
    const { program, term } = await createPublishedProgram();
    const due = await draftLesson(2, term.id);
    const next = await draftLesson(3, term.id);
    await schedule(due.id, inMinutes(60));
    const nextAt = inMinutes(120);
    await schedule(next.id, nextAt);
    // The public's copy of the program, cached before the lesson is published.
    const before = await callJson("GET", `/catalog/programs/${program.id}`);
    expect(before.body.terms[0].lessons.map((l: { id: string }) => l.id)).not.toContain(due.id);
    expect((await callJson("GET", `/catalog/programs/${program.id}`)).headers.get("Server-Timing")).toContain("hit");
    await fallDue(due.id);

    const log = vi.spyOn(console, "log");
    expect(await runDurableObjectAlarm(clock())).toBe(true);

    expect(await lessonRow(due.id)).toMatchObject({ status: "published", publishError: null });
    const after = await callJson("GET", `/catalog/programs/${program.id}`);
    expect(after.body.terms[0].lessons.map((l: { id: string }) => l.id)).toContain(due.id);
    expect((await callJson("GET", `/catalog/lessons/${due.id}`)).status).toBe(200);
    expect((await callJson("GET", `/catalog/lessons/${next.id}`)).status).toBe(404);
    expect(logged(log, "scheduled_publish")).toEqual([
      {
        level: "info",
        msg: "scheduled_publish",
        alarm: "PublishClock",
        retry_count: 0,
        published: 1,
        programs_published: 0,
        blocked: 0,
        changes_published: 0,
        db_queries: 1,
      },
    ]);
    expect(await alarmAt()).toBe(Date.parse(nextAt));
  });

  it("publishes scheduled pending changes, and the public sees them", async () => {
    const { lesson } = await createPublishedProgram();
    ok(await editor.patch(`/cms/lessons/${lesson.id}`, { title: "The scheduled title" }));
    ok(await editor.post(`/cms/lessons/${lesson.id}/changes/schedule`, { publish_at: inMinutes(30) }));
    expect((await callJson("GET", `/catalog/lessons/${lesson.id}`)).body.title).toBe(lesson.title);
    await db()
      .update(lessonPendingChanges)
      .set({ publishAt: PAST() })
      .where(eq(lessonPendingChanges.ownerId, lesson.id));

    expect(await runDurableObjectAlarm(clock())).toBe(true);

    expect((await callJson("GET", `/catalog/lessons/${lesson.id}`)).body.title).toBe("The scheduled title");
    expect(ok(await editor.get(`/cms/lessons/${lesson.id}/changes`)).has_pending_changes).toBe(false);
    expect(await alarmAt()).toBeNull();
  });

  it("finds nothing due (a schedule removed behind its back) and just re-arms for the next", async () => {
    const { term } = await programWithTerm();
    const at = inMinutes(90);
    await schedule((await draftLesson(1, term.id)).id, at);
    const log = vi.spyOn(console, "log");

    expect(await runDurableObjectAlarm(clock())).toBe(true);

    expect(logged(log, "scheduled_publish")).toMatchObject([{ alarm: "PublishClock", published: 0 }]);
    expect(await alarmAt()).toBe(Date.parse(at));
  });

  it("leaves a lesson it cannot publish to the cron rather than waking again for it", async () => {
    const { term } = await programWithTerm();
    const blocked = await scheduledLesson(term.id, 1, inMinutes(60), { thumbnails: false });
    await clock().rearm();
    await fallDue(blocked.id);

    expect(await runDurableObjectAlarm(clock())).toBe(true);

    expect(await lessonRow(blocked.id)).toMatchObject({
      status: "scheduled",
      publishError: "missing thumbnails: portrait (te), landscape (te)",
    });
    expect(await alarmAt()).toBeNull();
  });

  it("logs a run that fails and throws again, for the runtime to retry", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const unavailable = new Proxy({} as D1Database, {
      get: () => () => {
        throw new Error("D1 is unavailable");
      },
    });
    await runInDurableObject(clock(), async (instance: PublishClock) => {
      const original = Reflect.get(instance, "env") as Env;
      Reflect.set(instance, "env", { ...original, DB: unavailable });
      try {
        await expect(instance.alarm({ retryCount: 2, isRetry: true, scheduledTime: Date.now() })).rejects.toThrow(
          "D1 is unavailable",
        );
      } finally {
        Reflect.set(instance, "env", original);
      }
    });
    expect(logged(errors, "publish_clock_alarm_failed")).toMatchObject([
      { level: "error", retry_count: 2, error: "D1 is unavailable" },
    ]);
  });
});

describe("an alarm and the cron at once", () => {
  it("publish each lesson once, and a run after them changes nothing", async () => {
    const { term } = await programWithTerm();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const lesson = await draftLesson(n, term.id);
      await schedule(lesson.id, inMinutes(60 + n));
      ids.push(lesson.id);
    }
    for (const id of ids) await fallDue(id);
    const log = vi.spyOn(console, "log");

    const ctx = createExecutionContext();
    const cron = worker.scheduled(
      createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }),
      env,
      ctx,
    );
    const [ran] = await Promise.all([runDurableObjectAlarm(clock()), cron]);
    await waitOnExecutionContext(ctx);
    expect(ran).toBe(true);

    const runs = logged(log, "scheduled_publish");
    expect(runs).toHaveLength(2);
    expect(runs.map((run) => ("cron" in run ? "cron" : "alarm")).sort()).toEqual(["alarm", "cron"]);
    expect(runs.reduce((sum, run) => sum + Number(run.published), 0)).toBe(3);
    const rows = () => db().select().from(lessons).where(inArray(lessons.id, ids)).orderBy(lessons.id);
    const published = await rows();
    expect(published.map((lesson) => lesson.status)).toEqual(["published", "published", "published"]);

    // Another run, the alarm's this time, finds nothing left: every published_at stays as it was.
    await runInDurableObject(clock(), (_instance, state) => state.storage.setAlarm(Date.now() + 3_600_000));
    expect(await runDurableObjectAlarm(clock())).toBe(true);
    expect(await rows()).toEqual(published);
    expect(await alarmAt()).toBeNull();
  });
});

describe("reading the next publish time", () => {
  it("seeks three indexes and reads a few rows, whatever the number of scheduled lessons", async () => {
    const { term } = await programWithTerm();
    const first = inMinutes(60);
    // 500 scheduled lessons, a minute apart from the first on.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
       INSERT INTO lessons (id, term_id, lesson_number, title, content_type, content_language_primary,
         content_languages_available, content_urls_by_language, status, publish_at, created_at, updated_at)
       SELECT 'many-' || i, ?1, i, 'Lesson ' || i, 'article', 'te', '["te"]', '{"te":"https://cdn.example.com/a"}',
         'scheduled', strftime('%Y-%m-%dT%H:%M:%fZ', ?2, '+' || (i - 1) || ' minutes'), ?2, ?2 FROM n`,
    )
      .bind(term.id, first)
      .run();

    const { database, statements } = recordingDatabase();
    expect(await nextPublishAt(database)).toBe(first);
    const plan = await queryPlan(statements[0]!);
    expect(plan).toEqual(
      expect.arrayContaining([
        "SEARCH lessons USING INDEX lessons_status_publish_at (status=?)",
        "SEARCH program_pending_changes USING COVERING INDEX program_pending_changes_publish_at",
        "SEARCH lesson_pending_changes USING COVERING INDEX lesson_pending_changes_publish_at",
      ]),
    );
    expect(plan.filter((step) => /^SCAN (lessons|program_pending|lesson_pending)|TEMP B-TREE/.test(step))).toEqual([]);
    const { db: counted, stats } = createDatabase(env.DB);
    await nextPublishAt(counted);
    expect(stats).toMatchObject({ queries: 1 });
    expect(stats.rowsRead).toBeLessThan(10);
  });
});
