import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app";
import type { CalendarChange } from "../src/calendar/calendar-feed";
import { type Event, ICS_RECENT_DAYS } from "../src/calendar/models";
import { events } from "../src/calendar/schema";
import { invalidCredentials } from "./auth-matrix";
import {
  at,
  createEvent,
  DAY,
  deleteEvent,
  expectFieldErrors,
  fullEvent,
  getEvent,
  HOUR,
  icsTime,
  listEvents,
  newEvent,
  parseICalendar,
  patchEvent,
  physicalLines,
  postEvent,
  putEvent,
  UNSET_OPTIONALS,
  unescapeText,
  withoutReadOnly,
} from "./calendar-fixtures";
import {
  ACCOUNT_LOOKUP,
  BASE,
  base64Url,
  call,
  callJson,
  createUser,
  db,
  dbCost,
  expectProblem,
  ISO_UTC,
  idsOf,
  type JsonReply,
  MISSING_ID,
  type Page,
  type Query,
  sleep,
  type TestUser,
  withQuery,
} from "./helpers";

// Storage is shared by every test in this file. Range tests each use a year of their own (see `freshYear`), so that a
// range query sees only that test's events; only the upcoming-list tests create events that are not over yet, and
// they check their own events' places in the list rather than the whole list.

afterEach(() => {
  vi.restoreAllMocks();
});

let nextYear = 2040;
/** A year no other test in this file puts events in. */
const freshYear = () => nextYear++;

async function storedCount(): Promise<number> {
  return (await db().select({ id: events.id }).from(events)).length;
}

/** Events in the API's order: by start, then by id. */
const byStartThenId = <T extends { start: string; id: string }>(items: T[]) =>
  [...items].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

// ---- creating -------------------------------------------------------------------------------------------------------

describe("POST /events", () => {
  it("creates an event: 201, Location, every field echoed with null where unset, times in UTC", async () => {
    const user = await createUser("customer");
    const res = await postEvent(user, newEvent);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: "Team lunch",
      ...UNSET_OPTIONALS,
      start: "2025-12-11T12:00:00.000Z",
      end: "2025-12-11T13:30:00.000Z",
      location: "Cafeteria, 2nd floor",
      created_by: user.id,
      created_at: expect.stringMatching(ISO_UTC),
      updated_at: res.body.created_at,
    });
    expect(Object.keys(res.body).sort()).toEqual(
      [
        "id",
        "name",
        "description",
        "start",
        "end",
        "time_zone",
        "all_day",
        "location",
        "online_link",
        "min_attendees",
        "max_attendees",
        "location_notes",
        "preparation_notes",
        "created_by",
        "created_at",
        "updated_at",
      ].sort(),
    );
    expect(res.headers.get("Location")).toBe(`/events/${res.body.id}`);
    expect(dbCost(res)).toEqual({ queries: ACCOUNT_LOOKUP.queries + 1, rowsRead: expect.any(Number) });

    const stored = await callJson<Event>("GET", res.headers.get("Location")!);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(res.body);
  });

  it("echoes every field when all are set", async () => {
    const res = await postEvent(await createUser("viewer"), fullEvent);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ...fullEvent,
      start: "2025-12-12T09:00:00.000Z",
      end: "2025-12-12T12:00:00.000Z",
    });
  });

  it("takes null as not set for every optional field", async () => {
    const res = await postEvent(await createUser("customer"), { ...newEvent, ...UNSET_OPTIONALS, location: "Here" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...UNSET_OPTIONALS, location: "Here" });
  });

  it("accepts an online event without a location, and an event with both", async () => {
    const user = await createUser("customer");
    const online = await createEvent(user, { location: undefined, online_link: "https://meet.example.com/x" });
    expect(online).toMatchObject({ location: null, online_link: "https://meet.example.com/x" });
    const hybrid = await createEvent(user, { online_link: "https://meet.example.com/y" });
    expect(hybrid).toMatchObject({ location: "Cafeteria, 2nd floor", online_link: "https://meet.example.com/y" });
  });

  it.each([
    ["2025-12-11T17:30:00+05:30", "2025-12-11T12:00:00.000Z"],
    ["2025-12-11T04:00:00-08:00", "2025-12-11T12:00:00.000Z"],
    ["2025-12-11T12:00:00.5Z", "2025-12-11T12:00:00.500Z"],
    ["2025-12-11T12:00:00.123456Z", "2025-12-11T12:00:00.123Z"],
    ["2025-12-12T01:00:00+13:00", "2025-12-11T12:00:00.000Z"],
  ])("stores %s as %s", async (start, utc) => {
    const event = await createEvent(await createUser("customer"), { start, end: "2025-12-11T18:00:00+01:00" });
    expect(event.start).toBe(utc);
    expect(event.end).toBe("2025-12-11T17:00:00.000Z");
    const [row] = await db().select().from(events).where(eq(events.id, event.id));
    expect(row?.start).toBe(utc);
  });

  it("trims the name and the location", async () => {
    const event = await createEvent(await createUser("customer"), { name: "  Lunch  ", location: "  Here " });
    expect(event).toMatchObject({ name: "Lunch", location: "Here" });
  });

  it.each(["customer", "viewer", "editor", "admin"] as const)("lets a %s create an event", async (role) => {
    const user = await createUser(role);
    expect((await createEvent(user)).created_by).toBe(user.id);
  });

  let admin: TestUser;
  it.each(invalidCredentials(() => admin))("refuses $sent with 401 $code and stores nothing", async (refusal) => {
    admin ??= await createUser("admin");
    const before = await storedCount();
    const res = await callJson("POST", "/events", { body: newEvent, headers: await refusal.headers() });
    expectProblem(res, refusal.status, refusal.code);
    expect(await storedCount()).toBe(before);
  });
});

