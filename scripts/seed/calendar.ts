import type { SQL } from "drizzle-orm";
import { events, type NewEventRow } from "../../src/calendar/schema";
import type { Database } from "../../src/db/client";
import { DAY_MS } from "../../src/time";
import { DEMO_EDITOR } from "./common";

const HOUR_MS = 3_600_000;

/** Optional fields of a demo event; a location, an online link or both is required. */
interface Details {
  description?: string;
  location?: string;
  online_link?: string;
  min?: number;
  max?: number;
  location_notes?: string;
  preparation_notes?: string;
  /** The IANA zone the event was planned in. */
  time_zone?: string;
  /** A whole-day event: its start hour must be 0 and its length whole days. */
  all_day?: boolean;
}

/** A demo event: its day (days from the seeding day, or a date), start hour (UTC), length in hours. */
type Sample = [id: string, day: number, hour: number, hours: number, name: string, details: Details];

/** A row to insert, its creator looked up by the statement itself. */
type DemoEventRow = Omit<NewEventRow, "createdBy"> & { createdBy: SQL };

const OFFICE = "Head office, 4th floor, Room Ada";
const CAFE = "Corner Café, 12 Market Street";
const MEET = (room: string) => `https://meet.example.com/${room}`;
/** The study group meets online at 22:30 in Hyderabad (17:00 UTC). */
const STUDY_GROUP: Details = { online_link: MEET("telugu-study"), max: 20, time_zone: "Asia/Kolkata" };

/**
 * About a month of events from two weeks before the seeding day to two weeks after: in person, online, both;
 * an hour to several days long (one across midnight, one all day); some with attendee limits and notes.
 */
const SAMPLES: Sample[] = [
  [
    "event-quarterly-planning",
    -14,
    9,
    3,
    "Quarterly planning",
    { location: OFFICE, min: 4, max: 12, preparation_notes: "Read last quarter's report." },
  ],
  ["event-telugu-study-group-1", -13, 17, 1.5, "Telugu study group", STUDY_GROUP],
  ["event-coffee-with-the-team", -12, 8, 1, "Coffee with the team", { location: CAFE }],
  [
    "event-design-review",
    -11,
    14,
    2,
    "Design review: the new player",
    { location: OFFICE, online_link: MEET("design-review") },
  ],
  [
    "event-hackathon",
    -10,
    9,
    32,
    "Hackathon",
    {
      description: "Build anything with the catalog API. Food provided.",
      location: "Workshop hall",
      min: 6,
      max: 60,
      location_notes: "Enter through the side door after 18:00.",
    },
  ],
  ["event-release-retro", -8, 15, 1, "Release retrospective", { online_link: MEET("retro") }],
  [
    "event-teaching-workshop",
    -7,
    13,
    4,
    "Workshop: teaching with short videos",
    { location: "Studio B", min: 3, max: 10, preparation_notes: "Bring a phone with a charged battery." },
  ],
  ["event-all-hands-1", -6, 16, 1, "All hands", { location: OFFICE, online_link: MEET("all-hands") }],
  ["event-support-training", -5, 10, 2, "Support desk training", { online_link: MEET("support-training"), max: 15 }],
  [
    "event-offsite",
    -4,
    0,
    24,
    "Team offsite",
    {
      description: "A day away from screens.",
      location: "Lakeside Lodge",
      location_notes: "The bus leaves the office at 07:30.",
    },
  ],
  ["event-telugu-study-group-2", -3, 17, 1.5, "Telugu study group", STUDY_GROUP],
  ["event-mentoring-hour", -2, 12, 1, "Mentoring hour", { location: CAFE, max: 4 }],
  ["event-launch-rehearsal", -1, 18, 3, "Launch rehearsal", { location: "Studio A", online_link: MEET("rehearsal") }],
  [
    "event-server-maintenance",
    -1,
    23,
    3,
    "Server maintenance window",
    { description: "Across midnight: the catalog may be read-only.", online_link: "https://status.example.com" },
  ],
  ["event-standup-today", 0, 9, 0.5, "Daily stand-up", { online_link: MEET("standup") }],
  [
    "event-launch-day",
    0,
    14,
    6,
    "Launch day",
    { description: "Live stream, demos and questions.", location: OFFICE, online_link: MEET("launch") },
  ],
  [
    "event-book-club",
    1,
    18,
    2,
    "Book club: The Design of Everyday Things",
    { location: "Library lounge", min: 3, max: 12 },
  ],
  ["event-customer-webinar", 2, 15, 1, "Customer webinar: what's new", { online_link: MEET("webinar"), max: 500 }],
  [
    "event-accessibility-audit",
    3,
    9,
    8,
    "Accessibility audit",
    { location: OFFICE, preparation_notes: "Install a screen reader before you come." },
  ],
  ["event-all-hands-2", 4, 16, 1, "All hands", { location: OFFICE, online_link: MEET("all-hands") }],
  [
    "event-volunteer-day",
    5,
    8,
    9,
    "Volunteer day at the food bank",
    { location: "City Food Bank, 3 Harbour Road", min: 5, max: 25, location_notes: "Wear closed shoes." },
  ],
  ["event-telugu-study-group-3", 7, 17, 1.5, "Telugu study group", STUDY_GROUP],
  [
    "event-conference",
    8,
    8,
    56,
    "EdTech Conference",
    {
      description: "Three days of talks; our team speaks on day two.",
      location: "Convention Centre, Hall 2",
      online_link: "https://edtech.example.org/live",
    },
  ],
  ["event-security-review", 9, 13, 2, "Security review", { online_link: MEET("security") }],
  ["event-content-sprint", 11, 9, 7, "Content sprint: Telugu lessons", { location: "Studio B", min: 2, max: 6 }],
  [
    "event-lunch-and-learn",
    12,
    12,
    1,
    "Lunch and learn: D1 at the edge",
    { location: OFFICE, online_link: MEET("lunch-learn") },
  ],
  [
    "event-board-meeting",
    13,
    15,
    2,
    "Board meeting",
    { location: "Boardroom", min: 5, max: 9, preparation_notes: "Slides to the chair by noon." },
  ],
  ["event-team-dinner", 13, 19, 3, "Team dinner", { location: "Trattoria Roma, 8 Station Square", max: 30 }],
  [
    "event-code-freeze",
    14,
    0,
    24,
    "Code freeze",
    { description: "No deploys today.", online_link: "https://status.example.com", all_day: true },
  ],
  ["event-game-night", 14, 20, 3, "Game night", { location: "Workshop hall", online_link: MEET("game-night") }],
];

