import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatRelay } from "../durable-objects/chat-relay";
import type { ChatRoom } from "../durable-objects/chat-room";
import { chatRoomOf } from "../src/streams/chat-room";
import { chatRelayOf, type RelayPush, type RelayReport, relayProbes, shardOf } from "../src/streams/relays";
import { callJson, createUser, freshIp, type Query, type TestUser } from "./helpers";
import { closeSocketsAfterEach, type Frame, openSocket, type SocketClient } from "./socket-client";

// A busy stream's chat: the room sends joins past its own sockets to relays of CHAT_RELAY_SOCKETS (3 in
// vitest.config.ts) each, and pushes every broadcast to them (src/streams/relays.ts). Each test's room takes no
// socket itself, so every client here is on a relay.

const RELAY_BOUND = 3;

closeSocketsAfterEach();

afterAll(async () => {
  for (const id of await listDurableObjectIds(env.CHAT_ROOM)) await runDurableObjectAlarm(env.CHAT_ROOM.get(id));
});

let editor: TestUser;
let stream: { id: string };

beforeAll(async () => {
  editor = await createUser("editor", "Eddie Editor");
});

beforeEach(async () => {
  const res = await callJson("POST", "/streams", {
    token: editor.token,
    body: { title: "Launch", video_url: "https://www.youtube.com/embed/dQw4w9WgXcQ" },
  });
  expect(res.status).toBe(201);
  stream = res.body;
  await runInDurableObject(room(), (instance: ChatRoom) => {
    instance.settings.directSockets = 0;
  });
});

const room = () => chatRoomOf(env, stream.id);
const relay = (n: number) => chatRelayOf(env, stream.id, n);

/** Each client's address: a guest's key, which its relay is chosen by. */
const addressOf = new Map<SocketClient, string>();

/** A guest from an address of its own (so clients hash to different relays), once it knows where it stands. */
async function join(name: string, query: Query = {}, address = freshIp()): Promise<SocketClient> {
  const client = await openSocket(`/streams/${stream.id}/ws`, {
    query: { name, ...query },
    headers: { "CF-Connecting-IP": address },
  });
  addressOf.set(client, address);
  await client.waitFor((f) => f.type === "history" || f.type === "resumed");
  return client;
}

async function joinAll(count: number): Promise<SocketClient[]> {
  const clients: SocketClient[] = [];
  for (let i = 0; i < count; i++) clients.push(await join(`Viewer ${i}`));
  return clients;
}

