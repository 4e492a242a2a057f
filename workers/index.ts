import { app } from "../src/app";
import { publishDueLessons } from "../src/catalog/publish";
import { createDatabase } from "../src/db/client";
import { logInfo } from "../src/http/log";

export default {
  fetch: app.fetch,

  /** Cron Trigger (every minute): publishes the lessons whose scheduled time has come. */
  async scheduled(controller, env) {
    const { db, stats } = createDatabase(env.DB);
    const report = await publishDueLessons(db, new Date());
    logInfo("scheduled_publish", {
      cron: controller.cron,
      published: report.published,
      blocked: report.blocked,
      db_queries: stats.queries,
    });
  },
} satisfies ExportedHandler<Env>;
