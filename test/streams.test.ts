import {
  abortAllDurableObjects,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChatRoom } from "../durable-objects/chat-room";
import { DEMO_STREAM_ID, seedStreams } from "../scripts/seed/streams";
import { app } from "../src/app";
import { users } from "../src/auth/schema";
import { encodeSession, SESSION_HEADER } from "../src/realtime/handoff";
import { readClientMessage } from "../src/realtime/messages";
import { chatClientMessages, chatRoomOf } from "../src/streams/chat-room";
import { insufficientRoles, invalidCredentials, type Refusal } from "./auth-matrix";
import {
  ACCOUNT_LOOKUP,
  BASE,
  call,
  callJson,
  createUser,
  db,
  dbCost,
  expectProblem,
  freshIp,
  MISSING_ID,
  type Query,
  type TestUser,
  uniqueWord,
  walkPages,
  withQuery,
} from "./helpers";
import { closeSocketsAfterEach, openSocket, requestUpgrade, type SocketClient } from "./socket-client";

// ---- WebSocket clients --------------------------------------------------------------------------------------------

closeSocketsAfterEach();

// Rooms hold back bursts of joins and leaves for an alarm (the tests' own sockets closing make such bursts): run the
// pending ones, so that none fires once this file's runtime has gone.
afterAll(async () => {
  for (const id of await listDurableObjectIds(env.CHAT_ROOM)) await runDurableObjectAlarm(env.CHAT_ROOM.get(id));
});

const socketPath = (streamId: string) => `/streams/${streamId}/ws`;

/**
 * Joins the stream's chat (`name` for a guest, or an `access_token`) and waits for the history it opens with. Each
 * socket comes from an address of its own unless `headers` name one: a guest's limits are counted per address.
 */
async function join(streamId: string, query: Query = {}, headers: Record<string, string> = {}): Promise<SocketClient> {
  const client = await openSocket(socketPath(streamId), {
    query,
    headers: { "CF-Connecting-IP": freshIp(), ...headers },
  });
  await client.waitFor((frame) => frame.type === "history");
  return client;
}

// ---- fixtures -----------------------------------------------------------------------------------------------------

let editor: TestUser;
let viewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [editor, viewer, admin] = await Promise.all([
    createUser("editor", "Eddie Editor"),
    createUser("viewer", "Vera Viewer"),
    createUser("admin", "Ada Admin"),
  ]);
});

const streamBody = (overrides: Record<string, unknown> = {}) => ({
  title: `Launch day ${uniqueWord()}`,
  description: "Questions welcome.",
  video_url: "https://www.youtube.com/embed/dQw4w9WgXcQ",
  ...overrides,
});

