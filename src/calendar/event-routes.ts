import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { etag } from "hono/etag";
import { createMiddleware } from "hono/factory";
import { guarded } from "../auth/guards";
import { isStaff } from "../auth/roles";
import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import { evaluateIfMatch, ifNoneMatchNames } from "../http/conditional";
import { servedFromEdgeCache } from "../http/edge-cache";
import { createRouter, documentedAs, jsonBody, jsonContent, ProblemSchema, problems } from "../http/openapi";
import { decodeCursor, toPage } from "../http/pagination";
import { forbidden, notFound, preconditionFailed, validationFailed } from "../http/problem";
import { withCrossFieldRules } from "../http/validation";
import { nowIso } from "../time";
import { changesOf, completeFields, crossFieldProblems, type EventFields, isDate, readFields, UNSET } from "./fields";
import { toICalendar } from "./ics";
import {
  CreateEventBody,
  type Event,
  EventPage,
  EventSchema,
  etagOf,
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

/**
 * The app's environment, plus what a change route has loaded and checked before its body is validated: the event, and
 * the version of it the write must still find (the one its If-Match named), if any.
 */
type CalendarEnv = {
  Bindings: Env;
  Variables: AppEnv["Variables"] & { event: EventRow; expectedVersion: string | undefined };
};

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

/** Which bounds of a range the client sent as dates (which all-day events are compared with as they are). */
const datesBound = (c: { req: { query(name: string): string | undefined } }) => ({
  endsAfter: isDate(c.req.query("from") ?? ""),
  startsBefore: isDate(c.req.query("to") ?? ""),
});

// ---- versions -------------------------------------------------------------------------------------------------------

/** 412 for a write whose If-Match names another version than `current`: the body carries the event as it is now. */
const eventChanged = (current: Event) =>
  preconditionFailed(
    "The event has changed since the version your If-Match names (or it names none of its versions); `current` is " +
      "the event as it is now.",
    { extensions: { current }, headers: { ETag: etagOf(current) } },
  );

/**
 * The version a write must still find, from its If-Match against the event as loaded: none without the header or
 * with `*` (any version of an event that exists), else the loaded one, when the header names it. A malformed header is
 * a 400; one that names another version a 412 carrying the event as it is.
 */
function expectedVersion(header: string | undefined, row: EventRow): string | undefined {
  const event = presentEvent(row);
  switch (evaluateIfMatch(header, etagOf(event))) {
    case "absent":
    case "any":
      return undefined;
    case "matched":
      return row.updatedAt;
    case "malformed":
      throw validationFailed([
        { path: "if-match", message: 'Must be * or a list of entity tags, e.g. "2025-12-11T12:00:00.000Z".' },
      ]);
    case "failed":
      throw eventChanged(event);
  }
}

/**
 * A conditional write found no row: the event is gone (404), or another write got in first and it is in another
 * version now (412, with that version). One more read, on this path only.
 */
async function writeLost(db: Database, id: string): Promise<never> {
  const current = await findEvent(db, id);
  throw current ? eventChanged(presentEvent(current)) : notFound("event");
}

/** The answer of a write or a read of one event: the event, with its ETag. */
function answerEvent<S extends 200 | 201>(c: Context<CalendarEnv>, event: Event, status: S) {
  c.header("ETag", etagOf(event));
  return c.json(event, status);
}

// ---- access -------------------------------------------------------------------------------------------------------

/**
 * Loads the event a change names and checks the caller may change it, before the body is read: an unknown id is a
 * 404 and someone else's event a 403, whatever the body holds. Creators change their own events; editors any. Then
 * If-Match (RFC 9110 §13.2.2 evaluates preconditions before the content): a stale one is a 412 at once; one that
 * names the loaded version becomes the guard of the write itself (see `updateEvent`), which catches any write in
 * between.
 */
const editableEvent = createMiddleware<CalendarEnv>(async (c, next) => {
  const event = await findEvent(c.var.db, c.req.param("id") ?? "");
  if (!event) throw notFound("event");
  const user = c.var.user;
  if (event.createdBy !== user.id && !isStaff(user.role)) {
    throw forbidden("Only the event's creator or an editor can change it.");
  }
  c.set("event", event);
  c.set("expectedVersion", expectedVersion(c.req.header("If-Match"), event));
  await next();
});

// ---- documentation of versions ------------------------------------------------------------------------------------

const IfMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({
      description:
        "The ETag of the version you changed: the write happens only if the event is still in it (else 412 with " +
        "the current version); `*` for any version. Without it, the write happens whatever the version.",
      example: '"2025-12-11T12:00:00.000Z"',
    }),
});

const IfNoneMatchHeader = z.object({
  "if-none-match": z
    .string()
    .optional()
    .openapi({ description: "The ETag of the version you hold: 304 if it is still current" }),
});

const etagHeader = {
  ETag: {
    schema: { type: "string" as const },
    description: "The event's version, its updated_at in quotes; send it back in If-Match",
  },
};

