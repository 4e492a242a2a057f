import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Scoreboard } from "../durable-objects/scoreboard";
import { seedDemoData } from "../scripts/seed/demo-data";
import { DEMO_GAMES } from "../scripts/seed/games";
import type { Game, Score } from "../src/games/models";
import { scoreboardOf } from "../src/games/scoreboard";
import { BASE, callJson, createUser, dbCost, evict, expectProblem, type TestUser, until } from "./helpers";
import { closeSocketsAfterEach, openSocket, type SocketClient } from "./socket-client";

// The Scoreboard object itself: the demo seed's boards, what it stores, and that it all survives eviction.
// This file's storage starts empty, so the seed runs first, on an empty database.

const board = (gameId: string) => scoreboardOf(env, gameId);

closeSocketsAfterEach();

/** Opens a socket to the game (as `user`, or as a guest) and reads the first frame, its snapshot. */
async function watch(gameId: string, user?: TestUser): Promise<SocketClient> {
  const client = await openSocket(`/games/${gameId}/ws`, { token: user?.token });
  await client.next();
  return client;
}

describe("the demo seed", () => {
  it("registers a live game at 42–38 and a finished one, and the objects open at those scores", async () => {
    expect(await seedDemoData(env)).toMatchObject({ games: true });

    const list = await callJson<{ data: Game[] }>("GET", "/games");
    expect(list.body.data.map((game) => [game.id, game.status, game.final_score])).toEqual([
      [DEMO_GAMES.live, "live", null],
      [DEMO_GAMES.final, "final", { team_a: 88, team_b: 91, period: 5 }],
    ]);
    expect(list.body.data[0]!.created_by).toBe("user-editor");

    const live = await callJson<Score>("GET", `/games/${DEMO_GAMES.live}/score`);
    expect(live.body).toMatchObject({
      home_team: "Harbour Hawks",
      away_team: "Valley Vipers",
      team_a: 42,
      team_b: 38,
      period: 3,
      status: "live",
    });
    const final = await callJson<Score>("GET", `/games/${DEMO_GAMES.final}/score`);
    expect(final.body).toMatchObject({ team_a: 88, team_b: 91, period: 5, status: "final" });

    const client = await watch(DEMO_GAMES.live);
    expect(client.frames[0]).toEqual({ type: "snapshot", ...live.body });
  });

  it("plays on from the seeded score; the seeded points themselves cannot be undone", async () => {
    const editor = await createUser("editor");
    const as = { token: editor.token };
    expectProblem(await callJson("POST", `/games/${DEMO_GAMES.live}/score/undo`, as), 409, "nothing_to_undo");
    const up = await callJson<Score>("POST", `/games/${DEMO_GAMES.live}/score/update`, {
      ...as,
      body: { team: "A", points: 2 },
    });
    expect(up.body).toMatchObject({ team_a: 44, team_b: 38, version: 1 });
    expectProblem(
      await callJson("POST", `/games/${DEMO_GAMES.final}/score/update`, { ...as, body: { team: "A" } }),
      409,
      "game_finished",
    );
  });

  it("changes nothing when run again", async () => {
    const before = (await callJson("GET", "/games")).body;
    expect(await seedDemoData(env)).toMatchObject({ games: false });
    expect((await callJson("GET", "/games")).body).toEqual(before);
    expect((await callJson<Score>("GET", `/games/${DEMO_GAMES.live}/score`)).body).toMatchObject({ team_a: 44 });
  });
});

