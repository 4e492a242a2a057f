/**
 * One run of the scheduled publisher, as the PublishClock's alarm (to the second) and the Cron Trigger (every minute,
 * the safety net) both do it: `publishDueLessons`, then the edge cache purge when something was published, and the
 * logs. Runs may overlap: the publisher's statements are guarded, so each lesson is published once.
 */
import { createDatabase } from "../db/client";
import { purgeEdgeCache } from "../http/edge-cache";
import { logInfo } from "../http/log";
import { type PublishReport, publishDueLessons } from "./publish";

/** What started a run, as its log line names it: `{ cron: "* * * * *" }` or `{ alarm: "PublishClock", … }`. */
export type PublishTrigger = { cron: string } | { alarm: "PublishClock"; retry_count: number };

/**
 * Publishes what has fallen due now (one D1 round trip), purges the catalog's cached answers if anything was
 * published, and logs one `scheduled_publish` line (plus one `lesson_publish_blocked` per lesson newly held back).
 *
 * @example
 * await publishScheduled(env, { cron: controller.cron }, (promise) => ctx.waitUntil(promise));
 */
export async function publishScheduled(
  env: Env,
  trigger: PublishTrigger,
  waitUntil?: (promise: Promise<unknown>) => void,
): Promise<PublishReport> {
  const { db, stats, bookmark } = createDatabase(env.DB);
  const report = await publishDueLessons(db, new Date());
  // What was published shows in the public catalog on the next read.
  if (report.published > 0 || report.programsPublished > 0 || report.changesPublished > 0)
    await purgeEdgeCache(env, "catalog", waitUntil, bookmark());
  // One line per lesson that newly failed to publish, so each can be found by its id.
  for (const { id, reason } of report.blocked) logInfo("lesson_publish_blocked", { lesson_id: id, reason });
  logInfo("scheduled_publish", {
    ...trigger,
    published: report.published,
    programs_published: report.programsPublished,
    blocked: report.blocked.length,
    changes_published: report.changesPublished,
    db_queries: stats.queries,
  });
  return report;
}
