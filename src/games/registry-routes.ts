import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, pageOf, toPage } from "../http/pagination";
import { notFound } from "../http/problem";
import { nowIso } from "../time";
import { CreateGameBody, GamePosition, GameSchema, ListGamesQuery, presentGame } from "./models";
import { findGameOrCreateDefault, insertGame, listGames } from "./queries";

const tags = ["Games"];

const create = createRoute({
  method: "post",
  path: "/games",
  tags,
  summary: "Register a game; its score starts at 0–0 in period 1",
  ...guarded("editor"),
  request: { body: jsonBody(CreateGameBody) },
  responses: { 201: jsonContent(GameSchema, "The new game, live"), ...problems(400, 401, 403, 415) },
});

const list = createRoute({
  method: "get",
  path: "/games",
  tags,
  summary: "List games: live ones first, then newest",
  description:
    "Read from the registry alone, without waking any game's object: finished games carry their `final_score`, " +
    "live ones null (their live score is at `/games/{id}/score`).",
  request: { query: ListGamesQuery },
  responses: { 200: jsonContent(pageOf(GameSchema, "GamePage"), "A page of games"), ...problems(400) },
});

const get = createRoute({
  method: "get",
  path: "/games/{id}",
  tags,
  summary: "One game",
  request: { params: IdParam },
  responses: { 200: jsonContent(GameSchema, "The game"), ...problems(404) },
});

/** The registry of games: editors register them, anyone lists them (read from D1, without waking any board). */
export const registryRoutes = createRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const now = nowIso();
    const game = await insertGame(c.var.db, {
      id: crypto.randomUUID(),
      homeTeam: body.home_team,
      awayTeam: body.away_team,
      status: "live",
      createdBy: c.var.user.id,
      createdAt: now,
      updatedAt: now,
    });
    c.header("Location", `/games/${game.id}`);
    return c.json(presentGame(game), 201);
  })
  .openapi(list, async (c) => {
    const { limit, cursor, status } = c.req.valid("query");
    const rows = await listGames(c.var.db, { limit, after: await decodeCursor(c, cursor, GamePosition), status });
    return c.json(await toPage(c, rows, limit, (row) => [row.status, row.createdAt, row.id], presentGame), 200);
  })
  .openapi(get, async (c) => {
    const game = await findGameOrCreateDefault(c.var.db, c.req.valid("param").id);
    if (!game) throw notFound("game");
    return c.json(presentGame(game), 200);
  });
