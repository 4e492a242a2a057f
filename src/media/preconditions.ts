// The conditional requests of RFC 9110 §13 for objects that never change (keys are content hashes), evaluated here
// rather than by R2: R2 throws on a malformed If-None-Match, and a client's header must never become a 500.

/** What a list of entity tags says: `*`, the tags it names (quotes kept, `W/` dropped), or nothing usable. */
type EntityTags = { any: true } | { any: false; tags: { opaque: string; weak: boolean }[] };

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

/** An object's Last-Modified as HTTP-dates compare it: whole seconds. */
const lastModifiedMs = (uploaded: Date) => Math.floor(uploaded.getTime() / 1000) * 1000;

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

/**
 * The outcome of a GET or HEAD's preconditions against the object (§13.2.2, in its order): `failed` (412) when
 * If-Match names no current tag (strong comparison) or, without If-Match, the object changed after
 * If-Unmodified-Since; `not_modified` (304) when If-None-Match names the tag (weak comparison) or, without
 * If-None-Match, the object has not changed since If-Modified-Since; otherwise `proceed`.
 */
export function evaluatePreconditions(
  conditions: Conditions,
  object: { httpEtag: string; uploaded: Date },
): "failed" | "not_modified" | "proceed" {
  const modified = lastModifiedMs(object.uploaded);
  if (conditions.ifMatch !== undefined) {
    const tags = parseEntityTags(conditions.ifMatch);
    const holds = tags?.any || tags?.tags.some((tag) => !tag.weak && tag.opaque === object.httpEtag);
    if (!holds) return "failed";
  } else if (conditions.ifUnmodifiedSince !== undefined) {
    const since = parseHttpDate(conditions.ifUnmodifiedSince);
    if (since !== undefined && modified > since) return "failed";
  }
  const noneMatch = conditions.ifNoneMatch === undefined ? undefined : parseEntityTags(conditions.ifNoneMatch);
  if (noneMatch !== undefined) {
    const current = object.httpEtag.replace(/^W\//, "");
    return noneMatch.any || noneMatch.tags.some((tag) => tag.opaque === current) ? "not_modified" : "proceed";
  }
  if (conditions.ifModifiedSince !== undefined) {
    const since = parseHttpDate(conditions.ifModifiedSince);
    if (since !== undefined && modified <= since) return "not_modified";
  }
  return "proceed";
}

/**
 * Whether an If-Range names the current version (§13.1.5): only a strong entity tag can; a date, a weak or a
 * malformed tag sends the whole object, which is always a correct answer.
 */
export function ifRangeHolds(header: string, etag: string): boolean {
  const tags = parseEntityTags(header);
  const tag = tags && !tags.any && tags.tags.length === 1 ? tags.tags[0] : undefined;
  return tag !== undefined && !tag.weak && tag.opaque === etag;
}
