import type { Schemas } from "../api/client";

/**
 * The frames the rooms send, as their routes document them (`GET /games/{id}/ws`, `GET /streams/{id}/ws` in
 * /openapi.json). What a frame carries about a score or a message is the API's own schema (`Score`, `ChatMessage`);
 * only the envelopes around them are named here.
 */

/** A refused frame; the socket stays open. `retry_after_ms` comes with `rate_limited`. */
export type ErrorFrame = { type: "error"; code: string; message: string; retry_after_ms?: number };

export type ScoreFrame = ({ type: "snapshot" | "score" } & Schemas["Score"]) | ErrorFrame | { type: "pong" };

/** Every broadcast of a chat room carries the room's next `seq`. */
type Broadcast<T> = T & { seq: number };

export type SystemFrame = Broadcast<{
  type: "system";
  event: "joined" | "left" | "presence";
  text: string;
  viewers: number;
  name?: string;
  guest?: boolean;
}>;

/**
 * A message as a chat socket delivers it: staff sockets (editors, admins) also get its sender's key, to mute or ban
 * them by (null for messages older than keys); nobody else does.
 */
export type ChatFrameMessage = Schemas["ChatMessage"] & {
  sender_key?: Schemas["ChatRestriction"]["sender_key"] | null;
};

export type ChatFrame =
  | { type: "history"; messages: ChatFrameMessage[]; viewers: number; seq: number; slow_mode_seconds: number }
  | Broadcast<{ type: "message" } & ChatFrameMessage>
  | SystemFrame
  | Broadcast<{ type: "deleted"; id: number }>
  | Broadcast<{ type: "ended" }>
  | Broadcast<{ type: "slow_mode"; seconds: number }>
  | { type: "resumed"; after_seq: number; seq: number; viewers: number; slow_mode_seconds: number }
  | { type: "reset"; reason: "too_old" | "unknown_seq"; after_seq: number; seq: number }
  | ErrorFrame
  | { type: "pong" };
