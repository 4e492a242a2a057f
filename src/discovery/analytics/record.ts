import { createDatabase } from "../../db/client";
import { logError } from "../../http/log";
import { nowIso } from "../../time";
import { countSearch } from "./queries";

/** One search as analytics keeps it. */
export interface SearchRecord {
  /** The query as typed; normalised before it is counted. */
  query: string;
  /** How many results the whole search found. */
  hits: number;
}

/** The longest query analytics keeps, in characters; longer ones are cut (a pasted essay is one query, not many). */
export const MAX_RECORDED_QUERY_LENGTH = 200;

/**
 * A query as analytics counts it, so that what people mean alike is counted together: NFKC (full-width letters,
 * ligatures), lower case, trimmed, runs of white space as one space, at most 200 characters (never half a character).
 *
 * @example
 * normaliseQuery("  Ｔｅｌｕｇｕ   GRAMMAR ") // "telugu grammar"
 */
export function normaliseQuery(query: string): string {
  const text = query.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
  return Array.from(text).slice(0, MAX_RECORDED_QUERY_LENGTH).join("").trimEnd();
}

/**
 * Counts a search for the editors' analytics, off the hot path: the write runs in `waitUntil`, after the answer has
 * gone. A query that is empty once normalised is not counted. Never throws (a failed write is logged). The REST search
 * route counts through its `countsSearches` middleware (which sees edge-cache hits too), so its handler must not call
 * this as well; other ways in (GraphQL's `search`) do.
 *
 * @example
 * recordSearch(c.env, (promise) => c.executionCtx.waitUntil(promise), { query: "telugu", hits: 12 });
 */
export function recordSearch(env: Env, waitUntil: (promise: Promise<unknown>) => void, search: SearchRecord): void {
  waitUntil(recordSearchWhenKnown(env, search.query, Promise.resolve(search.hits)));
}

/**
 * Counts `query` once `hits` is known (e.g. read from a response body); resolves either way, logging a failure.
 *
 * @example
 * ctx.waitUntil(recordSearchWhenKnown(env, "telugu", response.clone().json().then((body) => body.total)));
 */
export async function recordSearchWhenKnown(env: Env, query: string, hits: Promise<number>): Promise<void> {
  const normalised = normaliseQuery(query);
  if (!normalised) return;
  try {
    const at = nowIso();
    await countSearch(createDatabase(env.DB).db, { day: at.slice(0, 10), query: normalised, hits: await hits, at });
  } catch (error) {
    logError("search_analytics_failed", error, { query: normalised });
  }
}
