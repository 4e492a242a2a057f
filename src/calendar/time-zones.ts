import { DAY_MS } from "../time";

// IANA time zones through the runtime's own time zone database (Intl, which workerd backs with ICU): whether a name is
// a zone, the wall-clock time an instant shows there, and the zone's UTC offsets around some instants (for the
// VTIMEZONE components of the .ics feed). No zone data of our own to keep up to date.

/** What an IANA name looks like (`Asia/Kolkata`, `America/Argentina/Buenos_Aires`, `UTC`, `Etc/GMT+5`). */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
/**
 * Three-letter ids that ICU (so Intl) takes but the IANA database does not have, ambiguous besides (`IST` is India's,
 * Israel's or Ireland's time): refused.
 */
const ICU_ONLY_IDS = new Set(
  "ACT AET AGT ART AST BET BST CAT CNT CST CTT EAT ECT IET IST JST MIT NET NST PLT PNT PRT PST SST VST".split(" "),
);
/** The longest zone name accepted: the longest in the database is 32 characters. */
export const MAX_TIME_ZONE_LENGTH = 64;

let zonesByLowerCase: Map<string, string> | undefined;

/** The runtime's zone names, by their lower-case form. */
function listedZone(lower: string): string | undefined {
  zonesByLowerCase ??= new Map(Intl.supportedValuesOf("timeZone").map((zone) => [zone.toLowerCase(), zone]));
  return zonesByLowerCase.get(lower);
}

/**
 * `name` if it is an IANA zone the runtime knows, else undefined. It is kept as sent, only its letters' case put right
 * when the runtime spells the same name otherwise (`utc` → `UTC`): an alias stays an alias (`Asia/Kolkata` stays, where
 * ICU's database would call it `Asia/Calcutta`), so that a client gets back the zone it chose. Offsets such as
 * `+05:30`, which Intl also takes, are refused: they are not zones (they know nothing of daylight saving time); so
 * are ICU's own three-letter ids.
 *
 * @example
 * knownTimeZone("Asia/Kolkata"); // "Asia/Kolkata"
 * knownTimeZone("europe/paris"); // "Europe/Paris"
 * knownTimeZone("Mars/Olympus_Mons"); // undefined
 */
export function knownTimeZone(name: string): string | undefined {
  if (name.length > MAX_TIME_ZONE_LENGTH || !IANA_NAME.test(name) || ICU_ONLY_IDS.has(name.toUpperCase())) {
    return undefined;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  const lower = name.toLowerCase();
  return resolved.toLowerCase() === lower ? resolved : (listedZone(lower) ?? name);
}

/** A wall-clock reading: what a clock in some zone shows at an instant, to the second. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The milliseconds of `wall` read as if it were UTC (years 1–99 included, which `Date.UTC` would move to 19xx). */
function utcMsOf(wall: WallClock): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return date.getTime();
}

