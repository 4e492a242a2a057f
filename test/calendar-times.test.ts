import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Event } from "../src/calendar/models";
import { events } from "../src/calendar/schema";
import { constraintViolation } from "../src/http/errors";
import {
  createEvent,
  expectFieldErrors,
  getEvent,
  listEvents,
  newEvent,
  patchEvent,
  postEvent,
  putEvent,
  readICalendar,
} from "./calendar-fixtures";
import { call, createUser, db, dbCost, idsOf, withQuery } from "./helpers";

// Time zones and all-day events, as a calendar client meets them: the zone an event was planned in and an all-day
// event's dates come back the same from every read (one event, ranges, the live feed's payloads, the .ics feed), and
// every write refuses a zone or a date it cannot take, naming the field. Range tests each use a year of their own.

let nextYear = 2060;
/** A year no other test in this file puts events in. */
const freshYear = () => nextYear++;

/** An all-day event on the days `start` to `end` (inclusive). */
const allDay = (start: string, end = start, fields: Record<string, unknown> = {}) => ({
  ...newEvent,
  all_day: true,
  start,
  end,
  ...fields,
});

async function storedRow(id: string) {
  const [row] = await db().select().from(events).where(eq(events.id, id));
  return row;
}

// ---- time zones -----------------------------------------------------------------------------------------------------

describe("time_zone", () => {
  it("keeps the zone an event was planned in through create, read, range, PATCH and PUT", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    const created = await createEvent(user, {
      start: `${year}-03-10T09:00:00+05:30`,
      end: `${year}-03-10T10:30:00+05:30`,
      time_zone: "Asia/Kolkata",
    });
    expect(created).toMatchObject({
      start: `${year}-03-10T03:30:00.000Z`,
      end: `${year}-03-10T05:00:00.000Z`,
      time_zone: "Asia/Kolkata",
      all_day: false,
    });
    expect((await getEvent(created.id)).body).toEqual(created);
    expect((await listEvents({ from: `${year}-03-10`, to: `${year}-03-11` })).body.data).toEqual([created]);

    const moved = await patchEvent(user, created.id, { time_zone: "America/New_York" });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toEqual({ ...created, time_zone: "America/New_York", updated_at: moved.body.updated_at });
    const cleared = await patchEvent(user, created.id, { time_zone: null });
    expect(cleared.body.time_zone).toBeNull();
    const replaced = await putEvent(user, created.id, { ...newEvent, time_zone: "Europe/Paris" });
    expect(replaced.body).toMatchObject({ time_zone: "Europe/Paris", start: "2025-12-11T12:00:00.000Z" });
    expect((await storedRow(created.id))?.timeZone).toBe("Europe/Paris");
    // A full replacement that leaves the zone out unsets it.
    const without = await putEvent(user, created.id, newEvent);
    expect(without.body.time_zone).toBeNull();
    expect((await storedRow(created.id))?.timeZone).toBeNull();
  });

  it.each([
    ["Asia/Kolkata", "Asia/Kolkata"],
    ["America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"],
    ["Etc/GMT+5", "Etc/GMT+5"],
    ["UTC", "UTC"],
    ["utc", "UTC"],
    ["europe/paris", "Europe/Paris"],
  ])("takes %s and answers %s (the name as sent, its case as the zone database writes it)", async (sent, kept) => {
    const event = await createEvent(await createUser("customer"), { time_zone: sent });
    expect(event.time_zone).toBe(kept);
  });

  it.each([
    ["a zone that does not exist", "Mars/Olympus_Mons"],
    ["an offset", "+05:30"],
    ["an abbreviation that is no IANA zone", "IST"],
    ["another", "pst"],
    ["a name with a space", "Asia/Kolkata "],
    ["an empty name", ""],
    ["a path", "../Asia/Kolkata"],
    ["a name too long", `Asia/${"x".repeat(70)}`],
    ["a number", 530],
    ["an object", { id: "Asia/Kolkata" }],
  ])("refuses %s with a 400 naming time_zone, on create, PUT and PATCH", async (_what, zone) => {
    const user = await createUser("customer");
    expectFieldErrors(await postEvent(user, { ...newEvent, time_zone: zone }), ["time_zone"]);
    const created = await createEvent(user);
    expectFieldErrors(await putEvent(user, created.id, { ...newEvent, time_zone: zone }), ["time_zone"]);
    expectFieldErrors(await patchEvent(user, created.id, { time_zone: zone }), ["time_zone"]);
    expect((await getEvent(created.id)).body).toEqual(created);
  });
});

