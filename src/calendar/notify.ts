import type { Context } from "hono";
import { logError } from "../http/log";
import { type CalendarChange, calendarFeedOf } from "./calendar-feed";

/**
 * Tells the live feed about a change that D1 has committed. The response does not wait for it (`waitUntil`), and a
 * feed that is down or throws never fails or undoes the write: the failure is logged with the request id, and
 * subscribers catch up when they reload.
 */
export function notifyFeed(
  c: { env: Env; executionCtx: Context["executionCtx"]; var: { requestId: string } },
  change: CalendarChange,
): void {
  const requestId = c.var.requestId;
  const delivery = (async () => {
    await calendarFeedOf(c.env).publish(change);
  })().catch((error: unknown) => {
    logError("calendar_feed_publish_failed", error, { request_id: requestId, event_id: change.id, type: change.type });
  });
  try {
    c.executionCtx.waitUntil(delivery);
  } catch {
    // No execution context (an app called directly, without one): the delivery still runs, unawaited.
  }
}
