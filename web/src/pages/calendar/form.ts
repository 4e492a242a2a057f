// The event form's values, the API's rules on them (README, "Calendar"), checked here first so that a person learns
// of a problem at once; the server checks again, and its field errors land beside the same fields.

import { type CalendarEvent, daysBetween, fromWallClock, viewerZone, wallClock } from "./dates";
import type { EventBody } from "./events";

/** The most days an event may take (the API's MAX_EVENT_DAYS). */
export const MAX_EVENT_DAYS = 31;

export interface EventForm {
  name: string;
  allDay: boolean;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  timeZone: string;
  location: string;
  onlineLink: string;
  description: string;
  minAttendees: string;
  maxAttendees: string;
  locationNotes: string;
  preparationNotes: string;
}

/** A new event on `day`, 09:00–10:00 in the viewer's zone (a new all-day event: that day). */
export const newEventForm = (day: string): EventForm => ({
  name: "",
  allDay: false,
  startDate: day,
  startTime: "09:00",
  endDate: day,
  endTime: "10:00",
  timeZone: viewerZone(),
  location: "",
  onlineLink: "",
  description: "",
  minAttendees: "",
  maxAttendees: "",
  locationNotes: "",
  preparationNotes: "",
});

/** The form of an existing event, its times on the clock of the zone it was planned in. */
export function eventForm(event: CalendarEvent): EventForm {
  const zone = event.time_zone ?? viewerZone();
  const start = event.all_day ? `${event.start}T09:00` : wallClock(event.start, zone);
  const end = event.all_day ? `${event.end}T10:00` : wallClock(event.end, zone);
  return {
    name: event.name,
    allDay: event.all_day,
    startDate: start.slice(0, 10),
    startTime: start.slice(11, 16),
    endDate: end.slice(0, 10),
    endTime: end.slice(11, 16),
    timeZone: event.time_zone ?? "",
    location: event.location ?? "",
    onlineLink: event.online_link ?? "",
    description: event.description ?? "",
    minAttendees: event.min_attendees?.toString() ?? "",
    maxAttendees: event.max_attendees?.toString() ?? "",
    locationNotes: event.location_notes ?? "",
    preparationNotes: event.preparation_notes ?? "",
  };
}

const minutesOf = (date: string, time: string) => Date.parse(`${date}T${time}:00Z`) / 60_000;