// ---- all-day events -------------------------------------------------------------------------------------------------

describe("all-day events", () => {
  it("takes dates, answers them as sent (end is the last day), and stores the UTC midnights around them", async () => {
    const user = await createUser("customer");
    const res = await postEvent(user, allDay("2025-12-24"));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ all_day: true, start: "2025-12-24", end: "2025-12-24", time_zone: null });
    expect((await getEvent(res.body.id)).body).toEqual(res.body);
    expect(await storedRow(res.body.id)).toMatchObject({
      allDay: true,
      start: "2025-12-24T00:00:00.000Z",
      end: "2025-12-25T00:00:00.000Z",
    });

    const long = await createEvent(user, allDay("2025-12-24", "2025-12-26", { time_zone: "America/New_York" }));
    expect(long).toMatchObject({ start: "2025-12-24", end: "2025-12-26", time_zone: "America/New_York" });
    const month = await createEvent(user, allDay("2026-01-01", "2026-01-31"));
    expect(month).toMatchObject({ start: "2026-01-01", end: "2026-01-31" });
  });

  it("moves an all-day event with PATCH, changes it to a timed one and back, and replaces it with PUT", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, allDay("2025-12-24", "2025-12-25"));

    const moved = await patchEvent(user, created.id, { start: "2025-12-26", end: "2025-12-27" });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ all_day: true, start: "2025-12-26", end: "2025-12-27" });
    const longer = await patchEvent(user, created.id, { end: "2025-12-29" });
    expect(longer.body).toMatchObject({ all_day: true, start: "2025-12-26", end: "2025-12-29" });

    const timed = await patchEvent(user, created.id, {
      all_day: false,
      start: "2025-12-26T18:00:00+01:00",
      end: "2025-12-26T23:00:00+01:00",
    });
    expect(timed.status, JSON.stringify(timed.body)).toBe(200);
    expect(timed.body).toMatchObject({
      all_day: false,
      start: "2025-12-26T17:00:00.000Z",
      end: "2025-12-26T22:00:00.000Z",
    });
    expect(await storedRow(created.id)).toMatchObject({ allDay: false, start: "2025-12-26T17:00:00.000Z" });

    const back = await patchEvent(user, created.id, { all_day: true, start: "2025-12-31", end: "2025-12-31" });
    expect(back.body).toMatchObject({ all_day: true, start: "2025-12-31", end: "2025-12-31" });
    expect(await storedRow(created.id)).toMatchObject({
      start: "2025-12-31T00:00:00.000Z",
      end: "2026-01-01T00:00:00.000Z",
    });

    // PUT sends the whole event: what a drag-and-drop client sends back, read-only fields and all.
    const replaced = await putEvent(user, created.id, { ...back.body, start: "2026-01-02", end: "2026-01-02" });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ all_day: true, start: "2026-01-02", end: "2026-01-02" });
    // A replacement that leaves all_day out is a timed event: it needs date-times.
    expectFieldErrors(await putEvent(user, created.id, { ...newEvent, start: "2026-01-03", end: "2026-01-03" }), [
      "start",
      "end",
    ]);
    const timedAgain = await putEvent(user, created.id, newEvent);
    expect(timedAgain.body).toMatchObject({ all_day: false, start: "2025-12-11T12:00:00.000Z" });
  });

  it.each([
    ["date-times for an all-day event", allDay("2025-12-24T00:00:00Z", "2025-12-25T00:00:00Z"), ["start", "end"]],
    ["a date-time start for an all-day event", allDay("2025-12-24T00:00:00Z", "2025-12-24"), ["start"]],
    ["dates for a timed event", { ...newEvent, start: "2025-12-24", end: "2025-12-25" }, ["start", "end"]],
    ["dates with all_day: false", allDay("2025-12-24", "2025-12-25", { all_day: false }), ["start", "end"]],
    ["an end before the start", allDay("2025-12-24", "2025-12-23"), ["end"]],
    ["more than 31 days", allDay("2026-01-01", "2026-02-01"), ["end"]],
    ["a day that does not exist", allDay("2025-02-29", "2025-03-01"), ["start"]],
    ["a date in a wrong shape", allDay("2025-12-4", "2025-12-24"), ["start"]],
    ["the last day there is", allDay("9999-12-31"), ["start", "end"]],
    ["all_day as a string", allDay("2025-12-24", "2025-12-24", { all_day: "true" }), ["all_day"]],
    ["all_day as null", allDay("2025-12-24", "2025-12-24", { all_day: null }), ["all_day"]],
  ])("refuses %s with a 400 naming the field", async (_what, body, paths) => {
    expectFieldErrors(await postEvent(await createUser("customer"), body), paths);
  });

  it.each([
    ["turning it all-day without dates", { all_day: true }, ["start", "end"]],
    ["a date start for the timed event", { start: "2025-12-11" }, ["start"]],
  ])("checks the event as changed by a PATCH: refuses %s", async (_what, patch, paths) => {
    const user = await createUser("customer");
    const created = await createEvent(user);
    expectFieldErrors(await patchEvent(user, created.id, patch), paths);
    expect((await getEvent(created.id)).body).toEqual(created);
  });

  it("checks the all-day event as changed by a PATCH: dates only, the end not before the start", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, allDay("2025-12-24", "2025-12-26"));
    expectFieldErrors(await patchEvent(user, created.id, { all_day: false }), ["start", "end"]);
    expectFieldErrors(await patchEvent(user, created.id, { start: "2025-12-27" }), ["end"]);
    expectFieldErrors(await patchEvent(user, created.id, { end: "2025-12-26T12:00:00Z" }), ["end"]);
    expect((await getEvent(created.id)).body).toEqual(created);
  });

  it("keeps the database's own rule: an all-day event's stored times are midnights", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, allDay("2025-12-24"));
    const refused = await db()
      .update(events)
      .set({ start: "2025-12-24T05:00:00.000Z" })
      .where(eq(events.id, created.id))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(constraintViolation(refused)).toBe("check");
    expect((await getEvent(created.id)).body).toEqual(created);
  });
});

