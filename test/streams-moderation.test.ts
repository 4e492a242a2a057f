import { listDurableObjectIds, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatRoomOf } from "../src/streams/chat-room";
import { insufficientRoles, invalidCredentials } from "./auth-matrix";
import {
  ACCOUNT_LOOKUP,
  callJson,
  createUser,
  dbCost,
  evict,
  expectFieldProblem,
  expectProblem,
  freshIp,
  type Query,
  type TestUser,
  uniqueWord,
} from "./helpers";
import { closeSocketsAfterEach, openSocket, type SocketClient } from "./socket-client";

closeSocketsAfterEach();

// Rooms hold back bursts of joins and leaves for an alarm: run the pending ones before this file's runtime goes.
afterAll(async () => {
  for (const id of await listDurableObjectIds(env.CHAT_ROOM)) await runDurableObjectAlarm(env.CHAT_ROOM.get(id));
});

let editor: TestUser;
let viewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [editor, viewer, admin] = await Promise.all([
    createUser("editor", "Mo Moderator"),
    createUser("viewer", "Vic Viewer"),
    createUser("admin", "Ada Admin"),
  ]);
});

async function createStream(): Promise<{ id: string }> {
  const res = await callJson("POST", "/streams", {
    token: editor.token,
    body: { title: `Moderated ${uniqueWord()}`, video_url: "https://www.youtube.com/embed/dQw4w9WgXcQ" },
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** Joins as a guest (`name`) or an account (`access_token`), from `address` (a fresh one unless given). */
async function join(streamId: string, query: Query, address = freshIp()): Promise<SocketClient> {
  const client = await openSocket(`/streams/${streamId}/ws`, { query, headers: { "CF-Connecting-IP": address } });
  await client.waitFor((frame) => frame.type === "history");
  return client;
}

/** Sends `content` from `from` and waits until `watcher` has it; answers the frame as `watcher` got it. */
async function say(from: SocketClient, watcher: SocketClient, content: string) {
  from.send({ type: "message", content });
  return watcher.waitFor((frame) => frame.type === "message" && frame.content === content);
}

const restrict = (streamId: string, key: string, kind: string, token = editor.token) =>
  callJson("PUT", `/streams/${streamId}/restrictions/${encodeURIComponent(key)}`, { token, body: { kind } });
const lift = (streamId: string, key: string, token = editor.token) =>
  callJson("DELETE", `/streams/${streamId}/restrictions/${encodeURIComponent(key)}`, { token });
const restrictions = (streamId: string, query: Query = {}) =>
  callJson("GET", `/streams/${streamId}/restrictions?${new URLSearchParams(query as Record<string, string>)}`, {
    token: editor.token,
  });
const slowMode = (streamId: string, seconds: unknown, token = editor.token) =>
  callJson("PUT", `/streams/${streamId}/slow-mode`, { token, body: { seconds } });
const contentsOf = async (streamId: string) =>
  (await callJson("GET", `/streams/${streamId}/messages?limit=100`)).body.data.map((m: any) => m.content);

describe("sender keys", () => {
  it("are on messages and history for staff sockets only, never for guests, viewers or over public HTTP", async () => {
    const stream = await createStream();
    const address = freshIp();
    const guest = await join(stream.id, { name: "Gina" }, address);
    const staff = await join(stream.id, { access_token: editor.token });
    const member = await join(stream.id, { access_token: viewer.token });

    const seenByStaff = await say(guest, staff, "hello");
    expect(seenByStaff.sender_key).toBe(`guest:${address}`);
    const seenByMember = await member.waitFor((f) => f.type === "message");
    expect(seenByMember).not.toHaveProperty("sender_key");
    expect(await guest.waitFor((f) => f.type === "message")).not.toHaveProperty("sender_key");
    expect((await say(member, staff, "me too")).sender_key).toBe(`account:${viewer.id}`);

    const lateStaff = await join(stream.id, { access_token: admin.token });
    expect(lateStaff.first("history").messages.map((m: any) => m.sender_key)).toEqual([
      `guest:${address}`,
      `account:${viewer.id}`,
    ]);
    const lateGuest = await join(stream.id, { name: "Late" });
    expect(lateGuest.first("history").messages[0]).not.toHaveProperty("sender_key");
    const history = await callJson("GET", `/streams/${stream.id}/messages`, { token: editor.token });
    expect(history.body.data[0]).not.toHaveProperty("sender_key");
  });
});

describe("muting", () => {
  it("refuses a muted guest's messages with error muted (stored nowhere, seen by nobody) until lifted", async () => {
    const stream = await createStream();
    const address = freshIp();
    const guest = await join(stream.id, { name: "Loud" }, address);
    const watcher = await join(stream.id, { name: "Watcher" });
    await say(guest, watcher, "first");

    const muted = await restrict(stream.id, `guest:${address}`, "muted");
    expect(muted.status).toBe(200);
    expect(muted.body).toMatchObject({ sender_key: `guest:${address}`, kind: "muted", name: "Loud", guest: true });

    const error = await guest.expectError({ type: "message", content: "still here" }, "muted");
    expect(error.message).toMatch(/muted/);
    // A second socket from the same address is muted too: the key is the address.
    const again = await join(stream.id, { name: "Loud again" }, address);
    await again.expectError({ type: "message", content: "other tab" }, "muted");
    expect(await contentsOf(stream.id)).toEqual(["first"]);
    expect(watcher.ofType("message").map((m) => m.content)).toEqual(["first"]);

    const list = await restrictions(stream.id);
    expect(list.body).toEqual({ data: [muted.body], next_cursor: null });

    expect((await lift(stream.id, `guest:${address}`)).status).toBe(204);
    await say(guest, watcher, "back");
    expect((await restrictions(stream.id)).body.data).toEqual([]);
    expectProblem(await lift(stream.id, `guest:${address}`), 404, "not_found");
  });

  it("refuses a muted account over HTTP with 403 muted, and on its sockets", async () => {
    const stream = await createStream();
    const member = await createUser("viewer", `Member ${uniqueWord()}`);
    const socket = await join(stream.id, { access_token: member.token });
    await restrict(stream.id, `account:${member.id}`, "muted");
    const post = await callJson("POST", `/streams/${stream.id}/messages`, {
      token: member.token,
      body: { content: "over http" },
    });
    expectProblem(post, 403, "muted");
    await socket.expectError({ type: "message", content: "over socket" }, "muted");
    expect(await contentsOf(stream.id)).toEqual([]);
  });
});

describe("banning", () => {
  it("disconnects a banned guest (error banned, close 4403) and turns every later join away the same way", async () => {
    const stream = await createStream();
    const address = freshIp();
    const guest = await join(stream.id, { name: "Troll" }, address);
    const watcher = await join(stream.id, { name: "Watcher" });
    await say(guest, watcher, "spam");

    const banned = await restrict(stream.id, `guest:${address}`, "banned");
    expect(banned.body).toMatchObject({ kind: "banned", name: "Troll" });
    expect(await guest.waitFor((f) => f.type === "error")).toMatchObject({ code: "banned" });
    expect((await guest.waitForClose()).code).toBe(4403);

    const back = await openSocket(`/streams/${stream.id}/ws`, {
      query: { name: "New name" },
      headers: { "CF-Connecting-IP": address },
    });
    expect(await back.waitFor((f) => f.type === "error")).toMatchObject({ code: "banned" });
    expect((await back.waitForClose()).code).toBe(4403);
    expect(back.ofType("history")).toEqual([]);
    // Not counted as watching, nor announced.
    expect((await callJson("GET", `/streams/${stream.id}`)).body.viewer_count).toBe(1);
    expect(watcher.ofType("system").some((f) => f.name === "New name")).toBe(false);

    // Another address is unaffected; a lifted ban lets the guest back in.
    await join(stream.id, { name: "Neighbour" });
    await lift(stream.id, `guest:${address}`);
    const returned = await join(stream.id, { name: "Troll" }, address);
    await say(returned, watcher, "sorry");
  });

  it("refuses a banned account's HTTP messages with 403 banned; a mute becomes a ban and back", async () => {
    const stream = await createStream();
    const member = await createUser("viewer");
    expect((await restrict(stream.id, `account:${member.id}`, "muted")).body.kind).toBe("muted");
    expect((await restrict(stream.id, `account:${member.id}`, "banned")).body.kind).toBe("banned");
    const post = await callJson("POST", `/streams/${stream.id}/messages`, {
      token: member.token,
      body: { content: "x" },
    });
    expectProblem(post, 403, "banned");
    const list = await restrictions(stream.id);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ kind: "banned", guest: false, name: null });
  });

  it("refuses to restrict an editor or admin: 409 staff_exempt, nothing stored", async () => {
    const stream = await createStream();
    expectProblem(await restrict(stream.id, `account:${admin.id}`, "banned"), 409, "staff_exempt");
    expect((await restrictions(stream.id)).body.data).toEqual([]);
  });

  it("refuses a sender key that is not one (400 naming sender_key) and an unknown stream (404)", async () => {
    const stream = await createStream();
    expectFieldProblem(await restrict(stream.id, "someone", "muted"), 400, "validation_failed", "sender_key");
    expectFieldProblem(await restrict(stream.id, "guest:1.2.3.4", "gagged"), 400, "validation_failed", "kind");
    expectProblem(await restrict("00000000-0000-4000-8000-000000000000", "guest:1.2.3.4", "muted"), 404, "not_found");
  });
});

describe("slow mode", () => {
  it("tells every client, paces each sender (error slow_mode with retry_after_ms), exempts staff", async () => {
    const stream = await createStream();
    const guest = await join(stream.id, { name: "Quick" });
    const staff = await join(stream.id, { access_token: editor.token });
    expect(guest.first("history").slow_mode_seconds).toBe(0);

    const set = await slowMode(stream.id, 30);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ seconds: 30 });
    const frame = await guest.waitFor((f) => f.type === "slow_mode");
    expect(frame).toEqual({ type: "slow_mode", seconds: 30, seq: expect.any(Number) });
    await staff.waitFor((f) => f.type === "slow_mode");
    expect((await callJson("GET", `/streams/${stream.id}`)).body.slow_mode_seconds).toBe(30);

    await say(guest, staff, "one");
    const refused = await guest.expectError({ type: "message", content: "two" }, "slow_mode");
    expect(refused.retry_after_ms).toBeGreaterThan(25_000);
    expect(refused.retry_after_ms).toBeLessThanOrEqual(30_000);
    await say(staff, guest, "staff one");
    await say(staff, guest, "staff two");

    const member = await createUser("viewer");
    const first = await callJson("POST", `/streams/${stream.id}/messages`, {
      token: member.token,
      body: { content: "a" },
    });
    expect(first.status).toBe(201);
    const second = await callJson("POST", `/streams/${stream.id}/messages`, {
      token: member.token,
      body: { content: "b" },
    });
    expectProblem(second, 429, "slow_mode");
    expect(Number(second.headers.get("Retry-After"))).toBeGreaterThan(25);
    expect(await contentsOf(stream.id)).toEqual(["a", "staff two", "staff one", "one"]);

    // Off again: the guest may send at once; a newcomer learns the setting from its history.
    await slowMode(stream.id, 0);
    await guest.waitFor((f) => f.type === "slow_mode" && f.seconds === 0);
    await say(guest, staff, "two");
    expect((await join(stream.id, { name: "Later" })).first("history").slow_mode_seconds).toBe(0);
  });

  it("takes whole seconds from 0 to 3600 (400 naming seconds), only while live (409 stream_ended)", async () => {
    const stream = await createStream();
    for (const bad of [-1, 3601, 1.5, "10"]) {
      expectFieldProblem(await slowMode(stream.id, bad), 400, "validation_failed", "seconds");
    }
    expect((await callJson("GET", `/streams/${stream.id}`)).body.slow_mode_seconds).toBe(0);
    await callJson("POST", `/streams/${stream.id}/end`, { token: editor.token });
    expectProblem(await slowMode(stream.id, 10), 409, "stream_ended");
  });
});

