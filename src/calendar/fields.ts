import { z } from "@hono/zod-openapi";
import type { FieldProblem } from "../http/problem";
import { DAY_MS, isoAt } from "../time";
import { MAX_EVENT_DAYS } from "./schema";
import { knownTimeZone, MAX_TIME_ZONE_LENGTH } from "./time-zones";

// The rules of an event's fields: each field's own (zod), and those across fields, which run even when some fields
// fail so that one 400 lists every problem.

// ---- times ----------------------------------------------------------------------------------------------------------

const OFFSET_DATE_TIME =
  "Must be an ISO 8601 date-time with a UTC offset, e.g. 2025-12-11T12:00:00Z or 2025-12-11T17:30:00+05:30.";

/** The instant `value` names, in the API's form (`2025-12-11T12:00:00.000Z`), or undefined if it is out of range. */
export function toUtc(value: string): string | undefined {
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

/** Whether `value` is a plain date (`YYYY-MM-DD`) rather than a date-time. */
export const isDate = (value: string): boolean => DATE_ONLY.test(value);

/** The date `days` after `date` (both `YYYY-MM-DD`). */
export const addDays = (date: string, days: number): string =>
  isoAt(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).slice(0, 10);

/** The last date an all-day event may have: its end is stored as the midnight after, which must stay in 9999. */
const LAST_EVENT_DATE = "9999-12-30";

const EVENT_TIME =
  "Must be a date-time with a UTC offset (2025-12-11T12:00:00Z, 2025-12-11T17:30:00+05:30), " +
  "or a date (2025-12-24) for an all-day event.";

/**
 * When an event starts or ends: a date-time with an offset (normalised to UTC with milliseconds, as `InstantSchema`),
 * or a plain date (`YYYY-MM-DD`, kept as it is) for an all-day event. Which of the two an event needs depends on its
 * `all_day`: a rule across fields (`crossFieldProblems`).
 */
export const EventTimeSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? "Required."
        : issue.input === null
          ? "Required: null is not allowed here."
          : EVENT_TIME,
  })
  .superRefine((value, ctx) => {
    if (isDate(value)) {
      if (!isRealDate(value) || value < "0001-01-01" || value > LAST_EVENT_DATE) {
        ctx.addIssue({ code: "custom", message: `Must be a date that exists, from 0001-01-01 to ${LAST_EVENT_DATE}.` });
      }
      return;
    }
    const instant = InstantSchema.safeParse(value);
    if (!instant.success) {
      const outOfRange = z.iso.datetime({ offset: true }).safeParse(value).success;
      ctx.addIssue({
        code: "custom",
        message: outOfRange ? "Must fall between the years 0001 and 9999 (UTC)." : EVENT_TIME,
      });
    }
  })
  .overwrite((value) => (isDate(value) ? value : (toUtc(value) ?? value)));

const TIME_ZONE = "Must be an IANA time zone name, e.g. Asia/Kolkata or America/New_York (or null for none).";

/**
 * The IANA time zone an event was planned in, kept as sent (its case put right; see `knownTimeZone`); checked against
 * the runtime's own zone database (Intl), so any zone a browser knows is accepted.
 */
export const TimeZoneSchema = z
  .string({ error: TIME_ZONE })
  .max(MAX_TIME_ZONE_LENGTH, { message: TIME_ZONE, abort: true })
  .refine((value) => knownTimeZone(value) !== undefined, TIME_ZONE)
  .overwrite((value) => knownTimeZone(value) ?? value);

