export { CalendarFeed } from "../durable-objects/calendar-feed";
export { ChatRelay } from "../durable-objects/chat-relay";
export { ChatRoom } from "../durable-objects/chat-room";
export { Scoreboard } from "../durable-objects/scoreboard";

import { app } from "../src/app";
import { publishDueLessons } from "../src/catalog/publish";
import { createDatabase } from "../src/db/client";
import { purgeEdgeCache } from "../src/http/edge-cache";
import { logInfo } from "../src/http/log";
import { handleOrderQueue } from "../src/store/orders/queue";

export default {
  fetch: app.fetch,

  /** Cron Trigger (every minute): publishes the lessons whose scheduled time has come. */
  async scheduled(controller, env, ctx) {
    const { db, stats } = createDatabase(env.DB);
    const report = await publishDueLessons(db, new Date());
    // What the cron published shows in the public catalog on the next read.
    if (report.published > 0 || report.programsPublished > 0 || report.changesPublished > 0)
      await purgeEdgeCache(env, "catalog", (promise) => ctx.waitUntil(promise));
    // One line per lesson that newly failed to publish, so each can be found by its id.
    for (const { id, reason } of report.blocked) logInfo("lesson_publish_blocked", { lesson_id: id, reason });
    logInfo("scheduled_publish", {
      cron: controller.cron,
      published: report.published,
      programs_published: report.programsPublished,
      blocked: report.blocked.length,
      changes_published: report.changesPublished,
      db_queries: stats.queries,
    });
  },

  /** The order queue and its dead-letter queue (src/store/orders/queue.ts). */
  queue: handleOrderQueue,
} satisfies ExportedHandler<Env>;
