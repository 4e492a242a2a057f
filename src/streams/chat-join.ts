import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ProblemError } from "../http/problem";
import { handOff } from "../realtime/handoff";
import { budgetOf, type ChatJoin, ChatJoinSchema, chatRoomOf } from "./chat-room";
import { chatRelayOf, RELAY_FULL, RELAY_JOIN_ATTEMPTS, RelayJoinSchema, ROOM_FULL, shardOf } from "./relays";

const refusedWith = (error: unknown, code: string) => error instanceof ProblemError && error.code === code;

/**
 * Hands a chat socket to the stream's room, or, once the room holds all the sockets it takes itself (`room_full`),
 * to the relay the client's key hashes to among the room's shards (see ./relays.ts). A full relay makes the Worker
 * ask the room for one shard more and try the relay the key hashes to then.
 *
 * @example
 * return joinChat(c, stream.id, { session, after_seq: null });
 */
export async function joinChat(c: Context<AppEnv>, streamId: string, join: ChatJoin): Promise<Response> {
  const room = chatRoomOf(c.env, streamId);
  try {
    return await handOff(c, room, ChatJoinSchema, join);
  } catch (error) {
    if (!refusedWith(error, ROOM_FULL)) throw error;
  }
  // A guest without an address has no key of its own: any shard will do.
  const key = budgetOf(join.session) ?? crypto.randomUUID();
  let shards = await room.relayShards(streamId);
  for (let attempt = 1; ; attempt++) {
    const relay = shardOf(key, shards);
    try {
      return await handOff(c, chatRelayOf(c.env, streamId, relay), RelayJoinSchema, {
        ...join,
        stream_id: streamId,
        relay,
      });
    } catch (error) {
      if (!refusedWith(error, RELAY_FULL) || attempt >= RELAY_JOIN_ATTEMPTS) throw error;
    }
    shards = await room.growRelays(streamId, shards);
  }
}