// ---- validation -----------------------------------------------------------------------------------------------------

describe("validation: one problem per broken rule, with its field path", () => {
  const long = (n: number) => "x".repeat(n);
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["a missing name", { name: undefined }, ["name"]],
    ["an empty name", { name: "" }, ["name"]],
    ["a blank name", { name: "   " }, ["name"]],
    ["a name of 201 characters", { name: long(201) }, ["name"]],
    ["a null name", { name: null }, ["name"]],
    ["a name that is a number", { name: 42 }, ["name"]],
    ["a description of 5001 characters", { description: long(5001) }, ["description"]],
    ["a start without an offset", { start: "2025-12-11T12:00:00" }, ["start"]],
    ["a start that is a date only", { start: "2025-12-11" }, ["start"]],
    ["a start that is not a date", { start: "next Tuesday" }, ["start"]],
    ["a start on a day that does not exist", { start: "2025-02-30T12:00:00Z" }, ["start"]],
    ["a start with an offset without a colon", { start: "2025-12-11T12:00:00+0530" }, ["start"]],
    ["a start as epoch milliseconds", { start: 1765454400000 }, ["start"]],
    ["a missing start", { start: undefined }, ["start"]],
    ["a null end", { end: null }, ["end"]],
    ["an end without an offset", { end: "2025-12-11T13:30:00" }, ["end"]],
    ["an end before the start", { end: "2025-12-11T11:00:00Z" }, ["end"]],
    ["an end equal to the start", { end: "2025-12-11T17:30:00+05:30" }, ["end"]],
    ["an end more than 31 days after the start", { end: "2026-01-11T12:00:00.001Z" }, ["end"]],
    ["neither a location nor an online_link", { location: undefined }, ["location"]],
    ["a null location and a null online_link", { location: null, online_link: null }, ["location"]],
    ["an empty location", { location: "" }, ["location"]],
    ["a blank location", { location: "   " }, ["location"]],
    ["a location of 501 characters", { location: long(501) }, ["location"]],
    ["an http online_link", { online_link: "http://meet.example.com/x" }, ["online_link"]],
    ["an ftp online_link", { online_link: "ftp://files.example.com/x" }, ["online_link"]],
    ["an online_link that is not a URL", { online_link: "meet.example.com/x" }, ["online_link"]],
    ["an online_link with credentials", { online_link: "https://me:secret@meet.example.com/x" }, ["online_link"]],
    ["an online_link with a space", { online_link: "https://meet.example.com/a b" }, ["online_link"]],
    ["an online_link with a line break", { online_link: "https://meet.example.com/a\nb" }, ["online_link"]],
    ["a zero min_attendees", { min_attendees: 0 }, ["min_attendees"]],
    ["a negative max_attendees", { max_attendees: -3 }, ["max_attendees"]],
    ["a fractional min_attendees", { min_attendees: 2.5 }, ["min_attendees"]],
    ["a min_attendees sent as a string", { min_attendees: "5" }, ["min_attendees"]],
    ["min_attendees above max_attendees", { min_attendees: 10, max_attendees: 5 }, ["max_attendees"]],
    ["location_notes of 2001 characters", { location_notes: long(2001) }, ["location_notes"]],
    ["preparation_notes of 5001 characters", { preparation_notes: long(5001) }, ["preparation_notes"]],
    ["an unknown field", { colour: "blue" }, ["colour"]],
    ["an id chosen by the client", { id: "my-own-id" }, ["id"]],
    ["a created_at", { created_at: "2025-01-01T00:00:00.000Z" }, ["created_at"]],
  ];

  it.each(cases)("refuses %s", async (_what, fields, paths) => {
    const user = await createUser("customer");
    const before = await storedCount();
    expectFieldErrors(await postEvent(user, { ...newEvent, ...fields }), paths);
    expect(await storedCount()).toBe(before);
  });

  it("accepts the boundaries: 200-character name, 5000-character description, min = max, exactly 31 days", async () => {
    const event = await createEvent(await createUser("customer"), {
      name: long(200),
      description: long(5000),
      min_attendees: 7,
      max_attendees: 7,
      end: "2026-01-11T12:00:00Z",
    });
    expect(event).toMatchObject({ min_attendees: 7, max_attendees: 7, end: "2026-01-11T12:00:00.000Z" });
  });

  it("reports field problems and cross-field problems together, all at once", async () => {
    const res = await postEvent(await createUser("customer"), {
      name: "",
      start: "2025-12-11T12:00:00Z",
      end: "2025-12-11T11:00:00Z",
      min_attendees: 8,
      max_attendees: 4,
      description: long(5001),
      colour: "blue",
    });
    const body = expectFieldErrors(res, ["name", "end", "location", "max_attendees", "description", "colour"]);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: "end", message: "Must be after start." },
        { path: "location", message: "Give a location or an online_link (or both)." },
        { path: "max_attendees", message: "Must be at least min_attendees." },
        { path: "colour", message: "Unknown field." },
      ]),
    );
  });

  it("does not add a cross-field problem about a field that is itself invalid", async () => {
    // The link is wrong, so "a location or a link" is not reported on top; start is wrong, so "end after start" is not.
    const res = await postEvent(await createUser("customer"), {
      name: "x",
      start: "2025-12-11T12:00:00",
      end: "2025-12-10T12:00:00Z",
      online_link: "http://meet.example.com",
      min_attendees: 0,
      max_attendees: 5,
    });
    expectFieldErrors(res, ["start", "online_link", "min_attendees"]);
  });

  it("refuses an empty body, a body that is not an object, malformed JSON and other media types", async () => {
    const user = await createUser("customer");
    expectFieldErrors(await postEvent(user, {}), ["name", "start", "end", "location"]);
    expectProblem(await postEvent(user, []), 400, "validation_failed");
    const string = await callJson("POST", "/events", {
      token: user.token,
      body: '"a string"',
      headers: { "Content-Type": "application/json" },
    });
    expectFieldErrors(string, ["(body)"]);
    const malformed = await callJson("POST", "/events", {
      token: user.token,
      body: '{"name": "x", ',
      headers: { "Content-Type": "application/json" },
    });
    expectProblem(malformed, 400, "malformed_json");
    const text = await callJson("POST", "/events", {
      token: user.token,
      body: "name=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expectProblem(text, 415, "unsupported_media_type");
  });
});

