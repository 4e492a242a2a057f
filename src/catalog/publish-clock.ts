/**
 * The Worker's side of the PublishClock (durable-objects/publish-clock.ts): one object for the whole catalog whose
 * alarm is set to the next scheduled publish time. Writes that set, move or remove a publish time re-arm it; the
 * object reads that time from D1 itself, so a re-arm carries no time that could be stale.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { logError } from "../http/log";

/** The one clock: a single object, so one alarm covers every schedule. */
export const publishClockOf = (env: Env) => env.PUBLISH_CLOCK.get(env.PUBLISH_CLOCK.idFromName("catalog"));

/**
 * Has the clock re-read the next publish time and set its alarm to it (or delete it). Awaited by the writer, so the
 * alarm is set when the write is answered. A failure is logged, never the writer's problem: the write has committed,
 * and the cron re-arms the clock every minute.
 *
 * @example
 * await scheduleLesson(db, id, publishAt);
 * await rearmPublishClock(env);
 */
export async function rearmPublishClock(env: Env): Promise<void> {
  try {
    await publishClockOf(env).rearm();
  } catch (error) {
    logError("publish_clock_rearm_failed", error, {});
  }
}

/**
 * The REST CMS writes that set, move or remove a publish time: a lesson's schedule, unschedule, archive and publish;
 * the schedule, publish and discard of a program's or lesson's pending changes; deleting a lesson, or the term or
 * program it belongs to. (An edit that empties pending changes, or a restore, may drop their schedule too: the clock
 * then wakes once for nothing, finds nothing due and re-arms, which is all a missed removal costs.)
 */
const RESCHEDULING_WRITES = [
  /^POST \/cms\/lessons\/[^/]+\/(schedule|unschedule|archive|publish)$/,
  /^POST \/cms\/(programs|lessons)\/[^/]+\/changes\/(schedule|publish)$/,
  /^DELETE \/cms\/(programs|lessons)\/[^/]+\/changes$/,
  /^DELETE \/cms\/(programs|terms|lessons)\/[^/]+$/,
];

/** True when `method path` is one of the REST writes that change a publish time. */
export const reschedules = (method: string, path: string): boolean =>
  RESCHEDULING_WRITES.some((write) => write.test(`${method} ${path}`));

/** Middleware for the CMS: once one of its rescheduling writes has succeeded (2xx), the clock is re-armed. */
export function rearmsPublishClock(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.status < 300 && reschedules(c.req.method, c.req.path)) await rearmPublishClock(c.env);
  };
}
