import { DurableObject } from "cloudflare:workers";
import { nextPublishAt } from "../src/catalog/publish";
import { publishScheduled } from "../src/catalog/scheduled-publish";
import { createDatabase } from "../src/db/client";
import { logError } from "../src/http/log";

/**
 * How soon after one of its own runs the alarm may fire again. A run leaves nothing due behind it (each due lesson is
 * published or marked with a `publish_error`), so the next time is normally in the future; this keeps a run that left
 * something due anyway (a clock a little behind a `publish_at`) from waking the object in a tight loop.
 */
export const MIN_ALARM_GAP_MS = 200;

/**
 * Scheduled publishing to the second: one object for the whole catalog (src/catalog/publish-clock.ts) whose alarm is
 * set to the next publish time in D1, the earliest `publish_at` of a scheduled lesson or of scheduled pending changes.
 *
 * - When the alarm fires it runs the publisher as the cron does (`publishScheduled`), then re-arms for the next time,
 *   or deletes the alarm when nothing is scheduled. Two D1 round trips a run: the publish batch, then the next time.
 * - `rearm()`, called after every write that sets, moves or removes a publish time (and by the cron), reads the next
 *   time from D1 itself: a caller's idea of it may be stale.
 * - Re-arms and runs take turns (a queue in memory), so the alarm always ends set from the newest read: a re-arm that
 *   read D1 before a schedule was written can never land after one that read it afterwards. (Awaiting D1 would
 *   otherwise let another call in between the read and the `setAlarm`.)
 * - A run that throws is logged and thrown again: the runtime retries the alarm (from 2 s, up to 6 times); should
 *   it give up, the cron publishes within the minute and re-arms the clock.
 * It keeps nothing of its own but the alarm: the schedule lives in D1.
 */
export class PublishClock extends DurableObject<Env> {
  private turn: Promise<unknown> = Promise.resolve();

  /** Sets the alarm to the next publish time in D1 (deleted when there is none); answers that time (ms) or null. */
  rearm(): Promise<number | null> {
    return this.inTurn(() => this.armForNext(0));
  }

  override async alarm(info?: AlarmInvocationInfo): Promise<void> {
    const retryCount = info?.retryCount ?? 0;
    await this.inTurn(async () => {
      try {
        await publishScheduled(this.env, { alarm: "PublishClock", retry_count: retryCount });
        await this.armForNext(Date.now() + MIN_ALARM_GAP_MS);
      } catch (error) {
        logError("publish_clock_alarm_failed", error, { retry_count: retryCount });
        throw error;
      }
    });
  }

  /** The alarm at the next publish time, but not before `notBefore`; no alarm when nothing is scheduled. */
  private async armForNext(notBefore: number): Promise<number | null> {
    const next = await nextPublishAt(createDatabase(this.env.DB).db);
    if (next === null) {
      await this.ctx.storage.deleteAlarm();
      return null;
    }
    const at = Math.max(Date.parse(next), notBefore);
    await this.ctx.storage.setAlarm(at);
    return at;
  }

  /** Runs `task` after every task queued before it has settled. */
  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const result = this.turn.then(task);
    this.turn = result.catch(() => undefined);
    return result;
  }
}
