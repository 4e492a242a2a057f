import { z } from "@hono/zod-openapi";

/**
 * The contract between the stream routes (src/streams/routes.ts) and the `ChatRoom` Durable Object
 * (durable-objects/chat-room.ts): one room per stream, reached by the stream's id; the chat's limits; the shape of a
 * message; who opened a socket.
 */

/** The stream's chat room. */
export const chatRoomOf = (env: Pick<Env, "CHAT_ROOM">, streamId: string) => env.CHAT_ROOM.getByName(streamId);

/**
 * Messages a sender may send in one window. A sender is an account, or a guest's address: one budget across all its
 * sockets and `POST /streams/{id}/messages`, kept in the room's storage. Staff (editors, admins) are exempt.
 */
export const RATE_LIMIT = { messages: 5, windowMs: 10_000 } as const;
/** What the rate limit allows a sender who sent messages at `sentAt` (ms since the epoch) to do at `now`. */
export type Allowance = { ok: true; recent: number[] } | { ok: false; retryAfterMs: number };

/**
 * The chat's rate limit: one more message may go out while fewer than RATE_LIMIT.messages were sent in the window
 * before `now`; otherwise the sender learns how long until the oldest of them leaves the window. `recent` keeps what
 * still counts.
 */
export function allowance(sentAt: readonly number[], now: number): Allowance {
  const recent = sentAt.filter((at) => now - at < RATE_LIMIT.windowMs);
  if (recent.length < RATE_LIMIT.messages) return { ok: true, recent };
  return { ok: false, retryAfterMs: RATE_LIMIT.windowMs - (now - Math.min(...recent)) };
}

/**
 * Whose budget a message comes out of: the account's, else the guest address's; none for a guest without one. The
 * same key names the sender to moderation (src/streams/moderation.ts).
 */
export function budgetOf(sender: { userId: string | null; address?: string | null }): string | undefined {
  if (sender.userId !== null) return `account:${sender.userId}`;
  return sender.address ? `guest:${sender.address}` : undefined;
}

/** Sockets one guest address may hold open in one room; accounts are not counted (they have a budget of their own). */
export const SOCKETS_PER_GUEST_ADDRESS = 5;

/**
 * Joins and leaves announced one by one in a window; beyond that they are held back, and one `presence` frame with
 * the viewer count goes out when the window ends, so that churn cannot flood every client.
 */
export const PRESENCE_LIMIT = { announcements: 5, windowMs: 10_000 } as const;

/** Where the room stands in its presence window: when it started, how many it announced, when its flush is due. */
export interface PresenceWindow {
  start: number;
  announced: number;
  /** When the held-back changes go out as one `presence` frame; null when nothing is held back. */
  flushAt: number | null;
}

/**
 * A join or leave at `now`: announced on its own while the window's budget lasts, else held back for the flush at
 * the window's end (`schedule` says when, the first time something is held back). A window starts with the first
 * change after the last one ended.
 */
export function presenceTurn(
  window: PresenceWindow | undefined,
  now: number,
): { announce: boolean; window: PresenceWindow; schedule?: number } {
  const current =
    window && now - window.start < PRESENCE_LIMIT.windowMs
      ? window
      : { start: now, announced: 0, flushAt: window?.flushAt ?? null };
  if (current.announced < PRESENCE_LIMIT.announcements) {
    return { announce: true, window: { ...current, announced: current.announced + 1 } };
  }
  if (current.flushAt !== null) return { announce: false, window: current };
  const flushAt = current.start + PRESENCE_LIMIT.windowMs;
  return { announce: false, window: { ...current, flushAt }, schedule: flushAt };
}

/** Messages a client gets when it joins. */
export const HISTORY_ON_JOIN = 50;

/**
 * Broadcast frames the room keeps for resuming clients (`?after_seq=`): a client that reconnects at most this many
 * frames behind gets exactly what it missed; one further behind is told to start over (see `resumeFrom`).
 */
export const RESUME_LOG_LIMIT = 1000;

/**
 * Where a client that reconnects with `after_seq` (the last seq it saw) starts: replaying the frames after it, when
 * the room still keeps all of them, else over from a fresh history, because the room no longer keeps them
 * (`too_old`) or never sent that seq (`unknown_seq`: it is ahead of the room).
 */