// ---- ranges ---------------------------------------------------------------------------------------------------------

describe("ranges with all-day events", () => {
  /** `date`'s midnight in a zone `offset` from UTC (`+05:30`), as a range bound. */
  const localMidnight = (date: string, offset: string) => `${date}T00:00:00${offset}`;
  const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  it("finds an all-day event in the day's range of every zone, from UTC−12 to UTC+14", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    const day = `${year}-12-24`;
    const eve = await createEvent(user, allDay(day, day, { name: "Christmas Eve" }));
    const timed = await createEvent(user, { start: `${day}T12:00:00Z`, end: `${day}T13:00:00Z` });

    for (const offset of ["-12:00", "-08:00", "Z", "+01:00", "+05:30", "+14:00"]) {
      const res = await listEvents({ from: localMidnight(day, offset), to: localMidnight(nextDay(day), offset) });
      expect(res.status).toBe(200);
      expect(idsOf(res.body.data), `the 24th at UTC${offset}`).toContain(eve.id);
      expect(dbCost(res).queries).toBe(1);
    }
    // As dates, the range is the days themselves: the all-day event is on the 24th only.
    const days = (from: string, to: string) => listEvents({ from, to }).then((res) => idsOf(res.body.data));
    expect(await days(day, nextDay(day))).toEqual([eve.id, timed.id]);
    expect(await days(`${year}-12-23`, day)).toEqual([]);
    expect(await days(nextDay(day), `${year}-12-26`)).toEqual([]);
    // Two days away, it is no zone's 24th.
    expect(
      idsOf((await listEvents({ from: `${year}-12-26T00:00:00Z`, to: `${year}-12-27T00:00:00Z` })).body.data),
    ).toEqual([]);
    expect(
      idsOf((await listEvents({ from: `${year}-12-22T00:00:00+14:00`, to: `${year}-12-23T00:00:00+14:00` })).body.data),
    ).toEqual([]);
  });

  it("finds an all-day event that began up to 31 days before the range, and one that spans the range", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    const january = await createEvent(user, allDay(`${year}-01-01`, `${year}-01-31`, { name: "January" }));
    const spans = await createEvent(user, allDay(`${year}-01-20`, `${year}-02-10`, { name: "Across" }));
    const res = await listEvents({ from: `${year}-01-31`, to: `${year}-02-01` });
    expect(idsOf(res.body.data)).toEqual([january.id, spans.id]);
    const after = await listEvents({ from: `${year}-02-01`, to: `${year}-03-01` });
    expect(idsOf(after.body.data)).toEqual([spans.id]);
  });

  it("orders all-day events among timed ones by their first day's UTC midnight, and pages through them", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    const early = await createEvent(user, { start: `${year}-05-01T22:00:00Z`, end: `${year}-05-02T01:00:00Z` });
    const second = await createEvent(user, allDay(`${year}-05-02`));
    const third = await createEvent(user, { start: `${year}-05-02T08:00:00Z`, end: `${year}-05-02T09:00:00Z` });
    const first = await listEvents({ from: `${year}-05-01`, to: `${year}-05-03`, limit: 2 });
    expect(idsOf(first.body.data)).toEqual([early.id, second.id]);
    const rest = await listEvents({
      from: `${year}-05-01`,
      to: `${year}-05-03`,
      limit: 2,
      cursor: first.body.next_cursor ?? "",
    });
    expect(idsOf(rest.body.data)).toEqual([third.id]);
  });
});

