import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { guarded } from "../auth/guards";
import type { AppEnv } from "../env";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { conflict, notFound, validationFailed } from "../http/problem";
import { handOff } from "../realtime/handoff";
import { socketAccount, webSocketOnly } from "../realtime/upgrade";
import { nowIso } from "../time";
import { type Score, ScoreSchema, ScoreUpdateBody } from "./models";
import { DEFAULT_GAME_ID, findGameOrCreateDefault, recordFinalScore } from "./queries";
import type { BoardResult } from "./rules";
import { type GameInfo, gameInfo, ScoreboardSessionSchema, scoreboardOf } from "./scoreboard";

// Reading games and scores is public (a scoreboard is for anyone watching); changing them needs an editor.

const tags = ["Games"];

const getScore = createRoute({
  method: "get",
  path: "/games/{id}/score",
  tags,
  summary: "The game's score as it is now",
  request: { params: IdParam },
  responses: { 200: jsonContent(ScoreSchema, "The score"), ...problems(404) },
});

const changesEveryone =
  "The new score is broadcast to every connected client. A finished game refuses every change (409 game_finished).";

/** An editor's action on a game's score without a body; each answers the new score. */
function scoreAction(path: string, summary: string, description: string) {
  return createRoute({
    method: "post",
    path,
    tags,
    summary,
    description: `${description} ${changesEveryone}`,
    ...guarded("editor"),
    request: { params: IdParam },
    responses: { 200: jsonContent(ScoreSchema, "The new score"), ...problems(401, 403, 404, 409) },
  });
}

const addPoints = createRoute({
  method: "post",
  path: "/games/{id}/score/update",
  tags,
  summary: "Add points to a team",
  description: `\`team\` A (home) or B (away) scores \`points\`: 1, 2 or 3 (default 1). ${changesEveryone}`,
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(ScoreUpdateBody) },
  responses: { 200: jsonContent(ScoreSchema, "The new score"), ...problems(400, 401, 403, 404, 409, 415) },
});
const undo = scoreAction(
  "/games/{id}/score/undo",
  "Undo the last scoring event",
  "Takes back the last points scored that are not undone yet; 409 nothing_to_undo when there are none.",
);
const nextPeriod = scoreAction("/games/{id}/period", "Move on to the next period", "The period goes up by one.");
const reset = scoreAction(
  "/games/{id}/reset",
  "Reset the score",
  "Back to 0–0 in period 1; the scoring log starts again (nothing to undo).",
);
const finish = createRoute({
  method: "post",
  path: "/games/{id}/finish",
  tags,
  summary: "Finish the game: its score becomes final",
  description:
    "The score is frozen and written to the games registry (`GET /games` then shows it without waking the " +
    "game's object). Finishing a finished game answers 409 game_finished and repairs the registry if an earlier " +
    "finish could not write it.",
  ...guarded("editor"),
  request: { params: IdParam },
  responses: { 200: jsonContent(ScoreSchema, "The final score"), ...problems(401, 403, 404, 409) },
});

const socket = createRoute({
  method: "get",
  path: "/games/{id}/ws",
  tags,
  summary: "Follow the score over a WebSocket",
  description: [
    "Answers only WebSocket upgrades (anything else: 426). Anyone may watch; send `?access_token=` (or",
    "`Authorization: Bearer`) to be known. Every message is JSON `{type, ...}`.",
    "",
    "Server → client: `{type:'snapshot', ...score}` on connect; `{type:'score', ...score}` after every change,",
    "to every client, `version` going up by one each time; `{type:'error', code, message}` for a refused message",
    "(the socket stays open); `{type:'pong'}` for `{type:'ping'}`.",
    "",
    "Client → server (editors only, else error `forbidden`): `{type:'update', team:'A'|'B', points:1|2|3}`,",
    "`{type:'undo'}`, `{type:'period'}`, `{type:'reset'}`. Finishing a game is HTTP only (it writes the registry).",
    "Refused frames: over 4 KiB `frame_too_large`, binary `unsupported_frame`, not JSON `bad_json`, unknown type",
    "`unknown_type`, a field out of range `invalid_message`; `game_finished` and `nothing_to_undo` as over HTTP;",
    "`unavailable` when the editor's role could not be checked.",
  ].join("\n"),
  middleware: [webSocketOnly],
  request: {
    params: IdParam,
    query: z.object({
      access_token: z
        .string()
        .optional()
        .openapi({ description: "An access token, for clients that cannot set headers" }),
    }),
  },
  responses: {
    101: { description: "Switching Protocols: the socket is open and its snapshot on the way" },
    ...problems(401, 404, 426),
  },
});

// The original single board, kept working on the default game.

