import type { z } from "@hono/zod-openapi";

/** Frames larger than this are refused: room messages are small JSON objects. */
export const MAX_FRAME_BYTES = 4096;

/** A client whose oversized frames reach this many is closed with 1009 (message too big) rather than answered. */
export const MAX_OVERSIZED_FRAMES = 3;

/** Every message on the wire, both ways, is a JSON object with a `type`. */
export type WireMessage = { type: string } & Record<string, unknown>;

/** The messages a room accepts, given its schemas keyed by `type`: one of their outputs. */
export type ClientMessageOf<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.output<S[K]> }[keyof S];

export type ClientMessageResult<T> = { ok: true; message: T } | { ok: false; code: string; message: string };

const refuse = (code: string, message: string) => ({ ok: false, code, message }) as const;

/**
 * Whether a frame is over MAX_FRAME_BYTES, told by its length whenever that settles it: a string of L UTF-16 code
 * units is between L and 3L bytes of UTF-8, so only a text frame between MAX_FRAME_BYTES / 3 and MAX_FRAME_BYTES
 * code units is encoded to be measured, and a huge one costs nothing.
 */
function isOversized(frame: string | ArrayBuffer): boolean {
  if (typeof frame !== "string") return frame.byteLength > MAX_FRAME_BYTES;
  if (frame.length > MAX_FRAME_BYTES) return true;
  if (frame.length * 3 <= MAX_FRAME_BYTES) return false;
  return new TextEncoder().encode(frame).byteLength > MAX_FRAME_BYTES;
}

/**
 * Reads one client frame against a room's message schemas (keyed by `type`). A frame that is too large (measured
 * before anything decodes it), binary, not JSON, of an unknown type or with a field out of range is refused with a
 * code the client can act on.
 */
export function readClientMessage<S extends Record<string, z.ZodType>>(
  frame: string | ArrayBuffer,
  schemas: S,
): ClientMessageResult<ClientMessageOf<S>> {
  if (isOversized(frame)) return refuse("frame_too_large", `Frames are limited to ${MAX_FRAME_BYTES} bytes.`);
  if (typeof frame !== "string") return refuse("unsupported_frame", "Send text frames holding JSON.");
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return refuse("bad_json", "The frame is not valid JSON.");
  }
  const type = typeof data === "object" && data !== null ? (data as { type?: unknown }).type : undefined;
  if (typeof type !== "string") return refuse("invalid_message", 'Every message needs a string "type".');
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) return refuse("unknown_type", `Unknown message type "${type}".`);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return refuse("invalid_message", `${where}${issue?.message ?? "Invalid message."}`);
  }
  return { ok: true, message: parsed.data as ClientMessageOf<S> };
}

/** Sends to one socket; a socket that has gone away is not an error for the sender. */
export function send(socket: WebSocket, message: WireMessage): void {
  sendFrame(socket, JSON.stringify(message));
}

/** Sends a message already serialized (a broadcast's frame, a logged one), as `send` does. */
export function sendFrame(socket: WebSocket, frame: string): void {
  try {
    socket.send(frame);
  } catch {
    // Closing or closed: it will get its close event.
  }
}

export const sendError = (socket: WebSocket, code: string, message: string) =>
  send(socket, { type: "error", code, message });
