import { z } from "@hono/zod-openapi";

/**
 * The contract between the calendar routes and the `CalendarFeed` Durable Object (durable-objects/calendar-feed.ts),
 * which fans every committed change out to the SSE subscribers of `GET /events/stream`. There is one feed: the object
 * named `CALENDAR_FEED_NAME`. The events API notifies it after each D1 write (see notify.ts); the stream route hands
 * it each subscription.
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

/**
 * What the Worker hands over with a subscription (src/realtime/handoff.ts): where the subscriber resumes, as it sent
 * it (`Last-Event-ID`, or `?last_event_id=`), or null for a new subscriber.
 */
export const FeedSubscriptionSchema = z.object({ last_event_id: z.string().nullable() });

export type FeedSubscription = z.infer<typeof FeedSubscriptionSchema>;
