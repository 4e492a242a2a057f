import type { z } from "@hono/zod-openapi";

/** Frames larger than this are refused: room messages are small JSON objects. */
export const MAX_FRAME_BYTES = 4096;

/** Every message on the wire, both ways, is a JSON object with a `type`. */
export type WireMessage = { type: string } & Record<string, unknown>;

/** The messages a room accepts, given its schemas keyed by `type`: one of their outputs. */
export type ClientMessageOf<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.output<S[K]> }[keyof S];

export type ClientMessageResult<T> = { ok: true; message: T } | { ok: false; code: string; message: string };

const refuse = (code: string, message: string) => ({ ok: false, code, message }) as const;

/**
 * Reads one client frame against a room's message schemas (keyed by `type`). A frame that is too large, not JSON,
 * of an unknown type or with a field out of range is refused with a code the client can act on; the socket stays
 * open either way.
 */
export function readClientMessage<S extends Record<string, z.ZodType>>(
  frame: string | ArrayBuffer,
  schemas: S,
): ClientMessageResult<ClientMessageOf<S>> {
  if (typeof frame !== "string") return refuse("unsupported_frame", "Send text frames holding JSON.");
  if (new TextEncoder().encode(frame).byteLength > MAX_FRAME_BYTES) {
    return refuse("frame_too_large", `Frames are limited to ${MAX_FRAME_BYTES} bytes.`);
  }
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
  try {
    socket.send(JSON.stringify(message));
  } catch {
    // Closing or closed: it will get its close event.
  }
}

export const sendError = (socket: WebSocket, code: string, message: string) =>
  send(socket, { type: "error", code, message });
