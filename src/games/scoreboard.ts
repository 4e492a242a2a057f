import { z } from "@hono/zod-openapi";
import { ROLES } from "../auth/roles";
import { GameStatusSchema, PointsSchema, TeamSchema } from "./models";
import type { GameRow } from "./schema";

/**
 * The contract between the game routes and the `Scoreboard` Durable Object (durable-objects/scoreboard.ts): one object
 * per game, reached by the game's id; what it needs to know of its game; who holds a socket; what a socket may send.
 */

/** The game's Scoreboard. */
export const scoreboardOf = (env: Pick<Env, "SCOREBOARD">, gameId: string) => env.SCOREBOARD.getByName(gameId);

/**
 * What a Scoreboard needs to know about its game the first time it is used: the teams, and the score the registry
 * holds, which the board starts from (0–0 for a new game; a game entered in progress or already finished starts as
 * recorded).
 */
export const GameInfoSchema = z.object({
  id: z.string().min(1),
  home_team: z.string(),
  away_team: z.string(),
  status: GameStatusSchema,
  team_a: z.number().int().min(0),
  team_b: z.number().int().min(0),
  period: z.number().int().min(1),
});

export type GameInfo = z.infer<typeof GameInfoSchema>;

export function gameInfo(row: GameRow): GameInfo {
  return {
    id: row.id,
    home_team: row.homeTeam,
    away_team: row.awayTeam,
    status: row.status,
    team_a: row.teamAScore,
    team_b: row.teamBScore,
    period: row.period,
  };
}

/** What the Worker hands over with a socket (src/realtime/handoff.ts): the game, and who opened it (null: a guest). */
export const ScoreboardSessionSchema = z.object({
  game: GameInfoSchema,
  user_id: z.string().min(1).nullable(),
  role: z.enum(ROLES).nullable(),
});

export type ScoreboardSession = z.infer<typeof ScoreboardSessionSchema>;

/** What a client may send on `GET /games/{id}/ws` (besides `{"type":"ping"}`, answered without waking the room). */
export const SCOREBOARD_CLIENT_MESSAGES = {
  update: z.strictObject({ type: z.literal("update"), team: TeamSchema, points: PointsSchema }),
  undo: z.strictObject({ type: z.literal("undo") }),
  period: z.strictObject({ type: z.literal("period") }),
  reset: z.strictObject({ type: z.literal("reset") }),
};
