import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { etag } from "hono/etag";
import { createMiddleware } from "hono/factory";
import { guarded } from "../auth/guards";
import { isStaff } from "../auth/roles";
import type { AppEnv } from "../env";
import { servedFromEdgeCache } from "../http/edge-cache";
import { createRouter, documentedAs, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, toPage } from "../http/pagination";
import { forbidden, notFound } from "../http/problem";
import { withCrossFieldRules } from "../http/validation";
import { nowIso } from "../time";
import { changesOf, completeFields, crossFieldProblems, type EventFields, readFields, UNSET } from "./fields";
import { toICalendar } from "./ics";
import {
  CreateEventBody,
  EventPage,
  EventSchema,
  fieldsOf,
  ICS_RECENT_DAYS,
  IcsQuery,
  ListEventsQuery,
  MAX_RANGE_DAYS,
  MAX_RANGE_EVENTS,
  presentEvent,
  ReplaceEventBody,
  rangeProblems,
  recentPastStart,
  StartPosition,
  UPCOMING_PAGE,
  UpdateEventBody,
} from "./models";
import { notifyFeed } from "./notify";
import { deleteEvent, findEvent, insertEvent, listEventsOverlapping, updateEvent } from "./queries";
import type { EventRow } from "./schema";

/** The app's environment, plus the event a change route has loaded and checked before its body is validated. */
type CalendarEnv = { Bindings: Env; Variables: AppEnv["Variables"] & { event: EventRow } };

const tags = ["Calendar"];

/**
 * Requests reach the routes of one event only for ids other than "stream": `GET /events/stream` is the live feed
 * (src/calendar/stream-routes.ts). Keeping it out of `{id}` here, rather than relying on the order routes are
 * mounted in, also gives `/events/stream` its own 405 answers. The docs show the plain `/events/{id}`.
 */
const EVENT_ROUTING_PATH = "/events/{id{(?!stream$)[^/]+}}";

const EventIdParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" }, example: "0b6f1c5e-4a2d-4c8e-9a57-3f1e2d4c5b6a" }),
});

// ---- validation ---------------------------------------------------------------------------------------------------

/** The event rules for a body whose fields go over `base` (nothing for a create or replacement, the event for PATCH). */
const eventRules = (base: (c: Context<CalendarEnv>) => EventFields) =>
  withCrossFieldRules<Context<CalendarEnv>>("json", (body, c) => {
    const { fields, invalid } = readFields(body, base(c));
    return crossFieldProblems(fields, invalid);
  });

const rangeRules = withCrossFieldRules("query", (query) => rangeProblems(query));

// ---- access -------------------------------------------------------------------------------------------------------

/**
 * Loads the event a change names and checks the caller may change it, before the body is read: an unknown id is a
 * 404 and someone else's event a 403, whatever the body holds. Creators change their own events; editors any.
 */
const editableEvent = createMiddleware<CalendarEnv>(async (c, next) => {
  const event = await findEvent(c.var.db, c.req.param("id") ?? "");
  if (!event) throw notFound("event");
  const user = c.var.user;
  if (event.createdBy !== user.id && !isStaff(user.role)) {
    throw forbidden("Only the event's creator or an editor can change it.");
  }
  c.set("event", event);
  await next();
});

// ---- routes ---------------------------------------------------------------------------------------------------------

const create = createRoute({
  method: "post",
  path: "/events",
  tags,
  summary: "Create an event",
  description: "Any signed-in account may create events; it may then change and delete them (editors: any event).",
  ...guarded("signed-in"),
  request: { body: jsonBody(CreateEventBody) },
  responses: {
    201: jsonContent(EventSchema, "The new event, every field present (null where unset)"),
    ...problems(400, 401, 415),
  },
});

const list = createRoute({
  method: "get",
  path: "/events",
  tags,
  summary: "Events in a time range, or the upcoming ones",
  description: [
    `With \`from\` and \`to\` (at most ${MAX_RANGE_DAYS} days apart): every event overlapping the range — starting`,
    "before `to` and ending after `from` — ordered by start, then id; up to `limit` of them (default and maximum",
    `${MAX_RANGE_EVENTS}), and a \`next_cursor\` to continue from when there are more.`,
    "",
    "Without a range: the upcoming events (those not yet over) in the same order, a page at a time",
    `(\`limit\` ${UPCOMING_PAGE.default} by default, ${UPCOMING_PAGE.max} at most).`,
  ].join("\n"),
  // A range is the same for everyone until an event is written; the upcoming list moves with the clock.
  middleware: [servedFromEdgeCache("calendar", (c) => c.req.query("from") !== undefined), etag()],
  request: { query: ListEventsQuery },
  responses: { 200: jsonContent(EventPage, "Events, by start"), ...problems(400) },
});

const get = createRoute({
  method: "get",
  path: "/events/{id}",
  tags,
  summary: "One event",
  request: { params: EventIdParam },
  responses: { 200: jsonContent(EventSchema, "The event"), ...problems(404) },
});

