/**
 * The contract between the events API (which writes to D1) and the `CalendarFeed` Durable Object (which fans every
 * committed change out to the SSE subscribers of `GET /events/stream`). There is one feed: the object named
 * `CALENDAR_FEED_NAME`.
 */
export const CALENDAR_FEED_NAME = "calendar";

/** One committed change, as subscribers receive it in `event: update` frames (`event` is null for a delete). */
export interface CalendarChange {
  type: "insert" | "update" | "delete";
  id: string;
  event: Record<string, unknown> | null;
}

/** The feed object for `env`. */
export const calendarFeed = (env: Env) => env.CALENDAR_FEED.get(env.CALENDAR_FEED.idFromName(CALENDAR_FEED_NAME));
