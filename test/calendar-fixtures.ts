import { expect } from "vitest";
import type { Event } from "../src/calendar/models";
import {
  type CallOptions,
  callJson,
  expectProblem,
  type JsonReply,
  type Page,
  type Query,
  type TestUser,
  withQuery,
} from "./helpers";

// Events through the API as a client sends them, and the .ics feed as a calendar app reads it: shared by the
// calendar's test files.

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A valid event in the past (December 2025, the original calendar's month), in person. */
export const newEvent = {
  name: "Team lunch",
  start: "2025-12-11T12:00:00Z",
  end: "2025-12-11T13:30:00Z",
  location: "Cafeteria, 2nd floor",
};

/** Every writable field set. */
export const fullEvent = {
  name: "Workshop: teaching with short videos",
  description: "Hands-on.\nBring ideas; leave with a plan.",
  start: "2025-12-12T09:00:00Z",
  end: "2025-12-12T12:00:00Z",
  location: "Studio B",
  online_link: "https://meet.example.com/workshop",
  min_attendees: 3,
  max_attendees: 10,
  location_notes: "Second door on the left.",
  preparation_notes: "Charge your phone.",
};

/** The optional fields, unset: what an event has when a body leaves them out. */
export const UNSET_OPTIONALS = {
  time_zone: null,
  all_day: false,
  description: null,
  location: null,
  online_link: null,
  min_attendees: null,
  max_attendees: null,
  location_notes: null,
  preparation_notes: null,
};

/** The read-only fields of an event, which a request body may carry back but never sets. */
export const READ_ONLY = ["id", "created_by", "created_at", "updated_at"] as const;
export const withoutReadOnly = (event: Event) => {
  const body: Record<string, unknown> = { ...event };
  for (const field of READ_ONLY) delete body[field];
  return body;
};

// ---- calling the API ------------------------------------------------------------------------------------------------

export const as = (user: TestUser | undefined, options: Omit<CallOptions, "token"> = {}): CallOptions => ({
  ...options,
  token: user?.token,
});

export const postEvent = (user: TestUser | undefined, body: unknown) =>
  callJson<Event>("POST", "/events", as(user, { body }));
export const getEvent = (id: string) => callJson<Event>("GET", `/events/${id}`);
export const putEvent = (user: TestUser | undefined, id: string, body: unknown, headers?: Record<string, string>) =>
  callJson<Event>("PUT", `/events/${id}`, as(user, { body, headers }));
export const patchEvent = (user: TestUser | undefined, id: string, body: unknown, headers?: Record<string, string>) =>
  callJson<Event>("PATCH", `/events/${id}`, as(user, { body, headers }));
export const deleteEvent = (user: TestUser | undefined, id: string, headers?: Record<string, string>) =>
  callJson<null>("DELETE", `/events/${id}`, as(user, { headers }));
export const listEvents = (query: Query = {}) => callJson<Page<Event>>("GET", withQuery("/events", query));

/** Creates an event through the API and returns it. */
export async function createEvent(user: TestUser, fields: Record<string, unknown> = {}): Promise<Event> {
  const res = await postEvent(user, { ...newEvent, ...fields });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** An event from `start` (ISO, any offset) lasting `hours`. */
export const at = (start: string, hours = 1, fields: Record<string, unknown> = {}) => ({
  ...newEvent,
  start,
  end: new Date(Date.parse(start) + hours * HOUR).toISOString(),
  ...fields,
});

/** A 400 validation_failed listing exactly these field paths (in any order), each with a message. */
export function expectFieldErrors(res: JsonReply, paths: string[]) {
  const body = expectProblem(res, 400, "validation_failed");
  expect(body.errors?.map((error) => error.path).sort()).toEqual([...paths].sort());
  for (const error of body.errors ?? []) expect(error.message).toEqual(expect.any(String));
  return body;
}

// ---- iCalendar ------------------------------------------------------------------------------------------------------

/** The physical lines of an iCalendar body (split on CRLF), each decoded strictly as UTF-8. */
export function physicalLines(bytes: Uint8Array): string[] {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      const line = bytes.subarray(start, i);
      expect(line.length, "a line of at most 75 octets").toBeLessThanOrEqual(75);
      // Throws if a fold split a character's bytes.
      lines.push(decoder.decode(line));
      start = i + 2;
      i++;
    }
  }
  expect(start, "the body ends with CRLF").toBe(bytes.length);
  return lines;
}

/** One VTIMEZONE: its TZID and its observances (STANDARD or DAYLIGHT), each as its property map. */
export interface VTimezone {
  TZID: string;
  observances: ({ kind: string } & Record<string, string>)[];
}

/**
 * Unfolds (RFC 5545 §3.1) and splits into components: every VEVENT as its property map (a name keeps its parameters,
 * e.g. `DTSTART;TZID=Asia/Kolkata`), every VTIMEZONE, plus the calendar's own properties.
 */
export function parseICalendar(lines: string[]) {
  const unfolded: string[] = [];
  for (const line of lines) {
    expect(line).not.toMatch(/[\r\n]/);
    if (line.startsWith(" ")) unfolded[unfolded.length - 1] += line.slice(1);
    else unfolded.push(line);
  }
  const calendar: Record<string, string> = {};
  const vevents: Record<string, string>[] = [];
  const vtimezones: VTimezone[] = [];
  let current: Record<string, string> | undefined;
  let zone: VTimezone | undefined;
  let observance: ({ kind: string } & Record<string, string>) | undefined;
  for (const line of unfolded) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      vevents.push(current!);
      current = undefined;
    } else if (line === "BEGIN:VTIMEZONE") zone = { TZID: "", observances: [] };
    else if (line === "END:VTIMEZONE") {
      vtimezones.push(zone!);
      zone = undefined;
    } else if (zone && (line === "BEGIN:STANDARD" || line === "BEGIN:DAYLIGHT")) observance = { kind: value };
    else if (zone && (line === "END:STANDARD" || line === "END:DAYLIGHT")) {
      zone.observances.push(observance!);
      observance = undefined;
    } else if (observance) observance[name] = value;
    else if (zone) zone.TZID = name === "TZID" ? value : zone.TZID;
    else (current ?? calendar)[name] = value;
  }
  return { unfolded, calendar, vevents, vtimezones };
}

/** The calendar `res` answers, checked for its framing (CRLF, folds) and parsed. */
export async function readICalendar(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  return parseICalendar(physicalLines(new Uint8Array(await res.arrayBuffer())));
}

/** TEXT unescaping (§3.3.11). */
export const unescapeText = (value: string) =>
  value.replace(/\\([\\;,nN])/g, (_match, ch: string) => (ch === "n" || ch === "N" ? "\n" : ch));

export const icsTime = (iso: string) => iso.replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