// ---- reading one ----------------------------------------------------------------------------------------------------

describe("GET /events/{id}", () => {
  it("is public: 200 with the event, one query", async () => {
    const event = await createEvent(await createUser("customer"), fullEvent);
    const res = await getEvent(event.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(event);
    expect(dbCost(res).queries).toBe(1);
  });

  it.each([
    ["an unknown UUID", MISSING_ID],
    ["a word", "no-such-event"],
    ["a number", "42"],
    ["a very long id", "x".repeat(300)],
    ["an emoji", encodeURIComponent("🎉")],
    ["an encoded slash", "a%2Fb"],
    ["'streams'", "streams"],
  ])("answers 404 for %s, not 400", async (_what, id) => {
    expectProblem(await getEvent(id), 404, "not_found");
  });
});

// ---- replacing ------------------------------------------------------------------------------------------------------

describe("PUT /events/{id}", () => {
  it("accepts a body built from the create response (read-only fields removed): 200, replaced, updated_at moves", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, fullEvent);
    const body = { ...withoutReadOnly(created), start: "2025-12-19T09:00:00.000Z", end: "2025-12-19T12:00:00.000Z" };

    const res = await putEvent(user, created.id, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      ...created,
      start: "2025-12-19T09:00:00.000Z",
      end: "2025-12-19T12:00:00.000Z",
      updated_at: expect.stringMatching(ISO_UTC),
    });
    expect(res.body.updated_at > created.updated_at).toBe(true);
    expect((await getEvent(created.id)).body).toEqual(res.body);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
  });

  it("accepts the whole event sent back with new dates (the original's drag-and-drop) and ignores the read-only fields", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, fullEvent);
    const res = await putEvent(user, created.id, {
      ...created,
      start: "2025-12-20T09:00:00Z",
      end: "2025-12-20T12:00:00Z",
      // Read-only: whatever a client sends here changes nothing.
      id: "another-id",
      created_by: "someone-else",
      created_at: "2000-01-01T00:00:00.000Z",
      updated_at: "2000-01-01T00:00:00.000Z",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      created_by: user.id,
      created_at: created.created_at,
      start: "2025-12-20T09:00:00.000Z",
    });
    expect(res.body.updated_at > created.updated_at).toBe(true);
  });

  it("is a full replacement: optional fields left out become null", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, fullEvent);
    const res = await putEvent(user, created.id, { ...newEvent, name: "Replaced" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...UNSET_OPTIONALS, name: "Replaced", location: newEvent.location });
  });

  it("validates like a create, reporting every problem at once, and changes nothing", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user);
    const res = await putEvent(user, created.id, {
      name: "",
      start: "2025-12-11T12:00:00Z",
      end: "2025-12-11T12:00:00Z",
      max_attendees: 0,
    });
    expectFieldErrors(res, ["name", "end", "location", "max_attendees"]);
    expect((await getEvent(created.id)).body).toEqual(created);
  });

  it("answers 404 for an unknown id, whatever the body", async () => {
    const user = await createUser("editor");
    expectProblem(await putEvent(user, MISSING_ID, newEvent), 404, "not_found");
    expectProblem(await putEvent(user, "no-such-event", { name: "" }), 404, "not_found");
  });
});

// ---- changing some fields -------------------------------------------------------------------------------------------

