import {
  abortAllDurableObjects,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChatRoom } from "../durable-objects/chat-room";
import { chatRoomOf, RESUME_LOG_LIMIT } from "../src/streams/chat-room";
import { callJson, createUser, dbCost, expectProblem, freshIp, type Query, type TestUser } from "./helpers";
import { closeSocketsAfterEach, type Frame, openSocket, requestUpgrade, type SocketClient } from "./socket-client";

// A chat client that drops and reconnects with `?after_seq=<the last seq it saw>` (GET /streams/{id}/ws).

closeSocketsAfterEach();

// Rooms hold back bursts of joins and leaves for an alarm: run the pending ones before this file's runtime goes.
afterAll(async () => {
  for (const id of await listDurableObjectIds(env.CHAT_ROOM)) await runDurableObjectAlarm(env.CHAT_ROOM.get(id));
});

let editor: TestUser;

beforeAll(async () => {
  editor = await createUser("editor", "Eddie Editor");
});

async function createStream(): Promise<{ id: string }> {
  const res = await callJson("POST", "/streams", {
    token: editor.token,
    body: { title: "Resume", video_url: "https://www.youtube.com/embed/dQw4w9WgXcQ" },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const room = (streamId: string) => chatRoomOf(env, streamId);
const socketPath = (streamId: string) => `/streams/${streamId}/ws`;

/** Posts as the editor (exempt from the rate limit, so tests may send as many as they need). */
async function post(streamId: string, content: string): Promise<{ id: number; content: string }> {
  const res = await callJson("POST", `/streams/${streamId}/messages`, { token: editor.token, body: { content } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function remove(streamId: string, messageId: number): Promise<void> {
  const res = await callJson("DELETE", `/streams/${streamId}/messages/${messageId}`, { token: editor.token });
  expect(res.status).toBe(204);
}

/** Joins as a guest from an address of its own, and waits for the first frame that says where it stands. */
async function join(streamId: string, name: string, query: Query = {}): Promise<SocketClient> {
  const client = await openSocket(socketPath(streamId), {
    query: { name, ...query },
    headers: { "CF-Connecting-IP": freshIp() },
  });
  await client.waitFor((f) => f.type === "history" || f.type === "resumed");
  return client;
}

/** Reconnects as a browser would after a drop: with the last seq it saw. */
const rejoin = (streamId: string, name: string, afterSeq: number | string) =>
  join(streamId, name, { after_seq: afterSeq });

/** The highest seq a client has seen, in any frame: what a browser remembers to resume from. */
const lastSeq = (client: SocketClient) => Math.max(...client.frames.map((f) => f.seq ?? -1));

/** What a resuming client was sent before `resumed` (the replay), and `resumed` itself. */
async function resumption(client: SocketClient): Promise<{ replayed: Frame[]; resumed: Frame }> {
  const resumed = await client.waitFor((f) => f.type === "resumed");
  return { replayed: client.frames.slice(0, client.frames.indexOf(resumed)), resumed };
}

const contents = (frames: Frame[]) => frames.filter((f) => f.type === "message").map((f) => f.content);
const seqRange = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Waits for `client` to have seen the message `content`. */
const sees = (client: SocketClient, content: string) =>
  client.waitFor((f) => f.type === "message" && f.content === content);

const joinedFrame = (client: SocketClient, name: string) =>
  client.waitFor((f) => f.type === "system" && f.event === "joined" && f.name === name);

const leftFrame = (client: SocketClient, name: string) =>
  client.waitFor((f) => f.type === "system" && f.event === "left" && f.name === name);

describe("resuming the chat with ?after_seq=", () => {
  it("gives a client that reconnects exactly the frames it missed, as they were sent, in order, then live ones", async () => {
    const stream = await createStream();
    const ana = await join(stream.id, "Ana");
    const ben = await join(stream.id, "Ben");
    await joinedFrame(ana, "Ben");
    await post(stream.id, "before the drop");
    await sees(ana, "before the drop");
    const seen = lastSeq(ana);

    await ana.close();
    await leftFrame(ben, "Ana");
    // While Ana is away: a message over HTTP and one over Ben's socket.
    await post(stream.id, "missed 1");
    ben.send({ type: "message", content: "missed 2" });
    await sees(ben, "missed 2");
    await post(stream.id, "missed 3");
    await sees(ben, "missed 3");
    const current = lastSeq(ben);

    const back = await rejoin(stream.id, "Ana", seen);
    const { replayed, resumed } = await resumption(back);
    expect(contents(replayed)).toEqual(["missed 1", "missed 2", "missed 3"]);
    // Frame for frame what Ben, who stayed, received meanwhile (Ana's own leaving included), every seq once.
    expect(replayed).toEqual(ben.frames.filter((f) => f.seq > seen && f.seq <= current));
    expect(replayed.map((f) => f.seq)).toEqual(seqRange(seen + 1, current));
    expect(resumed).toEqual({ type: "resumed", after_seq: seen, seq: current, viewers: 2, slow_mode_seconds: 0 });
    // No history: the client keeps what it shows and adds what it missed.
    expect(back.ofType("history")).toEqual([]);

    // Then live, from the seq after `resumed`: everyone learns Ana is back, and new messages reach her.
    expect((await joinedFrame(back, "Ana")).seq).toBe(current + 1);
    await post(stream.id, "live");
    expect((await sees(back, "live")).seq).toBe(current + 2);
    expect(back.frames.slice(replayed.length + 1).map((f) => f.seq)).toEqual([current + 1, current + 2]);
  });

  it("resumes as often as the client reconnects, each time from the last seq it saw", async () => {
    const stream = await createStream();
    let ana = await join(stream.id, "Ana");
    // Two drops: the joins and leaves stay within what the room announces one by one (see PRESENCE_LIMIT).
    for (let drop = 1; drop <= 2; drop++) {
      await joinedFrame(ana, "Ana");
      const seen = lastSeq(ana);
      await ana.close();
      const missed = [`drop ${drop} a`, `drop ${drop} b`];
      for (const content of missed) await post(stream.id, content);
      ana = await rejoin(stream.id, "Ana", seen);
      expect(contents((await resumption(ana)).replayed)).toEqual(missed);
    }
    // Nothing happened since the last seq it saw: only `resumed`, then live.
    await joinedFrame(ana, "Ana");
    const seen = lastSeq(ana);
    const idle = await rejoin(stream.id, "Cleo", seen);
    const { replayed, resumed } = await resumption(idle);
    expect(replayed).toEqual([]);
    expect(resumed).toEqual({ type: "resumed", after_seq: seen, seq: seen, viewers: 2, slow_mode_seconds: 0 });
  });

  it("neither loses nor doubles a message sent while the client reconnects", async () => {
    const stream = await createStream();
    const ana = await join(stream.id, "Ana");
    await joinedFrame(ana, "Ana");
    const seen = lastSeq(ana);
    await ana.close();
    for (let i = 1; i <= 3; i++) await post(stream.id, `missed ${i}`);

    // Messages race the reconnection: some land before the room reads its log, some after.
    const racing = Array.from({ length: 10 }, (_, i) => post(stream.id, `racing ${i}`));
    const reconnecting = rejoin(stream.id, "Ana", seen);
    racing.push(...Array.from({ length: 10 }, (_, i) => post(stream.id, `racing ${10 + i}`)));
    const posted = await Promise.all(racing);
    const back = await reconnecting;
    // One more after everything: once it arrives, every earlier frame has too.
    const last = await post(stream.id, "after");
    await sees(back, "after");

    const messages = back.ofType("message");
    const ids = messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.at(-1)).toBe(last.id);
    expect(contents(messages).sort()).toEqual(
      ["missed 1", "missed 2", "missed 3", ...posted.map((m) => m.content), "after"].sort(),
    );
    // Replay and live frames meet without a gap or an overlap: every seq after the one it gave, once, in order.
    const { resumed } = await resumption(back);
    const seqs = back.frames.filter((f) => f !== resumed).map((f) => f.seq);
    expect(seqs).toEqual(seqRange(seen + 1, seen + seqs.length));
    expect(seqs).toContain(resumed.seq + 1);
  });

  it("keeps what it can replay through an eviction of the room", async () => {
    const stream = await createStream();
    const ana = await join(stream.id, "Ana");
    await joinedFrame(ana, "Ana");
    const seen = lastSeq(ana);
    await ana.close();
    await post(stream.id, "before the eviction");
    // Nobody is connected when the object goes: an aborted object drops its sockets, which workerd logs.
    await vi.waitFor(async () => expect(await room(stream.id).viewerCount()).toBe(0));
    await abortAllDurableObjects();

    const back = await rejoin(stream.id, "Ana", seen);
    const { replayed } = await resumption(back);
    expect(replayed.map((f) => [f.type, f.event ?? f.content])).toEqual([
      ["system", "left"],
      ["message", "before the eviction"],
    ]);
  });
});

describe("resuming after moderation", () => {
  it("leaves out messages removed while the client was away, and tells it of removals of messages it had", async () => {
    const stream = await createStream();
    const removedHad = await post(stream.id, "had it, then removed");
    await post(stream.id, "had it, kept");
    const ana = await join(stream.id, "Ana");
    expect(ana.first("history").messages.map((m: Frame) => m.content)).toEqual([
      "had it, then removed",
      "had it, kept",
    ]);
    const ben = await join(stream.id, "Ben");
    await joinedFrame(ana, "Ben");
    const seen = lastSeq(ana);
    await ana.close();
    await leftFrame(ben, "Ana");

    const removedMissed = await post(stream.id, "missed it, then removed");
    await post(stream.id, "missed it, kept");
    await remove(stream.id, removedHad.id);
    await remove(stream.id, removedMissed.id);
    await ben.collect("deleted", 2);

    const back = await rejoin(stream.id, "Ana", seen);
    const { replayed, resumed } = await resumption(back);
    // The removed message Ana never saw does not come back, and nor does its removal: she never had it.
    expect(contents(replayed)).toEqual(["missed it, kept"]);
    expect(replayed.filter((f) => f.id === removedMissed.id)).toEqual([]);
    // The one she had comes as the removal Ben saw live, so her page can take it down.
    expect(replayed.filter((f) => f.type === "deleted")).toEqual([
      ben.frames.find((f) => f.type === "deleted" && f.id === removedHad.id),
    ]);
    // Otherwise, what Ben saw meanwhile, frame for frame.
    expect(replayed).toEqual(
      ben.frames.filter((f) => f.seq > seen && f.seq <= resumed.seq && f.id !== removedMissed.id),
    );

    // Removed after the client resumed: a live `deleted`, as for everyone.
    const kept = back.ofType("message")[0]!;
    await remove(stream.id, kept.id);
    expect(await back.waitFor((f) => f.type === "deleted" && f.id === kept.id)).toMatchObject({
      seq: expect.any(Number),
    });
  });
});

describe("resuming when the room cannot replay", () => {
  it(`keeps the last ${RESUME_LOG_LIMIT} frames; a client further behind gets reset, then a fresh history, then live`, async () => {
    const stream = await createStream();
    // A short log, to go past it with a few messages (the object keeps the setting while it stays in memory).
    const limit = 5;
    await runInDurableObject(room(stream.id), (instance: ChatRoom) => {
      instance.settings.logLimit = limit;
    });
    const ben = await join(stream.id, "Ben");
    await joinedFrame(ben, "Ben");
    const removed = await post(stream.id, "m1");
    for (let i = 2; i <= 8; i++) await post(stream.id, `m${i}`);
    await remove(stream.id, removed.id);
    await ben.waitFor((f) => f.type === "deleted");
    const current = lastSeq(ben);

    // The oldest position it can replay from: the last `limit` frames all come back.
    const oldest = await rejoin(stream.id, "Ana", current - limit);
    const { replayed } = await resumption(oldest);
    expect(replayed).toEqual(ben.frames.filter((f) => f.seq > current - limit && f.seq <= current));
    expect(replayed.map((f) => f.type)).toEqual(["message", "message", "message", "message", "deleted"]);

    // Further back (the joins since count too), a frame after it is gone: the client must start over.
    await joinedFrame(ben, "Ana");
    const now = lastSeq(ben);
    const behind = now - limit - 1;
    const late = await rejoin(stream.id, "Cleo", behind);
    const [reset, history] = late.frames;
    expect(reset).toEqual({ type: "reset", reason: "too_old", after_seq: behind, seq: now });
    // The history a first join gets: the removed message is not in it.
    expect(history).toEqual({
      type: "history",
      messages: expect.any(Array),
      viewers: 3,
      seq: now,
      slow_mode_seconds: 0,
    });
    expect(history!.messages.map((m: Frame) => m.content)).toEqual(["m2", "m3", "m4", "m5", "m6", "m7", "m8"]);
    expect(late.ofType("resumed")).toEqual([]);
    // Then live, from the seq after the history's.
    expect((await joinedFrame(late, "Cleo")).seq).toBe(now + 1);
    await post(stream.id, "live");
    expect((await sees(late, "live")).seq).toBe(now + 2);
  });

  it("tells a client with a seq the room never sent (ahead of it) to start over", async () => {
    const stream = await createStream();
    await post(stream.id, "hello");
    const ana = await join(stream.id, "Ana");
    await joinedFrame(ana, "Ana");
    const current = lastSeq(ana);

    const confused = await rejoin(stream.id, "Ana", current + 100);
    expect(confused.frames.slice(0, 2)).toEqual([
      { type: "reset", reason: "unknown_seq", after_seq: current + 100, seq: current },
      {
        type: "history",
        messages: [expect.objectContaining({ content: "hello" })],
        viewers: 2,
        seq: current,
        slow_mode_seconds: 0,
      },
    ]);
    expect((await joinedFrame(confused, "Ana")).seq).toBe(current + 1);
  });

  it("replays a room's whole chat to a client that saw nothing of it (after_seq=0)", async () => {
    const stream = await createStream();
    await post(stream.id, "first");
    await post(stream.id, "second");
    const client = await rejoin(stream.id, "Ana", 0);
    const { replayed, resumed } = await resumption(client);
    expect(contents(replayed)).toEqual(["first", "second"]);
    expect(replayed.map((f) => f.seq)).toEqual([1, 2]);
    expect(resumed).toEqual({ type: "resumed", after_seq: 0, seq: 2, viewers: 1, slow_mode_seconds: 0 });
  });
});

describe("after_seq validation", () => {
  let stream: { id: string };
  beforeAll(async () => {
    stream = await createStream();
  });

  it.each(["-1", "abc", "1.5", "1e3", " 4", "4 ", "0x10", "+4", "", "9".repeat(16)])(
    "refuses after_seq=%j with a 400 naming the field, before anything else",
    async (value) => {
      const res = await requestUpgrade(socketPath(stream.id), {
        query: { name: "Priya", after_seq: value },
        headers: { "CF-Connecting-IP": freshIp() },
      });
      // Refused before the stream is even looked up, and no socket was opened.
      expect(dbCost(res).queries).toBe(0);
      const problem = await expectProblem(res, 400, "validation_failed");
      expect(problem.errors).toEqual([{ path: "after_seq", message: expect.stringContaining("integer") }]);
      expect(res.webSocket).toBeNull();
    },
  );

  it("accepts leading zeros (it is a number) and still answers a plain request with 426", async () => {
    const client = await rejoin(stream.id, "Priya", "000");
    expect((await resumption(client)).resumed.after_seq).toBe(0);
    const plain = await callJson("GET", `${socketPath(stream.id)}?name=Priya&after_seq=nope`);
    expectProblem(plain, 426, "upgrade_required");
  });

  it("documents after_seq and the resume frames on the socket route", async () => {
    const doc = (await callJson("GET", "/openapi.json")).body;
    const ws = doc.paths["/streams/{id}/ws"].get;
    const param = ws.parameters.find((p: any) => p.name === "after_seq");
    expect(param).toMatchObject({ in: "query", required: false, schema: { type: "string", pattern: "^\\d{1,15}$" } });
    expect(param.description).toContain("seq");
    for (const word of ["`resumed`", "`reset`", "too_old", "unknown_seq", String(RESUME_LOG_LIMIT)]) {
      expect(ws.description).toContain(word);
    }
  });
});