/** Posts as the editor (exempt from the rate limit). */
async function post(content: string): Promise<{ id: number }> {
  const res = await callJson("POST", `/streams/${stream.id}/messages`, { token: editor.token, body: { content } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const sees = (client: SocketClient, content: string) =>
  client.waitFor((f) => f.type === "message" && f.content === content);

const lastSeq = (client: SocketClient) => Math.max(...client.frames.map((f) => f.seq ?? -1));

/** The seqs a client got after the frame that told it where it stood: each once, in order, with no gap. */
function expectUnbroken(frames: Frame[]): void {
  const start = frames.findIndex((f) => f.type === "history" || f.type === "resumed");
  const seqs = frames.slice(start + 1).map((f) => f.seq);
  const from = frames[start]!.seq + 1;
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => from + i));
}

/** The names of the viewers each relay holds an open socket for, by relay, from the relays themselves. */
async function relayMembers(): Promise<Map<number, string[]>> {
  const members = new Map<number, string[]>();
  for (const n of Object.keys(await room().relayCensus()).map(Number)) {
    const names = await runInDurableObject(relay(n), (_instance, state) =>
      state
        .getWebSockets()
        .filter((socket) => socket.readyState === WebSocket.OPEN)
        .map((socket) => (socket.deserializeAttachment() as { session: { name: string } }).session.name),
    );
    if (names.length > 0) members.set(n, names);
  }
  return members;
}

/** The relay that holds `name`, and the others it holds. */
async function relayOfViewer(name: string): Promise<{ n: number; names: string[] }> {
  for (const [n, names] of await relayMembers()) if (names.includes(name)) return { n, names };
  throw new Error(`no relay holds ${name}`);
}

describe("clients spread over relays", () => {
  it(`holds at most ${RELAY_BOUND} sockets per relay, and everyone gets every message in the same order`, async () => {
    const clients = await joinAll(8);
    const members = await relayMembers();
    expect(members.size).toBeGreaterThanOrEqual(3);
    for (const names of members.values()) expect(names.length).toBeLessThanOrEqual(RELAY_BOUND);
    expect([...members.values()].flat().sort()).toEqual(clients.map((_, i) => `Viewer ${i}`).sort());
    // The room counts the relays' clients as watching.
    expect(await room().viewerCount()).toBe(8);

    for (let i = 1; i <= 4; i++) await post(`posted ${i}`);
    clients[2]!.send({ type: "message", content: "said on a relay" });
    // Taken by the room before the next post (a socket's message and a POST take different ways to the room).
    await sees(clients[0]!, "said on a relay");
    await post("last");
    await Promise.all(clients.map((client) => sees(client, "last")));

    const messages = (client: SocketClient) => client.ofType("message").map((f) => [f.seq, f.content]);
    expect(messages(clients[0]!).map(([, content]) => content)).toEqual([
      "posted 1",
      "posted 2",
      "posted 3",
      "posted 4",
      "said on a relay",
      "last",
    ]);
    for (const client of clients) {
      expect(messages(client)).toEqual(messages(clients[0]!));
      expectUnbroken(client.frames);
    }
    // Sent on a relay, it was stored by the room under the name the Worker handed over.
    const said = clients[0]!.ofType("message").find((f) => f.content === "said on a relay")!;
    expect(said.sender).toEqual({ name: "Viewer 2", guest: true });
  });

  it("packs clients into about as many relays as the bound needs, each at most full", async () => {
    const clients = await joinAll(13);
    const members = await relayMembers();
    const needed = Math.ceil(13 / RELAY_BOUND);
    expect(members.size).toBeGreaterThanOrEqual(needed);
    expect(members.size).toBeLessThanOrEqual(needed + 1);
    expect(await room().relayShards(stream.id)).toBeLessThanOrEqual(needed + 1);
    for (const names of members.values()) expect(names.length).toBeLessThanOrEqual(RELAY_BOUND);
    expect([...members.values()].flat()).toHaveLength(13);
    await post("packed");
    await Promise.all(clients.map((client) => sees(client, "packed")));
  });

  it("never lets a relay go past its bound when many join at once", async () => {
    const clients = await Promise.all(Array.from({ length: 10 }, (_, i) => join(`Rush ${i}`)));
    const members = await relayMembers();
    for (const names of members.values()) expect(names.length).toBeLessThanOrEqual(RELAY_BOUND);
    expect([...members.values()].flat()).toHaveLength(10);
    await post("everyone");
    await Promise.all(clients.map((client) => sees(client, "everyone")));
  });

  it("still lets a small room hold its sockets itself: no relay until it is full", async () => {
    await runInDurableObject(room(), (instance: ChatRoom) => {
      instance.settings.directSockets = 2;
    });
    const [ana, ben, cleo] = [await join("Ana"), await join("Ben"), await join("Cleo")];
    expect([...(await relayMembers()).values()]).toEqual([["Cleo"]]);
    await post("to all three");
    for (const client of [ana!, ben!, cleo!]) {
      await sees(client, "to all three");
      expectUnbroken(client.frames);
    }
  });
});

describe("relay loss", () => {
  it("brings the clients of a relay that restarts back through the same shard, with no gap and no duplicate", async () => {
    // A shard count that stays put (two relays with room to spare), as between two growths: each client's shard is
    // the one its key hashes to, before the loss and after.
    expect(await room().relayShards(stream.id)).toBe(1);
    expect(await room().growRelays(stream.id, 1)).toBe(2);
    for (const n of [0, 1]) {
      await runInDurableObject(relay(n), (instance: ChatRelay) => {
        instance.settings.capacity = 10;
      });
    }
    const clients = await joinAll(6);
    await post("before the restart");
    await Promise.all(clients.map((client) => sees(client, "before the restart")));
    const { n, names } = await relayOfViewer("Viewer 0");
    const lost = clients.filter((_, i) => names.includes(`Viewer ${i}`));
    const seen = new Map(lost.map((client) => [client, lastSeq(client)]));

    // The relay goes: its sockets drop and its storage is gone, as for a brand-new object.
    await runInDurableObject(relay(n), async (_instance, state) => {
      for (const socket of state.getWebSockets()) socket.close(1012, "restarting");
      await state.storage.deleteAll();
    });
    await Promise.all(lost.map((client) => client.waitForClose()));
    await post("while they were away 1");
    await post("while they were away 2");

    // Each reconnects as a browser does: from the same address, with the last seq it saw.
    const back = [];
    for (const client of lost) {
      const name = `Viewer ${clients.indexOf(client)}`;
      back.push(await join(name, { after_seq: seen.get(client)! }, addressOf.get(client)));
    }
    // The same shard took them back.
    expect((await relayOfViewer("Viewer 0")).n).toBe(n);
    await post("after");
    const stayed = clients.filter((client) => !lost.includes(client));
    await Promise.all([...stayed, ...back].map((client) => sees(client, "after")));

    for (const [i, client] of back.entries()) {
      const before = lost[i]!.frames.filter((f) => f.seq <= seen.get(lost[i]!)!);
      const all = [...before, ...back[i]!.frames.filter((f) => f.type !== "resumed")];
      const seqs = all.filter((f) => f.seq !== undefined && f.type !== "history").map((f) => f.seq);
      // Every seq from its first frame on, once, in order, across the drop.
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => seqs[0] + k));
      expect(client.ofType("message").map((f) => f.content)).toEqual([
        "while they were away 1",
        "while they were away 2",
        "after",
      ]);
    }
  });

  it("fills a gap at a relay from the room's log: a push lost on the way reaches its clients, in order", async () => {
    const clients = await joinAll(5);
    await post("first");
    await Promise.all(clients.map((client) => sees(client, "first")));
    const { n, names } = await relayOfViewer("Viewer 0");
    const behind = clients.filter((_, i) => names.includes(`Viewer ${i}`));

    // The next push to relay n is lost between the objects.
    await runInDurableObject(room(), (instance: ChatRoom) => {
      const fanout = (instance as unknown as { relays: { deliver: Deliver } }).relays;
      const deliver = fanout.deliver;
      let lost = false;
      fanout.deliver = (streamId, relay, pushes) => {
        if (relay !== n || lost) return deliver(streamId, relay, pushes);
        lost = true;
        return Promise.resolve({ relay, viewers: behind.length, report: 0 });
      };
    });
    await post("lost on the way");
    for (const client of clients.filter((client) => !behind.includes(client))) await sees(client, "lost on the way");
    expect(behind[0]!.ofType("message").map((f) => f.content)).toEqual(["first"]);

    await post("next");
    for (const client of behind) {
      await sees(client, "next");
      expect(client.ofType("message").map((f) => f.content)).toEqual(["first", "lost on the way", "next"]);
      expectUnbroken(client.frames);
    }
  });
});

