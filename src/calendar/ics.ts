/**
 * The calendar as an RFC 5545 iCalendar feed, written here rather than with a library: the feed needs one VEVENT
 * shape (no recurrence or alarms), and the npm candidates got the details we need wrong (`ics` folds at 75 characters
 * instead of 75 octets and brings yup; `ical-generator` escapes commas in URL values and leaves the last line without
 * its CRLF). Times are UTC, or local times with a TZID for an event planned in a zone (its VTIMEZONE built from the
 * runtime's zone database), or DATE values for an all-day event.
 */
import { addDays } from "./fields";
import type { Event } from "./models";
import { icsWallClock, vtimezone, ZoneClock } from "./time-zones";

const CRLF = "\r\n";
/** RFC 5545 §3.1: content lines SHOULD NOT be longer than 75 octets, line break excluded. */
const MAX_LINE_OCTETS = 75;

/** TEXT values (§3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`, other controls dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/[\\;,]/g, (ch) => `\\${ch}`)
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/\p{Cc}/gu, (ch) => (ch === "\t" ? ch : ""));
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * Folds a content line into lines of at most 75 octets (§3.1): each continuation starts with one space, which counts
 * towards its 75. Breaks fall between characters, never inside a character's UTF-8 bytes.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0) ?? 0);
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = " ";
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** A UTC DATE-TIME (§3.3.5), e.g. `20251211T120000Z`; sub-second parts rounded down, or up with `roundUp`. */
export function icsDateTime(iso: string, roundUp = false): string {
  const ms = Date.parse(iso);
  const seconds = roundUp ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
  return new Date(seconds * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** The text calendar apps show as the event's notes: the description, then the notes for attendees, if any. */
function descriptionOf(event: Event): string | null {
  const parts = [
    event.description,
    event.location_notes && `Location notes: ${event.location_notes}`,
    event.preparation_notes && `Preparation: ${event.preparation_notes}`,
  ].filter((part): part is string => typeof part === "string" && part.trim() !== "");
  return parts.length > 0 ? parts.join("\n\n") : null;
}

/** A DATE value (§3.3.4), e.g. `20251224`. */
const icsDate = (date: string) => date.replaceAll("-", "");

/** Whole seconds of an instant, rounded down, or up with `roundUp`. */
const wholeSeconds = (iso: string, roundUp = false) => {
  const seconds = Date.parse(iso) / 1000;
  return (roundUp ? Math.ceil(seconds) : Math.floor(seconds)) * 1000;
};

/**
 * DTSTART and DTEND: DATE values for an all-day event (DTEND is exclusive, §3.6.1: the day after its last), local
 * times with the TZID of the zone it was planned in, or UTC. The end is rounded up to the second, so that an event
 * shorter than a second still ends after it starts.
 */
function times(event: Event, clocks: ReadonlyMap<string, ZoneClock>): string[] {
  if (event.all_day) {
    return [`DTSTART;VALUE=DATE:${icsDate(event.start)}`, `DTEND;VALUE=DATE:${icsDate(addDays(event.end, 1))}`];
  }
  const clock = event.time_zone === null ? undefined : clocks.get(event.time_zone);
  if (clock) {
    const local = (iso: string, roundUp = false) => icsWallClock(clock.wallClock(wholeSeconds(iso, roundUp)));
    return [`DTSTART;TZID=${clock.zone}:${local(event.start)}`, `DTEND;TZID=${clock.zone}:${local(event.end, true)}`];
  }
  return [`DTSTART:${icsDateTime(event.start)}`, `DTEND:${icsDateTime(event.end, true)}`];
}

function vevent(event: Event, uidDomain: string, clocks: ReadonlyMap<string, ZoneClock>): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(`${event.id}@${uidDomain}`)}`,
    // Without a METHOD, DTSTAMP is when the event was last revised in the store (§3.8.7.2).
    `DTSTAMP:${icsDateTime(event.updated_at)}`,
    ...times(event, clocks),
    `SUMMARY:${escapeText(event.name)}`,
  ];
  const description = descriptionOf(event);
  if (description !== null) lines.push(`DESCRIPTION:${escapeText(description)}`);
  if (event.location !== null) lines.push(`LOCATION:${escapeText(event.location)}`);
  // A URI value, not TEXT: not escaped; the parser's serialisation has no spaces or line breaks in it.
  if (event.online_link !== null) lines.push(`URL:${new URL(event.online_link).href}`);
  lines.push(
    `CREATED:${icsDateTime(event.created_at)}`,
    `LAST-MODIFIED:${icsDateTime(event.updated_at)}`,
    "END:VEVENT",
  );
  return lines;
}

/**
 * A clock for each zone that timed events name, with the instants each must describe. A zone the runtime no longer
 * knows (validated when written, so only after a zone database change) is left out: its events fall back to UTC.
 */
function zonesOf(events: readonly Event[]): Map<string, { clock: ZoneClock; instants: number[] }> {
  const zones = new Map<string, { clock: ZoneClock; instants: number[] }>();
  for (const event of events) {
    if (event.all_day || event.time_zone === null) continue;
    let zone = zones.get(event.time_zone);
    if (!zone) {
      try {
        zone = { clock: new ZoneClock(event.time_zone), instants: [] };
      } catch {
        continue;
      }
      zones.set(event.time_zone, zone);
    }
    zone.instants.push(Date.parse(event.start), Date.parse(event.end));
  }
  return zones;
}

/**
 * The events as one VCALENDAR, every line folded and ended with CRLF: a VTIMEZONE for each zone the events are
 * planned in (§3.6.5: one for every TZID used), then the VEVENTs.
 */
export function toICalendar(events: readonly Event[], options: { name: string; uidDomain: string }): string {
  const zones = zonesOf(events);
  const clocks = new Map([...zones].map(([name, { clock }]) => [name, clock]));
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//edge-platform//calendar//EN",
    "CALSCALE:GREGORIAN",
    `X-WR-CALNAME:${escapeText(options.name)}`,
    // How often subscribers should fetch the feed again: RFC 7986's property, and the one Outlook and Apple read.
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
    ...[...zones.values()].flatMap(({ clock, instants }) => vtimezone(clock, instants)),
    ...events.flatMap((event) => vevent(event, options.uidDomain, clocks)),
    "END:VCALENDAR",
  ];
  return lines.map((line) => foldLine(line) + CRLF).join("");
}
