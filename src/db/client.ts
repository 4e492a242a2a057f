import { drizzle } from "drizzle-orm/d1";
import { emptyQueryStats, instrumentD1, type QueryStats } from "./instrumented-d1";

export type { QueryStats } from "./instrumented-d1";

export type Database = ReturnType<typeof drizzle>;

/**
 * Drizzle over an instrumented D1 binding. Create one per unit of work (a request, a cron run) so that its
 * `stats` describe exactly that unit's queries.
 */
export function createDatabase(d1: D1Database): { db: Database; stats: QueryStats } {
  const stats = emptyQueryStats();
  return { db: drizzle(instrumentD1(d1, stats)), stats };
}