async function createStream(overrides: Record<string, unknown> = {}): Promise<{ id: string } & Record<string, any>> {
  const res = await callJson("POST", "/streams", { token: editor.token, body: streamBody(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const postMessage = (streamId: string, content: string, token = viewer.token) =>
  callJson("POST", `/streams/${streamId}/messages`, { token, body: { content } });

const room = (streamId: string) => chatRoomOf(env, streamId);

async function refuse(refusal: Refusal, method: string, path: string, body?: unknown) {
  const res = await callJson(method, path, { headers: await refusal.headers(), body });
  expectProblem(res, refusal.status, refusal.code);
}

// ---- the demo seed (first: it seeds only into an empty streams table) ---------------------------------------------

describe("demo seed", () => {
  it("creates one live stream whose chat holds six messages, through the room's RPC, once", async () => {
    expect(await seedStreams(db(), env.CHAT_ROOM)).toBe(true);
    const stream = await callJson("GET", `/streams/${DEMO_STREAM_ID}`);
    expect(stream.body).toMatchObject({
      id: DEMO_STREAM_ID,
      status: "live",
      video_url: expect.stringMatching(/^https:/),
    });
    const history = await callJson("GET", `/streams/${DEMO_STREAM_ID}/messages`);
    expect(history.body.next_cursor).toBeNull();
    expect(history.body.data).toHaveLength(6);
    const senders = history.body.data.map((m: any) => m.sender);
    expect(senders).toContainEqual({ name: "Priya", guest: true });
    expect(senders).toContainEqual({ name: "Eddie Editor", guest: false });
    const times = history.body.data.map((m: any) => m.created_at);
    expect(times).toEqual([...times].sort().reverse());

    expect(await seedStreams(db(), env.CHAT_ROOM)).toBe(false);
    expect((await callJson("GET", `/streams/${DEMO_STREAM_ID}/messages`)).body.data).toHaveLength(6);
  });
});

// ---- the registry -------------------------------------------------------------------------------------------------

describe("streams registry", () => {
  it("lets an editor create a live stream: 201, Location, the stream as stored", async () => {
    const body = streamBody({ title: "  Launch day  ", video_url: "https://player.vimeo.com/video/76979871" });
    const res = await callJson("POST", "/streams", { token: editor.token, body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: "Launch day",
      description: "Questions welcome.",
      video_url: "https://player.vimeo.com/video/76979871",
      status: "live",
      created_by: editor.id,
      created_at: expect.any(String),
      updated_at: res.body.created_at,
    });
    expect(res.headers.get("Location")).toBe(`/streams/${res.body.id}`);
    expect(dbCost(res)).toEqual({ queries: ACCOUNT_LOOKUP.queries + 1, rowsRead: expect.any(Number) });

    const got = await callJson("GET", `/streams/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ ...res.body, viewer_count: 0, slow_mode_seconds: 0 });
    expect(dbCost(got).queries).toBe(1);
  });

  it("defaults the description to empty", async () => {
    const { description: _, ...body } = streamBody();
    const res = await callJson("POST", "/streams", { token: editor.token, body });
    expect(res.status).toBe(201);
    expect(res.body.description).toBe("");
  });

  it.each([
    ["an http URL", { video_url: "http://www.youtube.com/embed/x" }, "video_url"],
    ["a javascript: URL", { video_url: "javascript:alert(1)" }, "video_url"],
    ["a relative URL", { video_url: "/embed/x" }, "video_url"],
    ["a URL with credentials", { video_url: "https://user:pw@example.com/embed" }, "video_url"],
    ["a URL over 2048 characters", { video_url: `https://example.com/${"a".repeat(2048)}` }, "video_url"],
    ["an empty title", { title: "   " }, "title"],
    ["a title over 200 characters", { title: "t".repeat(201) }, "title"],
    ["a description over 2000 characters", { description: "d".repeat(2001) }, "description"],
    ["an unknown field", { status: "ended" }, "status"],
  ])("refuses %s with 400 naming the field", async (_, overrides, path) => {
    const res = await callJson("POST", "/streams", { token: editor.token, body: streamBody(overrides) });
    const problem = expectProblem(res, 400, "validation_failed");
    expect(problem.errors?.map((e) => e.path)).toContain(path);
  });

  it("lists streams newest first with keyset pagination, optionally by status", async () => {
    const created: { id: string }[] = [];
    for (let i = 0; i < 5; i++) created.push(await createStream());
    const ended = created[1]!;
    expect((await callJson("POST", `/streams/${ended.id}/end`, { token: editor.token })).status).toBe(200);

    const pages = await walkPages(editor.token, "/streams", { limit: 2 });
    const ids = pages.flatMap((page) => page.data.map((stream: any) => stream.id));
    expect(new Set(ids).size).toBe(ids.length);
    const mine = ids.filter((id) => created.some((stream) => stream.id === id));
    expect(mine).toEqual(created.map((stream) => stream.id).reverse());

    const live = await walkPages(editor.token, "/streams", { limit: 100, status: "live" });
    const liveIds = live.flatMap((page) => page.data.map((stream: any) => stream.id));
    expect(liveIds).not.toContain(ended.id);
    expect(liveIds).toContain(created[0]!.id);

    const first = await callJson("GET", withQuery("/streams", { limit: 2 }));
    expect(dbCost(first).queries).toBe(1);
    expect(first.body.data[0]).not.toHaveProperty("viewer_count");
  });

  it("is public to read, and refuses a bad cursor or limit", async () => {
    expect((await callJson("GET", "/streams")).status).toBe(200);
    expectProblem(await callJson("GET", "/streams?cursor=nonsense"), 400, "invalid_cursor");
    expectProblem(await callJson("GET", "/streams?limit=101"), 400, "validation_failed");
    expectProblem(await callJson("GET", "/streams?status=paused"), 400, "validation_failed");
  });

  it("answers 404 for an unknown stream on every route", async () => {
    const editorAuth = { token: editor.token };
    for (const [method, path, options] of [
      ["GET", `/streams/${MISSING_ID}`, {}],
      ["POST", `/streams/${MISSING_ID}/end`, editorAuth],
      ["GET", `/streams/${MISSING_ID}/messages`, {}],
      ["GET", `/streams/${MISSING_ID}/messages/1`, {}],
      ["POST", `/streams/${MISSING_ID}/messages`, { token: viewer.token, body: { content: "hi" } }],
      ["DELETE", `/streams/${MISSING_ID}/messages/1`, editorAuth],
    ] as const) {
      expectProblem(await callJson(method, path, options), 404, "not_found");
    }
    const socket = await requestUpgrade(socketPath(MISSING_ID), { query: { name: "Priya" } });
    await expectProblem(socket, 404, "not_found");
  });
});

describe("editor actions refuse anyone else", () => {
  let stream: { id: string };
  let messageId: number;

  beforeAll(async () => {
    stream = await createStream();
    messageId = (await postMessage(stream.id, "keep me")).body.id;
  });

  const refusals = [...invalidCredentials(() => admin), ...insufficientRoles("editor")];

  it.each(refusals)("POST /streams with $sent → $status $code, nothing created", async (refusal) => {
    const title = `refused ${uniqueWord()}`;
    await refuse(refusal, "POST", "/streams", streamBody({ title }));
    const all = await walkPages(editor.token, "/streams", { limit: 100 });
    expect(all.flatMap((page) => page.data).some((s: any) => s.title === title)).toBe(false);
  });

  it.each(refusals)("POST /streams/{id}/end with $sent → $status $code, still live", async (refusal) => {
    await refuse(refusal, "POST", `/streams/${stream.id}/end`);
    expect((await callJson("GET", `/streams/${stream.id}`)).body.status).toBe("live");
  });

  it.each(refusals)("DELETE a message with $sent → $status $code, message kept", async (refusal) => {
    await refuse(refusal, "DELETE", `/streams/${stream.id}/messages/${messageId}`);
    expect((await callJson("GET", `/streams/${stream.id}/messages/${messageId}`)).status).toBe(200);
  });

  it.each(invalidCredentials(() => admin))(
    "POST a message with $sent → $status $code, nothing stored",
    async (refusal) => {
      await refuse(refusal, "POST", `/streams/${stream.id}/messages`, { content: "sneaky" });
      const history = await callJson("GET", `/streams/${stream.id}/messages`);
      expect(history.body.data.map((m: any) => m.content)).toEqual(["keep me"]);
    },
  );
});

describe("OpenAPI", () => {
  it("documents every /streams route, the socket as a GET answering 101 or 426", async () => {
    const doc = (await callJson("GET", "/openapi.json")).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, any>>)
      .filter(([path]) => path.startsWith("/streams"))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const routed = app.routes
      .filter((route) => route.method !== "ALL" && route.path.startsWith("/streams"))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(new Set(documented)).toEqual(new Set(routed));
    expect(new Set(documented)).toEqual(
      new Set([
        "POST /streams",
        "GET /streams",
        "GET /streams/{id}",
        "POST /streams/{id}/end",
        "GET /streams/{id}/ws",
        "GET /streams/{id}/messages",
        "POST /streams/{id}/messages",
        "GET /streams/{id}/messages/{message_id}",
        "DELETE /streams/{id}/messages/{message_id}",
        "GET /streams/{id}/restrictions",
        "PUT /streams/{id}/restrictions/{sender_key}",
        "DELETE /streams/{id}/restrictions/{sender_key}",
        "PUT /streams/{id}/slow-mode",
      ]),
    );
    const ws = doc.paths["/streams/{id}/ws"].get;
    expect(Object.keys(ws.responses)).toEqual(
      expect.arrayContaining(["101", "400", "401", "404", "409", "426", "429"]),
    );
    // The frames a client must handle are documented, the coalesced presence frame among them.
    expect(ws.description).toContain('`event`: "presence"');
    expect(ws.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(["id", "name", "access_token"]));
    expect(doc.paths["/streams"].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.tags.map((tag: any) => tag.name)).toContain("Streams");
  });
});

// ---- the socket route ---------------------------------------------------------------------------------------------

describe("joining the chat", () => {
  it("answers a request that is not an upgrade with a 426 problem, for known and unknown streams", async () => {
    const stream = await createStream();
    for (const id of [stream.id, MISSING_ID]) {
      const res = await call("GET", `/streams/${id}/ws?name=Priya`);
      expect(res.headers.get("Upgrade")).toBe("websocket");
      await expectProblem(res, 426, "upgrade_required");
    }
  });

  it("needs a display name of 1–50 characters from a guest", async () => {
    const stream = await createStream();
    for (const query of [
      {} as Record<string, string>,
      { name: "   " },
      { name: "n".repeat(51) },
      { name: "a\u0007b" },
    ]) {
      const res = await requestUpgrade(socketPath(stream.id), { query });
      const problem = await expectProblem(res, 400, "validation_failed");
      expect(problem.errors?.map((e) => e.path)).toEqual(["name"]);
    }
  });

  it("refuses a bad token rather than treating the caller as a guest", async () => {
    const stream = await createStream();
    const res = await requestUpgrade(socketPath(stream.id), { query: { name: "Priya", access_token: "not-a-jwt" } });
    await expectProblem(res, 401, "invalid_token");
  });

  it("sends the newcomer the last 50 messages, oldest first, with the presence count and the current seq", async () => {
    const stream = await createStream();
    for (let i = 1; i <= 53; i++) {
      const res = await postMessage(stream.id, `message ${i}`, editor.token);
      expect(res.status).toBe(201);
    }
    const client = await join(stream.id, { name: "Priya" });
    const history = client.first("history");
    expect(history.messages).toHaveLength(50);
    expect(history.messages[0].content).toBe("message 4");
    expect(history.messages[49]).toEqual({
      id: expect.any(Number),
      sender: { name: "Eddie Editor", guest: false },
      content: "message 53",
      created_at: expect.any(String),
    });
    expect(history.viewers).toBe(1);
    expect(history.seq).toBe(53);
    const joined = await client.waitFor((frame) => frame.type === "system");
    expect(joined).toEqual({
      type: "system",
      event: "joined",
      name: "Priya",
      guest: true,
      text: "Priya joined",
      viewers: 1,
      seq: 54,
    });
  });

  it("tells everyone who joins and who leaves, with the presence count", async () => {
    const stream = await createStream();
    const first = await join(stream.id, { name: "Priya" });
    const second = await join(stream.id, { name: "Sam" });
    expect(second.first("history").viewers).toBe(2);
    expect(await first.waitFor((f) => f.type === "system" && f.name === "Sam")).toMatchObject({
      event: "joined",
      text: "Sam joined",
      viewers: 2,
    });
    await second.close();
    expect(await first.waitFor((f) => f.type === "system" && f.event === "left")).toMatchObject({
      name: "Sam",
      guest: true,
      text: "Sam left",
      viewers: 1,
    });
  });

  it("chats signed-in users under their account name and guests under theirs, marked as guests", async () => {
    const stream = await createStream();
    const guest = await join(stream.id, { name: "Eddie" });
    // A token in the query (browsers) or in the header; a name sent alongside is ignored.
    const member = await join(stream.id, { name: "Someone else", access_token: viewer.token });
    const staff = await join(stream.id, {}, { Authorization: `Bearer ${editor.token}` });

    guest.send({ type: "message", content: "from the guest" });
    member.send({ type: "message", content: "from the viewer" });
    staff.send({ type: "message", content: "from the editor" });
    const messages = await staff.collect("message", 3);
    const senders = Object.fromEntries(messages.map((m) => [m.content, m.sender]));
    expect(senders).toEqual({
      "from the guest": { name: "Eddie", guest: true },
      "from the viewer": { name: "Vera Viewer", guest: false },
      "from the editor": { name: "Eddie Editor", guest: false },
    });
    const joins = staff.ofType("system").map((f) => [f.name, f.guest]);
    expect(joins).toEqual([["Eddie Editor", false]]);
    expect(guest.ofType("system").map((f) => [f.name, f.guest])).toEqual([
      ["Eddie", true],
      ["Vera Viewer", false],
      ["Eddie Editor", false],
    ]);
  });

  it("ignores a sender header sent by the client: only the Worker sets it", async () => {
    const stream = await createStream();
    const forged = encodeSession({ name: "Ada Admin", guest: false, userId: admin.id });
    const client = await join(stream.id, { name: "Mallory" }, { [SESSION_HEADER]: forged });
    const joined = await client.waitFor((f) => f.type === "system");
    expect(joined).toMatchObject({ name: "Mallory", guest: true });
    client.send({ type: "message", content: "who am I?" });
    expect((await client.waitFor((f) => f.type === "message")).sender).toEqual({ name: "Mallory", guest: true });
  });

  it("has an object that accepts only upgrades that carry a sender", async () => {
    const stream = await createStream();
    const plain = await room(stream.id).fetch(new Request(`${BASE}/ws`));
    expect(plain.status).toBe(426);
    await plain.body?.cancel();
    const anonymous = await room(stream.id).fetch(new Request(`${BASE}/ws`, { headers: { Upgrade: "websocket" } }));
    expect(anonymous.status).toBe(400);
    await anonymous.body?.cancel();
    expect(await room(stream.id).viewerCount()).toBe(0);
  });

  it("refuses a guest name that is an account's, in any case: 409 name_taken naming the field, in one D1 query", async () => {
    const stream = await createStream();
    for (const name of ["Eddie Editor", "  eddie EDITOR  ", "VERA VIEWER"]) {
      const res = await requestUpgrade(socketPath(stream.id), { query: { name } });
      expect(dbCost(res).queries).toBe(1);
      const problem = await expectProblem(res, 409, "name_taken");
      expect(problem.errors?.map((e) => e.path)).toEqual(["name"]);
    }
    // Signed in, an account chats under its own name; a name sent alongside is ignored.
    const member = await join(stream.id, { name: "Eddie Editor", access_token: viewer.token });
    expect((await member.waitFor((f) => f.type === "system")).name).toBe("Vera Viewer");
    // A name that merely contains an account's is a guest's to take.
    await join(stream.id, { name: "Eddie Editor fan" });
  });

  it("checks a guest's name by an index, without reading every account", async () => {
    await Promise.all(Array.from({ length: 30 }, () => createUser("customer")));
    const stream = await createStream();
    const res = await requestUpgrade(socketPath(stream.id), { query: { name: "Vera Viewer" } });
    // The stream's row, and one index probe that finds the account: not the 33 accounts there are.
    expect(dbCost(res).rowsRead).toBeLessThanOrEqual(2);
    await expectProblem(res, 409, "name_taken");
  });

  it("answers a refusal by the room itself as a problem: a chat the room has closed is 409 stream_ended", async () => {
    const stream = await createStream();
    // The room has ended the chat while the registry still lists the stream as live (e.g. between the two writes).
    await room(stream.id).end();
    const res = await requestUpgrade(socketPath(stream.id), { query: { name: "Late" } });
    const problem = await expectProblem(res, 409, "stream_ended");
    expect(problem.detail).toEqual(expect.any(String));
  });

  it("costs one D1 query for a guest and two for a signed-in user (the account)", async () => {
    // A 101 carries no headers of ours; an ended stream answers 409 after the same lookups, and shows the cost.
    const ended = await createStream();
    await callJson("POST", `/streams/${ended.id}/end`, { token: editor.token });
    const guest = await requestUpgrade(socketPath(ended.id), { query: { name: "Priya" } });
    expect(dbCost(guest)).toEqual({ queries: 1, rowsRead: 1 });
    await expectProblem(guest, 409, "stream_ended");
    const member = await requestUpgrade(socketPath(ended.id), { query: { access_token: viewer.token } });
    expect(dbCost(member)).toEqual({ queries: 2, rowsRead: 2 });
    await expectProblem(member, 409, "stream_ended");
  });
});

describe("chatting over the socket", () => {
  it("broadcasts every message to every client, in the same order, with seq increasing by one", async () => {
    const stream = await createStream();
    const clients = [
      await join(stream.id, { name: "Ana" }),
      await join(stream.id, { name: "Ben" }),
      await join(stream.id, { name: "Cleo" }),
    ];
    for (let round = 0; round < 3; round++) {
      for (const [i, client] of clients.entries()) client.send({ type: "message", content: `  r${round} c${i}  ` });
    }
    for (const client of clients) await client.collect("message", 9);

    const order = (client: SocketClient) => client.ofType("message").map((m) => m.id);
    expect(order(clients[1]!)).toEqual(order(clients[0]!));
    expect(order(clients[2]!)).toEqual(order(clients[0]!));
    for (const client of clients) {
      const seqs = client.frames.filter((f) => f.type !== "history").map((f) => f.seq!);
      // From its history's seq on, each client sees every seq once, in order: no gaps.
      const start = client.first("history").seq;
      expect(seqs).toEqual(seqs.map((_, i) => start + 1 + i));
      const ids = order(client);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    }
    const sent = clients[0]!.ofType("message").map((m) => m.content);
    expect(new Set(sent)).toEqual(new Set([0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => `r${r} c${c}`))));
    // Any of the nine may come first: under vitest-pool-workers, each socket message reaches the room only after a
    // round trip of the harness's own (its Durable Object wrapper imports the module through another object first),
    // so one client's back-to-back frames can overtake each other; the runtime alone hands them over in order.
    expect(clients[0]!.ofType("message")[0]).toEqual({
      type: "message",
      id: expect.any(Number),
      sender: { name: expect.any(String), guest: true },
      content: expect.stringMatching(/^r[0-2] c[0-2]$/),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      seq: expect.any(Number),
    });

    const stored = await callJson("GET", withQuery(`/streams/${stream.id}/messages`, { limit: 100 }));
    expect(stored.body.data.map((m: any) => m.id)).toEqual([...order(clients[0]!)].reverse());
  });

  it("refuses bad frames with an error and keeps the socket open", async () => {
    const stream = await createStream();
    const client = await join(stream.id, { name: "Priya" });
    const other = await join(stream.id, { name: "Sam" });
    await client.expectError("{not json", "bad_json");
    await client.expectError({ content: "no type" }, "invalid_message");
    await client.expectError({ type: "shout", content: "hi" }, "unknown_type");
    await client.expectError({ type: "message" }, "invalid_message");
    await client.expectError({ type: "message", content: 42 }, "invalid_message");
    await client.expectError({ type: "message", content: "" }, "invalid_message");
    await client.expectError({ type: "message", content: " \n\t " }, "invalid_message");
    const tooLong = await client.expectError({ type: "message", content: "x".repeat(501) }, "invalid_message");
    expect(tooLong.message).toContain("content");
    await client.expectError({ type: "message", content: `x${"\u0000"}y` }, "invalid_message");
    await client.expectError({ type: "message", content: "x".repeat(5000) }, "frame_too_large");
    client.send(new Uint8Array([1, 2, 3]));
    await client.collect("error", 11);
    expect(client.ofType("error")[10]!.code).toBe("unsupported_frame");

    // Exactly 500 characters once trimmed is fine, and the socket still works.
    client.send({ type: "message", content: `  ${"y".repeat(500)}  ` });
    const accepted = await other.waitFor((f) => f.type === "message");
    expect(accepted.content).toBe("y".repeat(500));
    expect(client.closed).toBeUndefined();
    // Nobody else heard about the refused frames.
    expect(other.ofType("error")).toEqual([]);
    const stored = await callJson("GET", `/streams/${stream.id}/messages`);
    expect(stored.body.data).toHaveLength(1);
  });

  it("answers ping with pong", async () => {
    const stream = await createStream();
    const client = await join(stream.id, { name: "Priya" });
    client.send({ type: "ping" });
    await client.waitFor((f) => f.type === "pong");
    // Spelled differently, it is not the runtime's auto-response but the room's own answer.
    client.send('{ "type": "ping", "at": 1 }');
    await client.collect("pong", 2);
    expect(client.ofType("error")).toEqual([]);
    expect(client.closed).toBeUndefined();
  });

  it("limits each sender to 5 messages per 10 s: the 6th is refused and not stored", async () => {
    const stream = await createStream();
    const chattyAddress = freshIp();
    const chatty = await join(stream.id, { name: "Chatty" }, { "CF-Connecting-IP": chattyAddress });
    const calm = await join(stream.id, { name: "Calm" });
    // One at a time: frames sent back to back by one in-process test client can reach the object out of order (a
    // quirk of the test harness; real clients over wrangler dev keep their order).
    for (let i = 1; i <= 5; i++) {
      chatty.send({ type: "message", content: `spam ${i}` });
      await calm.collect("message", i);
    }
    chatty.send({ type: "message", content: "spam 6" });
    const error = (await chatty.collect("error", 1))[0]!;
    expect(error).toMatchObject({ type: "error", code: "rate_limited", retry_after_ms: expect.any(Number) });
    expect(error.retry_after_ms).toBeGreaterThan(0);
    expect(error.retry_after_ms).toBeLessThanOrEqual(10_000);

    // Another sender is not affected.
    calm.send({ type: "message", content: "my turn" });
    await chatty.waitFor((f) => f.type === "message" && f.content === "my turn");
    const stored = await callJson("GET", `/streams/${stream.id}/messages`);
    expect(stored.body.data.map((m: any) => m.content)).toEqual([
      "my turn",
      "spam 5",
      "spam 4",
      "spam 3",
      "spam 2",
      "spam 1",
    ]);
    expect(calm.ofType("message").map((m) => m.content)).not.toContain("spam 6");

    // The budget is kept in the room's storage, per sender (it outlives hibernation and restarts), not per socket.
    const budgets = await runInDurableObject(room(stream.id), (_: ChatRoom, state) =>
      state.storage.sql.exec("SELECT sender, count(*) AS sends FROM recent_sends GROUP BY sender").toArray(),
    );
    expect(budgets).toEqual(
      expect.arrayContaining([{ sender: `guest:${chattyAddress}`, sends: 5 }, expect.objectContaining({ sends: 1 })]),
    );
    expect(budgets).toHaveLength(2);
  });
});

// ---- the chat's limits --------------------------------------------------------------------------------------------

/** Sends `content` from `sender` and waits until `watcher` has seen it. */
async function say(sender: SocketClient, watcher: SocketClient, content: string): Promise<void> {
  sender.send({ type: "message", content });
  await watcher.waitFor((f) => f.type === "message" && f.content === content);
}

const contentsOf = async (streamId: string) =>
  (await callJson("GET", withQuery(`/streams/${streamId}/messages`, { limit: 100 }))).body.data.map(
    (m: any) => m.content,
  );

describe("the chat's limits", () => {
  it("gives a guest address one budget of 5 messages per 10 s, whichever of its sockets sends them", async () => {
    const stream = await createStream();
    const address = freshIp();
    const tabs: SocketClient[] = [];
    for (let i = 0; i < 3; i++) tabs.push(await join(stream.id, { name: `Tab ${i}` }, { "CF-Connecting-IP": address }));
    const watcher = await join(stream.id, { name: "Watcher" });
    for (let i = 1; i <= 5; i++) await say(tabs[i % 3]!, watcher, `burst ${i}`);
    for (const tab of tabs) await tab.expectError({ type: "message", content: "one more" }, "rate_limited");

    // Someone at another address still may.
    await say(watcher, tabs[0]!, "from elsewhere");
    expect(await contentsOf(stream.id)).toEqual([
      "from elsewhere",
      "burst 5",
      "burst 4",
      "burst 3",
      "burst 2",
      "burst 1",
    ]);
  });

  it("gives an account one budget across its sockets and POST /streams/{id}/messages", async () => {
    const stream = await createStream();
    const poster = await createUser("viewer");
    const a = await join(stream.id, { access_token: poster.token });
    const b = await join(stream.id, { access_token: poster.token });
    await say(a, b, "m1");
    await say(b, a, "m2");
    for (const content of ["m3", "m4", "m5"])
      expect((await postMessage(stream.id, content, poster.token)).status).toBe(201);
    expectProblem(await postMessage(stream.id, "m6", poster.token), 429, "rate_limited");
    await a.expectError({ type: "message", content: "m7" }, "rate_limited");
    await b.expectError({ type: "message", content: "m8" }, "rate_limited");
    expect(await contentsOf(stream.id)).toEqual(["m5", "m4", "m3", "m2", "m1"]);
  });

  it("exempts editors and admins on their sockets as over HTTP, until they are demoted", async () => {
    const stream = await createStream();
    const host = await createUser("editor");
    const socket = await join(stream.id, { access_token: host.token });
    for (let i = 1; i <= 7; i++) await say(socket, socket, `answer ${i}`);

    await db().update(users).set({ role: "viewer" }).where(eq(users.id, host.id));
    await socket.expectError({ type: "message", content: "answer 8" }, "rate_limited");
    expectProblem(await postMessage(stream.id, "answer 9", host.token), 429, "rate_limited");
    expect(await contentsOf(stream.id)).toHaveLength(7);
  });

  it("keeps a sender's budget through an eviction of the room", async () => {
    const stream = await createStream();
    const address = freshIp();
    const first = await join(stream.id, { name: "Ana" }, { "CF-Connecting-IP": address });
    for (let i = 1; i <= 5; i++) await say(first, first, `before ${i}`);
    // Clients leave first: an aborted object drops its sockets, which workerd reports as an exception in the log.
    await first.close();
    await vi.waitFor(async () => expect(await room(stream.id).viewerCount()).toBe(0));
    await abortAllDurableObjects();

    const back = await join(stream.id, { name: "Ana" }, { "CF-Connecting-IP": address });
    await back.expectError({ type: "message", content: "after" }, "rate_limited");
  });

  it("refuses a 6th socket from one guest address with a 429 too_many_sockets problem", async () => {
    const stream = await createStream();
    const address = freshIp();
    const tabs: SocketClient[] = [];
    for (let i = 0; i < 5; i++) tabs.push(await join(stream.id, { name: `Tab ${i}` }, { "CF-Connecting-IP": address }));
    const sixth = await requestUpgrade(socketPath(stream.id), {
      query: { name: "Tab 5" },
      headers: { "CF-Connecting-IP": address },
    });
    await expectProblem(sixth, 429, "too_many_sockets");
    expect(await room(stream.id).viewerCount()).toBe(5);

    // Other addresses, and accounts at the same address, are not counted against it.
    await join(stream.id, { name: "Neighbour" });
    await join(stream.id, { access_token: viewer.token }, { "CF-Connecting-IP": address });
    // Once one of the five leaves, the address may open another.
    await tabs[0]!.close();
    await vi.waitFor(async () => expect(await room(stream.id).viewerCount()).toBe(6));
    await join(stream.id, { name: "Tab 5" }, { "CF-Connecting-IP": address });
  });
});

describe("presence", () => {
  it("coalesces churn: 30 quick reconnects reach a watcher as a few system frames, then one presence frame", async () => {
    const stream = await createStream();
    const watcher = await join(stream.id, { name: "Watcher" });
    await join(stream.id, { access_token: viewer.token });
    for (let i = 0; i < 30; i++) {
      const flaky = await join(stream.id, { name: `Flaky ${i}` });
      await flaky.close();
    }
    await vi.waitFor(async () => expect(await room(stream.id).viewerCount()).toBe(2));
    // The window passes: the room's alarm sends what it held back as one frame.
    const alarm = await runInDurableObject(room(stream.id), (_: ChatRoom, state) => state.storage.getAlarm());
    expect(alarm).toEqual(expect.any(Number));
    expect(await runDurableObjectAlarm(room(stream.id))).toBe(true);
    const presence = await watcher.waitFor((f) => f.type === "system" && f.event === "presence");
    expect(presence).toEqual({
      type: "system",
      event: "presence",
      text: "2 watching",
      viewers: 2,
      seq: expect.any(Number),
    });
    const system = watcher.ofType("system");
    expect(system.length).toBeLessThanOrEqual(7);
    // Joins and leaves up to the budget were announced one by one, as usual.
    expect(system.slice(0, 3).map((f) => [f.event, f.name])).toEqual([
      ["joined", "Watcher"],
      ["joined", "Vera Viewer"],
      ["joined", "Flaky 0"],
    ]);
    // No seq is skipped: what was held back was never broadcast.
    const seqs = watcher.frames.filter((f) => f.type !== "history").map((f) => f.seq);
    const start = watcher.first("history").seq;
    expect(seqs).toEqual(seqs.map((_, i) => start + 1 + i));
  });
});

// ---- oversized frames ---------------------------------------------------------------------------------------------

describe("oversized frames", () => {
  it("are refused by their length, without being encoded to measure them", () => {
    const encode = vi.spyOn(TextEncoder.prototype, "encode");
    try {
      expect(readClientMessage("x".repeat(1_000_000), chatClientMessages)).toMatchObject({ code: "frame_too_large" });
      expect(readClientMessage('{"type":"ping"}', chatClientMessages)).toMatchObject({ ok: true });
      expect(encode).not.toHaveBeenCalled();
    } finally {
      encode.mockRestore();
    }
    // Between the bounds, the bytes decide: "é" is two bytes in UTF-8.
    expect(readClientMessage("é".repeat(2049), chatClientMessages)).toMatchObject({ code: "frame_too_large" });
    expect(readClientMessage("é".repeat(2048), chatClientMessages)).toMatchObject({ code: "bad_json" });
    expect(readClientMessage(new ArrayBuffer(4097), chatClientMessages)).toMatchObject({ code: "frame_too_large" });
    expect(readClientMessage(new ArrayBuffer(4096), chatClientMessages)).toMatchObject({ code: "unsupported_frame" });
  });

  it("close a socket that keeps sending them with 1009 after the third; the others stay", async () => {
    const stream = await createStream();
    const client = await join(stream.id, { name: "Priya" });
    const other = await join(stream.id, { name: "Sam" });
    await client.expectError({ type: "message", content: "x".repeat(5000) }, "frame_too_large");
    await client.expectError(new Uint8Array(5000), "frame_too_large");
    client.send("y".repeat(5000));
    expect((await client.waitForClose()).code).toBe(1009);
    expect(await other.waitFor((f) => f.type === "system" && f.event === "left")).toMatchObject({
      name: "Priya",
      viewers: 1,
    });
    await say(other, other, "still here");
  });
});

// ---- HTTP routes of the chat --------------------------------------------------------------------------------------

describe("chat over HTTP", () => {
  it("stores a signed-in user's message and broadcasts it to every socket", async () => {
    const stream = await createStream();
    const a = await join(stream.id, { name: "Ana" });
    const b = await join(stream.id, { name: "Ben" });
    const res = await postMessage(stream.id, "  hello over HTTP  ");
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      sender: { name: "Vera Viewer", guest: false },
      content: "hello over HTTP",
      created_at: expect.any(String),
    });
    expect(res.headers.get("Location")).toBe(`/streams/${stream.id}/messages/${res.body.id}`);
    expect(dbCost(res)).toEqual({ queries: ACCOUNT_LOOKUP.queries + 1, rowsRead: ACCOUNT_LOOKUP.rowsRead + 1 });
    for (const client of [a, b]) {
      const frame = await client.waitFor((f) => f.type === "message");
      expect(frame).toEqual({ type: "message", ...res.body, seq: expect.any(Number) });
    }
    const one = await callJson("GET", `/streams/${stream.id}/messages/${res.body.id}`);
    expect(one.body).toEqual(res.body);
  });

  it("refuses invalid content", async () => {
    const stream = await createStream();
    for (const body of [
      {},
      { content: "" },
      { content: "   " },
      { content: "x".repeat(501) },
      { content: "hi", x: 1 },
    ]) {
      const res = await callJson("POST", `/streams/${stream.id}/messages`, { token: viewer.token, body });
      expectProblem(res, 400, "validation_failed");
    }
  });

  it("limits an account to 5 messages per 10 s (429 with Retry-After); editors are exempt", async () => {
    const stream = await createStream();
    const poster = await createUser("viewer");
    for (let i = 1; i <= 5; i++) expect((await postMessage(stream.id, `m${i}`, poster.token)).status).toBe(201);
    const sixth = await postMessage(stream.id, "m6", poster.token);
    expectProblem(sixth, 429, "rate_limited");
    expect(Number(sixth.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(Number(sixth.headers.get("Retry-After"))).toBeLessThanOrEqual(10);
    for (let i = 1; i <= 7; i++) expect((await postMessage(stream.id, `e${i}`, editor.token)).status).toBe(201);
    const stored = await walkPages(editor.token, `/streams/${stream.id}/messages`, { limit: 100 });
    const contents = stored.flatMap((page) => page.data.map((m: any) => m.content));
    expect(contents).toHaveLength(12);
    expect(contents).not.toContain("m6");
  });

  it("pages through the history newest first, by cursor or by ?before=", async () => {
    const stream = await createStream();
    const ids: number[] = [];
    for (let i = 1; i <= 7; i++) ids.push((await postMessage(stream.id, `n${i}`, editor.token)).body.id);
    const newestFirst = [...ids].reverse();

    const pages = await walkPages(editor.token, `/streams/${stream.id}/messages`, { limit: 3 });
    expect(pages.map((page) => page.data.map((m: any) => m.id))).toEqual([
      newestFirst.slice(0, 3),
      newestFirst.slice(3, 6),
      newestFirst.slice(6),
    ]);
    expect(pages.at(-1)!.next_cursor).toBeNull();

    const before = await callJson("GET", withQuery(`/streams/${stream.id}/messages`, { before: ids[4]!, limit: 2 }));
    expect(before.status).toBe(200);
    expect(before.body.data.map((m: any) => m.content)).toEqual(["n4", "n3"]);
    expect(before.body.next_cursor).toEqual(expect.any(String));
    expect(dbCost(before)).toEqual({ queries: 1, rowsRead: 1 });

    const empty = await callJson("GET", withQuery(`/streams/${stream.id}/messages`, { before: ids[0]! }));
    expect(empty.body).toEqual({ data: [], next_cursor: null });

    const both = await callJson(
      "GET",
      withQuery(`/streams/${stream.id}/messages`, { before: 3, cursor: pages[0]!.next_cursor! }),
    );
    expectProblem(both, 400, "validation_failed");
    expectProblem(await callJson("GET", `/streams/${stream.id}/messages?cursor=abc`), 400, "invalid_cursor");
    expectProblem(await callJson("GET", `/streams/${stream.id}/messages?before=0`), 400, "validation_failed");
    expectProblem(await callJson("GET", `/streams/${stream.id}/messages/abc`), 400, "validation_failed");
  });

  it("lets an editor delete a message: 204, broadcast as deleted, gone from the history", async () => {
    const stream = await createStream();
    const keep = (await postMessage(stream.id, "keep")).body;
    const drop = (await postMessage(stream.id, "drop")).body;
    const a = await join(stream.id, { name: "Ana" });
    const b = await join(stream.id, { name: "Ben" });
    expect(a.first("history").messages.map((m: any) => m.content)).toEqual(["keep", "drop"]);

    const res = await call("DELETE", `/streams/${stream.id}/messages/${drop.id}`, { token: editor.token });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(dbCost(res)).toEqual({ queries: ACCOUNT_LOOKUP.queries + 1, rowsRead: ACCOUNT_LOOKUP.rowsRead + 1 });
    for (const client of [a, b]) {
      expect(await client.waitFor((f) => f.type === "deleted")).toEqual({
        type: "deleted",
        id: drop.id,
        seq: expect.any(Number),
      });
    }
    const history = await callJson("GET", `/streams/${stream.id}/messages`);
    expect(history.body.data).toEqual([keep]);
    expectProblem(await callJson("GET", `/streams/${stream.id}/messages/${drop.id}`), 404, "not_found");
    expectProblem(
      await callJson("DELETE", `/streams/${stream.id}/messages/${drop.id}`, { token: admin.token }),
      404,
      "not_found",
    );
    const late = await join(stream.id, { name: "Late" });
    expect(late.first("history").messages).toEqual([keep]);
  });

  it("reports how many sockets are open in the room as viewer_count", async () => {
    const stream = await createStream();
    const count = async () => (await callJson("GET", `/streams/${stream.id}`)).body.viewer_count;
    expect(await count()).toBe(0);
    const a = await join(stream.id, { name: "Ana" });
    const b = await join(stream.id, { name: "Ben" });
    await join(stream.id, { access_token: viewer.token });
    expect(await count()).toBe(3);
    await a.close();
    await b.waitFor((f) => f.type === "system" && f.event === "left");
    expect(await count()).toBe(2);
  });
});

describe("ending a stream", () => {
  it("tells every client, disconnects them, and closes the chat; the history stays readable", async () => {
    const stream = await createStream();
    await postMessage(stream.id, "before the end");
    const a = await join(stream.id, { name: "Ana" });
    const b = await join(stream.id, { name: "Ben" });

    const res = await callJson("POST", `/streams/${stream.id}/end`, { token: editor.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: stream.id, status: "ended" });
    expect(Date.parse(res.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(stream.updated_at));
    for (const client of [a, b]) {
      await client.waitFor((f) => f.type === "ended");
      await client.waitForClose();
      expect(client.closed?.code).toBe(1000);
      // Nobody is told that the others left a room that has closed.
      expect(client.frames.at(-1)?.type).toBe("ended");
    }

    const again = await callJson("POST", `/streams/${stream.id}/end`, { token: editor.token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    expect((await callJson("GET", `/streams/${stream.id}`)).body).toMatchObject({ status: "ended", viewer_count: 0 });
    expectProblem(await postMessage(stream.id, "too late"), 409, "stream_ended");
    const late = await requestUpgrade(socketPath(stream.id), { query: { name: "Late" } });
    await expectProblem(late, 409, "stream_ended");
    const history = await callJson("GET", `/streams/${stream.id}/messages`);
    expect(history.body.data.map((m: any) => m.content)).toEqual(["before the end"]);
  });
});

// ---- durability ---------------------------------------------------------------------------------------------------

describe("the room after eviction", () => {
  it("keeps its messages, deletions and seq when the object is evicted and comes back", async () => {
    const stream = await createStream();
    const a = await join(stream.id, { name: "Ana" });
    a.send({ type: "message", content: "one" });
    await a.collect("message", 1);
    a.send({ type: "message", content: "two" });
    await a.collect("message", 2);
    await postMessage(stream.id, "three");
    const [, two] = await a.collect("message", 3);
    await callJson("DELETE", `/streams/${stream.id}/messages/${two!.id}`, { token: editor.token });
    await a.waitFor((f) => f.type === "deleted");

    // Clients leave first: an aborted object drops its sockets, which workerd reports as an exception in the log.
    const watcher = await join(stream.id, { name: "Watcher" });
    await a.close();
    await watcher.waitFor((f) => f.type === "system" && f.event === "left");
    await watcher.close();
    await abortAllDurableObjects();

    const stored = await runInDurableObject(room(stream.id), (_: ChatRoom, state) =>
      state.storage.sql.exec("SELECT sender_name, guest, user_id, content FROM messages ORDER BY id").toArray(),
    );
    expect(stored).toEqual([
      { sender_name: "Ana", guest: 1, user_id: null, content: "one" },
      { sender_name: "Vera Viewer", guest: 0, user_id: viewer.id, content: "three" },
    ]);

    const back = await join(stream.id, { name: "Ben" });
    expect(back.first("history").messages.map((m: any) => m.content)).toEqual(["one", "three"]);
    // seq carries on from where it was (the watcher saw the last broadcast before the eviction: a's "left").
    const lastSeq = Math.max(...watcher.frames.map((f) => f.seq ?? 0));
    expect(back.first("history").seq).toBeGreaterThanOrEqual(lastSeq);
    const joined = await back.waitFor((f) => f.type === "system" && f.name === "Ben");
    expect(joined.seq).toBe(back.first("history").seq + 1);
    back.send({ type: "message", content: "four" });
    const four = await back.waitFor((f) => f.type === "message");
    expect(four.id).toBeGreaterThan(two!.id);
  });
});
