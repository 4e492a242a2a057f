import { z } from "@hono/zod-openapi";
import { ChatJoinSchema } from "./chat-room";

/**
 * The contract between a stream's `ChatRoom` and its `ChatRelay` objects (durable-objects/chat-relay.ts), the fan-out
 * tree that carries a chat past what one object can hold: room → relays → clients.
 *
 * A room holds its first sockets itself (`CHAT_ROOM_SOCKETS`, so a small room never uses a relay); once it holds that
 * many, it refuses further joins with `room_full` and the Worker hands them to relay `shardOf(client key, shards)`,
 * `stream:<id>:relay:<n>`. A relay holds at most `CHAT_RELAY_SOCKETS` clients and refuses the next with `relay_full`;
 * the Worker then tries the shards `relayProbes` lists, and asks the room for one shard more only when all of them
 * are full. The room keeps its shard count and each relay's client count in its storage, and pushes every broadcast
 * once per relay that has clients, in seq order.
 */

/** Sockets a room holds itself before it sends joins to relays: small rooms never use one. */
export const DEFAULT_ROOM_SOCKETS = 200;
/** Sockets one relay holds at most. */
export const DEFAULT_RELAY_SOCKETS = 1000;
/** Shards the Worker tries past a full one, (n + 1) mod count onwards, before it looks at the newest. */
export const RELAY_PROBES = 2;
/** How many times the Worker grows the shard count for one join before it gives up with `relay_full`. */
export const RELAY_GROWTHS = 4;
/** Relays a room may have: a million viewers at the default bound. */
export const MAX_RELAY_SHARDS = 1000;

/** Refusal codes between the objects and the Worker; a client sees `relay_full` only if every attempt failed. */
export const ROOM_FULL = "room_full";
export const RELAY_FULL = "relay_full";

/**
 * A socket bound from the environment (`CHAT_ROOM_SOCKETS`, `CHAT_RELAY_SOCKETS`): a non-negative integer, else
 * `fallback`.
 *
 * @example socketBound(env.CHAT_RELAY_SOCKETS, DEFAULT_RELAY_SOCKETS) // 1000 unless the variable says otherwise
 */
export function socketBound(value: string | undefined, fallback: number): number {
  const bound = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(bound) && bound >= 0 ? bound : fallback;
}

/** The name of a stream's relay `relay`. */
export const relayName = (streamId: string, relay: number) => `stream:${streamId}:relay:${relay}`;

/** A stream's relay `relay`. */
export const chatRelayOf = (env: Pick<Env, "CHAT_RELAY">, streamId: string, relay: number) =>
  env.CHAT_RELAY.getByName(relayName(streamId, relay));

/** FNV-1a (32 bits) of a string. */
function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The relay a client key goes to among `shards`, by jump consistent hashing (Lamping and Veach, 2014) over the key's
 * FNV-1a: the same key lands on the same relay while the shard count stays, and when it grows from n to n + 1 a key
 * either stays where it was or moves to the new shard n (1 key in n + 1 does), so a client that reconnects after a
 * growth still finds its shard, and a sender's sockets share one.
 */
export function shardOf(key: string, shards: number): number {
  let state = fnv1a(key);
  let shard = 0;
  for (let next = 0; next < shards; ) {
    shard = next;
    // One step of mulberry32: the key's own sequence of uniform draws in (0, 1].
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const draw = (((t ^ (t >>> 14)) >>> 0) + 1) / 2 ** 32;
    next = Math.floor((shard + 1) / draw);
  }
  return shard;
}

/**
 * The shards a join tries among `shards`, in order, before the count grows: the key's own, the next `RELAY_PROBES`
 * ((n + 1) mod count, …), then the newest. Joins fill the shards in the order they were added (the older ones stay
 * full until someone leaves), so the room to spare is in the newest: probing it before growing keeps the count near
 * clients ÷ bound.
 *
 * @example relayProbes("guest:203.0.113.9", 10) // e.g. [4, 5, 6, 9]
 */
export function relayProbes(key: string, shards: number): number[] {
  const count = Math.max(1, shards);
  const home = shardOf(key, count);
  const probes = new Set<number>();
  for (let step = 0; step <= RELAY_PROBES; step++) probes.add((home + step) % count);
  probes.add(count - 1);
  return [...probes];
}

/** What the Worker hands a relay with a socket: the join, and which stream's relay it is. */
export const RelayJoinSchema = ChatJoinSchema.extend({
  stream_id: z.string().min(1),
  relay: z.number().int().min(0).max(MAX_RELAY_SHARDS),
});

export type RelayJoin = z.infer<typeof RelayJoinSchema>;

/** What the room pushes to a relay, in order: a frame with its seq (and the variant staff get), a ban, the end. */
export type RelayPush =
  | { kind: "frame"; seq: number; frame: string; staffFrame?: string }
  | { kind: "expel"; senderKey: string }
  | { kind: "end" };

/**
 * A relay's client count, as it tells the room with every join, leave and delivery. `report` increases with every
 * report a relay makes (it is a timestamp made strictly increasing), so the room keeps the newest of reports that
 * cross on the way.
 */
export interface RelayReport {
  relay: number;
  viewers: number;
  report: number;
}

/** The room's answer to a join through a relay: a refusal, a banned sender to turn away, or what to send first. */
export type RelayJoinAnswer =
  | { ok: false; status: 409; code: string; detail: string }
  | { ok: true; banned: true }
  | { ok: true; banned: false; greeting: string[]; seq: number };

/** An `error` frame, as the room refuses a message. */
export type ErrorFrame = {
  type: "error";
  code: string;
  message: string;
  retry_after_ms?: number;
};

/** The room's answer to a message sent on a relay's socket: sent, or the error frame to send back (and a ban). */
export type SpeakOutcome = { ok: true } | { ok: false; error: ErrorFrame; expel: boolean };

/** Logged frames a relay asks for to fill a gap; `complete` is false when the room no longer keeps all of them. */
export interface RelayFrames {
  frames: { seq: number; frame: string }[];
  complete: boolean;
}
