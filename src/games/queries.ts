import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { keysBelow } from "../db/filters";
import { nowIso } from "../time";
import type { Score } from "./models";
import { type GameRow, type GameStatus, games } from "./schema";

/** The game the original single-board routes (`/score`) keep score of; created the first time it is needed. */
export const DEFAULT_GAME_ID = "default";

export async function insertGame(db: Database, game: typeof games.$inferInsert): Promise<GameRow> {
  const row = await db.insert(games).values(game).returning().get();
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

/** The game, as the registry has it; the default game (`/score`) is created the first time it is asked for. */
export async function findGameOrCreateDefault(db: Database, id: string): Promise<GameRow | undefined> {
  const row = await db.select().from(games).where(eq(games.id, id)).get();
  return row ?? (id === DEFAULT_GAME_ID ? createDefaultGame(db) : undefined);
}

async function createDefaultGame(db: Database): Promise<GameRow | undefined> {
  const now = nowIso();
  const inserted = await db
    .insert(games)
    .values({ id: DEFAULT_GAME_ID, homeTeam: "Home", awayTeam: "Away", createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning()
    .get();
  // Another request may have created it a moment ago.
  return inserted ?? db.select().from(games).where(eq(games.id, DEFAULT_GAME_ID)).get();
}

/** Live games first, then newest; `status` DESC puts 'live' before 'final', matching the index. */
export async function listGames(
  db: Database,
  filter: { limit: number; after?: readonly [GameStatus, string, string]; status?: GameStatus },
): Promise<GameRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.status && eq(games.status, filter.status),
    filter.after && keysBelow([games.status, games.createdAt, games.id], filter.after),
  ];
  return db
    .select()
    .from(games)
    .where(and(...conditions))
    .orderBy(desc(games.status), desc(games.createdAt), desc(games.id))
    .limit(filter.limit + 1);
}

/**
 * Writes a finished game's final score to the registry, so lists show it without waking the game's object. Guarded by
 * `status = 'live'`: repeating it (a retried finish) changes nothing.
 */
export async function recordFinalScore(db: Database, score: Score, now: string): Promise<void> {
  await db
    .update(games)
    .set({
      status: "final",
      teamAScore: score.team_a,
      teamBScore: score.team_b,
      period: score.period,
      finishedAt: score.updated_at,
      updatedAt: now,
    })
    .where(and(eq(games.id, score.game_id), eq(games.status, "live")));
}
