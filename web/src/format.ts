// Dates, durations and language names as a person reads them, in the browser's locale.

const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

/** `te` → "Telugu"; an unknown code stays as it is. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A lesson's kind, as people call it. */
export const CONTENT_TYPE_WORDS = { video: "Video", audio: "Audio", article: "Article" } as const;

/** 480000 → "8 min"; 5400000 → "1 h 30 min". */
export function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return rest ? `${Math.floor(minutes / 60)} h ${rest} min` : `${minutes / 60} h`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", hour: "numeric", minute: "2-digit" });
const monthShort = new Intl.DateTimeFormat(undefined, { month: "short" });
const dayNumber = new Intl.DateTimeFormat(undefined, { day: "numeric" });

export const formatDate = (iso: string) => dayFormat.format(new Date(iso));
export const formatWeekdayTime = (iso: string) => dateTimeFormat.format(new Date(iso));
export const formatMonthShort = (iso: string) => monthShort.format(new Date(iso));
export const formatDayNumber = (iso: string) => dayNumber.format(new Date(iso));

/** "1 lesson", "6 lessons". */
export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * 1234500, "USD" → "$12,345"; 1234567 → "$12,345.67": an amount in minor units, in the browser's locale, as a shopper
 * reads it. `exact` is the amount as staff read it: whole amounts keep their cents ("$12,345.00"), so that a column of
 * amounts lines up, and the currency cannot be mistaken ("US$12,345.00" where the locale would not assume dollars).
 */
export function money(cents: number, currency: string, { exact = false } = {}): string {
  const key = `${currency}${exact ? " exact" : ""}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      undefined,
      exact
        ? { style: "currency", currency }
        : { style: "currency", currency, currencyDisplay: "narrowSymbol", trailingZeroDisplay: "stripIfInteger" },
    );
    moneyFormats.set(key, format);
  }
  return format.format(cents / 100);
}

const dateTimeFull = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "3 Dec 2026, 14:05", in the viewer's zone. */
export const formatDateTime = (iso: string) => dateTimeFull.format(new Date(iso));
