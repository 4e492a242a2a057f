import { z } from "@hono/zod-openapi";

/**
 * The contract between the calendar routes and the `CalendarFeed` Durable Object (durable-objects/calendar-feed.ts),
 * which fans every committed change out to the SSE subscribers of `GET /events/stream`. There is one feed: the object
 * named `CALENDAR_FEED_NAME`. The events API notifies it after each D1 write (see notify.ts); the stream route hands
 * it each subscription (see stream-routes.ts).
 */
export const CALENDAR_FEED_NAME = "calendar";

/** The feed object. */
export const calendarFeedOf = (env: Pick<Env, "CALENDAR_FEED">) => env.CALENDAR_FEED.getByName(CALENDAR_FEED_NAME);

/** One committed change, as subscribers receive it in `event: update` frames (`event` is null for a delete). */
export interface CalendarChange {
  type: "insert" | "update" | "delete";
  id: string;
  event: Record<string, unknown> | null;
}

/** When the change's event was last written (`updated_at`, fixed-width UTC text, so text order is time order). */
const writtenAt = (change: CalendarChange): string | undefined => {
  const stamp = change.event?.updated_at;
  return typeof stamp === "string" ? stamp : undefined;
};

/**
 * Whether `change` arrives too late to be sent, given the last change the feed logged for the same event: after the
 * event's delete (ids are never reused), or not newer than the version already sent. Two quick edits notify the feed
 * from two requests, and the older may arrive last; the events API makes `updated_at` strictly increasing per event.
 */
export function isStale(change: CalendarChange, logged: CalendarChange): boolean {
  if (logged.type === "delete") return true;
  if (change.type === "delete") return false;
  const mine = writtenAt(change);
  const theirs = writtenAt(logged);
  return mine !== undefined && theirs !== undefined && mine <= theirs;
}

/**
 * What the Worker hands over with a subscription: where the subscriber resumes, as it sent it (`Last-Event-ID`, or
 * `?last_event_id=`), or null for a new subscriber. The object checks it against this schema on arrival.
 */
export const FeedSubscriptionSchema = z.object({ last_event_id: z.string().nullable() });

export type FeedSubscription = z.infer<typeof FeedSubscriptionSchema>;

/** The headers of the event stream a subscriber gets. */
export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache",
  // Tells nginx-style proxies not to buffer the stream.
  "X-Accel-Buffering": "no",
} as const;

/**
 * `Symbol.dispose`: workerd has it (RPC results are disposed through it), the ES2023 library this project compiles
 * against does not declare it.
 */
export const DISPOSE: symbol = (Symbol as unknown as { readonly dispose: symbol }).dispose;

/**
 * A subscription as the object's `subscribe` returns it over RPC: the event stream's bytes, and (under `DISPOSE`) the
 * end of the subscription. The RPC call stays open until the caller disposes of this result, as a request stays open
 * while its response streams: the object stays in memory for its subscribers, and learns at once when one is gone.
 */
export interface FeedStream {
  body: ReadableStream<Uint8Array>;
}
