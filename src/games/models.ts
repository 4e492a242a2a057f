import { z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import { GAME_STATUSES, type GameRow } from "./schema";

export const GameStatusSchema = z.enum(GAME_STATUSES);

/** Team A is the home team, team B the away team. */
export const TeamSchema = z.enum(["A", "B"]).openapi({ description: "A: the home team, B: the away team" });
export type Team = z.infer<typeof TeamSchema>;

/** A basket is worth 1 (free throw), 2 or 3 points. */
export const PointsSchema = z.number().int().min(1).max(3).default(1).openapi({ example: 2 });

const TeamName = z.string().trim().min(1).max(100);

export const CreateGameBody = z
  .strictObject({
    home_team: TeamName.openapi({ example: "Harbour Hawks" }),
    away_team: TeamName.openapi({ example: "Valley Vipers" }),
  })
  .refine((body) => body.home_team.toLowerCase() !== body.away_team.toLowerCase(), {
    message: "A team cannot play itself.",
    path: ["away_team"],
  })
  .openapi("CreateGameRequest");

export const ScoreUpdateBody = z.strictObject({ team: TeamSchema, points: PointsSchema }).openapi("ScoreUpdateRequest");

const FinalScoreSchema = z.object({
  team_a: z.number().int().openapi({ description: "The home team's points" }),
  team_b: z.number().int().openapi({ description: "The away team's points" }),
  period: z.number().int().min(1).openapi({ description: "The period the game ended in" }),
});

export const GameSchema = z
  .object({
    id: z.string(),
    home_team: z.string(),
    away_team: z.string(),
    status: GameStatusSchema,
    final_score: FinalScoreSchema.nullable().openapi({
      description: "Set when the game is finished; null while it is live (the live score is at /games/{id}/score)",
    }),
    created_by: z.string().nullable().openapi({ description: "The creator's user id; null for the default game" }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    finished_at: z.iso.datetime().nullable(),
  })
  .openapi("Game");

export type Game = z.infer<typeof GameSchema>;

export const ScoreSchema = z
  .object({
    game_id: z.string(),
    home_team: z.string(),
    away_team: z.string(),
    team_a: z.number().int().openapi({ description: "The home team's points" }),
    team_b: z.number().int().openapi({ description: "The away team's points" }),
    period: z.number().int().min(1),
    status: GameStatusSchema,
    version: z
      .number()
      .int()
      .openapi({ description: "Goes up by one with every change; a client that sees a gap missed one" }),
    updated_at: z.iso.datetime(),
  })
  .openapi("Score");

export type Score = z.infer<typeof ScoreSchema>;

export const ListGamesQuery = PageQuery.extend({ status: GameStatusSchema.optional() });

/** `(status, created_at, id)` of the last game of a page: live games first, then newest. */
export const GamePosition = z.tuple([GameStatusSchema, z.iso.datetime(), z.string().min(1).max(64)]);

export function presentGame(row: GameRow): Game {
  return {
    id: row.id,
    home_team: row.homeTeam,
    away_team: row.awayTeam,
    status: row.status,
    final_score: row.status === "final" ? { team_a: row.teamAScore, team_b: row.teamBScore, period: row.period } : null,
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    finished_at: row.finishedAt,
  };
}
