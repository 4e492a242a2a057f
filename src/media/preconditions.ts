import { evaluateIfMatch, ifNoneMatchNames, parseEntityTags, parseHttpDate } from "../http/conditional";

// The conditional requests of RFC 9110 §13 for objects that never change (keys are content hashes), evaluated here
// rather than by R2: R2 throws on a malformed If-None-Match, and a client's header must never become a 500.

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
    // An object that exists matches `*`; a malformed header names no tag, so it does not hold.
    const ifMatch = evaluateIfMatch(conditions.ifMatch, object.httpEtag);
    if (ifMatch !== "any" && ifMatch !== "matched") return "failed";
  } else if (conditions.ifUnmodifiedSince !== undefined) {
    const since = parseHttpDate(conditions.ifUnmodifiedSince);
    if (since !== undefined && modified > since) return "failed";
  }
  // A malformed If-None-Match is as good as absent: If-Modified-Since decides then.
  const { ifNoneMatch } = conditions;
  if (ifNoneMatch !== undefined && parseEntityTags(ifNoneMatch)) {
    return ifNoneMatchNames(ifNoneMatch, object.httpEtag) ? "not_modified" : "proceed";
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
