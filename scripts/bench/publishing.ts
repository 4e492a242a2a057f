/**
 * Times the scheduled publisher over many due lessons: `publishDueLessons` (src/catalog/publish.ts), the function
 * the Cron Trigger runs, on a scratch local D1 holding one program with `count` scheduled, due lessons that have
 * their thumbnails. Reports the wall time seen from Node (one D1 round trip, through Miniflare), the round trips
 * and rows the run cost, and the same for an immediate re-run, which must find nothing to do.
 */
import { sql } from "drizzle-orm";
import { publishDueLessons } from "../../src/catalog/publish";
import { createDatabase, type Database } from "../../src/db/client";
import { migrateScratchD1, withLocalD1 } from "./targets";

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

/** One program, one term, `count` due lessons with both thumbnails, generated inside SQLite (a few statements). */
async function insertDueLessons(db: Database, count: number, dueAt: string): Promise<void> {
  const stamp = "2026-01-01T00:00:00.000Z";
  const numbers = sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})`;
  await db.batch([
    db.run(sql`INSERT INTO programs (id, title, language_primary, languages_available, created_at, updated_at)
      VALUES ('bench-program', 'Bench program', 'en', '["en"]', ${stamp}, ${stamp})`),
    db.run(sql`INSERT INTO terms (id, program_id, term_number, title, created_at, updated_at)
      VALUES ('bench-term', 'bench-program', 1, 'Bench term', ${stamp}, ${stamp})`),
    db.run(sql`${numbers} INSERT INTO lessons (id, term_id, lesson_number, title, content_type, duration_ms,
        content_language_primary, content_languages_available, content_urls_by_language, status, publish_at,
        created_at, updated_at)
      SELECT 'bench-lesson-' || i, 'bench-term', i, 'Lesson ' || i, 'video', 60000, 'en', '["en"]',
        '{"en":"https://cdn.example.com/bench.m3u8"}', 'scheduled', ${dueAt}, ${stamp}, ${stamp} FROM n`),
    db.run(sql`${numbers} INSERT INTO lesson_assets (id, lesson_id, language, variant, asset_type, url, created_at, updated_at)
      SELECT 'bench-thumb-' || i || '-' || v.variant, 'bench-lesson-' || i, 'en', v.variant, 'thumbnail',
        'https://cdn.example.com/thumb.jpg', ${stamp}, ${stamp}
      FROM n CROSS JOIN (SELECT 'portrait' AS variant UNION ALL SELECT 'landscape') AS v`),
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
    await insertDueLessons(createDatabase(d1).db, count, new Date(now.getTime() - 60_000).toISOString());
    const first = await timedRun(d1, now);
    const rerun = await timedRun(d1, new Date(now.getTime() + 1000));
    if (first.published !== count) throw new Error(`published ${first.published} of ${count} due lessons`);
    return { dueLessons: count, first, rerun };
  }, persistDir);
}
