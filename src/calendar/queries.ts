import { and, asc, eq, gt, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { keysAbove } from "../db/filters";
import { DAY_MS, isoAt } from "../time";
import type { EventChanges, EventFields } from "./fields";
import { type EventRow, events, MAX_EVENT_DAYS, type NewEventRow } from "./schema";

/** Column values for the writable fields that `fields` carries (left-out fields are left out here too). */
function columnsOf(fields: EventChanges): Partial<NewEventRow> {
  const columns: Partial<NewEventRow> = {
    name: fields.name,
    description: fields.description,
    start: fields.start,
    end: fields.end,
    location: fields.location,
    onlineLink: fields.online_link,
    minAttendees: fields.min_attendees,
    maxAttendees: fields.max_attendees,
    locationNotes: fields.location_notes,
    preparationNotes: fields.preparation_notes,
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
      ...(columnsOf(event.fields) as NewEventRow),
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

/** Writes `fields` over the stored event (all of them for a replacement, some for a PATCH) in one statement. */
export async function updateEvent(
  db: Database,
  id: string,
  fields: EventChanges,
  now: string,
): Promise<EventRow | undefined> {
  return db
    .update(events)
    .set({ ...columnsOf(fields), updatedAt: nextUpdatedAt(now) })
    .where(eq(events.id, id))
    .returning()
    .get();
}

export async function deleteEvent(db: Database, id: string): Promise<boolean> {
  const deleted = await db.delete(events).where(eq(events.id, id)).returning({ id: events.id });
  return deleted.length > 0;
}

/** The earliest start an event still going on at `at` can have: no event lasts longer than MAX_EVENT_DAYS. */
const earliestStartOfEventsAt = (at: string) => isoAt(Date.parse(at) - MAX_EVENT_DAYS * DAY_MS);

/**
 * Events still going on at `endsAfter` (and starting before `startsBefore`, if given), in `(start, id)` order after
 * the position `after`, at most `limit + 1` of them (the extra one says there are more). One statement, one slice of
 * the `(start, id, end)` index: `start` is bounded on both sides (below by `endsAfter` − MAX_EVENT_DAYS), and `end` is
 * tested inside the index, so rows are fetched only for the events returned.
 */
export async function listEventsOverlapping(
  db: Database,
  filter: { endsAfter: string; startsBefore?: string; after?: readonly [string, string]; limit: number },
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(
      and(
        gte(events.start, earliestStartOfEventsAt(filter.endsAfter)),
        filter.startsBefore === undefined ? undefined : lt(events.start, filter.startsBefore),
        gt(events.end, filter.endsAfter),
        filter.after && keysAbove([events.start, events.id], filter.after),
      ),
    )
    .orderBy(asc(events.start), asc(events.id))
    .limit(filter.limit + 1);
}
