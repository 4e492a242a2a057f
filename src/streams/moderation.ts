import { z } from "@hono/zod-openapi";
import { MAX_ADDRESS_LENGTH } from "./chat-room";

/**
 * The rules of a room's moderation, shared by the moderation routes (./moderation-routes.ts) and the `ChatRoom`
 * object that enforces them: editors mute or ban a sender (an account, or a guest's address: the same key the rate
 * limit counts by, see `budgetOf`) for one room, and set a slow mode (a minimum time between one sender's messages).
 */

export const RESTRICTION_KINDS = ["muted", "banned"] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

/**
 * Who a restriction or a message is about: `account:<user id>` or `guest:<address>`. Staff see it on messages and in
 * the moderation list; the public never does (a guest's key holds their address).
 */
export const SenderKeySchema = z
  .string()
  .regex(
    new RegExp(`^(account:[^\\s]{1,64}|guest:[^\\s]{1,${MAX_ADDRESS_LENGTH}})$`),
    "Must be a sender key as staff see it on a message: account:<id> or guest:<address>.",
  )
  .openapi({ example: "guest:203.0.113.7" });

/** The longest slow mode an editor may set: one message an hour. */
export const SLOW_MODE_MAX_SECONDS = 3600;

export const SlowModeSecondsSchema = z
  .number()
  .int("Whole seconds, please.")
  .min(0, "0 turns slow mode off; it cannot be negative.")
  .max(SLOW_MODE_MAX_SECONDS, `At most ${SLOW_MODE_MAX_SECONDS} seconds (one message an hour).`)
  .openapi({ example: 30, description: "Minimum seconds between one sender's messages; 0 = off" });

/** WebSocket close code for a banned sender's sockets (4000–4999 are the application's; 403 as in HTTP). */
export const BANNED_CLOSE_CODE = 4403;

/**
 * How long a sender who last sent at `lastSentAt` (ms since the epoch; undefined if never) must still wait at `now`
 * under a slow mode of `seconds`; 0 when they may send.
 *
 * @example
 * slowModeWait(1_000, 11_000, 30) // 20_000: twenty more seconds
 */
export function slowModeWait(lastSentAt: number | undefined, now: number, seconds: number): number {
  if (seconds <= 0 || lastSentAt === undefined) return 0;
  return Math.max(0, lastSentAt + seconds * 1000 - now);
}

/** A send the room refused before storing it; `retryAfterMs` says when trying again can work. */
export type SendRefusal = { code: "muted" | "banned" } | { code: "slow_mode" | "rate_limited"; retryAfterMs: number };

/** What a refused sender reads in the `error` frame's `message`. */
export function refusalMessage(refusal: SendRefusal, limits: { slowModeSeconds: number; rate: string }): string {
  switch (refusal.code) {
    case "muted":
      return "A moderator has muted you in this chat: your messages are not shown.";
    case "banned":
      return "A moderator has banned you from this chat.";
    case "slow_mode":
      return `Slow mode is on: one message every ${limits.slowModeSeconds} s; try again shortly.`;
    case "rate_limited":
      return `${limits.rate}; try again shortly.`;
  }
}

export const RestrictionSchema = z
  .object({
    sender_key: SenderKeySchema,
    kind: z.enum(RESTRICTION_KINDS),
    name: z
      .string()
      .nullable()
      .openapi({ description: "The name the sender last chatted under in this room; null if never seen" }),
    guest: z.boolean(),
    created_at: z.iso.datetime().openapi({ description: "When the restriction was set (or last changed)" }),
  })
  .openapi("ChatRestriction");

export type Restriction = z.infer<typeof RestrictionSchema>;

/** Keyset position of the moderation list: newest first, then by sender key. */
export const RestrictionPosition = z.tuple([z.iso.datetime(), SenderKeySchema]);
