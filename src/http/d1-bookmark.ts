import type { MiddlewareHandler } from "hono";
import type { SessionStart } from "../db/client";
import type { AppEnv } from "../env";
import { isSafeMethod } from "./methods";
import { ProblemError } from "./problem";

/**
 * The header a D1 session's bookmark travels in: every answer carries the newest bookmark of its request's session,
 * and a client that sends it back reads at least that state (its own writes included), wherever a replica answers.
 */
export const BOOKMARK_HEADER = "X-D1-Bookmark";

/**
 * What D1 issues (here and in production): four lowercase hex fields, 8-8-8-32 digits, e.g.
 * `00000001-00000002-00004e2f-0a83ea2fceebc654de0640c422be4653`. Local D1 takes any string and hands it back as the
 * session's bookmark, where anything sorting after every real bookmark ("zzz") would wait for a state that never
 * comes on a replica: such a value is refused before it reaches D1.
 */
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

/** The request's bookmark header: absent (undefined, or empty), well formed, or not one D1 issued. */
function parseBookmark(header: string | undefined): { bookmark?: string; malformed: boolean } {
  const value = header?.trim();
  if (!value) return { malformed: false };
  return BOOKMARK.test(value) ? { bookmark: value, malformed: false } : { malformed: true };
}

/**
 * Where the request's D1 session starts.
 * - A read with a bookmark continues from it: a replica answers once it holds at least that state.
 * - A read without one starts "first-unconstrained": the nearest replica answers, possibly a moment behind.
 * - A write starts "first-primary", bookmark or not. Its statements go to the primary anyway, and what it reads
 *   first (the caller's role, an If-Match version, stock) decides what it writes, so it must be the latest state,
 *   which the primary holds by definition: newer than any bookmark a client can send, so read-your-writes still holds.
 * A malformed bookmark starts unconstrained here; `refuseMalformedBookmarks` answers it with a 400.
 */
export function sessionStartOf(method: string, header: string | undefined): SessionStart {
  if (!isSafeMethod(method)) return "first-primary";
  return parseBookmark(header).bookmark ?? "first-unconstrained";
}

/**
 * 400 `invalid_bookmark` for an `X-D1-Bookmark` that no D1 session issued, rather than reading from somewhere the
 * client did not ask for: a client that sends one means to read its own writes, and must learn that it will not. An
 * empty header counts as none (a client that kept `getBookmark() ?? ""` sends one before its first answer). After
 * CORS, so a browser can read the problem.
 */
export const refuseMalformedBookmarks: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (parseBookmark(c.req.header(BOOKMARK_HEADER)).malformed) {
    throw new ProblemError(
      400,
      "invalid_bookmark",
      `The ${BOOKMARK_HEADER} header is not a bookmark this API issued: send back the last one an answer carried, or none.`,
      { extensions: { header: BOOKMARK_HEADER } },
    );
  }
  await next();
};