/** A range bound in a query string: a date-time with an offset, or a plain date meaning its midnight UTC. */
export const RangeBoundSchema = z
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
  start: EventTimeSchema.openapi({
    example: "2025-12-11T12:00:00Z",
    description:
      "A date-time with a UTC offset (stored and returned in UTC); for an all-day event, its first day (YYYY-MM-DD)",
  }),
  end: EventTimeSchema.openapi({
    example: "2025-12-11T13:30:00Z",
    description:
      `A date-time after start, at most ${MAX_EVENT_DAYS} days later; for an all-day event, its last day ` +
      `(YYYY-MM-DD, inclusive: start for a one-day event), at most ${MAX_EVENT_DAYS - 1} days after start`,
  }),
  time_zone: TimeZoneSchema.nullable().openapi({
    example: "Asia/Kolkata",
    description:
      "The IANA time zone the event was planned in, for showing its local times; null for none. It does not change " +
      "what start and end mean: they carry their own offsets.",
  }),
  all_day: z.boolean({ error: "Must be true or false." }).openapi({
    example: false,
    description: "Whether the event takes whole days (start and end are then dates), the same days in every zone",
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

export type FieldName = keyof typeof EVENT_FIELDS;
export const FIELD_NAMES = Object.keys(EVENT_FIELDS) as FieldName[];

/** The fields of an event once parsed (times in UTC, null where unset). */
export type EventFields = { [K in FieldName]: z.output<(typeof EVENT_FIELDS)[K]> };

export type EventChanges = Partial<EventFields>;

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
  if (!invalid.has("all_day")) problems.push(...timeProblems(fields, invalid));
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

/**
 * The rules of an event's times, by its kind: a timed event has date-times, ending after it starts and at most
 * MAX_EVENT_DAYS later; an all-day event has dates, its last day no earlier than its first, MAX_EVENT_DAYS days at
 * most.
 */
function timeProblems(fields: EventFields, invalid: ReadonlySet<FieldName>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const allDay = fields.all_day;
  let kindsFit = true;
  for (const name of ["start", "end"] as const) {
    const value = fields[name];
    if (invalid.has(name) || !value || isDate(value) === allDay) continue;
    kindsFit = false;
    problems.push({
      path: name,
      message: allDay
        ? "An all-day event takes a date (YYYY-MM-DD), not a date-time."
        : "Must be a date-time with a UTC offset; a date alone is for all-day events (all_day: true).",
    });
  }
  const { start, end } = fields;
  if (!kindsFit || invalid.has("start") || invalid.has("end") || !start || !end) return problems;
  if (allDay) {
    if (end < start) problems.push({ path: "end", message: "Must not be before start (end is the event's last day)." });
    else if (end > addDays(start, MAX_EVENT_DAYS - 1)) {
      problems.push({
        path: "end",
        message: `An all-day event lasts at most ${MAX_EVENT_DAYS} days: end at most ${MAX_EVENT_DAYS - 1} days after start.`,
      });
    }
  } else if (end <= start) problems.push({ path: "end", message: "Must be after start." });
  else if (Date.parse(end) - Date.parse(start) > MAX_EVENT_DAYS * DAY_MS) {
    problems.push({ path: "end", message: `Must be at most ${MAX_EVENT_DAYS} days after start.` });
  }
  return problems;
}

/** An event with nothing set: the base of a create or a full replacement. */
export const UNSET: EventFields = {
  name: "",
  description: null,
  start: "",
  end: "",
  time_zone: null,
  all_day: false,
  location: null,
  online_link: null,
  min_attendees: null,
  max_attendees: null,
  location_notes: null,
  preparation_notes: null,
};

/** The fields a body sets, with those it leaves out unset (create, replace). */
export const completeFields = (body: Partial<EventFields>): EventFields =>
  Object.fromEntries(
    Object.entries(UNSET).map(([name, unset]) => [name, body[name as keyof EventFields] ?? unset]),
  ) as EventFields;

/** Only the fields a PATCH sends (null included: it clears), without the read-only ones. */
export const changesOf = (body: Partial<EventFields>): Partial<EventFields> =>
  Object.fromEntries(
    Object.keys(UNSET).flatMap((name) => {
      const value = body[name as keyof EventFields];
      return value === undefined ? [] : [[name, value]];
    }),
  );