describe("the object's storage", () => {
  it("keeps the board and the scoring log in its SQLite storage, undone events marked, not deleted", async () => {
    const editor = await createUser("editor");
    const game = (
      await callJson<Game>("POST", "/games", { token: editor.token, body: { home_team: "Log", away_team: "Test" } })
    ).body;
    for (const body of [
      { team: "A", points: 3 },
      { team: "B", points: 2 },
    ]) {
      await callJson("POST", `/games/${game.id}/score/update`, { token: editor.token, body });
    }
    await callJson("POST", `/games/${game.id}/period`, { token: editor.token });
    await callJson("POST", `/games/${game.id}/score/undo`, { token: editor.token });

    const stored = await runInDurableObject(board(game.id), (_instance: Scoreboard, state) => ({
      board: state.storage.sql.exec("SELECT * FROM board").toArray(),
      events: state.storage.sql.exec("SELECT * FROM scoring_events ORDER BY seq").toArray(),
    }));
    expect(stored.board).toEqual([
      {
        id: 1,
        game_id: game.id,
        home_team: "Log",
        away_team: "Test",
        team_a: 3,
        team_b: 0,
        period: 2,
        status: "live",
        version: 4,
        updated_at: expect.any(String),
      },
    ]);
    expect(stored.events).toEqual([
      expect.objectContaining({ team: "A", points: 3, period: 1, scored_by: editor.id, undone_at: null }),
      expect.objectContaining({ team: "B", points: 2, period: 1, scored_by: editor.id, undone_by: editor.id }),
    ]);
  });

  it("keeps each socket's identity in its attachment", async () => {
    const editor = await createUser("editor");
    const game = (
      await callJson<Game>("POST", "/games", { token: editor.token, body: { home_team: "Who", away_team: "Is" } })
    ).body;
    await watch(game.id);
    await watch(game.id, editor);
    const attachments = await runInDurableObject(board(game.id), (_instance, state) =>
      state.getWebSockets().map((socket) => socket.deserializeAttachment()),
    );
    expect(attachments).toHaveLength(2);
    expect(attachments).toEqual(
      expect.arrayContaining([
        { user_id: null, role: null },
        { user_id: editor.id, role: "editor" },
      ]),
    );
  });

  it("answers refusals over RPC as values, and stores nothing for them", async () => {
    const fresh = board(crypto.randomUUID());
    expect(await fresh.addPoints(undefined, "A", 2, null)).toEqual({
      ok: false,
      code: "unknown_game",
      message: expect.any(String),
    });
    expect(await fresh.score()).toMatchObject({ ok: false, code: "unknown_game" });

    const game = {
      id: "rpc-game",
      home_team: "R",
      away_team: "P",
      status: "live" as const,
      team_a: 0,
      team_b: 0,
      period: 1,
    };
    expect(await board(game.id).addPoints(game, "B", 4, null)).toMatchObject({ ok: false, code: "invalid_points" });
    expect(await board(game.id).score()).toMatchObject({ ok: true, score: { team_b: 0, version: 0 } });
  });

  it("accepts only upgrades forwarded by the Worker", async () => {
    const res = await board("rpc-game").fetch(new Request(`${BASE}/ws`, { headers: { Upgrade: "websocket" } }));
    expect(res.status).toBe(400);
    await res.body?.cancel();
  });
});

describe("eviction", () => {
  it("comes back with the same score, version and scoring log after the object is evicted", async () => {
    const editor = await createUser("editor");
    const as = { token: editor.token };
    const game = (await callJson<Game>("POST", "/games", { ...as, body: { home_team: "Evicted", away_team: "Kept" } }))
      .body;
    await callJson("POST", `/games/${game.id}/score/update`, { ...as, body: { team: "A", points: 3 } });
    await callJson("POST", `/games/${game.id}/score/update`, { ...as, body: { team: "B", points: 2 } });
    await callJson("POST", `/games/${game.id}/period`, as);
    const before = (await callJson<Score>("GET", `/games/${game.id}/score`)).body;
    const watcher = await watch(game.id);
    const instance = await runInDurableObject(board(game.id), (object) => object);

    await evict(board(game.id));
    // Its sockets went with it; clients reconnect.
    await watcher.waitForClose();

    expect(await runInDurableObject(board(game.id), (object) => object)).not.toBe(instance);
    const after = await callJson<Score>("GET", `/games/${game.id}/score`);
    expect(after.body).toEqual(before);
    // Read from the object's own storage, not rebuilt from D1.
    expect(dbCost(after)).toEqual({ queries: 0, rowsRead: 0 });

    const back = await watch(game.id);
    expect(back.frames[0]).toEqual({ type: "snapshot", ...before });
    // The log survived too: undo takes back the last basket (B's 2), and the version carries on.
    const undone = await callJson<Score>("POST", `/games/${game.id}/score/undo`, as);
    expect(undone.body).toMatchObject({ team_a: 3, team_b: 0, period: 2, version: before.version + 1 });
    await until(() => back.frames.length === 2);
    expect(back.frames[1]).toEqual({ type: "score", ...undone.body });
  });

  it("keeps a finished game final after eviction", async () => {
    const editor = await createUser("editor");
    const as = { token: editor.token };
    const game = (await callJson<Game>("POST", "/games", { ...as, body: { home_team: "Final", away_team: "Stays" } }))
      .body;
    await callJson("POST", `/games/${game.id}/score/update`, { ...as, body: { team: "B", points: 3 } });
    const finished = (await callJson<Score>("POST", `/games/${game.id}/finish`, as)).body;
    await evict(board(game.id));
    expect((await callJson<Score>("GET", `/games/${game.id}/score`)).body).toEqual(finished);
    expectProblem(
      await callJson("POST", `/games/${game.id}/score/update`, { ...as, body: { team: "A" } }),
      409,
      "game_finished",
    );
  });
});