describe("PATCH /events/{id}", () => {
  it("moves an event (what a drag-and-drop sends): 200, other fields kept, updated_at moves", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, fullEvent);
    const res = await patchEvent(user, created.id, {
      start: "2025-12-13T09:00:00+01:00",
      end: "2025-12-13T12:00:00+01:00",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      ...created,
      start: "2025-12-13T08:00:00.000Z",
      end: "2025-12-13T11:00:00.000Z",
      updated_at: expect.stringMatching(ISO_UTC),
    });
    expect(res.body.updated_at > created.updated_at).toBe(true);
    expect((await getEvent(created.id)).body).toEqual(res.body);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
  });

  it("moves updated_at on every update, even two in the same millisecond", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user);
    const seen = [created.updated_at];
    for (const name of ["One", "Two", "Three"]) {
      const res = await patchEvent(user, created.id, { name });
      expect(res.status).toBe(200);
      seen.push(res.body.updated_at);
    }
    const res = await putEvent(user, created.id, newEvent);
    seen.push(res.body.updated_at);
    for (let i = 1; i < seen.length; i++) expect(seen[i]! > seen[i - 1]!, seen.join(" ")).toBe(true);
  });

  it("moves updated_at past the stored one even when the clock has not (same millisecond, clock skew)", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user);
    await db().update(events).set({ updatedAt: "2999-01-01T00:00:00.999Z" }).where(eq(events.id, created.id));
    const patched = await patchEvent(user, created.id, { name: "Later" });
    expect(patched.body.updated_at).toBe("2999-01-01T00:00:01.000Z");
    const replaced = await putEvent(user, created.id, newEvent);
    expect(replaced.body.updated_at).toBe("2999-01-01T00:00:01.001Z");
  });

  it("clears an optional field with null", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, fullEvent);
    const res = await patchEvent(user, created.id, { description: null, max_attendees: null, location: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ description: null, max_attendees: null, location: null, min_attendees: 3 });
  });

  it("accepts the whole event sent back, read-only fields included", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, fullEvent);
    const res = await patchEvent(user, created.id, { ...created, name: "Renamed" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ...withoutReadOnly(created), name: "Renamed" });
  });

  it.each([
    ["an end before the stored start", { end: "2025-12-12T08:00:00Z" }, ["end"]],
    ["a start after the stored end", { start: "2025-12-12T13:00:00Z" }, ["end"]],
    ["a move longer than 31 days", { end: "2026-02-12T09:00:00Z" }, ["end"]],
    ["clearing the only location", { location: null }, ["location"]],
    ["a min above the stored max", { min_attendees: 11 }, ["max_attendees"]],
    ["a max below the stored min", { max_attendees: 2 }, ["max_attendees"]],
    ["a null name", { name: null }, ["name"]],
    ["a null start", { start: null }, ["start"]],
    ["an unknown field alone, which changes nothing either", { colour: "blue" }, ["colour", "(body)"]],
    ["nothing to change", {}, ["(body)"]],
    ["only read-only fields", { id: "x", updated_at: "2025-01-01T00:00:00.000Z" }, ["(body)"]],
  ])("checks the event as changed: refuses %s", async (_what, patch, paths) => {
    const user = await createUser("customer");
    const created = await createEvent(user, { ...fullEvent, online_link: null });
    expectFieldErrors(await patchEvent(user, created.id, patch), paths);
    expect((await getEvent(created.id)).body).toEqual(created);
  });

  it("reports problems of the patch and of the event as changed together", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user, { ...fullEvent, online_link: null });
    const res = await patchEvent(user, created.id, {
      name: "",
      end: "2025-12-12T08:00:00Z",
      location: null,
      min_attendees: 50,
      online_link: "http://insecure.example.com",
    });
    expectFieldErrors(res, ["name", "end", "max_attendees", "online_link"]);
  });

  it("answers 404 for an unknown id, before looking at the body", async () => {
    const user = await createUser("editor");
    expectProblem(await patchEvent(user, MISSING_ID, { name: "x" }), 404, "not_found");
    expectProblem(await patchEvent(user, "nope", {}), 404, "not_found");
  });
});

// ---- who may change an event ----------------------------------------------------------------------------------------

describe("ownership: the creator or an editor changes an event", () => {
  it.each(["customer", "viewer"] as const)(
    "refuses a %s who did not create the event (403) for PUT, PATCH and DELETE, whatever the body",
    async (role) => {
      const owner = await createUser("customer");
      const other = await createUser(role);
      const created = await createEvent(owner);
      expectProblem(await putEvent(other, created.id, newEvent), 403, "forbidden");
      expectProblem(await patchEvent(other, created.id, { name: "Mine now" }), 403, "forbidden");
      expectProblem(await patchEvent(other, created.id, { name: "" }), 403, "forbidden");
      expectProblem(await deleteEvent(other, created.id), 403, "forbidden");
      expect((await getEvent(created.id)).body).toEqual(created);
    },
  );

  it.each(["editor", "admin"] as const)("lets an %s change and delete anyone's event", async (role) => {
    const owner = await createUser("customer");
    const staff = await createUser(role);
    const created = await createEvent(owner);
    const patched = await patchEvent(staff, created.id, { name: "Edited by staff" });
    expect(patched.status).toBe(200);
    expect(patched.body.created_by).toBe(owner.id);
    expect((await putEvent(staff, created.id, newEvent)).status).toBe(200);
    expect((await deleteEvent(staff, created.id)).status).toBe(204);
  });

  it("lets the creator change an event after an editor did", async () => {
    const owner = await createUser("viewer");
    const created = await createEvent(owner);
    expect((await patchEvent(await createUser("editor"), created.id, { name: "Staff" })).status).toBe(200);
    expect((await patchEvent(owner, created.id, { name: "Mine" })).status).toBe(200);
  });

  it("answers 401 to changes without a token", async () => {
    const created = await createEvent(await createUser("customer"));
    expectProblem(await putEvent(undefined, created.id, newEvent), 401, "unauthorized");
    expectProblem(await patchEvent(undefined, created.id, { name: "x" }), 401, "unauthorized");
    expectProblem(await deleteEvent(undefined, created.id), 401, "unauthorized");
  });
});

