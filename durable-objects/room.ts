import { DurableObject } from "cloudflare:workers";
import type { z } from "@hono/zod-openapi";
import { isWebSocketUpgrade, sessionOf } from "../src/realtime/handoff";
import { type ClientMessageOf, readClientMessage, send, sendError, type WireMessage } from "../src/realtime/messages";

/**
 * What the rooms (one Scoreboard per game, one ChatRoom per stream) share: a socket is joined only through the Worker,
 * which hands over the upgrade with the caller's session (src/realtime/handoff.ts), checked here against the room's
 * schema; sockets are accepted through the hibernation API, so an idle room costs nothing and is rebuilt from
 * `getWebSockets()` when a message wakes it; per-socket state lives in the socket's attachment (it survives
 * hibernation); `{"type":"ping"}` is answered by the runtime without waking the object; every client frame is checked
 * against the room's schemas before the room sees it; and broadcasts reach every connected client.
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
    if (!isWebSocketUpgrade(request)) return new Response("Expected a WebSocket upgrade.", { status: 426 });
    const session = sessionOf(request, this.sessionSchema);
    if (session === undefined) return new Response("Expected the session the Worker hands over.", { status: 400 });
    return this.join(session);
  }

  /** Someone joins with `session`: accept their socket (or refuse with a status) and greet them. */
  protected abstract join(session: Session): Response | Promise<Response>;

  /** Accepts a WebSocket for this room, remembering `attachment` with it; answer the upgrade with the result. */
  protected acceptSocket(attachment: Attachment): { socket: WebSocket; response: Response } {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(attachment);
    return { socket: server, response: new Response(null, { status: 101, webSocket: client }) };
  }

  protected attachmentOf(socket: WebSocket): Attachment {
    return socket.deserializeAttachment() as Attachment;
  }

  protected sockets(): WebSocket[] {
    return this.ctx.getWebSockets();
  }

  /** Sends one message to every connected client, serialized once. */
  protected broadcast(message: WireMessage): void {
    const frame = JSON.stringify(message);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(frame);
      } catch {
        // A socket that is closing gets its close event; the others still get the message.
      }
    }
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
    if (!read.ok) return sendError(socket, read.code, read.message);
    await this.onMessage(socket, read.message);
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
