import { DurableObject } from "cloudflare:workers";
import type { z } from "@hono/zod-openapi";
import type { ErrorStatus } from "../src/http/problem";
import { isWebSocketUpgrade, roomRefusal, sessionOf } from "../src/realtime/handoff";
import {
  type ClientMessageOf,
  MAX_FRAME_BYTES,
  MAX_OVERSIZED_FRAMES,
  readClientMessage,
  send,
  sendError,
  sendFrame,
  type WireMessage,
} from "../src/realtime/messages";

/** What the Room base keeps in every socket's attachment, beside the room's own fields. */
interface FrameStrikes {
  /** Oversized frames this client has sent; at MAX_OVERSIZED_FRAMES it is closed with 1009. */
  oversizedFrames?: number;
}

/** WebSocket close code: the message was too big to process (RFC 6455). */
const MESSAGE_TOO_BIG = 1009;

/**
 * What the rooms (one Scoreboard per game, one ChatRoom per stream) share: a socket is joined only through the Worker,
 * which hands over the upgrade with the caller's session (src/realtime/handoff.ts), checked here against the room's
 * schema; sockets are accepted through the hibernation API, so an idle room costs nothing and is rebuilt from
 * `getWebSockets()` when a message wakes it; per-socket state lives in the socket's attachment (it survives
 * hibernation); `{"type":"ping"}` is answered by the runtime without waking the object; every client frame is checked
 * against the room's schemas before the room sees it, and a client that keeps sending oversized frames is closed;
 * broadcasts reach every connected client. A room refuses a handed-over request with `refuse`, which the Worker's
 * `handOff` turns into a problem.
 *
 * The base keeps a field of its own in each attachment (`oversizedFrames`): a room that rewrites an attachment
 * spreads the one it read (`{ ...attachment, changed }`) so that the count survives.
 */
export abstract class Room<
  Session,
  Attachment extends object,
  Schemas extends Record<string, z.ZodType>,
> extends DurableObject<Env> {
  /** What the Worker hands over with a socket: who is joining, and what the room needs to know. */
  protected abstract readonly sessionSchema: z.ZodType<Session>;
  /** The messages clients may send, keyed by `type`. */
  protected abstract readonly clientMessages: Schemas;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** A socket handed over by the Worker: 426 unless it is an upgrade, 400 without a valid session, else `join`. */
  override async fetch(request: Request): Promise<Response> {
    if (!isWebSocketUpgrade(request)) {
      return this.refuse(426, "upgrade_required", "This room speaks WebSocket: send an Upgrade: websocket request.");
    }
    const session = sessionOf(request, this.sessionSchema);
    // Only the Worker reaches a room, so this is a bug between the two, not the client's doing.
    if (session === undefined) return this.refuse(400, "invalid_session", "The room was handed no valid session.");
    return this.join(session);
  }

  /** Someone joins with `session`: accept their socket (or `refuse`) and greet them. */
  protected abstract join(session: Session): Response | Promise<Response>;

  /** Refuses a handed-over request: the Worker answers the client with a problem of this status and code. */
  protected refuse(status: ErrorStatus, code: string, detail: string): Response {
    return roomRefusal(status, code, detail);
  }

  /**
   * Accepts a WebSocket for this room, remembering `attachment` with it, and `tags` to find it by (see `sockets`);
   * answer the upgrade with the result.
   */
  protected acceptSocket(attachment: Attachment, tags: string[] = []): { socket: WebSocket; response: Response } {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, tags);
    server.serializeAttachment(attachment);
    return { socket: server, response: new Response(null, { status: 101, webSocket: client }) };
  }

  protected attachmentOf(socket: WebSocket): Attachment {
    return socket.deserializeAttachment() as Attachment;
  }

  /** The room's sockets, or those accepted with `tag`. */
  protected sockets(tag?: string): WebSocket[] {
    return this.ctx.getWebSockets(tag);
  }

  /** Sends one message to every connected client, serialized once; returns the frame as sent. */
  protected broadcast(message: WireMessage): string {
    const frame = JSON.stringify(message);
    for (const socket of this.ctx.getWebSockets()) sendFrame(socket, frame);
    return frame;
  }

  protected send(socket: WebSocket, message: WireMessage): void {
    send(socket, message);
  }

  /** A checked message from a client of this room. */
  protected abstract onMessage(socket: WebSocket, message: ClientMessageOf<Schemas>): Promise<void> | void;

  /** A client left (closed, or its connection failed). */
  protected onLeave(_socket: WebSocket): Promise<void> | void {}

  override async webSocketMessage(socket: WebSocket, frame: string | ArrayBuffer): Promise<void> {
    const read = readClientMessage(frame, this.clientMessages);
    if (read.ok) return this.onMessage(socket, read.message);
    if (read.code === "frame_too_large" && this.strike(socket) >= MAX_OVERSIZED_FRAMES) {
      return this.closeOversized(socket);
    }
    sendError(socket, read.code, read.message);
  }

  /** Counts one more oversized frame from `socket`, in its attachment (so the count outlives hibernation). */
  private strike(socket: WebSocket): number {
    const attachment = socket.deserializeAttachment() as Attachment & FrameStrikes;
    const strikes = (attachment.oversizedFrames ?? 0) + 1;
    socket.serializeAttachment({ ...attachment, oversizedFrames: strikes } satisfies FrameStrikes);
    return strikes;
  }

  /** A client that keeps sending frames too big to read is let go: it is most likely broken, or flooding. */
  private async closeOversized(socket: WebSocket): Promise<void> {
    try {
      socket.close(MESSAGE_TOO_BIG, `Frames are limited to ${MAX_FRAME_BYTES} bytes.`);
    } catch {
      // Already closing.
    }
    await this.onLeave(socket);
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    try {
      socket.close(code, reason);
    } catch {
      // Already closed.
    }
    await this.onLeave(socket);
  }

  override async webSocketError(socket: WebSocket): Promise<void> {
    await this.onLeave(socket);
  }
}