// ---- deleting -------------------------------------------------------------------------------------------------------

describe("DELETE /events/{id}", () => {
  it("deletes: 204 with no body, then 404", async () => {
    const user = await createUser("customer");
    const created = await createEvent(user);
    const res = await call("DELETE", `/events/${created.id}`, { token: user.token });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
    expectProblem(await getEvent(created.id), 404, "not_found");
    expectProblem(await deleteEvent(user, created.id), 404, "not_found");
  });

  it("answers 404 for an unknown id", async () => {
    expectProblem(await deleteEvent(await createUser("editor"), "no-such-event"), 404, "not_found");
  });
});

// ---- methods --------------------------------------------------------------------------------------------------------

describe("wrong methods", () => {
  it("405 with Allow on /events and /events/{id}", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const res = await call(method, "/events");
      expect(res.headers.get("Allow")?.split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
      await expectProblem(res, 405, "method_not_allowed");
    }
    const item = await call("POST", `/events/${MISSING_ID}`);
    expect(item.headers.get("Allow")?.split(", ").sort()).toEqual(["DELETE", "GET", "HEAD", "PATCH", "PUT"]);
    await expectProblem(item, 405, "method_not_allowed");
  });

  it("keeps /events/stream and /events.ics out of /events/{id}", async () => {
    for (const method of ["PUT", "PATCH", "DELETE", "POST"]) {
      const stream = await call(method, "/events/stream");
      expect(stream.headers.get("Allow")?.split(", ").sort()).toEqual(["GET", "HEAD"]);
      await expectProblem(stream, 405, "method_not_allowed");
    }
    const ics = await call("POST", "/events.ics");
    expect(ics.headers.get("Allow")?.split(", ").sort()).toEqual(["GET", "HEAD"]);
    await expectProblem(ics, 405, "method_not_allowed");
  });

  it("documents the routes at /events/{id} in the OpenAPI document", async () => {
    const doc = await callJson("GET", "/openapi.json");
    expect(Object.keys(doc.body.paths["/events/{id}"]).sort()).toEqual(["delete", "get", "patch", "put"]);
    expect(Object.keys(doc.body.paths["/events"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.body.paths["/events.ics"])).toEqual(["get"]);
    expect(Object.keys(doc.body.paths).filter((path) => path.includes("stream$"))).toEqual([]);
    expect(JSON.stringify(doc.body.paths["/events/{id}"])).not.toContain("middleware");
  });
});

// ---- ranges ---------------------------------------------------------------------------------------------------------