type Deliver = (streamId: string, relay: number, pushes: RelayPush[]) => Promise<RelayReport>;

describe("moderation across relays", () => {
  const restrict = (key: string, kind: string) =>
    callJson("PUT", `/streams/${stream.id}/restrictions/${encodeURIComponent(key)}`, {
      token: editor.token,
      body: { kind },
    });

  it("deletes everywhere, refuses a muted sender, closes a banned one's sockets, and shows staff the keys", async () => {
    const addresses = Array.from({ length: 5 }, () => freshIp());
    const clients = [];
    for (const [i, address] of addresses.entries()) clients.push(await join(`Guest ${i}`, {}, address));
    const staff = await openSocket(`/streams/${stream.id}/ws`, { token: editor.token });
    await staff.waitFor((f) => f.type === "history");
    expect((await relayMembers()).size).toBeGreaterThanOrEqual(2);

    const doomed = await post("to be removed");
    const del = await callJson("DELETE", `/streams/${stream.id}/messages/${doomed.id}`, { token: editor.token });
    expect(del.status).toBe(204);
    for (const client of [...clients, staff]) await client.waitFor((f) => f.type === "deleted" && f.id === doomed.id);

    // Staff get the sender's key on a relay too; guests never do.
    clients[0]!.send({ type: "message", content: "from guest 0" });
    expect((await sees(staff, "from guest 0")).sender_key).toBe(`guest:${addresses[0]}`);
    expect((await sees(clients[1]!, "from guest 0")).sender_key).toBeUndefined();

    expect((await restrict(`guest:${addresses[1]}`, "muted")).status).toBe(200);
    await clients[1]!.expectError({ type: "message", content: "muted words" }, "muted");

    expect((await restrict(`guest:${addresses[2]}`, "banned")).status).toBe(200);
    expect(await clients[2]!.waitFor((f) => f.type === "error")).toMatchObject({ code: "banned" });
    expect((await clients[2]!.waitForClose()).code).toBe(4403);
    const again = await openSocket(`/streams/${stream.id}/ws`, {
      query: { name: "Guest 2" },
      headers: { "CF-Connecting-IP": addresses[2]! },
    });
    expect((await again.waitForClose()).code).toBe(4403);

    await post("after moderation");
    for (const client of [clients[0]!, clients[3]!, clients[4]!, staff]) {
      await sees(client, "after moderation");
      expect(client.frames.some((f) => f.content === "muted words")).toBe(false);
    }
  });

  it("ends the chat on every relay: each client is told, then disconnected", async () => {
    const clients = await joinAll(5);
    const res = await callJson("POST", `/streams/${stream.id}/end`, { token: editor.token });
    expect(res.status).toBe(200);
    for (const client of clients) {
      await client.waitFor((f) => f.type === "ended");
      expect((await client.waitForClose()).code).toBe(1000);
    }
    await vi.waitFor(async () => expect((await relayMembers()).size).toBe(0));
  });
});

