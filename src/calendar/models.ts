import { z } from "@hono/zod-openapi";
import type { FieldProblem } from "../http/problem";
import { DAY_MS, isoAt } from "../time";
import { addDays, EVENT_FIELDS, type EventFields, FIELD_NAMES, type FieldName, RangeBoundSchema } from "./fields";
import { type EventRow, MAX_EVENT_DAYS } from "./schema";

/** The widest `from`–`to` window a range read accepts. */
export const MAX_RANGE_DAYS = 366;
/** The most events one range answer (or one .ics feed) holds; a range answer says where to continue. */
export const MAX_RANGE_EVENTS = 1000;
/**
 * How far back the subscribed .ics feed (no range) reaches: calendar apps replace what they hold with each fetch, so
 * a feed of upcoming events only would empty last week's days in the subscriber's calendar.
 */
export const ICS_RECENT_DAYS = 30;
/** Where the subscribed .ics feed starts: `ICS_RECENT_DAYS` before now. */
export const recentPastStart = (now = Date.now()): string => isoAt(now - ICS_RECENT_DAYS * DAY_MS);
/** Page size of the upcoming list (`GET /events` without a range): 20 by default, 100 at most. */
export const UPCOMING_PAGE = { default: 20, max: 100 } as const;

/**
 * Sent back unchanged by clients that edit the object they read (the original calendar's drag-and-drop sends the
 * whole event with new dates): accepted on PUT and PATCH, and ignored.
 */
const READ_ONLY_FIELDS = {
  id: z.string().optional().openapi({ description: "Read-only: ignored" }),
  created_by: z.string().nullable().optional().openapi({ description: "Read-only: ignored" }),
  created_at: z.string().optional().openapi({ description: "Read-only: ignored" }),
  updated_at: z.string().optional().openapi({ description: "Read-only: ignored" }),
};

const optionalFields = <K extends FieldName>(names: readonly K[]) =>
  Object.fromEntries(names.map((name) => [name, EVENT_FIELDS[name].optional()])) as {
    [P in K]: z.ZodOptional<(typeof EVENT_FIELDS)[P]>;
  };

const OPTIONAL_NAMES = [
  "time_zone",
  "all_day",
  "description",
  "location",
  "online_link",
  "min_attendees",
  "max_attendees",
  "location_notes",
  "preparation_notes",
] as const;

const eventBodyShape = {
  name: EVENT_FIELDS.name,
  start: EVENT_FIELDS.start,
  end: EVENT_FIELDS.end,
  ...optionalFields(OPTIONAL_NAMES),
};

const RULES =
  `a timed event has date-times, end after start (at most ${MAX_EVENT_DAYS} days later); an all-day event ` +
  "(all_day: true) has dates, end its last day (inclusive: start for one day), at most " +
  `${MAX_EVENT_DAYS} days in all; time_zone an IANA zone name; a location or an https online_link; ` +
  "min_attendees ≤ max_attendees. Unknown fields are refused; every problem is reported at once.";

export const CreateEventBody = z.strictObject(eventBodyShape).openapi("CreateEventRequest", {
  description:
    "A new event. Optional fields may be left out or sent as null (not set); all_day left out is false. " +
    `Rules: ${RULES}`,
});

export const ReplaceEventBody = z
  .strictObject({ ...eventBodyShape, ...READ_ONLY_FIELDS })
  .openapi("ReplaceEventRequest", {
    description:
      "The whole event: optional fields left out become null (all_day: false). The read-only fields of a read (id, " +
      `created_by, created_at, updated_at) may be sent back as they came and are ignored. Rules: ${RULES}`,
  });

export const UpdateEventBody = z
  .strictObject({ ...optionalFields(FIELD_NAMES), ...READ_ONLY_FIELDS })
  .refine((body) => FIELD_NAMES.some((name) => body[name] !== undefined), "Send at least one field to change.")
  .openapi("UpdateEventRequest", {
    description:
      "The fields to change (null clears an optional one); what is left out stays. The event as changed must follow " +
      `the rules: ${RULES}`,
  });

/** An event's start or end as the API answers it: an instant in UTC, or a date for an all-day event. */
const EventTime = (example: string, description: string) =>
  z.union([z.iso.datetime(), z.iso.date()]).openapi({ example, description });

