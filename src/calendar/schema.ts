import { sql } from "drizzle-orm";
import { check, index, integer, type SQLiteColumn, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema";
import { MAX_TIME_ZONE_LENGTH } from "./time-zones";

/**
 * The longest an event may last. It bounds how far before a range's `from` an overlapping event can start, so that
 * range queries read one slice of the `(start, id, end)` index instead of every older event.
 */
export const MAX_EVENT_DAYS = 31;

/**
 * Times are stored as `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, milliseconds): one fixed width, so text order is time order.
 * SQLite writes a valid time back in exactly that form (and NULL for anything that is not a time).
 */
const isUtcMillis = (column: SQLiteColumn) => sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${column}) IS ${column}`;

export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    start: text("start").notNull(),
    end: text("end").notNull(),
    // The IANA zone the event was planned in (validated against the runtime's zone database), or null.
    timeZone: text("time_zone"),
    // An all-day event's start and end are the UTC midnights that begin its first day and end its last.
    allDay: integer("all_day", { mode: "boolean" }).notNull().default(false),
    location: text("location"),
    onlineLink: text("online_link"),
    minAttendees: integer("min_attendees"),
    maxAttendees: integer("max_attendees"),
    locationNotes: text("location_notes"),
    preparationNotes: text("preparation_notes"),
    // A deleted account's events stay on the calendar, without a creator (editors still manage them).
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // Serves both range reads (`start` between `from` − MAX_EVENT_DAYS and `to`, filtered on `end` and `all_day`
    // inside the index before any row is fetched) and the upcoming list, in `(start, id)` order with no sort step.
    index("events_start_id_end_all_day").on(t.start, t.id, t.end, t.allDay),
    check("events_name_length", sql`length(${t.name}) BETWEEN 1 AND 200`),
    check("events_description_length", sql`${t.description} IS NULL OR length(${t.description}) <= 5000`),
    check("events_start_utc", isUtcMillis(t.start)),
    check("events_end_utc", isUtcMillis(t.end)),
    check("events_end_after_start", sql`${t.end} > ${t.start}`),
    check(
      "events_duration_bounded",
      sql`${t.end} <= strftime('%Y-%m-%dT%H:%M:%fZ', ${t.start}, ${sql.raw(`'+${MAX_EVENT_DAYS} days'`)})`,
    ),
    check(
      "events_time_zone_length",
      sql`${t.timeZone} IS NULL OR length(${t.timeZone}) BETWEEN 1 AND ${sql.raw(String(MAX_TIME_ZONE_LENGTH))}`,
    ),
    check("events_all_day_boolean", sql`${t.allDay} IN (0, 1)`),
    check(
      "events_all_day_midnights",
      sql`${t.allDay} = 0 OR (substr(${t.start}, 11) = 'T00:00:00.000Z' AND substr(${t.end}, 11) = 'T00:00:00.000Z')`,
    ),
    check("events_location_length", sql`${t.location} IS NULL OR length(${t.location}) BETWEEN 1 AND 500`),
    check(
      "events_online_link_https",
      sql`${t.onlineLink} IS NULL OR (${t.onlineLink} LIKE 'https://%' AND length(${t.onlineLink}) <= 2048)`,
    ),
    check("events_location_or_link", sql`${t.location} IS NOT NULL OR ${t.onlineLink} IS NOT NULL`),
    check(
      "events_min_attendees_positive",
      sql`${t.minAttendees} IS NULL OR (typeof(${t.minAttendees}) = 'integer' AND ${t.minAttendees} >= 1)`,
    ),
    check(
      "events_max_attendees_positive",
      sql`${t.maxAttendees} IS NULL OR (typeof(${t.maxAttendees}) = 'integer' AND ${t.maxAttendees} >= 1)`,
    ),
    check(
      "events_min_not_above_max",
      sql`${t.minAttendees} IS NULL OR ${t.maxAttendees} IS NULL OR ${t.minAttendees} <= ${t.maxAttendees}`,
    ),
    check("events_location_notes_length", sql`${t.locationNotes} IS NULL OR length(${t.locationNotes}) <= 2000`),
    check(
      "events_preparation_notes_length",
      sql`${t.preparationNotes} IS NULL OR length(${t.preparationNotes}) <= 5000`,
    ),
  ],
);

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
