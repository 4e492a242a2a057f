import type { Score, Team } from "./models";

/**
 * The rules of a basketball scoreboard: what each change makes of the score. The Scoreboard object
 * (durable-objects/scoreboard.ts) keeps the board and its scoring log and writes what these rules decide.
 */

/** The changes an editor can make; finishing freezes the score for good. */
export type BoardChange =
  | { kind: "points"; team: Team; points: number }
  | { kind: "undo" }
  | { kind: "period" }
  | { kind: "reset" }
  | { kind: "finish" };

/**
 * What every call on a board answers. Refusals are values, not exceptions: an exception thrown across RPC is logged as
 * an error and, in tests, can upset the isolated storage; the route turns a refusal into a problem.
 */
export type BoardResult =
  | { ok: true; score: Score }
  | { ok: false; code: "unknown_game"; message: string }
  | { ok: false; code: "game_finished" | "nothing_to_undo" | "invalid_points"; message: string; score: Score };

export type BoardRefusal = Extract<BoardResult, { ok: false }>;

/** A board that has not been set up for a game yet answers this until it is. */
export const unknownGame = (): BoardRefusal => ({
  ok: false,
  code: "unknown_game",
  message: "This board has not been set up for a game.",
});

/** A scoring event in the log that has not been undone. */
export interface ScoringEvent {
  seq: number;
  team: Team;
  points: number;
}

/** What a change does to the scoring log, which undo walks back. */
export type LogChange =
  | { kind: "record"; team: Team; points: number; period: number }
  | { kind: "undo"; seq: number }
  | { kind: "clear" }
  | { kind: "none" };

/** The score after a change, and what the log must record for it. */
export type Ruling = { ok: true; score: Score; log: LogChange } | BoardRefusal;

const refuse = (code: "game_finished" | "nothing_to_undo" | "invalid_points", message: string, board: Score) =>
  ({ ok: false, code, message, score: board }) as const;

/**
 * What `change` makes of `board` at `now`: the next score (its `version` one up) and the log change, or a refusal.
 * `lastScored` gives the last scoring event not undone; only undo asks for it. A finished game refuses every change.
 */
export function rule(
  board: Score,
  change: BoardChange,
  lastScored: () => ScoringEvent | undefined,
  now: string,
): Ruling {
  if (board.status === "final") return refuse("game_finished", "The game is over; its score is final.", board);
  const next = (changes: Partial<Score>, log: LogChange): Ruling => ({
    ok: true,
    score: { ...board, ...changes, version: board.version + 1, updated_at: now },
    log,
  });
  switch (change.kind) {
    case "points": {
      if (!Number.isInteger(change.points) || change.points < 1 || change.points > 3) {
        return refuse("invalid_points", "A basket is worth 1, 2 or 3 points.", board);
      }
      const { team, points } = change;
      return next(withPoints(board, team, points), { kind: "record", team, points, period: board.period });
    }
    case "undo": {
      const last = lastScored();
      if (!last) return refuse("nothing_to_undo", "No scoring event left to undo.", board);
      return next(withPoints(board, last.team, -last.points), { kind: "undo", seq: last.seq });
    }
    case "period":
      return next({ period: board.period + 1 }, { kind: "none" });
    case "reset":
      return next({ team_a: 0, team_b: 0, period: 1 }, { kind: "clear" });
    case "finish":
      return next({ status: "final" }, { kind: "none" });
  }
}

function withPoints(board: Score, team: Team, points: number): Partial<Score> {
  return team === "A" ? { team_a: board.team_a + points } : { team_b: board.team_b + points };
}
