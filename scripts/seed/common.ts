/** Helpers the demo-data seeds share; their own module so that demo-data.ts, which imports every seed, adds no cycle. */
import { sql } from "drizzle-orm";

/** The ISO time `minutes` before `now`. */
export const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

/**
 * The demo editor when the demo accounts are there (a database with accounts of its own keeps them as they are): a
 * subquery, so that the row's creator is looked up by the statement itself.
 */
export const DEMO_EDITOR = sql`(SELECT id FROM users WHERE id = 'user-editor')`;
