import { drizzle } from "drizzle-orm/d1";
import { emptyQueryStats, instrumentD1, type QueryStats } from "./instrumented-d1";

export type { QueryStats } from "./instrumented-d1";

export type Database = ReturnType<typeof drizzle>;

/** Where a D1 session starts: a bookmark from an earlier session, or where its first query may go. */
export type SessionStart = D1SessionBookmark | D1SessionConstraint;

/** A unit of work's database: drizzle over one D1 session, what it cost, and the session's latest bookmark. */
export interface DatabaseSession {
  db: Database;
  stats: QueryStats;
  /** The newest database state the session has seen (null before its first query, unless it started from one). */
  bookmark(): D1SessionBookmark | null;
}

/**
 * Drizzle over an instrumented D1 session (the Sessions API: reads may be served by a replica near the Worker, in
 * order with the session's own writes). Create one per unit of work (a request, a cron run) so that its `stats`
 * describe exactly that unit's queries. `start` defaults to "first-primary": background work writes, and decides
 * what to write from what it reads, so it starts from the latest state; a request that only reads passes
 * "first-unconstrained" or the client's bookmark (src/http/d1-bookmark.ts).
 *
 * @example
 * const { db, stats } = createDatabase(env.DB); // a cron run: starts at the primary
 * const { db, bookmark } = createDatabase(env.DB, "first-unconstrained"); // a public read: any replica will do
 */
export function createDatabase(d1: D1Database, start: SessionStart = "first-primary"): DatabaseSession {
  const stats = emptyQueryStats();
  const session = d1.withSession(start);
  return { db: drizzle(instrumentD1(session, stats)), stats, bookmark: () => session.getBookmark() };
}
