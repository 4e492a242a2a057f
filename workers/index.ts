export { CalendarFeed } from "../durable-objects/calendar-feed";
export { ChatRelay } from "../durable-objects/chat-relay";
export { ChatRoom } from "../durable-objects/chat-room";
export { PublishClock } from "../durable-objects/publish-clock";
export { Scoreboard } from "../durable-objects/scoreboard";

import { app } from "../src/app";
import { rearmPublishClock } from "../src/catalog/publish-clock";
import { publishScheduled } from "../src/catalog/scheduled-publish";
import { handleOrderQueue } from "../src/store/orders/queue";

export default {
  fetch: app.fetch,

  /**
   * Cron Trigger (every minute), the safety net of the PublishClock's alarm: publishes what has fallen due, then
   * re-arms the clock (should an alarm have been lost, or have given up retrying).
   */
  async scheduled(controller, env, ctx) {
    await publishScheduled(env, { cron: controller.cron }, (promise) => ctx.waitUntil(promise));
    await rearmPublishClock(env);
  },

  /** The order queue and its dead-letter queue (src/store/orders/queue.ts). */
  queue: handleOrderQueue,
} satisfies ExportedHandler<Env>;
