import { z } from "@hono/zod-openapi";
import type { FieldProblem } from "../http/problem";
import { DAY_MS, isoAt } from "../time";
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

// ---- times ----------------------------------------------------------------------------------------------------------

const OFFSET_DATE_TIME =
  "Must be an ISO 8601 date-time with a UTC offset, e.g. 2025-12-11T12:00:00Z or 2025-12-11T17:30:00+05:30.";

/** The instant `value` names, in the API's form (`2025-12-11T12:00:00.000Z`), or undefined if it is out of range. */
function toUtc(value: string): string | undefined {
  const date = new Date(value);
  const year = date.getUTCFullYear();
  // Four-digit years only: the stored form must stay fixed-width for text order to be time order.
  return Number.isNaN(year) || year < 1 || year > 9999 ? undefined : date.toISOString();
}

/**
 * A date-time with an offset (`Z` or `±hh:mm`), normalised to UTC with milliseconds. Local times without an offset
 * are refused: the server cannot know whose clock they were read from.
 */
export const InstantSchema = z.iso
  .datetime({
    offset: true,
    abort: true,
    error: (issue) =>
      issue.input === undefined
        ? "Required."
        : issue.input === null
          ? "Required: null is not allowed here."
          : OFFSET_DATE_TIME,
  })
  .refine((value) => toUtc(value) !== undefined, {
    message: "Must fall between the years 0001 and 9999 (UTC).",
    abort: true,
  })
  .overwrite((value) => toUtc(value) ?? value)
  .openapi({ example: "2025-12-11T12:00:00Z" });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A range bound in a query string: a date-time with an offset, or a plain date meaning its midnight UTC. */
const RangeBoundSchema = z
  .string()
  .refine(
    (value) =>
      DATE_ONLY.test(value)
        ? toUtc(`${value}T00:00:00Z`) !== undefined && isRealDate(value)
        : InstantSchema.safeParse(value).success,
    {
      message:
        "Must be a date (2025-12-01, midnight UTC) or a date-time with a UTC offset (2025-12-01T00:00:00+01:00).",
      abort: true,
    },
  )
  .overwrite((value) => (DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : (toUtc(value) ?? value)));

function isRealDate(value: string): boolean {
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

// ---- the fields of an event -----------------------------------------------------------------------------------------

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? "Required." : issue.input === null ? `Required: ${what} cannot be null.` : undefined;

/** An absolute https URL without credentials, spaces or control characters (the page and the .ics link to it). */
const HttpsUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    if (/[\s\p{Cc}]/u.test(value) || !URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
  }, "Must be an absolute https URL without credentials or spaces.");

/**
 * Every writable field, each with its own rules; `null` means "not set" for the optional ones. Rules that tie
 * fields together are in `crossFieldProblems`, which runs even when some fields fail, so that a request learns
 * every problem at once.
 */
export const EVENT_FIELDS = {
  name: z
    .string({ error: required("a name") })
    .trim()
    .min(1, "Must not be empty.")
    .max(200)
    .openapi({ example: "Team lunch" }),
  description: z.string().max(5000).nullable().openapi({ example: "Bring your appetite." }),
  start: InstantSchema,
  end: InstantSchema.openapi({
    example: "2025-12-11T13:30:00Z",
    description: `After start, at most ${MAX_EVENT_DAYS} days later`,
  }),
  location: z
    .string()
    .trim()
    .min(1, "Must not be empty; send null for no location.")
    .max(500)
    .nullable()
    .openapi({ example: "Cafeteria, 2nd floor" }),
  online_link: HttpsUrlSchema.nullable().openapi({ example: "https://meet.example.com/team-lunch" }),
  min_attendees: z.number().int().min(1, "Must be a positive integer.").nullable().openapi({ example: 2 }),
  max_attendees: z.number().int().min(1, "Must be a positive integer.").nullable().openapi({ example: 12 }),
  location_notes: z.string().max(2000).nullable().openapi({ example: "Ask for the team table." }),
  preparation_notes: z.string().max(5000).nullable().openapi({ example: "Order by 11:00." }),
} as const;

type FieldName = keyof typeof EVENT_FIELDS;
const FIELD_NAMES = Object.keys(EVENT_FIELDS) as FieldName[];

/** The fields of an event once parsed (times in UTC, null where unset). */
export type EventFields = { [K in FieldName]: z.output<(typeof EVENT_FIELDS)[K]> };

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
  `end after start (at most ${MAX_EVENT_DAYS} days later); a location or an https online_link; ` +
  "min_attendees ≤ max_attendees. Unknown fields are refused; every problem is reported at once.";

