import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getEvent, patchEvent } from "./calendar-fixtures";
import { createUser } from "./helpers";

// The migrations that brought time zones and all-day events, run over a calendar that already has events: every event
// stays as it was, planned in no zone and not all-day, and takes the new fields from then on. This file rebuilds its
// own (isolated) database's events table as it was before them.

const CALENDAR_MIGRATIONS = ["0009_calendar_time_zones_all_day.sql", "0010_calendar_time_zone_all_day_rules.sql"];

/** Runs a migration's statements in one batch, as the D1 migrations runner does. */
async function apply(name: string): Promise<void> {
  const migration = env.TEST_MIGRATIONS.find((m) => m.name === name);
  if (!migration) throw new Error(`no migration ${name}`);
  await env.DB.batch(migration.queries.map((query) => env.DB.prepare(query)));
}

describe("migrating a calendar with events", () => {
  it("keeps every event, with no zone and not all-day, and the rules of the new fields hold afterwards", async () => {
    const user = await createUser("editor");
    // The events table as 0007 and 0008 left it.
    await env.DB.batch([
      env.DB.prepare("DROP TABLE events"),
      ...env.TEST_MIGRATIONS.find((m) => m.name === "0007_calendar_events.sql")!.queries.map((q) => env.DB.prepare(q)),
    ]);
    await env.DB.prepare(
      `INSERT INTO events (id, name, start, end, location, created_by, created_at, updated_at)
       VALUES ('before-the-migration', 'Old event', '2025-12-11T12:00:00.000Z', '2025-12-11T13:30:00.000Z', 'Here', ?,
               '2025-11-01T00:00:00.000Z', '2025-11-01T00:00:00.000Z')`,
    )
      .bind(user.id)
      .run();

    for (const name of CALENDAR_MIGRATIONS) await apply(name);

    const old = await getEvent("before-the-migration");
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({
      name: "Old event",
      start: "2025-12-11T12:00:00.000Z",
      end: "2025-12-11T13:30:00.000Z",
      time_zone: null,
      all_day: false,
      created_by: user.id,
    });
    const moved = await patchEvent(user, "before-the-migration", {
      all_day: true,
      start: "2025-12-24",
      end: "2025-12-24",
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ all_day: true, start: "2025-12-24", end: "2025-12-24" });

    // The table's rules survived the rebuild, the new ones with them.
    const schema = await env.DB.prepare(
      "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'",
    ).first<{
      sql: string;
    }>();
    expect(schema?.sql).toContain("events_all_day_midnights");
    expect(schema?.sql).not.toContain("__new_events");
    const indexes = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'",
    ).all<{
      name: string;
    }>();
    expect(indexes.results.map((row) => row.name)).toContain("events_start_id_end_all_day");
    await expect(
      env.DB.prepare("UPDATE events SET start = '2025-12-24T05:00:00.000Z' WHERE id = 'before-the-migration'").run(),
    ).rejects.toThrow(/CHECK constraint failed/);
  });
});
