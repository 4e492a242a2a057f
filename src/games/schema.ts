import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema";

export const GAME_STATUSES = ["live", "final"] as const;
export type GameStatus = (typeof GAME_STATUSES)[number];

/**
 * The registry of games. The live score lives in each game's Scoreboard object; this table holds what lists need
 * without waking any object: the teams, whether the game is over and, once it is, its final score (written back by
 * `POST /games/{id}/finish`).
 */
export const games = sqliteTable(
  "games",
  {
    id: text("id").primaryKey(),
    homeTeam: text("home_team").notNull(),
    awayTeam: text("away_team").notNull(),
    status: text("status", { enum: GAME_STATUSES }).notNull().default("live"),
    // The score as the registry last recorded it (team A is the home team, team B the away team): where the game's
    // Scoreboard starts the first time it is used (0–0 in period 1, or a game entered in progress, like the demo
    // seed's), then, once the game is finished, its final score. While the game is live its object holds the score
    // and the API shows these only for finished games.
    teamAScore: integer("team_a_score").notNull().default(0),
    teamBScore: integer("team_b_score").notNull().default(0),
    period: integer("period").notNull().default(1),
    // A deleted account's games stay, without a creator.
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    finishedAt: text("finished_at"),
  },
  (t) => [
    // GET /games: live games first, then newest; `status` sorts 'live' after 'final', so the index serves both
    // halves of the order (a seek per status).
    index("games_status_created_at_id").on(t.status, t.createdAt, t.id),
    check("games_home_team_length", sql`length(${t.homeTeam}) BETWEEN 1 AND 100`),
    check("games_away_team_length", sql`length(${t.awayTeam}) BETWEEN 1 AND 100`),
    check("games_status_known", sql`${t.status} IN ('live', 'final')`),
    check("games_scores_not_negative", sql`${t.teamAScore} >= 0 AND ${t.teamBScore} >= 0`),
    check("games_period_positive", sql`${t.period} >= 1`),
    check("games_finished_at_iff_final", sql`(${t.status} = 'final') = (${t.finishedAt} IS NOT NULL)`),
  ],
);

export type GameRow = typeof games.$inferSelect;