describe("surviving hibernation", () => {
  it("keeps mutes, bans and slow mode in the room's storage through an eviction", async () => {
    const stream = await createStream();
    const mutedAddress = freshIp();
    const bannedAddress = freshIp();
    await restrict(stream.id, `guest:${mutedAddress}`, "muted");
    await restrict(stream.id, `guest:${bannedAddress}`, "banned");
    await slowMode(stream.id, 60);
    await evict(chatRoomOf(env, stream.id));

    const quiet = await join(stream.id, { name: "Quiet" }, mutedAddress);
    expect(quiet.first("history").slow_mode_seconds).toBe(60);
    await quiet.expectError({ type: "message", content: "hello?" }, "muted");
    const out = await openSocket(`/streams/${stream.id}/ws`, {
      query: { name: "Out" },
      headers: { "CF-Connecting-IP": bannedAddress },
    });
    expect((await out.waitForClose()).code).toBe(4403);
    const other = await join(stream.id, { name: "Other" });
    const watcher = await join(stream.id, { access_token: editor.token });
    await say(other, watcher, "once");
    await other.expectError({ type: "message", content: "twice" }, "slow_mode");
    expect((await restrictions(stream.id)).body.data.map((r: any) => r.kind).sort()).toEqual(["banned", "muted"]);
  });
});