const replace = createRoute({
  method: "put",
  path: "/events/{id}",
  tags,
  summary: "Replace an event",
  description: "Sets every field: those left out become unset. The event's creator or an editor only.",
  ...guarded("signed-in", editableEvent),
  request: { params: EventIdParam, body: jsonBody(ReplaceEventBody) },
  responses: { 200: jsonContent(EventSchema, "The event as replaced"), ...problems(400, 401, 403, 404, 415) },
});

const update = createRoute({
  method: "patch",
  path: "/events/{id}",
  tags,
  summary: "Change some fields of an event (e.g. move it)",
  description: "The event's creator or an editor only. The event as changed must still follow every rule.",
  ...guarded("signed-in", editableEvent),
  request: { params: EventIdParam, body: jsonBody(UpdateEventBody) },
  responses: { 200: jsonContent(EventSchema, "The event as changed"), ...problems(400, 401, 403, 404, 415) },
});

const remove = createRoute({
  method: "delete",
  path: "/events/{id}",
  tags,
  summary: "Delete an event",
  description: "The event's creator or an editor only.",
  ...guarded("signed-in", editableEvent),
  request: { params: EventIdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

const ics = createRoute({
  method: "get",
  path: "/events.ics",
  tags,
  summary: "The calendar as an iCalendar feed (RFC 5545)",
  description:
    "For calendar apps to subscribe to. With `from` and `to`: the events overlapping that range; without: the " +
    `events of the last ${ICS_RECENT_DAYS} days and every upcoming one. At most ${MAX_RANGE_EVENTS} events, the ` +
    "earliest first. Public: served from the edge cache, fresh after every event write.",
  middleware: [servedFromEdgeCache("calendar"), etag()],
  request: { query: IcsQuery },
  responses: {
    200: { description: "A VCALENDAR", content: { "text/calendar": { schema: z.string() } } },
    ...problems(400),
  },
});

export const eventRoutes = createRouter<CalendarEnv>();

/** `route` in the OpenAPI document at its documented path, served at the routing path that leaves out "stream". */
const served = <R extends Parameters<typeof documentedAs>[1]>(route: R) =>
  documentedAs(eventRoutes, route, { path: EVENT_ROUTING_PATH });

eventRoutes
  .openapi(
    ics,
    async (c) => {
      const { from, to } = c.req.valid("query");
      const rows = await listEventsOverlapping(c.var.db, {
        endsAfter: from ?? recentPastStart(),
        startsBefore: to,
        limit: MAX_RANGE_EVENTS,
      });
      const body = toICalendar(rows.slice(0, MAX_RANGE_EVENTS).map(presentEvent), {
        name: "Edge platform calendar",
        uidDomain: "edge-platform",
      });
      return c.body(body, 200, {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'inline; filename="events.ics"',
      });
    },
    rangeRules,
  )
  .openapi(
    create,
    async (c) => {
      const now = nowIso();
      const row = await insertEvent(c.var.db, {
        id: crypto.randomUUID(),
        createdBy: c.var.user.id,
        now,
        fields: completeFields(c.req.valid("json")),
      });
      const event = presentEvent(row);
      notifyFeed(c, { type: "insert", id: event.id, event });
      c.header("Location", `/events/${event.id}`);
      return c.json(event, 201);
    },
    eventRules(() => UNSET),
  )
  .openapi(
    list,
    async (c) => {
      const { from, to, limit, cursor } = c.req.valid("query");
      const after = await decodeCursor(c, cursor, StartPosition);
      const size = from !== undefined ? (limit ?? MAX_RANGE_EVENTS) : (limit ?? UPCOMING_PAGE.default);
      const rows = await listEventsOverlapping(c.var.db, {
        // Without a range: what is not over yet.
        endsAfter: from ?? nowIso(),
        startsBefore: to,
        after,
        limit: size,
      });
      return c.json(await toPage(c, rows, size, (row) => [row.start, row.id], presentEvent), 200);
    },
    rangeRules,
  )
  .openapi(served(get), async (c) => {
    const event = await findEvent(c.var.db, c.req.valid("param").id);
    if (!event) throw notFound("event");
    return c.json(presentEvent(event), 200);
  })
  .openapi(
    served(replace),
    async (c) => {
      const row = await updateEvent(c.var.db, c.var.event.id, completeFields(c.req.valid("json")), nowIso());
      if (!row) throw notFound("event");
      const event = presentEvent(row);
      notifyFeed(c, { type: "update", id: event.id, event });
      return c.json(event, 200);
    },
    eventRules(() => UNSET),
  )
  .openapi(
    served(update),
    async (c) => {
      const row = await updateEvent(c.var.db, c.var.event.id, changesOf(c.req.valid("json")), nowIso());
      if (!row) throw notFound("event");
      const event = presentEvent(row);
      notifyFeed(c, { type: "update", id: event.id, event });
      return c.json(event, 200);
    },
    eventRules((c) => fieldsOf(c.var.event)),
  )
  .openapi(served(remove), async (c) => {
    const id = c.var.event.id;
    if (!(await deleteEvent(c.var.db, id))) throw notFound("event");
    notifyFeed(c, { type: "delete", id, event: null });
    return c.body(null, 204);
  });