/** The form with a new start, the end moved along so that the event keeps its length (as calendars do). */
export function withStart(form: EventForm, startDate: string, startTime: string): EventForm {
  if (!startDate || !form.startDate || !form.endDate) return { ...form, startDate, startTime };
  if (form.allDay || !startTime || !form.startTime || !form.endTime) {
    const days = daysBetween(form.startDate, form.endDate);
    const end = new Date(`${startDate}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + Math.max(0, days));
    return { ...form, startDate, startTime, endDate: end.toISOString().slice(0, 10) };
  }
  const length = minutesOf(form.endDate, form.endTime) - minutesOf(form.startDate, form.startTime);
  const end = new Date((minutesOf(startDate, startTime) + Math.max(0, length)) * 60_000).toISOString();
  return { ...form, startDate, startTime, endDate: end.slice(0, 10), endTime: end.slice(11, 16) };
}

const FILL = "Please fill this in.";
const tooLong = (limit: number) => `Please keep this under ${limit + 1} characters.`;
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

function httpsUrlProblem(value: string): string | undefined {
  const problem = "Must be a full https link, e.g. https://meet.example.com/lunch.";
  if (/[\s\p{Cc}]/u.test(value) || !URL.canParse(value)) return problem;
  const url = new URL(value);
  if (url.protocol !== "https:" || !url.hostname || url.username || url.password) return problem;
  return value.length > 2048 ? tooLong(2048) : undefined;
}

function attendeesProblem(value: string): string | undefined {
  if (!value.trim()) return undefined;
  return /^\d+$/.test(value.trim()) && Number(value) >= 1 ? undefined : "Must be a whole number, 1 or more.";
}

/**
 * The form's problems, by the API field they belong to (`name`, `start`, `end`, `time_zone`, …), as the API would
 * report them. The zone is checked for its shape only: whether a zone exists is the server's zone database's call.
 */
export function formProblems(form: EventForm): Record<string, string> {
  const problems: Record<string, string> = {};
  const name = form.name.trim();
  if (!name) problems.name = FILL;
  else if (name.length > 200) problems.name = tooLong(200);
  if (!form.startDate || (!form.allDay && !form.startTime)) problems.start = FILL;
  if (!form.endDate || (!form.allDay && !form.endTime)) problems.end = FILL;
  const zone = form.timeZone.trim();
  if (zone && (zone.length > 64 || !ZONE_SHAPE.test(zone))) {
    problems.time_zone = "Must be a time zone name, e.g. Asia/Kolkata or America/New_York.";
  }
  if (!problems.start && !problems.end) {
    if (form.allDay) {
      const days = daysBetween(form.startDate, form.endDate);
      if (days < 0) problems.end = "Must not be before the start date.";
      else if (days > MAX_EVENT_DAYS - 1) problems.end = `An all-day event lasts at most ${MAX_EVENT_DAYS} days.`;
    } else if (!problems.time_zone) {
      const { start, end } = instants(form);
      if (end <= start) problems.end = "Must be after the start.";
      else if (Date.parse(end) - Date.parse(start) > MAX_EVENT_DAYS * 86_400_000) {
        problems.end = `Must be at most ${MAX_EVENT_DAYS} days after the start.`;
      }
    }
  }
  const location = form.location.trim();
  const link = form.onlineLink.trim();
  if (location.length > 500) problems.location = tooLong(500);
  if (link) {
    const problem = httpsUrlProblem(link);
    if (problem) problems.online_link = problem;
  }
  if (!location && !link) problems.location = "Give a location or an online link (or both).";
  const min = attendeesProblem(form.minAttendees);
  const max = attendeesProblem(form.maxAttendees);
  if (min) problems.min_attendees = min;
  if (max) problems.max_attendees = max;
  if (!min && !max && form.minAttendees.trim() && form.maxAttendees.trim()) {
    if (Number(form.minAttendees) > Number(form.maxAttendees)) problems.max_attendees = "Must be at least the minimum.";
  }
  if (form.description.length > 5000) problems.description = tooLong(5000);
  if (form.locationNotes.length > 2000) problems.location_notes = tooLong(2000);
  if (form.preparationNotes.length > 5000) problems.preparation_notes = tooLong(5000);
  return problems;
}

/** The form's times as instants (UTC), reading them on the clock of its zone (the viewer's when none is set). */
function instants(form: EventForm): { start: string; end: string } {
  const zone = form.timeZone.trim() || viewerZone();
  const safeZone = isZone(zone) ? zone : viewerZone();
  return {
    start: fromWallClock(`${form.startDate}T${form.startTime}`, safeZone).toISOString(),
    end: fromWallClock(`${form.endDate}T${form.endTime}`, safeZone).toISOString(),
  };
}

const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const orNull = (value: string) => value.trim() || null;

/** The request body the form stands for. */
export function eventBody(form: EventForm): EventBody {
  const times = form.allDay ? { start: form.startDate, end: form.endDate } : instants(form);
  return {
    name: form.name.trim(),
    all_day: form.allDay,
    ...times,
    time_zone: orNull(form.timeZone),
    location: orNull(form.location),
    online_link: orNull(form.onlineLink),
    description: orNull(form.description),
    min_attendees: form.minAttendees.trim() ? Number(form.minAttendees) : null,
    max_attendees: form.maxAttendees.trim() ? Number(form.maxAttendees) : null,
    location_notes: orNull(form.locationNotes),
    preparation_notes: orNull(form.preparationNotes),
  };
}