/** The 412 of a write whose If-Match is stale: a problem with the event as it is now. */
const staleVersion = {
  412: {
    description:
      "precondition_failed: the event is no longer in the version If-Match names; `current` is the event as it is now",
    headers: etagHeader,
    content: {
      "application/problem+json": {
        schema: ProblemSchema.extend({ current: EventSchema }).openapi("EventChangedProblem"),
      },
    },
  },
};

const eventAnswer = (description: string) => ({ ...jsonContent(EventSchema, description), headers: etagHeader });

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
    201: eventAnswer("The new event, every field present (null where unset)"),
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
    "All-day events are compared by their dates. A bound sent as a date (`2025-12-24`) is that day: for timed events",
    "its midnight UTC, for all-day events the day itself. A bound sent as a date-time is one moment, on different dates",
    "around the world: an all-day event counts when its days overlap the range in some time zone (UTC−12 to UTC+14), so",
    "a range between local midnights finds the all-day events of those days wherever the client is, and may bring one",
    "of the day before or after (place all-day events by their dates).",
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
  description: "With its ETag, for If-Match on a later change (and If-None-Match here).",
  request: { params: EventIdParam, headers: IfNoneMatchHeader },
  responses: {
    200: eventAnswer("The event"),
    304: { description: "Not modified: If-None-Match names the current version", headers: etagHeader },
    ...problems(404),
  },
});

const replace = createRoute({
  method: "put",
  path: "/events/{id}",
  tags,
  summary: "Replace an event",
  description:
    "Sets every field: those left out become unset. The event's creator or an editor only. With If-Match, only if " +
    "the event is still in that version.",
  ...guarded("signed-in", editableEvent),
  request: { params: EventIdParam, headers: IfMatchHeader, body: jsonBody(ReplaceEventBody) },
  responses: {
    200: eventAnswer("The event as replaced"),
    ...problems(400, 401, 403, 404, 415),
    ...staleVersion,
  },
});

const update = createRoute({
  method: "patch",
  path: "/events/{id}",
  tags,
  summary: "Change some fields of an event (e.g. move it)",
  description:
    "The event's creator or an editor only. The event as changed must still follow every rule. With If-Match, only " +
    "if the event is still in that version.",
  ...guarded("signed-in", editableEvent),
  request: { params: EventIdParam, headers: IfMatchHeader, body: jsonBody(UpdateEventBody) },
  responses: {
    200: eventAnswer("The event as changed"),
    ...problems(400, 401, 403, 404, 415),
    ...staleVersion,
  },
});

const remove = createRoute({
  method: "delete",
  path: "/events/{id}",
  tags,
  summary: "Delete an event",
  description: "The event's creator or an editor only. With If-Match, only if the event is still in that version.",
  ...guarded("signed-in", editableEvent),
  request: { params: EventIdParam, headers: IfMatchHeader },
  responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404), ...staleVersion },
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
        datesBound: datesBound(c),
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
      return answerEvent(c, event, 201);
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
        datesBound: datesBound(c),
        after,
        limit: size,
      });
      return c.json(await toPage(c, rows, size, (row) => [row.start, row.id], presentEvent), 200);
    },
    rangeRules,
  )
  .openapi(served(get), async (c) => {
    const row = await findEvent(c.var.db, c.req.valid("param").id);
    if (!row) throw notFound("event");
    const event = presentEvent(row);
    const ifNoneMatch = c.req.header("If-None-Match");
    if (ifNoneMatch !== undefined && ifNoneMatchNames(ifNoneMatch, etagOf(event))) {
      c.header("ETag", etagOf(event));
      return c.body(null, 304);
    }
    return answerEvent(c, event, 200);
  })
  .openapi(
    served(replace),
    async (c) => {
      const fields = completeFields(c.req.valid("json"));
      const version = c.var.expectedVersion;
      const row = await updateEvent(c.var.db, c.var.event.id, {
        changes: fields,
        whole: fields,
        now: nowIso(),
        version,
      });
      if (!row) return writeLost(c.var.db, c.var.event.id);
      const event = presentEvent(row);
      notifyFeed(c, { type: "update", id: event.id, event });
      return answerEvent(c, event, 200);
    },
    eventRules(() => UNSET),
  )
  .openapi(
    served(update),
    async (c) => {
      const changes = changesOf(c.req.valid("json"));
      const whole = { ...fieldsOf(c.var.event), ...changes };
      const version = c.var.expectedVersion;
      const row = await updateEvent(c.var.db, c.var.event.id, { changes, whole, now: nowIso(), version });
      if (!row) return writeLost(c.var.db, c.var.event.id);
      const event = presentEvent(row);
      notifyFeed(c, { type: "update", id: event.id, event });
      return answerEvent(c, event, 200);
    },
    eventRules((c) => fieldsOf(c.var.event)),
  )
  .openapi(served(remove), async (c) => {
    const id = c.var.event.id;
    if (!(await deleteEvent(c.var.db, id, c.var.expectedVersion))) return writeLost(c.var.db, c.var.event.id);
    notifyFeed(c, { type: "delete", id, event: null });
    return c.body(null, 204);
  });
