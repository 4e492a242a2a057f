import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ProblemError } from "../http/problem";
import { handOff } from "../realtime/handoff";
import { budgetOf, type ChatJoin, ChatJoinSchema, chatRoomOf } from "./chat-room";
import { chatRelayOf, RELAY_FULL, RELAY_GROWTHS, RelayJoinSchema, ROOM_FULL, relayProbes } from "./relays";

const refusedWith = (error: unknown, code: string) => error instanceof ProblemError && error.code === code;

/**
 * Hands a chat socket to the stream's room, or, once the room holds all the sockets it takes itself (`room_full`),
 * to the relay the client's key hashes to among the room's shards (see ./relays.ts). When that relay is full the
 * Worker tries the next few and the newest (`relayProbes`), and only when all of them are full asks the room for one
 * shard more, and tries again.
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
  const tried = new Set<number>();
  for (let growths = 0; ; growths++) {
    for (const relay of relayProbes(key, shards)) {
      // A shard found full is skipped after a growth: joins only fill them.
      if (tried.has(relay)) continue;
      tried.add(relay);
      try {
        return await handOff(c, chatRelayOf(c.env, streamId, relay), RelayJoinSchema, {
          ...join,
          stream_id: streamId,
          relay,
        });
      } catch (error) {
        if (!refusedWith(error, RELAY_FULL)) throw error;
      }
    }
    if (growths >= RELAY_GROWTHS)
      throw new ProblemError(503, RELAY_FULL, "Every relay of this chat is full: try again later.");
    shards = await room.growRelays(streamId, shards);
  }
}
