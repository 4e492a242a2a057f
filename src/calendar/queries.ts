import { and, asc, eq, gt, gte, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { keysAbove } from "../db/filters";
import { DAY_MS, isoAt } from "../time";
import { addDays, type EventChanges, type EventFields } from "./fields";
import { type EventRow, events, MAX_EVENT_DAYS, type NewEventRow } from "./schema";

const HOUR_MS = 3_600_000;
/**
 * A date begins somewhere up to 14 hours before its UTC midnight (UTC+14, Kiritimati) and ends somewhere up to 12
 * hours after the next one (UTC−12). An all-day event is on its days in every zone, so it overlaps a range of
 * instants when its days, thus widened, do.
 */
const DAY_BEGINS_EARLIER_MS = 14 * HOUR_MS;
const DAY_ENDS_LATER_MS = 12 * HOUR_MS;

/** The range of instants the stored form can hold (four-digit years: text order is time order). */
const FIRST_MS = Date.parse("0001-01-01T00:00:00.000Z");
const LAST_MS = Date.parse("9999-12-31T23:59:59.999Z");
/** The instant `ms`, clamped to the stored form's range, as stored. */
const storedInstant = (ms: number) => isoAt(Math.min(LAST_MS, Math.max(FIRST_MS, ms)));
const shifted = (iso: string, ms: number) => storedInstant(Date.parse(iso) + ms);

/**
 * An event's times as stored: instants as they are; an all-day event's dates as the UTC midnights that begin its first
 * day and end its last (the midnight after it). Stored alike, both kinds share one index and one order.
 */
function storedTimes(fields: Pick<EventFields, "start" | "end" | "all_day">) {
  return fields.all_day
    ? { start: `${fields.start}T00:00:00.000Z`, end: `${addDays(fields.end, 1)}T00:00:00.000Z`, allDay: true }
    : { start: fields.start, end: fields.end, allDay: false };
}

/**
 * Column values for the writable fields that `changes` carries (left-out fields are left out here too). `whole` is
 * the event as it will be: the stored form of a time depends on whether the event is all-day.
 */
function columnsOf(changes: EventChanges, whole: EventFields): Partial<NewEventRow> {
  const times = storedTimes(whole);
  const kindChanges = changes.all_day !== undefined;
  const columns: Partial<NewEventRow> = {
    name: changes.name,
    description: changes.description,
    start: changes.start !== undefined || kindChanges ? times.start : undefined,
    end: changes.end !== undefined || kindChanges ? times.end : undefined,
    allDay: changes.all_day,
    timeZone: changes.time_zone,
    location: changes.location,
    onlineLink: changes.online_link,
    minAttendees: changes.min_attendees,
    maxAttendees: changes.max_attendees,
    locationNotes: changes.location_notes,
    preparationNotes: changes.preparation_notes,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

/**
 * `updated_at` for a write at `now`: later than the stored one even when two writes fall in the same millisecond,
 * so that every update changes it.
 */
const nextUpdatedAt = (now: string): SQL =>
  sql`CASE WHEN ${now} > ${events.updatedAt} THEN ${now}
        ELSE strftime('%Y-%m-%dT%H:%M:%fZ', ${events.updatedAt}, '+0.001 seconds') END`;

export async function insertEvent(
  db: Database,
  event: { id: string; createdBy: string; now: string; fields: EventFields },
): Promise<EventRow> {
  const row = await db
    .insert(events)
    .values({
      ...(columnsOf(event.fields, event.fields) as NewEventRow),
      id: event.id,
      createdBy: event.createdBy,
      createdAt: event.now,
      updatedAt: event.now,
    })
    .returning()
    .get();
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

export async function findEvent(db: Database, id: string): Promise<EventRow | undefined> {
  return db.select().from(events).where(eq(events.id, id)).get();
}

/**
 * The event `id`, and only in the version `version` (its `updated_at`) when one is given: the guard that makes a
 * write conditional (If-Match) in the same statement as the write, so no other write can fall between the check and it.
 */
const theEvent = (id: string, version?: string) =>
  and(eq(events.id, id), version === undefined ? undefined : eq(events.updatedAt, version));

/**
 * Writes `changes` over the stored event (all fields for a replacement, some for a PATCH; `whole` is the event as
 * changed) in one statement; with `version`, only if the event is still in that version. Undefined when no row
 * was written: the event is gone, or (with `version`) was changed in between.
 */
export async function updateEvent(
  db: Database,
  id: string,
  write: { changes: EventChanges; whole: EventFields; now: string; version?: string },
): Promise<EventRow | undefined> {
  return db
    .update(events)
    .set({ ...columnsOf(write.changes, write.whole), updatedAt: nextUpdatedAt(write.now) })
    .where(theEvent(id, write.version))
    .returning()
    .get();
}

/** Deletes the event (with `version`, only in that version) in one statement; whether a row was deleted. */
export async function deleteEvent(db: Database, id: string, version?: string): Promise<boolean> {
  const deleted = await db.delete(events).where(theEvent(id, version)).returning({ id: events.id });
  return deleted.length > 0;
}

/**
 * Events still going on at `endsAfter` (and starting before `startsBefore`, if given), in `(start, id)` order after
 * the position `after`, at most `limit + 1` of them (the extra one says there are more).
 *
 * An all-day event counts when its days overlap the range: a bound that is a date (`datesBound`, a UTC midnight from a
 * `YYYY-MM-DD` the client sent) is compared with its days as it is; an instant is the same moment on different dates
 * around the world, so the event counts when its days overlap the range in some time zone (see
 * DAY_BEGINS_EARLIER_MS).
 *
 * One statement, one slice of the `(start, id, end, all_day)` index: `start` is bounded on both sides (below by
 * `endsAfter` − MAX_EVENT_DAYS and the widening), and `end` and `all_day` are tested inside the index, so rows are
 * fetched only for the events returned.
 */
export async function listEventsOverlapping(
  db: Database,
  filter: {
    endsAfter: string;
    startsBefore?: string;
    datesBound?: { endsAfter: boolean; startsBefore: boolean };
    after?: readonly [string, string];
    limit: number;
  },
): Promise<EventRow[]> {
  const { endsAfter, startsBefore, datesBound } = filter;
  const endsAfterDay = datesBound?.endsAfter ? endsAfter : shifted(endsAfter, -DAY_ENDS_LATER_MS);
  const startsBeforeDay =
    startsBefore === undefined || datesBound?.startsBefore
      ? startsBefore
      : shifted(startsBefore, DAY_BEGINS_EARLIER_MS);
  return db
    .select()
    .from(events)
    .where(
      and(
        // No event lasts longer than MAX_EVENT_DAYS: none that started earlier is still going on.
        gte(events.start, shifted(endsAfterDay, -MAX_EVENT_DAYS * DAY_MS)),
        startsBeforeDay === undefined ? undefined : lt(events.start, startsBeforeDay),
        or(
          and(
            eq(events.allDay, false),
            gt(events.end, endsAfter),
            startsBefore === undefined ? undefined : lt(events.start, startsBefore),
          ),
          and(eq(events.allDay, true), gt(events.end, endsAfterDay)),
        ),
        filter.after && keysAbove([events.start, events.id], filter.after),
      ),
    )
    .orderBy(asc(events.start), asc(events.id))
    .limit(filter.limit + 1);
}