export const EventSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    start: EventTime("2025-12-11T12:00:00.000Z", "UTC date-time; for an all-day event, its first day (YYYY-MM-DD)"),
    end: EventTime(
      "2025-12-11T13:30:00.000Z",
      "UTC date-time (exclusive); for an all-day event, its last day (YYYY-MM-DD, inclusive)",
    ),
    time_zone: z.string().nullable().openapi({
      example: "Asia/Kolkata",
      description: "The IANA time zone the event was planned in; null for none",
    }),
    all_day: z.boolean().openapi({ description: "Whether start and end are dates, the same days in every zone" }),
    location: z.string().nullable(),
    online_link: z.string().nullable(),
    min_attendees: z.number().int().nullable(),
    max_attendees: z.number().int().nullable(),
    location_notes: z.string().nullable(),
    preparation_notes: z.string().nullable(),
    created_by: z.string().nullable().openapi({ description: "Creator's user id; null once the account is deleted" }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime().openapi({
      description: "Changes on every update: the event's version, which its ETag names",
    }),
  })
  .openapi("Event");

export type Event = z.infer<typeof EventSchema>;

/**
 * The event as the API answers it. An all-day event is stored as the UTC midnights around its days (see
 * queries.ts); it is answered as its first and last day.
 */
export function presentEvent(row: EventRow): Event {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    start: row.allDay ? row.start.slice(0, 10) : row.start,
    end: row.allDay ? addDays(row.end.slice(0, 10), -1) : row.end,
    time_zone: row.timeZone,
    all_day: row.allDay,
    location: row.location,
    online_link: row.onlineLink,
    min_attendees: row.minAttendees,
    max_attendees: row.maxAttendees,
    location_notes: row.locationNotes,
    preparation_notes: row.preparationNotes,
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/**
 * The event's entity tag: its version, `updated_at`, which every write moves forward (so a strong tag: the event as
 * answered changes only with it).
 */
export const etagOf = (event: Pick<Event, "updated_at">): string => `"${event.updated_at}"`;

/** The stored event's fields, as a request would send them. */
export function fieldsOf(row: EventRow): EventFields {
  const { id: _id, created_by: _by, created_at: _at, updated_at: _up, ...fields } = presentEvent(row);
  return fields;
}

// ---- listing --------------------------------------------------------------------------------------------------------

export const ListEventsQuery = z.object({
  from: RangeBoundSchema.optional().openapi({
    description:
      "Start of the range (with `to`): events still going on at `from` or later. A date means midnight UTC for " +
      "timed events, and that day for all-day events.",
    example: "2025-12-01",
  }),
  to: RangeBoundSchema.optional().openapi({
    description: `End of the range (exclusive), at most ${MAX_RANGE_DAYS} days after \`from\`.`,
    example: "2026-01-01",
  }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_RANGE_EVENTS)
    .optional()
    .openapi({
      description:
        `With a range: at most this many events (default and maximum ${MAX_RANGE_EVENTS}); ` +
        `without: the page size (default ${UPCOMING_PAGE.default}, maximum ${UPCOMING_PAGE.max}).`,
    }),
  cursor: z.string().min(1).max(512).optional().openapi({ description: "`next_cursor` of the previous answer" }),
});

export const IcsQuery = ListEventsQuery.pick({ from: true, to: true });

/** Rules across the parameters of a listing: a whole range, forwards, at most MAX_RANGE_DAYS long. */
export function rangeProblems(query: unknown): FieldProblem[] {
  if (typeof query !== "object" || query === null) return [];
  const raw = query as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const hasFrom = raw.from !== undefined;
  const hasTo = raw.to !== undefined;
  if (hasFrom !== hasTo) {
    problems.push({ path: hasFrom ? "to" : "from", message: "Give both from and to, or neither (upcoming events)." });
  }
  const from = RangeBoundSchema.safeParse(raw.from);
  const to = RangeBoundSchema.safeParse(raw.to);
  if (from.success && to.success) {
    if (to.data <= from.data) problems.push({ path: "to", message: "Must be after from." });
    else if (Date.parse(to.data) - Date.parse(from.data) > MAX_RANGE_DAYS * DAY_MS) {
      problems.push({ path: "to", message: `Must be at most ${MAX_RANGE_DAYS} days after from.` });
    }
  }
  if (!hasFrom && !hasTo && raw.limit !== undefined) {
    const limit = Number(raw.limit);
    if (Number.isInteger(limit) && limit > UPCOMING_PAGE.max) {
      problems.push({ path: "limit", message: `Without a range, pages hold at most ${UPCOMING_PAGE.max} events.` });
    }
  }
  return problems;
}

/** Position in `(start, id)` order, for cursors. */
export const StartPosition = z.tuple([z.iso.datetime(), z.string().min(1).max(512)]);

export const EventPage = z
  .object({
    data: z.array(EventSchema),
    next_cursor: z
      .string()
      .nullable()
      .openapi({ description: "Where the next answer starts; null when there is no more" }),
  })
  .openapi("EventPage");