/** The three holidays of the original December calendar, in the seeding year. */
const holidays = (year: number): Sample[] => {
  const date = (month: number, day: number) => Date.UTC(year, month - 1, day);
  return [
    [
      "event-christmas-eve",
      date(12, 24),
      18,
      5,
      "Christmas Eve",
      { description: "Dinner with family and friends.", location: "NYC", time_zone: "America/New_York" },
    ],
    [
      "event-christmas-day",
      date(12, 25),
      18,
      4,
      "Christmas Day",
      { description: "Best time of the year", location: "NYC", time_zone: "America/New_York" },
    ],
    [
      "event-new-years-eve",
      date(12, 31),
      14,
      1.5,
      "New Year's Eve",
      { description: "Out with the old, in with the new", online_link: MEET("new-years-eve") },
    ],
  ];
};

function row(
  [id, day, hour, hours, name, details]: Sample,
  dayStart: (day: number) => number,
  now: string,
): DemoEventRow {
  const start = dayStart(day) + hour * HOUR_MS;
  return {
    id,
    name,
    description: details.description ?? null,
    start: new Date(start).toISOString(),
    end: new Date(start + hours * HOUR_MS).toISOString(),
    timeZone: details.time_zone ?? null,
    allDay: details.all_day ?? false,
    location: details.location ?? null,
    onlineLink: details.online_link ?? null,
    minAttendees: details.min ?? null,
    maxAttendees: details.max ?? null,
    locationNotes: details.location_notes ?? null,
    preparationNotes: details.preparation_notes ?? null,
    createdBy: DEMO_EDITOR,
    createdAt: now,
    updatedAt: now,
  };
}

/** The demo events: the sample month around `now` and the three December holidays. */
export function demoEvents(now: Date): DemoEventRow[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const stamp = now.toISOString();
  return [
    ...SAMPLES.map((sample) => row(sample, (day) => today + day * DAY_MS, stamp)),
    ...holidays(now.getUTCFullYear()).map((holiday) => row(holiday, (at) => at, stamp)),
  ];
}

/** Loads the demo events into a calendar without events; leaves one with events alone. Returns whether it seeded. */
export async function seedCalendar(db: Database, now = new Date()): Promise<boolean> {
  if (await db.$count(events)) return false;
  const rows = demoEvents(now);
  // D1 binds at most 100 parameters per statement: 15 per row here (created_by is a subquery), so 6 rows at a time;
  // one batch, so the whole calendar goes in or none of it.
  const inserts = [];
  for (let i = 0; i < rows.length; i += 6) {
    inserts.push(
      db
        .insert(events)
        .values(rows.slice(i, i + 6))
        .onConflictDoNothing(),
    );
  }
  const [first, ...rest] = inserts;
  if (first) await db.batch([first, ...rest]);
  return true;
}