describe("GET /events?from=&to=", () => {
  /**
   * Events around the January–February edge of `year`, by what they are: each named for how it meets February.
   */
  async function monthEdge(year: number) {
    const user = await createUser("editor");
    const y = String(year);
    const make = (name: string, start: string, end: string) =>
      createEvent(user, { name, start: `${y}-${start}`, end: `${y}-${end}` });
    return {
      januaryOnly: await make("January only", "01-15T10:00:00Z", "01-15T11:00:00Z"),
      endsAtFrom: await make("Ends as February begins", "01-31T22:00:00Z", "02-01T00:00:00Z"),
      startsBeforeEndsInside: await make("Starts in January, ends in February", "01-25T09:00:00Z", "02-03T17:00:00Z"),
      acrossMidnight: await make("Across midnight at the month's end", "01-31T23:00:00Z", "02-01T01:00:00Z"),
      startsAtFrom: await make("Starts as February begins", "02-01T00:00:00Z", "02-01T01:00:00Z"),
      acrossTheEnd: await make("Across the end of February", "02-28T23:30:00Z", "03-01T00:30:00Z"),
      startsAtTo: await make("Starts as March begins", "03-01T00:00:00Z", "03-01T01:00:00Z"),
    };
  }

  it("returns the events overlapping the range, by start, across month edges: one query", async () => {
    const year = freshYear();
    const e = await monthEdge(year);

    const february = await listEvents({ from: `${year}-02-01`, to: `${year}-03-01` });
    expect(february.status).toBe(200);
    expect(idsOf(february.body.data)).toEqual(
      idsOf([e.startsBeforeEndsInside, e.acrossMidnight, e.startsAtFrom, e.acrossTheEnd]),
    );
    expect(february.body.next_cursor).toBeNull();
    expect(february.body.data[0]).toEqual(e.startsBeforeEndsInside);
    expect(dbCost(february).queries).toBe(1);

    const january = await listEvents({ from: `${year}-01-01T00:00:00Z`, to: `${year}-02-01T00:00:00Z` });
    expect(idsOf(january.body.data)).toEqual(
      idsOf([e.januaryOnly, e.startsBeforeEndsInside, e.endsAtFrom, e.acrossMidnight]),
    );

    const lastNightOfJanuary = await listEvents({ from: `${year}-01-31T23:30:00Z`, to: `${year}-02-01T00:30:00Z` });
    expect(idsOf(lastNightOfJanuary.body.data)).toEqual(
      idsOf([e.startsBeforeEndsInside, e.endsAtFrom, e.acrossMidnight, e.startsAtFrom]),
    );
  });

  it("finds an event across the year's end from both years: December's month and January's", async () => {
    const first = freshYear();
    const second = freshYear();
    const user = await createUser("editor");
    const december = await createEvent(user, { start: `${first}-12-20T09:00:00Z`, end: `${first}-12-20T10:00:00Z` });
    const party = await createEvent(user, {
      name: "New Year's Eve",
      start: `${first}-12-31T20:00:00-05:00`,
      end: `${second}-01-01T02:00:00-05:00`,
    });
    const january = await createEvent(user, { start: `${second}-01-01T09:00:00Z`, end: `${second}-01-01T10:00:00Z` });
    expect(party).toMatchObject({ start: `${second}-01-01T01:00:00.000Z`, end: `${second}-01-01T07:00:00.000Z` });

    const decemberMonth = await listEvents({
      from: `${first}-12-01T00:00:00-05:00`,
      to: `${second}-01-01T00:00:00-05:00`,
    });
    expect(idsOf(decemberMonth.body.data)).toEqual(idsOf([december, party]));
    const januaryMonth = await listEvents({ from: `${second}-01-01`, to: `${second}-02-01` });
    expect(idsOf(januaryMonth.body.data)).toEqual(idsOf([party, january]));
    expect(dbCost(januaryMonth).queries).toBe(1);
  });

  it("reads range bounds with offsets as the instants they name", async () => {
    const year = freshYear();
    const e = await monthEdge(year);
    // Midnight in Paris (UTC+1) is 23:00 UTC the day before: the event ending at midnight UTC overlaps.
    const paris = await listEvents({ from: `${year}-02-01T00:00:00+01:00`, to: `${year}-02-01T00:30:00+01:00` });
    expect(idsOf(paris.body.data)).toEqual(idsOf([e.startsBeforeEndsInside, e.endsAtFrom, e.acrossMidnight]));
  });

  it("orders events that start together by id", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    const same = [];
    for (let i = 0; i < 4; i++) same.push(await createEvent(user, at(`${year}-06-01T10:00:00Z`, i + 1)));
    const early = await createEvent(user, at(`${year}-06-01T09:00:00Z`));
    const res = await listEvents({ from: `${year}-06-01`, to: `${year}-06-02` });
    expect(idsOf(res.body.data)).toEqual(idsOf([early, ...byStartThenId(same)]));
  });

  it("finds an event that started up to 31 days before the range", async () => {
    const year = freshYear();
    const long = await createEvent(await createUser("customer"), {
      start: `${year}-03-01T00:00:00Z`,
      end: `${year}-04-01T00:00:00Z`,
    });
    const res = await listEvents({ from: `${year}-03-31T12:00:00Z`, to: `${year}-04-02T00:00:00Z` });
    expect(idsOf(res.body.data)).toEqual([long.id]);
  });

  it("caps an answer at `limit` and continues from next_cursor, one query a page", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    const created = [];
    for (let day = 1; day <= 7; day++) created.push(await createEvent(user, at(`${year}-05-0${day}T08:00:00Z`, 2)));
    const seen: Event[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Query = { from: `${year}-05-01`, to: `${year}-06-01`, limit: 3 };
      if (cursor) query.cursor = cursor;
      const res: JsonReply<Page<Event>> = await listEvents(query);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      expect(dbCost(res).queries).toBe(1);
      seen.push(...res.body.data);
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(idsOf(seen)).toEqual(idsOf(created));
  });

  it("reads only the index slice it needs: rows read stay close to the events returned", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    // A busy year: an event a day, of which a week is asked for.
    const rows = Array.from({ length: 120 }, (_, day) => {
      const start = new Date(Date.UTC(year, 0, 1) + day * DAY + 10 * HOUR).toISOString();
      return {
        id: crypto.randomUUID(),
        name: `Day ${day}`,
        start,
        end: new Date(Date.parse(start) + HOUR).toISOString(),
        location: "Here",
        createdBy: user.id,
        createdAt: start,
        updatedAt: start,
      };
    });
    for (let i = 0; i < rows.length; i += 10)
      await db()
        .insert(events)
        .values(rows.slice(i, i + 10));
    const res = await listEvents({ from: `${year}-03-01`, to: `${year}-03-08` });
    expect(res.body.data).toHaveLength(7);
    const cost = dbCost(res);
    expect(cost.queries).toBe(1);
    // The 31 days before `from` are scanned in the index (their end is tested there), plus the week's rows.
    expect(cost.rowsRead).toBeLessThan(60);
  });

  it.each([
    ["from without to", { from: "2031-02-01" }, ["to"]],
    ["to without from", { to: "2031-02-01" }, ["from"]],
    ["to before from", { from: "2031-02-01", to: "2031-01-01" }, ["to"]],
    ["to equal to from", { from: "2031-02-01", to: "2031-02-01T00:00:00Z" }, ["to"]],
    ["a range longer than 366 days", { from: "2031-01-01", to: "2032-01-03" }, ["to"]],
    ["a from without an offset", { from: "2031-02-01T00:00:00", to: "2031-03-01" }, ["from"]],
    ["a to that is not a date", { from: "2031-02-01", to: "soon" }, ["to"]],
    ["a date that does not exist", { from: "2031-02-30", to: "2031-03-01" }, ["from"]],
    ["a limit of 0", { from: "2031-02-01", to: "2031-03-01", limit: 0 }, ["limit"]],
    ["a limit above 1000", { from: "2031-02-01", to: "2031-03-01", limit: 1001 }, ["limit"]],
    ["an unreadable from and a from-less to, together", { from: "later", to: "soon" }, ["from", "to"]],
  ])("refuses %s", async (_what, query, paths) => {
    expectFieldErrors(await listEvents(query), paths);
  });

  it("accepts exactly 366 days", async () => {
    expect((await listEvents({ from: "2031-01-01", to: "2032-01-02" })).status).toBe(200);
  });

  it("refuses a cursor it did not issue", async () => {
    const res = await listEvents({ from: "2031-01-01", to: "2031-02-01", cursor: base64Url('["x"]') });
    expectProblem(res, 400, "invalid_cursor");
  });
});

