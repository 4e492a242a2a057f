// The conditional and partial-request rules of RFC 9110 that R2 does not apply for us, kept apart from the route.

/**
 * A single `bytes=` range as R2 takes it. Undefined when there is no Range header or it is not one range we honour
 * (malformed, several ranges, or last before first): RFC 9110 lets a server ignore such a header and send the whole
 * object. R2 itself would silently serve the whole object for an unsatisfiable range given as a header, so the
 * range is parsed here and R2's "not satisfiable" error becomes a 416.
 */
export function parseRange(header: string | undefined): R2Range | undefined {
  const match = header === undefined ? null : /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  // `bytes=-N`: the last N bytes (N = 0 is unsatisfiable; R2 says so).
  if (first === "") return { suffix: Number(last) };
  const offset = Number(first);
  if (last === "") return { offset };
  const end = Number(last);
  return end < offset ? undefined : { offset, length: end - offset + 1 };
}

/**
 * The bytes a satisfiable `range` of an object of `size` bytes covers, clamped to the object (R2 serves the same).
 * Worked out from the request rather than from the result's `range`, whose shape R2 does not pin down.
 */
export function servedRange(range: R2Range, size: number): { offset: number; length: number } {
  if ("suffix" in range && range.suffix !== undefined) {
    const length = Math.min(range.suffix, size);
    return { offset: size - length, length };
  }
  const offset = "offset" in range ? (range.offset ?? 0) : 0;
  const rest = size - offset;
  return { offset, length: "length" in range && range.length !== undefined ? Math.min(range.length, rest) : rest };
}

/** R2's error for a range that starts past the end of the object (or asks for zero bytes). */
export const isUnsatisfiableRange = (error: unknown): boolean =>
  error instanceof Error && /\(10039\)|not satisfiable/i.test(error.message);
