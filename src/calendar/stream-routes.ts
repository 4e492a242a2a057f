import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, problems } from "../http/openapi";
import { calendarFeedOf, SSE_HEADERS } from "./calendar-feed";

/** A position in the feed: the sequence number of an update (its `id:`), as the feed sent it. Empty means none. */
const LastEventId = z
  .string()
  .regex(/^(\d{1,15})?$/, "Must be the id of an update the feed sent: a sequence number such as 42.");

const stream = createRoute({
  method: "get",
  path: "/events/stream",
  tags: ["Calendar"],
  summary: "Live change feed (Server-Sent Events)",
  description: [
    "A `text/event-stream` that every client receives every committed change on. It opens with a `: connected`",
    'comment and an `event: connected` frame (`data: {"seq": <current sequence>}`, and an `id:` so that a browser',
    "that reconnects before any update still asks for what it missed), then sends after each change",
    '`id: <sequence>`, `event: update`, `data: {"type": "insert" | "update" | "delete", "id": …, "event": {…} | null}`',
    "(the full event as `GET /events/{id}` answers it, `time_zone` and `all_day` included; null for a delete), and",
    "a `: heartbeat` comment every 15 s.",
    "",
    "Reconnecting with `Last-Event-ID` (EventSource sends it by itself) or `?last_event_id=` replays the changes",
    "missed since, in order, before the live ones. When that id is older than the feed keeps (the last 1,000",
    "changes) or is a sequence number it never issued, an `event: reset` frame follows instead: reload the events,",
    "then carry on. Anything but a sequence number (digits) is a 400 `validation_failed`.",
  ].join("\n"),
  request: {
    headers: z.object({
      "last-event-id": LastEventId.optional().openapi({ description: "The id of the last update received" }),
    }),
    query: z.object({
      last_event_id: LastEventId.optional().openapi({
        description: "As the Last-Event-ID header, for clients that cannot set headers; the header wins",
      }),
    }),
  },
  responses: {
    200: {
      description: "The event stream; it stays open",
      content: {
        "text/event-stream": {
          schema: z.string().openapi({
            example:
              ': connected\n\nid: 41\nevent: connected\ndata: {"seq":41}\n\n' +
              'id: 42\nevent: update\ndata: {"type":"delete","id":"0b6f1c5e-4a2d-4c8e-9a57-3f1e2d4c5b6a","event":null}\n\n',
          }),
        },
      },
    },
    ...problems(400),
  },
});

/**
 * `GET /events/stream`: the Worker only hands the subscription to the `CalendarFeed` object, which writes the stream;
 * its body passes through unbuffered. The response is the Worker's own, so the app's middleware can still set headers.
 * The subscription lasts as long as this request: the runtime disposes of it when the request ends.
 */
export const calendarStreamRoutes = createRouter().openapi(stream, async (c) => {
  const lastEventId = c.req.valid("header")["last-event-id"] || c.req.valid("query").last_event_id;
  const subscription = await calendarFeedOf(c.env).subscribe({ last_event_id: lastEventId || null });
  return new Response(subscription.body, { headers: SSE_HEADERS });
});
