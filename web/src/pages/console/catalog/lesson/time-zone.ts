// Times as the editor picks them (a datetime-local control, in the browser's time zone) and as the API takes them
// (ISO 8601 in UTC).

/** The editor's time zone, as the browser knows it: "Asia/Kolkata". */
export const editorTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The zone's offset at that moment, as people write it: "GMT+5:30" ("GMT" for UTC itself). */
export function zoneOffset(at: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZoneName: "shortOffset" }).formatToParts(at);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? "";
}

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * A moment as a datetime-local control shows it in the editor's zone, to the minute.
 *
 * @example
 * localInputValue(new Date("2026-12-01T10:00:00Z")) // "2026-12-01T15:30" in Asia/Kolkata
 */
export const localInputValue = (at: Date): string =>
  `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;

/**
 * What a datetime-local control holds, read in the editor's zone, as the API takes it (UTC); null when it is not a
 * date and time. (A date-time without an offset is local time in JavaScript.)
 *
 * @example
 * utcFromLocalInput("2026-12-01T15:30") // "2026-12-01T10:00:00.000Z" in Asia/Kolkata
 */
export function utcFromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

const zonedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const utcFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "1 Dec 2026, 15:30 (Asia/Kolkata, GMT+5:30)": a time in the editor's zone, saying which zone it is. */
export const inEditorZone = (iso: string): string =>
  `${zonedFormat.format(new Date(iso))} (${editorTimeZone()}, ${zoneOffset(new Date(iso))})`;

/** "1 Dec 2026, 10:00 UTC". */
export const inUtc = (iso: string): string => `${utcFormat.format(new Date(iso))} UTC`;
