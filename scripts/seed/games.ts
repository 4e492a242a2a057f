import type { Database } from "../../src/db/client";
import { games } from "../../src/games/schema";
import { DEMO_EDITOR, minutesAgo } from "./common";

/** The demo games: ids the README and demos can name. */
export const DEMO_GAMES = { live: "game-hawks-vipers", final: "game-comets-bears" } as const;

/**
 * Two games: one live at 42–38 in the third period, one finished yesterday at 88–91 after overtime. Seeds only when
 * there are no games yet; returns whether it did.
 *
 * The rows go into the registry only, and that is enough: a game's Scoreboard starts from the registry's score the
 * first time it is used, so the live game's object opens at 42–38 and the finished one's at its final score. Hence
 * no call to the objects' RPC and only the database here, although the seed script's bindings (`withLocalPlatform`,
 * ./local-platform.ts) do reach the Worker's own Durable Objects, as `seedStreams` needs for the chat.
 */
export async function seedGames(db: Database, now = new Date()): Promise<boolean> {
  if (await db.$count(games)) return false;

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
        createdBy: DEMO_EDITOR,
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
        createdBy: DEMO_EDITOR,
        createdAt: finalCreated,
        updatedAt: finalEnded,
        finishedAt: finalEnded,
      },
    ])
    .onConflictDoNothing();
  return true;
}
