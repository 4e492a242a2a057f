/** Times as the API writes them: ISO 8601 in UTC with milliseconds, e.g. `2026-11-22T10:00:00.000Z`. */

/** A day in milliseconds, for bounds counted in days. */
export const DAY_MS = 86_400_000;

/** The instant `ms` (milliseconds since the epoch), as the API writes times. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();

/** Now, as the API writes times. */
export const nowIso = (): string => isoAt(Date.now());
