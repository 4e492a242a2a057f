// Calendar dates and times as the viewer sees them. A day is a `YYYY-MM-DD` string on the viewer's own calendar;
// timed events are instants (UTC in the API) placed on the viewer's days; all-day events are dates, the same days in
// every zone, and are placed as they are.

import type { Schemas } from "../../api/client";

export type CalendarEvent = Schemas["Event"];

/** The zone the browser runs in, e.g. "Europe/London": where the grid's days begin and end. */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const pad = (value: number, length = 2) => String(value).padStart(length, "0");

/** `YYYY-MM-DD` of a Date's local (viewer's) calendar day. */
export const localDay = (date: Date): string =>
  `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** The viewer's local midnight that starts `day`. */
export const startOfDay = (day: string): Date => {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const midnight = new Date(year, month - 1, date);
  midnight.setFullYear(year); // years below 100 are not 19xx
  return midnight;
};

/** The date `days` after `day` (calendar arithmetic, whatever the clocks do). */
export const addDays = (day: string, days: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** Whole days from `from` to `to` (negative when `to` comes first). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** A month of the calendar, as the URL names it (`2026-12`). */
export interface Month {
  year: number;
  month: number; // 1–12
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const parseMonth = (value: string): Month | null => {
  const match = MONTH_PATTERN.exec(value);
  return match ? { year: Number(match[1]), month: Number(match[2]) } : null;
};

export const monthOf = (day: string): Month => ({ year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) });

export const shiftMonth = ({ year, month }: Month, by: number): Month => {
  const index = year * 12 + (month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};

export const firstDayOf = ({ year, month }: Month): string => `${pad(year, 4)}-${pad(month)}-01`;

/** The first day of the week in the viewer's locale: 1 Monday … 7 Sunday. */
export function firstWeekday(): number {
  try {
    const locale = new Intl.Locale(navigator.language) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    return locale.getWeekInfo?.().firstDay ?? locale.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
}

/** ISO weekday of a day: 1 Monday … 7 Sunday. */
export const weekday = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;

/** The weeks a month grid shows: whole weeks from the one holding the 1st to the one holding the last day. */
export function monthWeeks(month: Month, weekStart = firstWeekday()): string[][] {
  const first = firstDayOf(month);
  const last = addDays(firstDayOf(shiftMonth(month, 1)), -1);
  let day = addDays(first, -((weekday(first) - weekStart + 7) % 7));
  const weeks: string[][] = [];
  while (day <= last) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(day);
      day = addDays(day, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

// ---- placing events on days ------------------------------------------------------------------------------------

/** The viewer's days an event takes: an all-day event its dates; a timed one each local day it overlaps. */
export function daysOf(event: CalendarEvent): { first: string; last: string } {
  if (event.all_day) return { first: event.start.slice(0, 10), last: event.end.slice(0, 10) };
  const start = new Date(event.start);
  // The end is exclusive: an event that ends at midnight is not on the next day.
  const end = new Date(Math.max(Date.parse(event.end) - 1, start.getTime()));
  return { first: localDay(start), last: localDay(end) };
}

/** The events on each day of `days`, in the order a day lists them: all-day first, then by start time. */
export function eventsByDay(events: readonly CalendarEvent[], days: readonly string[]): Map<string, CalendarEvent[]> {
  const byDay = new Map<string, CalendarEvent[]>(days.map((day) => [day, []]));
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return byDay;
  for (const event of [...events].sort(dayOrder)) {
    const span = daysOf(event);
    const from = span.first < first ? first : span.first;
    const to = span.last > last ? last : span.last;
    for (let day = from; day <= to; day = addDays(day, 1)) byDay.get(day)?.push(event);
  }
  return byDay;
}

const dayOrder = (a: CalendarEvent, b: CalendarEvent) =>
  Number(b.all_day) - Number(a.all_day) ||
  (a.all_day ? a.start.localeCompare(b.start) : Date.parse(a.start) - Date.parse(b.start)) ||
  a.name.localeCompare(b.name);

// ---- wall clocks in other zones ---------------------------------------------------------------------------------

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading (`YYYY-MM-DDTHH:mm`) of an instant in `zone`. */
export function wallClock(instant: Date | string, zone: string): string {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    partsFormats.set(zone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(typeof instant === "string" ? new Date(instant) : instant).map((p) => [p.type, p.value]),
  );
  return `${pad(Number(parts.year), 4)}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant a wall-clock reading (`YYYY-MM-DDTHH:mm`) in `zone` names; in a gap (spring forward), just after. */
export function fromWallClock(reading: string, zone: string): Date {
  const asUtc = Date.parse(`${reading}:00Z`);
  let guess = asUtc;
  // Two rounds settle the zone's offset at that moment, DST changes included.
  for (let round = 0; round < 2; round++) {
    const offset = Date.parse(`${wallClock(new Date(guess), zone)}:00Z`) - guess;
    guess = asUtc - offset;
  }
  return new Date(guess);
}

/** Whether `zone` names a time zone this browser knows. */
export function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every zone this browser knows, for the time zone field's suggestions. */
export function allZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    return [viewerZone()];
  }
}

// ---- words --------------------------------------------------------------------------------------------------------

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const longDayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const shortDayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const monthFormat = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" });
const weekdayShort = new Intl.DateTimeFormat(undefined, { weekday: "short", timeZone: "UTC" });
const weekdayLong = new Intl.DateTimeFormat(undefined, { weekday: "long", timeZone: "UTC" });

const utcDate = (day: string) => new Date(`${day}T00:00:00Z`);

export const formatTime = (instant: string | Date) => timeFormat.format(new Date(instant));
export const formatLongDay = (day: string) => longDayFormat.format(utcDate(day));
export const formatShortDay = (day: string) => shortDayFormat.format(utcDate(day));
export const formatMonth = (month: Month) => monthFormat.format(utcDate(firstDayOf(month)));
export const formatWeekdayShort = (day: string) => weekdayShort.format(utcDate(day));
export const formatWeekdayLong = (day: string) => weekdayLong.format(utcDate(day));

/** When an event happens, in the viewer's zone: "10:00 – 11:30", "All day", "Mon 7 Dec, 22:00 – Tue 8 Dec, 02:00". */
export function formatWhen(event: CalendarEvent): string {
  if (event.all_day) {
    return event.start === event.end
      ? `All day, ${formatShortDay(event.start)}`
      : `All day, ${formatShortDay(event.start)} – ${formatShortDay(event.end)}`;
  }
  const { first, last } = daysOf(event);
  if (first === last) return `${formatShortDay(first)}, ${formatTime(event.start)} – ${formatTime(event.end)}`;
  return `${formatShortDay(first)}, ${formatTime(event.start)} – ${formatShortDay(localDay(new Date(event.end)))}, ${formatTime(event.end)}`;
}

/** For an event planned in another zone than the viewer's: its times on that zone's clock, e.g. "18:30 Asia/Kolkata". */
export function plannedZoneNote(event: CalendarEvent, zone = viewerZone()): string | null {
  if (event.all_day || !event.time_zone || sameZone(event.time_zone, zone, event.start)) return null;
  const start = wallClock(event.start, event.time_zone).slice(11);
  const end = wallClock(event.end, event.time_zone).slice(11);
  return `${start} – ${end} ${event.time_zone.replace(/_/g, " ")}`;
}

/** Whether two zone names read the same clock at an instant (aliases such as Asia/Calcutta and Asia/Kolkata). */
const sameZone = (a: string, b: string, at: string) =>
  a === b || (knownZone(a) && knownZone(b) && wallClock(at, a) === wallClock(at, b));