describe("the moderation routes", () => {
  let stream: { id: string };
  const key = "guest:198.51.100.9";

  beforeAll(async () => {
    stream = await createStream();
    await restrict(stream.id, key, "muted");
  });

  const refusals = [...invalidCredentials(() => admin), ...insufficientRoles("editor")];

  it.each(refusals)("refuse $sent with $status $code and change nothing", async (refusal) => {
    const headers = await refusal.headers();
    const other = "guest:198.51.100.10";
    const tries = [
      callJson("GET", `/streams/${stream.id}/restrictions`, { headers }),
      callJson("PUT", `/streams/${stream.id}/restrictions/${encodeURIComponent(other)}`, {
        headers,
        body: { kind: "banned" },
      }),
      callJson("DELETE", `/streams/${stream.id}/restrictions/${encodeURIComponent(key)}`, { headers }),
      callJson("PUT", `/streams/${stream.id}/slow-mode`, { headers, body: { seconds: 5 } }),
    ];
    for (const res of await Promise.all(tries)) expectProblem(res, refusal.status, refusal.code);
    expect((await restrictions(stream.id)).body.data.map((r: any) => r.sender_key)).toEqual([key]);
    expect((await callJson("GET", `/streams/${stream.id}`)).body.slow_mode_seconds).toBe(0);
  });

  it("page the list newest first by cursor", async () => {
    const paged = await createStream();
    for (const n of [1, 2, 3]) await restrict(paged.id, `guest:192.0.2.${n}`, "muted");
    const first = await restrictions(paged.id, { limit: 2 });
    expect(first.body.data).toHaveLength(2);
    const second = await restrictions(paged.id, { limit: 2, cursor: first.body.next_cursor });
    expect(second.body.next_cursor).toBeNull();
    const keys = [...first.body.data, ...second.body.data].map((r: any) => r.sender_key);
    expect(new Set(keys)).toEqual(new Set(["guest:192.0.2.1", "guest:192.0.2.2", "guest:192.0.2.3"]));
  });

  it("cost one D1 query beside the account lookup; restricting an account reads its role too", async () => {
    const cost = (res: { headers: Headers }) => dbCost(res).queries - ACCOUNT_LOOKUP.queries;
    expect(cost(await restrict(stream.id, "guest:203.0.113.1", "muted"))).toBe(1);
    expect(cost(await restrict(stream.id, `account:${viewer.id}`, "muted"))).toBe(2);
    expect(cost(await lift(stream.id, "guest:203.0.113.1"))).toBe(1);
    expect(cost(await restrictions(stream.id))).toBe(1);
    expect(cost(await slowMode(stream.id, 0))).toBe(1);
  });
});