const defaultScore = createRoute({
  method: "get",
  path: "/score",
  tags,
  summary: "The default game's score",
  description: "The single board of the original API: the game with id `default`, created the first time it is used.",
  responses: { 200: jsonContent(ScoreSchema, "The score") },
});

const defaultAddPoints = createRoute({
  method: "post",
  path: "/score/update",
  tags,
  summary: "Add points to a team of the default game",
  description: "As `POST /games/default/score/update`.",
  ...guarded("editor"),
  request: { body: jsonBody(ScoreUpdateBody) },
  responses: { 200: jsonContent(ScoreSchema, "The new score"), ...problems(400, 401, 403, 409, 415) },
});

const defaultReset = createRoute({
  method: "post",
  path: "/score",
  tags,
  summary: "Reset the default game's score",
  description: "As `POST /games/default/reset`.",
  ...guarded("editor"),
  responses: { 200: jsonContent(ScoreSchema, "The new score"), ...problems(401, 403, 409) },
});

// ---- talking to a game's Scoreboard ----------------------------------------------------------------------------------

type Board = ReturnType<typeof scoreboardOf>;

/**
 * Calls the game's Scoreboard. A board that knows its game answers without D1; only one that has never been used
 * (`unknown_game`) makes the route read the registry (404 for a game that is not there) and call again with it.
 */
async function onBoard(
  c: Context<AppEnv>,
  gameId: string,
  call: (board: Board, game: GameInfo | undefined) => Promise<BoardResult>,
): Promise<BoardResult> {
  const board = scoreboardOf(c.env, gameId);
  const first = await call(board, undefined);
  if (first.ok || first.code !== "unknown_game") return first;
  const row = await findGameOrCreateDefault(c.var.db, gameId);
  if (!row) throw notFound("game");
  return call(board, gameInfo(row));
}

function scoreOf(result: BoardResult): Score {
  if (result.ok) return result.score;
  if (result.code === "unknown_game") throw notFound("game");
  if (result.code === "invalid_points") throw validationFailed([{ path: "points", message: result.message }]);
  throw conflict(result.code, result.message);
}

const pointsFor = (c: Context<AppEnv>, gameId: string, body: { team: "A" | "B"; points: number }) =>
  onBoard(c, gameId, (board, game) => board.addPoints(game, body.team, body.points, c.var.user.id));

const resetOf = (c: Context<AppEnv>, gameId: string) =>
  onBoard(c, gameId, (board, game) => board.reset(game, c.var.user.id));

/** Each game's live score, kept by its Scoreboard object: read and watched by anyone, changed by editors. */
export const scoreRoutes = createRouter()
  .openapi(getScore, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(scoreOf(await onBoard(c, id, (board, game) => board.score(game))), 200);
  })
  .openapi(addPoints, async (c) => {
    return c.json(scoreOf(await pointsFor(c, c.req.valid("param").id, c.req.valid("json"))), 200);
  })
  .openapi(undo, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(scoreOf(await onBoard(c, id, (board, game) => board.undo(game, c.var.user.id))), 200);
  })
  .openapi(nextPeriod, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(scoreOf(await onBoard(c, id, (board, game) => board.nextPeriod(game, c.var.user.id))), 200);
  })
  .openapi(reset, async (c) => {
    return c.json(scoreOf(await resetOf(c, c.req.valid("param").id)), 200);
  })
  .openapi(finish, async (c) => {
    const { id } = c.req.valid("param");
    const result = await onBoard(c, id, (board, game) => board.finish(game, c.var.user.id));
    // Written after the object has frozen the score. A finish repeated because this write failed repairs it.
    if (result.ok || result.code === "game_finished") await recordFinalScore(c.var.db, result.score, nowIso());
    return c.json(scoreOf(result), 200);
  })
  .openapi(socket, async (c) => {
    const { id } = c.req.valid("param");
    const account = await socketAccount(c);
    const game = await findGameOrCreateDefault(c.var.db, id);
    if (!game) throw notFound("game");
    return handOff(c, scoreboardOf(c.env, id), ScoreboardSessionSchema, {
      game: gameInfo(game),
      user_id: account?.id ?? null,
      role: account?.role ?? null,
    });
  })
  .openapi(defaultScore, async (c) => {
    return c.json(scoreOf(await onBoard(c, DEFAULT_GAME_ID, (board, game) => board.score(game))), 200);
  })
  .openapi(defaultAddPoints, async (c) => {
    return c.json(scoreOf(await pointsFor(c, DEFAULT_GAME_ID, c.req.valid("json"))), 200);
  })
  .openapi(defaultReset, async (c) => {
    return c.json(scoreOf(await resetOf(c, DEFAULT_GAME_ID)), 200);
  });
