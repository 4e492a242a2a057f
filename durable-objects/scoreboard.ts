import { storedRole } from "../src/auth/guards";
import { hasRole, type Role } from "../src/auth/roles";
import type { Score, Team } from "../src/games/models";
import {
  type BoardChange,
  type BoardResult,
  type LogChange,
  rule,
  type ScoringEvent,
  unknownGame,
} from "../src/games/rules";
import {
  type GameInfo,
  SCOREBOARD_CLIENT_MESSAGES,
  type ScoreboardSession,
  ScoreboardSessionSchema,
} from "../src/games/scoreboard";
import { type ClientMessageOf, sendError } from "../src/realtime/messages";
import { nowIso } from "../src/time";
import { Room } from "./room";

/** Who holds a socket: kept in its attachment, so it survives hibernation. Null for guests. */
interface SocketIdentity {
  user_id: string | null;
  role: Role | null;
}

type ClientMessage = ClientMessageOf<typeof SCOREBOARD_CLIENT_MESSAGES>;

type BoardRow = {
  game_id: string;
  home_team: string;
  away_team: string;
  team_a: number;
  team_b: number;
  period: number;
  status: string;
  version: number;
  updated_at: string;
};

// One row for the board (id = 1) and the log of scoring events since the last reset, which undo walks back.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS board (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  game_id TEXT NOT NULL,
  home_team TEXT NOT NULL,
  away_team TEXT NOT NULL,
  team_a INTEGER NOT NULL CHECK (team_a >= 0),
  team_b INTEGER NOT NULL CHECK (team_b >= 0),
  period INTEGER NOT NULL CHECK (period >= 1),
  status TEXT NOT NULL CHECK (status IN ('live', 'final')),
  version INTEGER NOT NULL CHECK (version >= 0),
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scoring_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  team TEXT NOT NULL CHECK (team IN ('A', 'B')),
  points INTEGER NOT NULL CHECK (points BETWEEN 1 AND 3),
  period INTEGER NOT NULL,
  scored_by TEXT,
  scored_at TEXT NOT NULL,
  undone_by TEXT,
  undone_at TEXT
);
`;

/**
 * The live score of one game (one object per game, named by the game's id: see src/games/scoreboard.ts), kept in the
 * object's own SQLite storage so it survives eviction and restarts. The HTTP routes call it over RPC (`score`,
 * `addPoints`, `undo`, `nextPeriod`, `reset`, `finish`); WebSocket clients get a snapshot on connect and every change
 * after it, and editors may change the score over their socket too. The rules of each change live in
 * src/games/rules.ts; this object stores what they decide, and every change bumps `version` by one and reaches every
 * connected client in order.
 */
export class Scoreboard extends Room<ScoreboardSession, SocketIdentity, typeof SCOREBOARD_CLIENT_MESSAGES> {
  protected readonly sessionSchema = ScoreboardSessionSchema;
  protected readonly clientMessages = SCOREBOARD_CLIENT_MESSAGES;
  private readonly sql: SqlStorage;
  /** The board row as last read or written; storage changes only through this instance. */
  private board: Score | undefined;
  /** Socket edits wait for a D1 role check; this keeps them in the order they arrived. */
  private editQueue: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  // ---- RPC, called by the routes in src/games/routes.ts --------------------------------------------------------------
  // Each takes the game as the D1 registry has it; a board that has never met its game needs it once (the route
  // reads D1 only when a call answers `unknown_game`).

  score(game?: GameInfo): BoardResult {
    const board = this.open(game);
    return board ? { ok: true, score: board } : unknownGame();
  }

  addPoints(game: GameInfo | undefined, team: Team, points: number, by: string | null): BoardResult {
    return this.change(game, { kind: "points", team, points }, by);
  }

  undo(game: GameInfo | undefined, by: string | null): BoardResult {
    return this.change(game, { kind: "undo" }, by);
  }

  nextPeriod(game: GameInfo | undefined, by: string | null): BoardResult {
    return this.change(game, { kind: "period" }, by);
  }

  reset(game: GameInfo | undefined, by: string | null): BoardResult {
    return this.change(game, { kind: "reset" }, by);
  }

  finish(game: GameInfo | undefined, by: string | null): BoardResult {
    return this.change(game, { kind: "finish" }, by);
  }

  // ---- WebSocket -----------------------------------------------------------------------------------------------------

  /** A socket handed over by the Worker, with the game and who opened it: it starts with a snapshot. */
  protected override join(session: ScoreboardSession): Response {
    const board = this.open(session.game);
    if (!board) return this.refuse(404, "not_found", "No such game.");
    const { socket, response } = this.acceptSocket({ user_id: session.user_id, role: session.role });
    this.send(socket, { type: "snapshot", ...board });
    return response;
  }

  protected override onMessage(socket: WebSocket, message: ClientMessage): Promise<void> {
    const turn = this.editQueue.then(() => this.editFromSocket(socket, message));
    this.editQueue = turn.catch(() => {});
    return turn;
  }

  private async editFromSocket(socket: WebSocket, message: ClientMessage): Promise<void> {
    const who = this.attachmentOf(socket);
    const may = await this.mayEdit(socket, who);
    if (may === "unknown") return sendError(socket, "unavailable", "Could not check your role just now; try again.");
    if (may === "no") return sendError(socket, "forbidden", "Only editors can change the score.");
    const change: BoardChange =
      message.type === "update"
        ? { kind: "points", team: message.team, points: message.points }
        : { kind: message.type };
    const result = this.change(undefined, change, who.user_id);
    // Success reaches this socket with everyone else's, as the `score` broadcast.
    if (!result.ok) sendError(socket, result.code, result.message);
  }

  /**
   * Editors may change the score. The role the socket opened with is a first filter (guests and viewers are refused
   * without a query); as with the HTTP guards, the stored account then decides, so a demotion or deletion takes
   * effect on the socket's next edit. (A promotion takes effect when the client reconnects.)
   */
  private async mayEdit(socket: WebSocket, who: SocketIdentity): Promise<"yes" | "no" | "unknown"> {
    if (!who.user_id || !who.role || !hasRole(who.role, "editor")) return "no";
    let role: Role | null;
    try {
      role = await storedRole(this.env, who.user_id);
    } catch {
      return "unknown";
    }
    if (role && hasRole(role, "editor")) return "yes";
    socket.serializeAttachment({ ...who, role } satisfies SocketIdentity);
    return "no";
  }

  // ---- the board -----------------------------------------------------------------------------------------------------

  private load(): Score | undefined {
    if (!this.board) {
      const row = this.sql
        .exec<BoardRow>(
          "SELECT game_id, home_team, away_team, team_a, team_b, period, status, version, updated_at FROM board",
        )
        .toArray()[0];
      this.board = row && { ...row, status: row.status as Score["status"] };
    }
    return this.board;
  }

  /** The board, set up from the registry's record of `game` the first time. */
  private open(game?: GameInfo): Score | undefined {
    const board = this.load();
    if (board || !game) return board;
    this.sql.exec(
      `INSERT INTO board (id, game_id, home_team, away_team, team_a, team_b, period, status, version, updated_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      game.id,
      game.home_team,
      game.away_team,
      game.team_a,
      game.team_b,
      game.period,
      game.status,
      nowIso(),
    );
    return this.load();
  }

  /** Applies one change by the game's rules, stores it and broadcasts the new score to every client, all synchronously. */
  private change(game: GameInfo | undefined, change: BoardChange, by: string | null): BoardResult {
    const board = this.open(game);
    if (!board) return unknownGame();
    const now = nowIso();
    // One transaction: the log and the board change together, or neither does.
    const ruling = this.ctx.storage.transactionSync(() => {
      const decided = rule(board, change, () => this.lastScored(), now);
      if (decided.ok) {
        this.writeLog(decided.log, by, now);
        this.writeBoard(decided.score);
      }
      return decided;
    });
    if (!ruling.ok) return ruling;
    // No await between the write and this broadcast: no other change can slip between a version and its message.
    this.board = ruling.score;
    this.broadcast({ type: "score", ...ruling.score });
    return { ok: true, score: ruling.score };
  }

  /** The last scoring event not undone, which undo takes back. */
  private lastScored(): ScoringEvent | undefined {
    return this.sql
      .exec<{ seq: number; team: Team; points: number }>(
        "SELECT seq, team, points FROM scoring_events WHERE undone_at IS NULL ORDER BY seq DESC LIMIT 1",
      )
      .toArray()[0];
  }

  private writeLog(log: LogChange, by: string | null, now: string): void {
    switch (log.kind) {
      case "record":
        this.sql.exec(
          "INSERT INTO scoring_events (team, points, period, scored_by, scored_at) VALUES (?, ?, ?, ?, ?)",
          log.team,
          log.points,
          log.period,
          by,
          now,
        );
        break;
      case "undo":
        this.sql.exec("UPDATE scoring_events SET undone_by = ?, undone_at = ? WHERE seq = ?", by, now, log.seq);
        break;
      case "clear":
        this.sql.exec("DELETE FROM scoring_events");
        break;
      case "none":
        break;
    }
  }

  private writeBoard(score: Score): void {
    this.sql.exec(
      "UPDATE board SET team_a = ?, team_b = ?, period = ?, status = ?, version = ?, updated_at = ? WHERE id = 1",
      score.team_a,
      score.team_b,
      score.period,
      score.status,
      score.version,
      score.updated_at,
    );
  }
}