// ---- upcoming -------------------------------------------------------------------------------------------------------

describe("GET /events (upcoming)", () => {
  it("lists the events not over yet, by start, a page at a time", async () => {
    const user = await createUser("customer");
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const over = await createEvent(user, { start: iso(now - 2 * HOUR), end: iso(now - 60_000) });
    const ongoing = await createEvent(user, { start: iso(now - HOUR), end: iso(now + HOUR) });
    const later = [];
    for (let i = 1; i <= 5; i++)
      later.push(await createEvent(user, { start: iso(now + i * DAY), end: iso(now + i * DAY + HOUR) }));

    const seen: Event[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: JsonReply<Page<Event>> = await listEvents(cursor ? { limit: 2, cursor } : { limit: 2 });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      expect(dbCost(res).queries).toBe(1);
      seen.push(...res.body.data);
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor && pages < 50);

    expect(new Set(idsOf(seen)).size).toBe(seen.length);
    expect(seen).toEqual(byStartThenId(seen));
    for (const event of seen) expect(Date.parse(event.end)).toBeGreaterThan(now - 1000);
    const mine = seen.filter((event) => event.created_by === user.id);
    expect(idsOf(mine)).toEqual(idsOf([ongoing, ...later]));
    expect(idsOf(seen)).not.toContain(over.id);
  });

  it("pages 20 by default and refuses a page above 100", async () => {
    const res = await listEvents();
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(20);
    expectFieldErrors(await listEvents({ limit: 101 }), ["limit"]);
  });
});

