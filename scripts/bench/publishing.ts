/**
 * The scheduled publisher, two ways, each on a scratch local D1 holding one draft program (with its posters) and
 * lessons that have their thumbnails:
 *
 * - Throughput: `publishDueLessons` (src/catalog/publish.ts), the function the PublishClock's alarm and the Cron
 *   Trigger run, over `count` due lessons. Reports the wall time seen from Node (one D1 round trip, through
 *   Miniflare), the round trips and rows the run cost, and the same for an immediate re-run, which must find nothing
 *   to do.
 * - Delay (`benchPublishDelay`): the built Worker under Miniflare directly, as a deployment runs it but with no Cron
 *   Trigger firing (so every lesson is the alarm's doing). An editor schedules lessons over the API a few seconds
 *   ahead, spread over some seconds; a client polls each lesson's public route (`GET /catalog/lessons/{id}`, through
 *   the edge cache, without credentials) every `POLL_MS` from just before its `publish_at`, and the delay is the time
 *   from `publish_at` to the first 200 it receives. The figures' resolution is the poll interval plus one request.
 */
import { readFileSync } from "node:fs";
import { publishDueLessons } from "../../src/catalog/publish";
import { createDatabase } from "../../src/db/client";
import { insertEditor } from "./discovery";
import { ensureNotInterrupted } from "./processes";
import { logInAsEditor, postJson, send } from "./requests";
import { migrateScratchD1, startMiniflareDirect, withLocalD1, withServer } from "./targets";

export interface PublishRun {
  ms: number;
  published: number;
  queries: number;
  rowsRead: number;
  rowsWritten: number;
}

export interface PublishingFigures {
  dueLessons: number;
  first: PublishRun;
  rerun: PublishRun;
}

const STAMP = "2026-01-01T00:00:00.000Z";
const NUMBERS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)";

/**
 * One draft program with the posters it needs to be published, one term, `count` lessons with both thumbnails,
 * scheduled at `dueAt` (drafts when it is null), generated inside SQLite by a recursive CTE (five statements, whatever
 * the count). Plain D1 statements: this is set-up, not the code under measurement.
 */
async function insertLessons(d1: D1Database, count: number, dueAt: string | null): Promise<void> {
  await d1.batch([
    d1
      .prepare(
        `INSERT INTO programs (id, title, language_primary, languages_available, created_at, updated_at)
         VALUES ('bench-program', 'Bench program', 'en', '["en"]', ?1, ?1)`,
      )
      .bind(STAMP),
    d1
      .prepare(
        `INSERT INTO program_assets (id, program_id, language, variant, asset_type, url, created_at, updated_at)
         SELECT 'bench-poster-' || v.variant, 'bench-program', 'en', v.variant, 'poster',
           'https://cdn.example.com/poster.jpg', ?1, ?1
         FROM (SELECT 'portrait' AS variant UNION ALL SELECT 'landscape') AS v`,
      )
      .bind(STAMP),
    d1
      .prepare(
        `INSERT INTO terms (id, program_id, term_number, title, created_at, updated_at)
         VALUES ('bench-term', 'bench-program', 1, 'Bench term', ?1, ?1)`,
      )
      .bind(STAMP),
    d1
      .prepare(
        `${NUMBERS} INSERT INTO lessons (id, term_id, lesson_number, title, content_type, duration_ms,
           content_language_primary, content_languages_available, content_urls_by_language, status, publish_at,
           created_at, updated_at)
         SELECT 'bench-lesson-' || i, 'bench-term', i, 'Lesson ' || i, 'video', 60000, 'en', '["en"]',
           '{"en":"https://cdn.example.com/bench.m3u8"}', CASE WHEN ?2 IS NULL THEN 'draft' ELSE 'scheduled' END, ?2,
           ?3, ?3 FROM n`,
      )
      .bind(count, dueAt, STAMP),
    d1
      .prepare(
        `${NUMBERS} INSERT INTO lesson_assets (id, lesson_id, language, variant, asset_type, url, created_at,
           updated_at)
         SELECT 'bench-thumb-' || i || '-' || v.variant, 'bench-lesson-' || i, 'en', v.variant, 'thumbnail',
           'https://cdn.example.com/thumb.jpg', ?2, ?2
         FROM n CROSS JOIN (SELECT 'portrait' AS variant UNION ALL SELECT 'landscape') AS v`,
      )
      .bind(count, STAMP),
  ]);
}

async function timedRun(d1: D1Database, now: Date): Promise<PublishRun> {
  const { db, stats } = createDatabase(d1);
  const started = performance.now();
  const report = await publishDueLessons(db, now);
  const ms = performance.now() - started;
  return { ms, published: report.published, ...stats };
}