// ---- the iCalendar feed ---------------------------------------------------------------------------------------------

/** An event's `DTSTART` and `DTEND` lines in a parsed VEVENT, with their parameters. */
const timesOf = (vevent: Record<string, string>) =>
  Object.fromEntries(Object.entries(vevent).filter(([name]) => /^DT(START|END)/.test(name)));

describe("GET /events.ics with zones and all-day events", () => {
  it("writes all-day events as DATE values (DTEND the day after), zoned ones as TZID local times, the rest in UTC", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    const eve = await createEvent(user, allDay(`${year}-12-24`, `${year}-12-24`, { time_zone: "Asia/Kolkata" }));
    const holidays = await createEvent(user, allDay(`${year}-12-30`, `${year}-12-31`));
    const kolkata = await createEvent(user, {
      start: `${year}-12-11T17:30:00+05:30`,
      end: `${year}-12-11T19:00:00.400+05:30`,
      time_zone: "Asia/Kolkata",
    });
    const paris = await createEvent(user, {
      start: `${year}-12-12T09:00:00+01:00`,
      end: `${year}-12-12T10:00:00+01:00`,
      time_zone: "Europe/Paris",
    });
    const utc = await createEvent(user, { start: `${year}-12-13T09:00:00Z`, end: `${year}-12-13T10:00:00Z` });

    const res = await call("GET", withQuery("/events.ics", { from: `${year}-12-01`, to: `${year + 1}-01-01` }));
    const { vevents, vtimezones } = await readICalendar(res);
    const byUid = Object.fromEntries(vevents.map((vevent) => [vevent.UID, vevent]));
    const vevent = (event: Event) => byUid[`${event.id}@edge-platform`]!;

    expect(timesOf(vevent(eve))).toEqual({
      "DTSTART;VALUE=DATE": `${year}1224`,
      "DTEND;VALUE=DATE": `${year}1225`,
    });
    expect(timesOf(vevent(holidays))).toEqual({
      "DTSTART;VALUE=DATE": `${year}1230`,
      "DTEND;VALUE=DATE": `${year + 1}0101`,
    });
    expect(timesOf(vevent(kolkata))).toEqual({
      "DTSTART;TZID=Asia/Kolkata": `${year}1211T173000`,
      // Rounded up to the second, as UTC ends are.
      "DTEND;TZID=Asia/Kolkata": `${year}1211T190001`,
    });
    expect(timesOf(vevent(paris))).toEqual({
      "DTSTART;TZID=Europe/Paris": `${year}1212T090000`,
      "DTEND;TZID=Europe/Paris": `${year}1212T100000`,
    });
    expect(timesOf(vevent(utc))).toEqual({ DTSTART: `${year}1213T090000Z`, DTEND: `${year}1213T100000Z` });

    // One VTIMEZONE for each TZID used (the all-day event's zone is not one), with the offsets in force.
    expect(vtimezones.map((zone) => zone.TZID).sort()).toEqual(["Asia/Kolkata", "Europe/Paris"]);
    const india = vtimezones.find((zone) => zone.TZID === "Asia/Kolkata")!;
    expect(india.observances).toEqual([
      { kind: "STANDARD", DTSTART: `${year - 1}1230T053000`, TZOFFSETFROM: "+0530", TZOFFSETTO: "+0530" },
    ]);
    const france = vtimezones.find((zone) => zone.TZID === "Europe/Paris")!;
    expect(france.observances.map(({ kind, TZOFFSETFROM, TZOFFSETTO }) => [kind, TZOFFSETFROM, TZOFFSETTO])).toEqual([
      ["STANDARD", "+0100", "+0100"],
      ["DAYLIGHT", "+0100", "+0200"],
      ["STANDARD", "+0200", "+0100"],
    ]);
    // Summer time starts at 02:00 local time on the last Sunday of March, and ends at 03:00 on the last of October.
    const [, spring, autumn] = france.observances;
    expect(spring!.DTSTART).toMatch(new RegExp(`^${year}03(2[5-9]|3[01])T020000$`));
    expect(autumn!.DTSTART).toMatch(new RegExp(`^${year}10(2[5-9]|3[01])T030000$`));
  });

  it("describes a zone's offsets in every year its events fall in", async () => {
    const first = freshYear();
    const second = freshYear();
    const user = await createUser("customer");
    const zoned = (start: string) =>
      createEvent(user, {
        start,
        end: new Date(Date.parse(start) + 3_600_000).toISOString(),
        time_zone: "America/New_York",
      });
    const winter = await zoned(`${first}-12-20T15:00:00Z`);
    const summer = await zoned(`${second}-07-01T15:00:00Z`);
    const res = await call("GET", withQuery("/events.ics", { from: `${first}-12-01`, to: `${second}-08-01` }));
    const { vevents, vtimezones } = await readICalendar(res);
    const byUid = Object.fromEntries(vevents.map((vevent) => [vevent.UID, vevent]));
    expect(byUid[`${winter.id}@edge-platform`]!["DTSTART;TZID=America/New_York"]).toBe(`${first}1220T100000`);
    expect(byUid[`${summer.id}@edge-platform`]!["DTSTART;TZID=America/New_York"]).toBe(`${second}0701T110000`);
    expect(vtimezones).toHaveLength(1);
    const offsets = vtimezones[0]!.observances.map((o) => `${o.TZOFFSETFROM}>${o.TZOFFSETTO}`);
    // In force at the start, then spring forward and fall back in each year.
    expect(offsets).toEqual(["-0500>-0500", "-0500>-0400", "-0400>-0500", "-0500>-0400", "-0400>-0500"]);
  });
});
