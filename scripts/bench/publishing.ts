/**
 * Times the scheduled publisher over many due lessons: `publishDueLessons` (src/catalog/publish.ts), the function
 * the Cron Trigger runs, on a scratch local D1 holding one draft program (with its posters) with `count` scheduled,
 * due lessons that have their thumbnails. Reports the wall time seen from Node (one D1 round trip, through
 * Miniflare), the round trips and rows the run cost, and the same for an immediate re-run, which must find nothing to
 * do.
 */
import { publishDueLessons } from "../../src/catalog/publish";
import { createDatabase } from "../../src/db/client";
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

const STAMP = "2026-01-01T00:00:00.000Z";
const NUMBERS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)";

/**
 * One draft program with the posters it needs to be published, one term, `count` due lessons with both thumbnails,
 * generated inside SQLite by a recursive CTE (five statements, whatever the count). Plain D1 statements: this is
 * set-up, not the code under measurement.
 */
async function insertDueLessons(d1: D1Database, count: number, dueAt: string): Promise<void> {
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
           '{"en":"https://cdn.example.com/bench.m3u8"}', 'scheduled', ?2, ?3, ?3 FROM n`,
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
    await insertDueLessons(d1, count, new Date(now.getTime() - 60_000).toISOString());
    const first = await timedRun(d1, now);
    const rerun = await timedRun(d1, new Date(now.getTime() + 1000));
    if (first.published !== count) throw new Error(`published ${first.published} of ${count} due lessons`);
    return { dueLessons: count, first, rerun };
  }, persistDir);
}