describe("GET /events.ics", () => {
  it("serves the range as an RFC 5545 calendar: CRLF, 75-octet folds on character boundaries, escaped text", async () => {
    const year = freshYear();
    const user = await createUser("customer");
    const tricky = await createEvent(user, {
      name: "Lunch, talks; and a \\ backslash",
      description: `Line one\nLine two, with a comma; and a semicolon.\n${"Ünïcödé 🎉 ".repeat(12)}`,
      start: `${year}-12-11T12:00:00Z`,
      end: `${year}-12-11T13:30:00.250Z`,
      location: "Café Olé, 1 Rue de la Paix",
      online_link: "https://meet.example.com/room?a=1,2&b=3;4",
      location_notes: "Ring twice",
    });
    const plain = await createEvent(user, at(`${year}-12-12T09:00:00Z`, 2, { name: "Plain", location: "Here" }));
    await createEvent(user, at(`${year}-12-28T09:00:00Z`, 1, { name: "Outside the range" }));

    const res = await call("GET", withQuery("/events.ics", { from: `${year}-12-01`, to: `${year}-12-20` }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(dbCost(res).queries).toBe(1);
    const lines = physicalLines(new Uint8Array(await res.arrayBuffer()));
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    const { unfolded, calendar, vevents } = parseICalendar(lines);

    expect(unfolded[0]).toBe("BEGIN:VCALENDAR");
    expect(unfolded.at(-1)).toBe("END:VCALENDAR");
    expect(calendar).toMatchObject({
      VERSION: "2.0",
      CALSCALE: "GREGORIAN",
      PRODID: expect.stringContaining("edge-platform"),
    });
    expect(vevents).toHaveLength(2);

    const [first, second] = vevents;
    expect(first).toEqual({
      UID: `${tricky.id}@edge-platform`,
      DTSTAMP: icsTime(tricky.updated_at),
      DTSTART: `${year}1211T120000Z`,
      // Rounded up to the second after the end.
      DTEND: `${year}1211T133001Z`,
      SUMMARY: "Lunch\\, talks\\; and a \\\\ backslash",
      DESCRIPTION: expect.any(String),
      LOCATION: "Café Olé\\, 1 Rue de la Paix",
      URL: "https://meet.example.com/room?a=1,2&b=3;4",
      CREATED: icsTime(tricky.created_at),
      "LAST-MODIFIED": icsTime(tricky.updated_at),
    });
    expect(unescapeText(first!.SUMMARY!)).toBe(tricky.name);
    expect(unescapeText(first!.DESCRIPTION!)).toBe(`${tricky.description}\n\nLocation notes: Ring twice`);
    expect(unescapeText(first!.LOCATION!)).toBe(tricky.location);
    expect(second).toMatchObject({ UID: `${plain.id}@edge-platform`, SUMMARY: "Plain", LOCATION: "Here" });
    expect(second).not.toHaveProperty("URL");
    expect(second).not.toHaveProperty("DESCRIPTION");
  });

  it(`serves the last ${ICS_RECENT_DAYS} days and what is upcoming without a range, so last week stays in subscribers' calendars`, async () => {
    const user = await createUser("customer");
    const daysFromNow = (days: number, name: string) =>
      createEvent(user, at(new Date(Date.now() + days * DAY).toISOString(), 1, { name }));
    const soon = await daysFromNow(3, "Soon");
    const lastWeek = await daysFromNow(-7, "Last week");
    const recent = await daysFromNow(-(ICS_RECENT_DAYS - 1), "Within the window");
    const tooOld = await daysFromNow(-(ICS_RECENT_DAYS + 1), "Before the window");
    const res = await call("GET", "/events.ics");
    expect(res.status).toBe(200);
    const { vevents } = parseICalendar(physicalLines(new Uint8Array(await res.arrayBuffer())));
    const uids = vevents.map((vevent) => vevent.UID);
    for (const kept of [soon, lastWeek, recent]) expect(uids).toContain(`${kept.id}@edge-platform`);
    expect(uids).not.toContain(`${tooOld.id}@edge-platform`);
  });

  it("serves an empty calendar for an empty range, and refuses a bad one", async () => {
    const year = freshYear();
    const res = await call("GET", withQuery("/events.ics", { from: `${year}-01-01`, to: `${year}-02-01` }));
    expect(await res.text()).toBe(
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//edge-platform//calendar//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Edge platform calendar",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    );
    expectFieldErrors(await callJson("GET", withQuery("/events.ics", { from: "2031-02-01" })), ["to"]);
  });
});

// ---- the live feed --------------------------------------------------------------------------------------------------

/** Runs a request through a fresh app with `feed` as the CALENDAR_FEED binding; waits for its background work. */
async function withFeed(feed: { publish(change: CalendarChange): Promise<number> } | "throws", request: Request) {
  const namespace = {
    getByName: () => {
      if (feed === "throws") throw new Error("feed unreachable");
      return feed;
    },
  } as unknown as Env["CALENDAR_FEED"];
  const ctx = createExecutionContext();
  const res = await createApp().fetch(request, { ...env, CALENDAR_FEED: namespace }, ctx);
  const body = await res.text();
  return { res, body: body ? JSON.parse(body) : null, settled: () => waitOnExecutionContext(ctx) };
}

const jsonRequest = (method: string, path: string, user: TestUser, body?: unknown) =>
  new Request(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("notifying the live feed", () => {
  it("sends every committed change to the feed: the full event for insert and update, null for delete", async () => {
    const changes: CalendarChange[] = [];
    const feed = { publish: async (change: CalendarChange) => changes.push(change) };
    const user = await createUser("customer");

    const created = await withFeed(feed, jsonRequest("POST", "/events", user, fullEvent));
    await created.settled();
    const moved = await withFeed(feed, jsonRequest("PATCH", `/events/${created.body.id}`, user, { name: "Moved" }));
    await moved.settled();
    const replaced = await withFeed(feed, jsonRequest("PUT", `/events/${created.body.id}`, user, newEvent));
    await replaced.settled();
    const deleted = await withFeed(feed, jsonRequest("DELETE", `/events/${created.body.id}`, user));
    await deleted.settled();
    const refused = await withFeed(feed, jsonRequest("PATCH", `/events/${MISSING_ID}`, user, { name: "x" }));
    await refused.settled();

    expect(changes).toEqual([
      { type: "insert", id: created.body.id, event: created.body },
      { type: "update", id: created.body.id, event: moved.body },
      { type: "update", id: created.body.id, event: replaced.body },
      { type: "delete", id: created.body.id, event: null },
    ]);
  });

  it("answers without waiting for the feed", async () => {
    const changes: CalendarChange[] = [];
    const slowFeed = {
      publish: async (change: CalendarChange) => {
        await sleep(200);
        return changes.push(change);
      },
    };
    const { res, settled } = await withFeed(
      slowFeed,
      jsonRequest("POST", "/events", await createUser("customer"), newEvent),
    );
    expect(res.status).toBe(201);
    expect(changes).toHaveLength(0);
    await settled();
    expect(changes).toHaveLength(1);
  });

  it.each([
    ["throws", "throws" as const],
    ["rejects", { publish: () => Promise.reject(new Error("feed down")) }],
  ])(
    "still answers 201 and keeps the event when the feed %s, and logs the failure with the request id",
    async (_what, feed) => {
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      const user = await createUser("customer");
      const { res, body, settled } = await withFeed(feed, jsonRequest("POST", "/events", user, newEvent));
      await settled();

      expect(res.status).toBe(201);
      expect((await getEvent(body.id)).body).toEqual(body);
      const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)));
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: "error",
          msg: "calendar_feed_publish_failed",
          request_id: res.headers.get("X-Request-Id"),
          event_id: body.id,
          type: "insert",
        }),
      );
    },
  );

  it("keeps updates and deletes when the feed fails", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const user = await createUser("customer");
    const created = await createEvent(user);
    const patched = await withFeed("throws", jsonRequest("PATCH", `/events/${created.id}`, user, { name: "Kept" }));
    await patched.settled();
    expect(patched.res.status).toBe(200);
    expect((await getEvent(created.id)).body.name).toBe("Kept");
    const deleted = await withFeed("throws", jsonRequest("DELETE", `/events/${created.id}`, user));
    await deleted.settled();
    expect(deleted.res.status).toBe(204);
    expectProblem(await getEvent(created.id), 404, "not_found");
  });
});