describe("which relay a client goes to", () => {
  const keys = Array.from({ length: 2000 }, (_, i) => `guest:198.51.${i >> 8}.${i & 255}`);

  it("keeps a client on its shard when the count grows, unless it moves to the new one, as few do", () => {
    for (const shards of [1, 2, 5, 10, 60]) {
      const moved = keys.filter((key) => shardOf(key, shards + 1) !== shardOf(key, shards));
      for (const key of moved) expect(shardOf(key, shards + 1)).toBe(shards);
      // About 1 key in shards + 1 moves (rehashing modulo the count would move most of them).
      expect(moved.length).toBeLessThan((2 * keys.length) / (shards + 1));
    }
  });

  it("spreads keys over every shard, and probes the next shards then the newest", () => {
    const perShard = new Array(10).fill(0);
    for (const key of keys) perShard[shardOf(key, 10)]++;
    for (const count of perShard) expect(count).toBeGreaterThan(keys.length / 10 / 2);
    const key = keys.find((k) => shardOf(k, 10) === 8)!;
    expect(relayProbes(key, 10)).toEqual([8, 9, 0]);
    const low = keys.find((k) => shardOf(k, 10) === 2)!;
    expect(relayProbes(low, 10)).toEqual([2, 3, 4, 9]);
    expect(relayProbes(key, 1)).toEqual([0]);
  });
});
