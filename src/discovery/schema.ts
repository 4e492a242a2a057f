import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema";
import { programs } from "../catalog/schema";

// Discovery's own tables. The search index itself (an FTS5 table, its vocabulary and the triggers that keep it in step
// with the catalog) is not something drizzle can describe: it lives in the hand-written migration 0013_search_index.sql.

/** The programs editors put first on the featured list, in their order (ties broken by when they were featured). */
export const featuredPrograms = sqliteTable(
  "featured_programs",
  {
    programId: text("program_id")
      .primaryKey()
      .references(() => programs.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    featuredAt: text("featured_at").notNull(),
    // The editor who featured it; kept as null when that account is deleted.
    featuredBy: text("featured_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("featured_programs_position").on(t.position, t.featuredAt),
    check("featured_programs_position_positive", sql`${t.position} >= 1`),
  ],
);

/** What people searched for, per UTC day and normalised query: how often, and how often it found nothing. */
export const searchQueryDays = sqliteTable(
  "search_query_days",
  {
    day: text("day").notNull(),
    query: text("query").notNull(),
    searches: integer("searches").notNull(),
    zeroHitSearches: integer("zero_hit_searches").notNull(),
    lastHitCount: integer("last_hit_count").notNull(),
    lastSearchedAt: text("last_searched_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.query] }),
    index("search_query_days_day_searches").on(t.day, t.searches),
    check("search_query_days_counts", sql`${t.searches} >= 1 AND ${t.zeroHitSearches} BETWEEN 0 AND ${t.searches}`),
  ],
);

export type FeaturedProgramRow = typeof featuredPrograms.$inferSelect;
export type SearchQueryDayRow = typeof searchQueryDays.$inferSelect;
