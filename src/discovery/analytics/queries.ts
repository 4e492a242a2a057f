import { asc, desc, eq, gte, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { searchQueryDays } from "../schema";

/**
 * Adds one search of `query` to its UTC day's row: one statement, safe under concurrent searches (the row's primary
 * key is the arbiter). The last hit count and time are the latest search's, even when writes land out of order.
 */
export function countSearch(db: Database, search: { day: string; query: string; hits: number; at: string }) {
  const zeroHit = search.hits === 0 ? 1 : 0;
  const newer = sql`excluded.last_searched_at >= ${searchQueryDays.lastSearchedAt}`;
  return db
    .insert(searchQueryDays)
    .values({
      day: search.day,
      query: search.query,
      searches: 1,
      zeroHitSearches: zeroHit,
      lastHitCount: search.hits,
      lastSearchedAt: search.at,
    })
    .onConflictDoUpdate({
      target: [searchQueryDays.day, searchQueryDays.query],
      set: {
        searches: sql`${searchQueryDays.searches} + 1`,
        zeroHitSearches: sql`${searchQueryDays.zeroHitSearches} + excluded.zero_hit_searches`,
        lastHitCount: sql`CASE WHEN ${newer} THEN excluded.last_hit_count ELSE ${searchQueryDays.lastHitCount} END`,
        lastSearchedAt: sql`max(${searchQueryDays.lastSearchedAt}, excluded.last_searched_at)`,
      },
    });
}

export interface QueryTotals {
  query: string;
  searches: number;
  zeroHitSearches: number;
  lastHitCount: number;
  lastSearchedAt: string;
}

/**
 * Per query over the days from `since` (a UTC day, 'YYYY-MM-DD'): the most searched (`top`, most searches first) and
 * those whose latest search found nothing (`zeroResult`, most often empty first), `limit` of each. One round trip.
 */
export async function searchTotals(db: Database, since: string, limit: number) {
  // With exactly one max() in the select list, SQLite takes the bare column (last_hit_count) from the row holding
  // that max: the latest search's count.
  const totals = db
    .select({
      query: searchQueryDays.query,
      searches: sql<number>`sum(${searchQueryDays.searches})`.as("searches"),
      zeroHitSearches: sql<number>`sum(${searchQueryDays.zeroHitSearches})`.as("zero_hit_searches"),
      lastSearchedAt: sql<string>`max(${searchQueryDays.lastSearchedAt})`.as("last_searched_at"),
      lastHitCount: searchQueryDays.lastHitCount,
    })
    .from(searchQueryDays)
    .where(gte(searchQueryDays.day, since))
    .groupBy(searchQueryDays.query)
    .as("totals");
  const [top, zeroResult] = await db.batch([
    db.select().from(totals).orderBy(desc(totals.searches), asc(totals.query)).limit(limit),
    db
      .select()
      .from(totals)
      .where(eq(totals.lastHitCount, 0))
      .orderBy(desc(totals.zeroHitSearches), desc(totals.searches), asc(totals.query))
      .limit(limit),
  ]);
  return { top: top as QueryTotals[], zeroResult: zeroResult as QueryTotals[] };
}
