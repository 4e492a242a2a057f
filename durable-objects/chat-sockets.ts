import { sendFrame } from "../src/realtime/messages";
import { budgetOf, type ChatSession } from "../src/streams/chat-room";
import { BANNED_CLOSE_CODE, refusalMessage } from "../src/streams/moderation";
import type { ErrorFrame } from "../src/streams/relays";

/** What the chat's objects (the room and its relays) share about the sockets they hold. */

export const OPEN = 1; // WebSocket.OPEN

/**
 * Staff sockets carry this tag: their message frames (and history) include each sender's key, to act on; nobody
 * else's do.
 */
export const STAFF_TAG = "staff";

/**
 * Tags a socket carries: its sender's key (a guest's is `guest:<address>`, to count their sockets by address without
 * reading every attachment; a ban closes every socket of the key), and whether it is staff's.
 */
export function tagsOf(session: ChatSession): string[] {
  const key = budgetOf(session);
  return [...(key ? [key] : []), ...(session.staff ? [STAFF_TAG] : [])];
}

/** The error frame a banned sender gets. */
export const bannedFrame = (): ErrorFrame => ({
  type: "error",
  code: "banned",
  message: refusalMessage({ code: "banned" }, { slowModeSeconds: 0, rate: "" }),
});

/** Tells a banned sender's socket why, and closes it (code BANNED_CLOSE_CODE). */
export function expel(socket: WebSocket): void {
  sendFrame(socket, JSON.stringify(bannedFrame()));
  closeQuietly(socket, BANNED_CLOSE_CODE, "Banned from this chat.");
}

export function closeQuietly(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // Already closing.
  }
}

/** Sends one broadcast to `sockets`: `staffFrame` (with the sender's key) to those in `staff`, `frame` to the rest. */
export function fanOut(
  sockets: readonly WebSocket[],
  staff: ReadonlySet<WebSocket>,
  frame: string,
  staffFrame = frame,
): void {
  for (const socket of sockets) sendFrame(socket, staff.has(socket) ? staffFrame : frame);
}