export async function benchScheduledPublishing(stateDir: string, count: number): Promise<PublishingFigures> {
  const persistDir = await migrateScratchD1(stateDir);
  return withLocalD1(async (d1) => {
    const now = new Date();
    await insertLessons(d1, count, new Date(now.getTime() - 60_000).toISOString());
    const first = await timedRun(d1, now);
    const rerun = await timedRun(d1, new Date(now.getTime() + 1000));
    if (first.published !== count) throw new Error(`published ${first.published} of ${count} due lessons`);
    return { dueLessons: count, first, rerun };
  }, persistDir);
}

// ---------------------------------------------------------------------------------------------------------------
// From publish_at to visible

/** How often the client asks for each lesson: the delay's resolution (plus one request's time). */
export const POLL_MS = 25;
/** The first lesson falls due this long after the bench starts scheduling: all are scheduled by then. */
const LEAD_MS = 5_000;
/** The lessons' publish times are spread evenly over this long. */
const SPREAD_MS = 15_000;
/** Polling starts this long before each `publish_at`, to see that the lesson is not public before its time. */
const EARLY_MS = 200;
/** A lesson not visible this long after its time counts as never published (no cron runs here to catch it). */
const GIVE_UP_MS = 30_000;

export interface PublishDelayFigures {
  lessons: number;
  spreadMs: number;
  pollMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Alarm runs the Worker logged, and the lessons they published. */
  alarmRuns: number;
  alarmPublished: number;
}

/** Polls the lesson's public route until it answers 200; answers when that was, after `publishAt` (ms). */
async function firstVisible(baseUrl: string, id: string, publishAt: number): Promise<number> {
  const path = `/catalog/lessons/${id}`;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, publishAt - EARLY_MS - Date.now())));
  for (;;) {
    ensureNotInterrupted();
    const asked = Date.now();
    const response = await send(baseUrl, { method: "GET", path, headers: {} });
    await response.arrayBuffer();
    const seen = Date.now();
    if (response.status === 200) {
      if (seen < publishAt) throw new Error(`${path} was public ${publishAt - seen} ms before its publish_at`);
      return seen - publishAt;
    }
    if (response.status !== 404) throw new Error(`${path} answered ${response.status}`);
    if (seen - publishAt > GIVE_UP_MS) throw new Error(`${path} was still not public ${GIVE_UP_MS / 1000} s late`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, asked + POLL_MS - Date.now())));
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

/** The alarm runs in the Worker's log: how many, and how many lessons they published. */
function alarmRunsIn(logFile: string): { runs: number; published: number } {
  const runs = readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => line.includes('"msg":"scheduled_publish"') && line.includes('"alarm":"PublishClock"'))
    .map((line) => JSON.parse(line.slice(line.indexOf("{"))) as { published: number });
  return { runs: runs.length, published: runs.reduce((sum, run) => sum + run.published, 0) };
}

/**
 * Schedules `count` lessons over the API (a scratch D1 in `stateDir`, served by the built Worker at `bundle`) and
 * measures, for each, the delay from its `publish_at` to the first 200 of its public route.
 */
export async function benchPublishDelay(
  stateDir: string,
  bundle: string,
  logFile: string,
  count: number,
): Promise<PublishDelayFigures> {
  const persistDir = await migrateScratchD1(stateDir);
  await withLocalD1(async (d1) => {
    await insertEditor(d1);
    await insertLessons(d1, count, null);
  }, persistDir);
  return withServer(
    () => startMiniflareDirect(bundle, logFile, `${stateDir}/v3`),
    async (server) => {
      const token = await logInAsEditor(server.url);
      const first = Date.now() + LEAD_MS;
      const lessons = Array.from({ length: count }, (_, i) => ({
        id: `bench-lesson-${i + 1}`,
        publishAt: first + Math.round((i * SPREAD_MS) / Math.max(1, count - 1)),
      }));
      for (const { id, publishAt } of lessons) {
        await postJson(server.url, `/cms/lessons/${id}/schedule`, token, {
          publish_at: new Date(publishAt).toISOString(),
        });
      }
      if (Date.now() >= first) throw new Error(`scheduling ${count} lessons took longer than ${LEAD_MS} ms`);
      const delays = await Promise.all(lessons.map(({ id, publishAt }) => firstVisible(server.url, id, publishAt)));
      delays.sort((a, b) => a - b);
      const alarms = alarmRunsIn(logFile);
      return {
        lessons: count,
        spreadMs: SPREAD_MS,
        pollMs: POLL_MS,
        p50Ms: quantile(delays, 0.5),
        p95Ms: quantile(delays, 0.95),
        maxMs: delays.at(-1) ?? 0,
        alarmRuns: alarms.runs,
        alarmPublished: alarms.published,
      };
    },
  );
}