/** The wall clock at `ms` in UTC. */
function utcWallClock(ms: number): WallClock {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/**
 * One zone's clock: its wall-clock readings and UTC offsets. Build one per zone and reuse it (a formatter is the
 * costly part).
 */
export class ZoneClock {
  private readonly formatter: Intl.DateTimeFormat;

  constructor(readonly zone: string) {
    this.formatter = new Intl.DateTimeFormat("en-US-u-ca-gregory-nu-latn", {
      timeZone: zone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** What a clock in the zone shows at `ms` (whole seconds: the fraction is dropped). */
  wallClock(ms: number): WallClock {
    const parts: Record<string, number> = {};
    let beforeCommonEra = false;
    for (const part of this.formatter.formatToParts(ms)) {
      if (part.type === "era") beforeCommonEra = part.value.startsWith("B");
      else if (part.type !== "literal") parts[part.type] = Number(part.value);
    }
    const year = parts.year ?? 0;
    return {
      // Astronomical years: 1 BC is year 0, which a clock west of UTC shows at the start of 0001-01-01 UTC.
      year: beforeCommonEra ? 1 - year : year,
      month: parts.month ?? 1,
      day: parts.day ?? 1,
      hour: parts.hour ?? 0,
      minute: parts.minute ?? 0,
      second: parts.second ?? 0,
    };
  }

  /** The zone's offset from UTC at `ms`, in seconds (east positive). */
  offsetAt(ms: number): number {
    const whole = Math.floor(ms / 1000) * 1000;
    return Math.round((utcMsOf(this.wallClock(whole)) - whole) / 1000);
  }
}

/** A change of a zone's UTC offset at an instant (or, for the first one of a stretch, the offset in force). */
export interface Observance {
  /** The instant it takes effect, in milliseconds. */
  at: number;
  /** Offsets before and after, in seconds east of UTC. */
  from: number;
  to: number;
}

/** How far apart the offset is sampled: zone rules change far less often than weekly. */
const SAMPLE_MS = 7 * DAY_MS;

/**
 * The zone's offsets over the calendar years (UTC) that hold `instants`, with two days' margin either side: for each
 * stretch of consecutive years, the offset in force at its start, then every change within it (found by sampling
 * weekly and narrowing to the second). Enough to describe the zone for events at those instants (RFC 5545 §3.6.5).
 */
export function observancesAround(clock: ZoneClock, instants: readonly number[]): Observance[] {
  const years = [...new Set(instants.map((ms) => new Date(ms).getUTCFullYear()))].sort((a, b) => a - b);
  const yearStart = (year: number) => utcMsOf({ year, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
  // Consecutive years make one stretch: their margins overlap.
  const stretches: [number, number][] = [];
  for (const year of years) {
    const begin = yearStart(year) - 2 * DAY_MS;
    const end = yearStart(year + 1) + 2 * DAY_MS;
    const last = stretches.at(-1);
    if (last && begin <= last[1]) last[1] = end;
    else stretches.push([begin, end]);
  }
  const observances: Observance[] = [];
  for (const [begin, end] of stretches) {
    let at = begin;
    let offset = clock.offsetAt(at);
    const before = observances.at(-1)?.to ?? offset;
    if (observances.length === 0 || before !== offset) observances.push({ at, from: before, to: offset });
    while (at < end) {
      const next = Math.min(at + SAMPLE_MS, end);
      const nextOffset = clock.offsetAt(next);
      if (nextOffset === offset) {
        at = next;
        continue;
      }
      // The offset changes in (at, next]: narrow it to the second, then go on from there (there may be another).
      let low = at;
      let high = next;
      while (high - low > 1000) {
        const middle = low + Math.floor((high - low) / 2000) * 1000;
        if (clock.offsetAt(middle) === offset) low = middle;
        else high = middle;
      }
      const after = clock.offsetAt(high);
      observances.push({ at: high, from: offset, to: after });
      at = high;
      offset = after;
    }
  }
  return observances;
}

/** An iCalendar local DATE-TIME without a zone suffix (`20251211T173000`). */
export function icsWallClock(wall: WallClock): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return (
    `${pad(wall.year, 4)}${pad(wall.month)}${pad(wall.day)}` +
    `T${pad(wall.hour)}${pad(wall.minute)}${pad(wall.second)}`
  );
}

/** An iCalendar UTC-OFFSET (§3.3.14): `+0530`, `-0800`, seconds only when there are some (`+005328`). */
export function icsUtcOffset(seconds: number): string {
  const sign = seconds < 0 ? "-" : "+";
  const abs = Math.abs(seconds);
  const pad = (n: number) => String(n).padStart(2, "0");
  const hours = pad(Math.floor(abs / 3600));
  const minutes = pad(Math.floor((abs % 3600) / 60));
  const rest = abs % 60;
  return `${sign}${hours}${minutes}${rest ? pad(rest) : ""}`;
}

/**
 * The VTIMEZONE component (RFC 5545 §3.6.5) for `clock`'s zone that covers `instants`: one observance per offset
 * change, each starting at the local time it takes effect (read on the clock before the change). A change to a larger
 * offset is DAYLIGHT, any other STANDARD; the first gives the offset in force when the stretch begins.
 */
export function vtimezone(clock: ZoneClock, instants: readonly number[]): string[] {
  const lines = ["BEGIN:VTIMEZONE", `TZID:${clock.zone}`];
  for (const { at, from, to } of observancesAround(clock, instants)) {
    const kind = to > from ? "DAYLIGHT" : "STANDARD";
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${icsWallClock(utcWallClock(at + from * 1000))}`,
      `TZOFFSETFROM:${icsUtcOffset(from)}`,
      `TZOFFSETTO:${icsUtcOffset(to)}`,
      `END:${kind}`,
    );
  }
  lines.push("END:VTIMEZONE");
  return lines;
}
