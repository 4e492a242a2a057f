// The parts of RFC 9110's conditional requests (§13) that any cacheable answer or guarded write needs: entity-tag lists
// and HTTP-dates, parsed strictly, so that a malformed header is told apart rather than trusted or thrown on.

/** What a list of entity tags says: `*`, the tags it names (quotes kept, `W/` dropped), or nothing usable. */
export type EntityTags = { any: true } | { any: false; tags: { opaque: string; weak: boolean }[] };

const ENTITY_TAG = /^\s*(W\/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)/;

/**
 * Parses `If-Match` / `If-None-Match` (§13.1.1–2): `*`, or a comma-separated list of entity tags. Undefined when the
 * value is not one of those: such a header is treated as absent (If-None-Match) or as naming nothing (If-Match).
 */
export function parseEntityTags(header: string): EntityTags | undefined {
  if (header.trim() === "*") return { any: true };
  const tags: { opaque: string; weak: boolean }[] = [];
  let rest = header.trim();
  while (rest !== "") {
    const match = ENTITY_TAG.exec(rest);
    if (!match?.[2]) return undefined;
    tags.push({ weak: match[1] !== undefined, opaque: match[2] });
    rest = rest.slice(match[0].length).trim();
  }
  return tags.length > 0 ? { any: false, tags } : undefined;
}

/**
 * What an If-Match header (§13.1.1) says of a resource whose current entity tag is `etag`: `absent` (no header),
 * `malformed` (neither `*` nor a list of entity tags), `any` (`*`: any current version will do), `matched` (one of its
 * tags is the current one, compared strongly: a weak tag never matches) or `failed`. Readers treat `malformed` as
 * naming nothing (a 412); a write that can say what is wrong answers it with a 400.
 *
 * @example
 * evaluateIfMatch('"v2", "v3"', '"v3"'); // "matched"
 * evaluateIfMatch('W/"v3"', '"v3"'); // "failed"
 */
export function evaluateIfMatch(
  header: string | undefined,
  etag: string,
): "absent" | "malformed" | "any" | "matched" | "failed" {
  if (header === undefined) return "absent";
  const tags = parseEntityTags(header);
  if (!tags) return "malformed";
  if (tags.any) return "any";
  return tags.tags.some((tag) => !tag.weak && tag.opaque === etag) ? "matched" : "failed";
}

const IMF_FIXDATE = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850 = /^\w{6,9}, \d{2}-\w{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/** An HTTP-date (§5.6.7) in milliseconds, or undefined for anything else: an invalid date is ignored, not an error. */
export function parseHttpDate(header: string): number | undefined {
  const value = header.trim();
  if (!IMF_FIXDATE.test(value) && !RFC_850.test(value) && !ASCTIME.test(value)) return undefined;
  const ms = Date.parse(value.endsWith("GMT") ? value : `${value} GMT`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether an If-None-Match header names `etag`, compared weakly (§13.1.2); a malformed header names nothing. */
export function ifNoneMatchNames(header: string, etag: string): boolean {
  const tags = parseEntityTags(header);
  if (!tags) return false;
  const current = etag.replace(/^W\//, "");
  return tags.any || tags.tags.some((tag) => tag.opaque === current);
}