export const CreateEventBody = z.strictObject(eventBodyShape).openapi("CreateEventRequest", {
  description: `A new event. Optional fields may be left out or sent as null (not set). Rules: ${RULES}`,
});

export const ReplaceEventBody = z
  .strictObject({ ...eventBodyShape, ...READ_ONLY_FIELDS })
  .openapi("ReplaceEventRequest", {
    description:
      "The whole event: optional fields left out become null. The read-only fields of a read (id, created_by, " +
      `created_at, updated_at) may be sent back as they came and are ignored. Rules: ${RULES}`,
  });

export const UpdateEventBody = z
  .strictObject({ ...optionalFields(FIELD_NAMES), ...READ_ONLY_FIELDS })
  .refine((body) => FIELD_NAMES.some((name) => body[name] !== undefined), "Send at least one field to change.")
  .openapi("UpdateEventRequest", {
    description:
      "The fields to change (null clears an optional one); what is left out stays. The event as changed must follow " +
      `the rules: ${RULES}`,
  });

export type EventChanges = Partial<EventFields>;

export const EventSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    start: z.iso.datetime().openapi({ example: "2025-12-11T12:00:00.000Z" }),
    end: z.iso.datetime().openapi({ example: "2025-12-11T13:30:00.000Z" }),
    location: z.string().nullable(),
    online_link: z.string().nullable(),
    min_attendees: z.number().int().nullable(),
    max_attendees: z.number().int().nullable(),
    location_notes: z.string().nullable(),
    preparation_notes: z.string().nullable(),
    created_by: z.string().nullable().openapi({ description: "Creator's user id; null once the account is deleted" }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime().openapi({ description: "Changes on every update" }),
  })
  .openapi("Event");

export type Event = z.infer<typeof EventSchema>;

export function presentEvent(row: EventRow): Event {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    start: row.start,
    end: row.end,
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

/** The stored event's fields, as a request would send them. */
export function fieldsOf(row: EventRow): EventFields {
  const { id: _id, created_by: _by, created_at: _at, updated_at: _up, ...fields } = presentEvent(row);
  return fields;
}

// ---- validation across fields ---------------------------------------------------------------------------------------

/**
 * Reads the fields of a request body field by field: those that pass their own rules go over `base` (what the event
 * is without this request: all unset for a create or a replacement, the stored event for a PATCH); the names of those
 * that fail are returned apart, so rules across fields can leave them out.
 */
export function readFields(body: unknown, base: EventFields): { fields: EventFields; invalid: Set<FieldName> } {
  const fields = { ...base };
  const invalid = new Set<FieldName>();
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { fields, invalid: new Set(FIELD_NAMES) };
  for (const name of FIELD_NAMES) {
    if (!(name in body)) continue;
    const parsed = EVENT_FIELDS[name].safeParse((body as Record<string, unknown>)[name]);
    if (parsed.success) (fields as Record<FieldName, unknown>)[name] = parsed.data;
    else invalid.add(name);
  }
  return { fields, invalid };
}

/**
 * The rules that tie fields together, each checked only when the fields it reads are valid on their own (a problem
 * with a field is reported once, by the field's own rule).
 */
export function crossFieldProblems(fields: EventFields, invalid: ReadonlySet<FieldName> = new Set()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { start, end } = fields;
  if (!invalid.has("start") && !invalid.has("end") && start && end) {
    if (end <= start) problems.push({ path: "end", message: "Must be after start." });
    else if (Date.parse(end) - Date.parse(start) > MAX_EVENT_DAYS * DAY_MS) {
      problems.push({ path: "end", message: `Must be at most ${MAX_EVENT_DAYS} days after start.` });
    }
  }
  if (
    !invalid.has("location") &&
    !invalid.has("online_link") &&
    fields.location === null &&
    fields.online_link === null
  ) {
    problems.push({ path: "location", message: "Give a location or an online_link (or both)." });
  }
  const { min_attendees: min, max_attendees: max } = fields;
  if (!invalid.has("min_attendees") && !invalid.has("max_attendees") && min !== null && max !== null && min > max) {
    problems.push({ path: "max_attendees", message: "Must be at least min_attendees." });
  }
  return problems;
}

/** An event with nothing set: the base of a create or a full replacement. */
export const UNSET: EventFields = {
  name: "",
  description: null,
  start: "",
  end: "",
  location: null,
  online_link: null,
  min_attendees: null,
  max_attendees: null,
  location_notes: null,
  preparation_notes: null,
};

// ---- listing --------------------------------------------------------------------------------------------------------

export const ListEventsQuery = z.object({
  from: RangeBoundSchema.optional().openapi({
    description: "Start of the range (with `to`): events still going on at `from` or later. A date means midnight UTC.",
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
