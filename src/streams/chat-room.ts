import { z } from "@hono/zod-openapi";

/**
 * The contract between the stream routes (src/streams/routes.ts) and the `ChatRoom` Durable Object
 * (durable-objects/chat-room.ts): one room per stream, reached by the stream's id; the chat's limits; the shape of a
 * message; who opened a socket.
 */

/** The stream's chat room. */
export const chatRoomOf = (env: Pick<Env, "CHAT_ROOM">, streamId: string) => env.CHAT_ROOM.getByName(streamId);

/** Messages a client may send in one window, per connection (sockets) or per account (HTTP, staff exempt). */
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

/** Messages a client gets when it joins. */
export const HISTORY_ON_JOIN = 50;

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

/**
 * Who speaks: an account under its name, or a guest under the name they gave. It is what the Worker hands over with a
 * socket (src/realtime/handoff.ts), and what the HTTP route posts as.
 */
export const SenderSchema = z.object({
  name: z.string().min(1),
  guest: z.boolean(),
  /** The account's id; null for guests. Kept for moderation, never shown. */
  userId: z.string().min(1).nullable(),
});

export type Sender = z.infer<typeof SenderSchema>;

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
  | { ok: false; code: "rate_limited"; retryAfterSeconds: number }
  | { ok: false; code: "stream_ended" };
