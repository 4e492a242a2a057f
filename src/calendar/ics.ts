/**
 * The calendar as an RFC 5545 iCalendar feed, written here rather than with a library: the feed needs one VEVENT
 * shape with UTC times only (no time zones, recurrence or alarms), and the npm candidates got the details we need
 * wrong (`ics` folds at 75 characters instead of 75 octets and brings yup; `ical-generator` escapes commas in URL
 * values and leaves the last line without its CRLF).
 */
import type { Event } from "./models";

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

function vevent(event: Event, uidDomain: string): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(`${event.id}@${uidDomain}`)}`,
    // Without a METHOD, DTSTAMP is when the event was last revised in the store (§3.8.7.2).
    `DTSTAMP:${icsDateTime(event.updated_at)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    // Rounded up, so that an event shorter than a second still ends after it starts.
    `DTEND:${icsDateTime(event.end, true)}`,
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

/** The events as one VCALENDAR, every line folded and ended with CRLF. */
export function toICalendar(events: readonly Event[], options: { name: string; uidDomain: string }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//edge-platform//calendar//EN",
    "CALSCALE:GREGORIAN",
    `X-WR-CALNAME:${escapeText(options.name)}`,
    // How often subscribers should fetch the feed again: RFC 7986's property, and the one Outlook and Apple read.
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
    ...events.flatMap((event) => vevent(event, options.uidDomain)),
    "END:VCALENDAR",
  ];
  return lines.map((line) => foldLine(line) + CRLF).join("");
}
