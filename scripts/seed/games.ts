import { count, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client";
import { games } from "../../src/games/schema";

const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

/** The demo games: ids the README and demos can name. */
export const DEMO_GAMES = { live: "game-hawks-vipers", final: "game-comets-bears" } as const;

/**
 * Two games: one live at 42–38 in the third period, one finished yesterday at 88–91 after overtime. Seeds only when
 * there are no games yet; returns whether it did.
 *
 * The rows go into the registry only. A game's Scoreboard starts from the registry's score the first time it is used,
 * so the live game's object opens at 42–38 and the finished one's at its final score. Seeding through the objects'
 * RPC is not possible here: the seed script reaches the bindings through wrangler's `getPlatformProxy`, which
 * cannot call Durable Objects defined by the Worker itself ("no such actor class").
 */
export async function seedGames(db: Database, now = new Date()): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(games);
  if ((existing?.n ?? 0) > 0) return false;

  // The demo editor when the demo accounts are there (a database with accounts of its own keeps them as they are).
  const createdBy = sql`(SELECT id FROM users WHERE id = 'user-editor')`;
  const liveSince = minutesAgo(now, 35);
  const finalCreated = minutesAgo(now, 60 * 26);
  const finalEnded = minutesAgo(now, 60 * 24);
  await db
    .insert(games)
    .values([
      {
        id: DEMO_GAMES.live,
        homeTeam: "Harbour Hawks",
        awayTeam: "Valley Vipers",
        status: "live",
        teamAScore: 42,
        teamBScore: 38,
        period: 3,
        createdBy,
        createdAt: liveSince,
        updatedAt: liveSince,
      },
      {
        id: DEMO_GAMES.final,
        homeTeam: "City Comets",
        awayTeam: "Bayside Bears",
        status: "final",
        teamAScore: 88,
        teamBScore: 91,
        period: 5,
        createdBy,
        createdAt: finalCreated,
        updatedAt: finalEnded,
        finishedAt: finalEnded,
      },
    ])
    .onConflictDoNothing();
  return true;
}