export type Resume = { kind: "replay" } | { kind: "reset"; reason: "too_old" | "unknown_seq" };

/**
 * `seq` is the room's current seq; `keptFrom` the first seq from which the room keeps every frame it broadcast (or
 * knowingly left out: the messages removed since).
 */
export function resumeFrom(afterSeq: number, seq: number, keptFrom: number): Resume {
  if (afterSeq > seq) return { kind: "reset", reason: "unknown_seq" };
  if (afterSeq === seq || afterSeq + 1 >= keptFrom) return { kind: "replay" };
  return { kind: "reset", reason: "too_old" };
}

// Control characters other than line breaks and tabs have no place in a chat line.
const printable = (text: string) => !/[^\P{Cc}\n\r\t]/u.test(text);

/** 1–500 characters once trimmed. */
export const ContentSchema = z
  .string()
  .trim()
  .min(1, "Write something: the message is empty.")
  .max(500, "Messages are limited to 500 characters.")
  .refine(printable, "Control characters are not allowed.")
  .openapi({ example: "Hello from Hyderabad!" });

/** A guest's display name: 1–50 characters once trimmed, on one line. */
export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .refine((name) => !/\p{Cc}/u.test(name), "Control characters are not allowed.")
  .openapi({ example: "Priya" });

/**
 * Frames a chat client may send. The exact frame `{"type":"ping"}` is answered by the runtime without waking the
 * room; a ping spelled differently (spaces, extra fields) reaches the room, which answers it the same way.
 */
export const chatClientMessages = {
  message: z.object({ type: z.literal("message"), content: ContentSchema }),
  ping: z.object({ type: z.literal("ping") }),
};

/** Who speaks, as each message records it: an account under its name, or a guest under the name they gave. */
export const SenderSchema = z.object({
  name: z.string().min(1),
  guest: z.boolean(),
  /** The account's id; null for guests. Kept for moderation, never shown. */
  userId: z.string().min(1).nullable(),
});

export type Sender = z.infer<typeof SenderSchema>;

/** Longest client address a session carries (an IPv6 address has at most 45 characters). */
export const MAX_ADDRESS_LENGTH = 64;

/**
 * What the Worker hands over with a chat socket (src/realtime/handoff.ts): the sender, and what the room's limits
 * need to know about them. Never shown to clients.
 */
export const ChatSessionSchema = SenderSchema.extend({
  /** A guest's address (`CF-Connecting-IP`): their budget and socket cap are per address. Null for accounts. */
  address: z.string().min(1).max(MAX_ADDRESS_LENGTH).nullable(),
  /**
   * Whether the account was staff when the socket opened. Only a first filter for the exemption from the rate limit:
   * the room asks for the stored role before it lets a staff member past the limit.
   */
  staff: z.boolean(),
}).refine((session) => session.guest === (session.address !== null) && session.guest === (session.userId === null), {
  message: "A guest has an address and no account; an account has no address.",
});

export type ChatSession = z.infer<typeof ChatSessionSchema>;

/** A seq of the room, as the Worker hands a validated `?after_seq=` over. */
export const SeqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * What the Worker hands over when someone joins: who they are (the socket keeps this), and the last seq they saw
 * when they are reconnecting (`?after_seq=`), else null.
 */
export const ChatJoinSchema = z.object({ session: ChatSessionSchema, after_seq: SeqSchema.nullable() });

export type ChatJoin = z.infer<typeof ChatJoinSchema>;

/** A sender as messages show it. */
export const ChatSenderSchema = z
  .object({
    name: z.string(),
    guest: z.boolean().openapi({ description: "true for an anonymous visitor, who chose the name themselves" }),
  })
  .openapi("ChatSender");

export const ChatMessageSchema = z
  .object({
    id: z.number().int().positive().openapi({
      description: "Increasing within the stream and never reused, so it orders messages and pages through them",
      example: 42,
    }),
    sender: ChatSenderSchema,
    content: z.string(),
    created_at: z.iso.datetime(),
  })
  .openapi("ChatMessage");

export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** What posting a message led to; the object answers with this rather than throwing across RPC. */
export type PostResult =
  | { ok: true; message: ChatMessage }
  | { ok: false; code: "rate_limited" | "slow_mode"; retryAfterSeconds: number }
  | { ok: false; code: "stream_ended" | "muted" | "banned" };
