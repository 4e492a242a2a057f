import { type ClientMessageOf, sendError, type WireMessage } from "../src/realtime/messages";
import {
  allowance,
  type ChatMessage,
  chatClientMessages,
  HISTORY_ON_JOIN,
  type PostResult,
  RATE_LIMIT,
  type Sender,
  SenderSchema,
} from "../src/streams/chat-room";
import { isoAt } from "../src/time";
import { Room } from "./room";

/** Per-socket state, kept in the socket's attachment so that it survives hibernation. */
interface ChatAttachment {
  sender: Sender;
  /** When this connection's recent messages were accepted (ms since the epoch), for the rate limit. */
  sent: number[];
  /** Set once "left" has been announced, so a close after an error does not announce it twice. */
  left?: boolean;
}

type MessageRow = {
  id: number;
  sender_name: string;
  guest: number;
  content: string;
  created_at: string;
};

const OPEN = 1; // WebSocket.OPEN

function present(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    sender: { name: row.sender_name, guest: row.guest === 1 },
    content: row.content,
    created_at: row.created_at,
  };
}

/**
 * The chat of one live stream (one object per stream, named by the stream's id: see src/streams/chat-room.ts). Messages live in the object's own
 * SQLite storage, so they outlast hibernation, eviction and restarts; sockets use the hibernation API (see Room).
 * Every broadcast carries the next `seq` of the room, a counter kept in storage, so a client that sees a gap knows
 * it missed something. The HTTP routes reach the room through the RPC methods below; they answer with result
 * objects rather than throwing across RPC.
 */
export class ChatRoom extends Room<Sender, ChatAttachment, typeof chatClientMessages> {
  protected readonly sessionSchema = SenderSchema;
  protected readonly clientMessages = chatClientMessages;
  /** Whether the chat has ended, once known (see `hasEnded`). */
  private ended: boolean | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Idempotent, and cheap enough to run on every wake-up.
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sender_name TEXT NOT NULL,
        guest INTEGER NOT NULL CHECK (guest IN (0, 1)),
        user_id TEXT,
        content TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS messages_user_created ON messages (user_id, created_at) WHERE user_id IS NOT NULL;
      CREATE TABLE IF NOT EXISTS room_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  // ---- sockets ----------------------------------------------------------------------------------------------------

  /** The Worker hands `GET /streams/:id/ws` over once it has checked the stream and who is asking. */
  protected override join(sender: Sender): Response {
    if (this.hasEnded()) return new Response("The stream has ended.", { status: 409 });

    const { socket, response } = this.acceptSocket({ sender, sent: [] });
    const viewers = this.openSockets().length;
    // The newcomer first learns where the room stands (history, presence, the current seq), then everyone, the
    // newcomer included, gets the "joined" message with the next seq: no client sees a gap.
    this.send(socket, { type: "history", messages: this.recent(HISTORY_ON_JOIN), viewers, seq: this.currentSeq() });
    this.announce(sender, "joined", viewers);
    return response;
  }

  protected override onMessage(socket: WebSocket, message: ClientMessageOf<typeof chatClientMessages>): void {
    if (message.type === "ping") {
      this.send(socket, { type: "pong" });
      return;
    }
    if (this.hasEnded()) {
      sendError(socket, "stream_ended", "The stream has ended; the chat is closed.");
      return;
    }
    const attachment = this.attachmentOf(socket);
    const now = Date.now();
    const allowed = allowance(attachment.sent, now);
    if (!allowed.ok) {
      this.send(socket, {
        type: "error",
        code: "rate_limited",
        message: `At most ${RATE_LIMIT.messages} messages every ${RATE_LIMIT.windowMs / 1000} s; try again shortly.`,
        retry_after_ms: allowed.retryAfterMs,
      });
      return;
    }
    socket.serializeAttachment({ ...attachment, sent: [...allowed.recent, now] } satisfies ChatAttachment);
    this.publish(this.store(attachment.sender, message.content, isoAt(now)));
  }

  protected override onLeave(socket: WebSocket): void {
    const attachment = this.attachmentOf(socket);
    // Once the stream has ended every socket is being closed: nobody is left to tell.
    if (attachment.left || this.hasEnded()) return;
    try {
      socket.serializeAttachment({ ...attachment, left: true } satisfies ChatAttachment);
    } catch {
      // Already gone: the flag only matters while the socket is still listed.
    }
    this.announce(attachment.sender, "left", this.openSockets(socket).length);
  }

  // ---- RPC for the HTTP routes ------------------------------------------------------------------------------------

  /**
   * Stores a message and broadcasts it. With `limitPerAccount`, an account may post at most RATE_LIMIT.messages per
   * window (counted from the stored messages, so the limit holds across restarts). `at` backdates seeded messages.
   */
  postMessage(sender: Sender, content: string, options: { limitPerAccount?: boolean; at?: string } = {}): PostResult {
    if (this.hasEnded()) return { ok: false, code: "stream_ended" };
    const now = Date.now();
    if (options.limitPerAccount && sender.userId !== null) {
      const since = isoAt(now - RATE_LIMIT.windowMs);
      const recent = this.sql
        .exec<{ created_at: string }>(
          "SELECT created_at FROM messages WHERE user_id = ? AND created_at > ? ORDER BY created_at LIMIT ?",
          sender.userId,
          since,
          RATE_LIMIT.messages,
        )
        .toArray();
      const allowed = allowance(
        recent.map((row) => Date.parse(row.created_at)),
        now,
      );
      if (!allowed.ok) {
        return {
          ok: false,
          code: "rate_limited",
          retryAfterSeconds: Math.max(1, Math.ceil(allowed.retryAfterMs / 1000)),
        };
      }
    }
    const message = this.store(sender, content, options.at ?? isoAt(now));
    this.publish(message);
    return { ok: true, message };
  }

  /** Up to `limit` + 1 messages older than `before` (all if unset), newest first; the extra one says more exist. */
  messagesBefore(before: number | undefined, limit: number): ChatMessage[] {
    return this.newest(before, limit + 1);
  }

  message(id: number): ChatMessage | null {
    const rows = this.sql
      .exec<MessageRow>("SELECT id, sender_name, guest, content, created_at FROM messages WHERE id = ?", id)
      .toArray();
    return rows[0] ? present(rows[0]) : null;
  }

  /** Removes a message for good and tells every client; false when there is no such message. */
  deleteMessage(id: number): boolean {
    const deleted = this.sql.exec("DELETE FROM messages WHERE id = ? RETURNING id", id).toArray();
    if (deleted.length === 0) return false;
    this.broadcastNext({ type: "deleted", id });
    return true;
  }

  /** Open WebSocket connections (a person with two tabs counts twice). */
  viewerCount(): number {
    return this.openSockets().length;
  }

  /** Closes the chat: every client is told, then disconnected; later messages are refused. Safe to repeat. */
  end(): void {
    if (!this.hasEnded()) {
      this.sql.exec(
        "INSERT INTO room_state (key, value) VALUES ('ended', 1) ON CONFLICT (key) DO UPDATE SET value = 1",
      );
      this.ended = true;
      this.broadcastNext({ type: "ended" });
    }
    for (const socket of this.sockets()) {
      try {
        socket.close(1000, "The stream has ended.");
      } catch {
        // Already closing.
      }
    }
  }

  // ---- storage and broadcasting -----------------------------------------------------------------------------------

  private store(sender: Sender, content: string, createdAt: string): ChatMessage {
    const row = this.sql
      .exec<MessageRow>(
        `INSERT INTO messages (sender_name, guest, user_id, content, created_at) VALUES (?, ?, ?, ?, ?)
         RETURNING id, sender_name, guest, content, created_at`,
        sender.name,
        sender.guest ? 1 : 0,
        sender.userId,
        content,
        createdAt,
      )
      .one();
    return present(row);
  }

  private newest(before: number | undefined, count: number): ChatMessage[] {
    return this.sql
      .exec<MessageRow>(
        "SELECT id, sender_name, guest, content, created_at FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?",
        before ?? Number.MAX_SAFE_INTEGER,
        count,
      )
      .toArray()
      .map(present);
  }

  /** The last `count` messages, oldest first (the order a client shows them in). */
  private recent(count: number): ChatMessage[] {
    return this.newest(undefined, count).reverse();
  }

  private publish(message: ChatMessage): void {
    this.broadcastNext({ type: "message", ...message });
  }

  private announce(sender: Sender, event: "joined" | "left", viewers: number): void {
    this.broadcastNext({
      type: "system",
      event,
      name: sender.name,
      guest: sender.guest,
      text: `${sender.name} ${event}`,
      viewers,
    });
  }

  /** Broadcasts with the room's next seq, taken from storage so that it keeps increasing across restarts. */
  private broadcastNext(message: WireMessage): void {
    const { value } = this.sql
      .exec<{ value: number }>(
        `INSERT INTO room_state (key, value) VALUES ('seq', 1)
         ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .one();
    this.broadcast({ ...message, seq: value });
  }

  private currentSeq(): number {
    return this.sql.exec<{ value: number }>("SELECT value FROM room_state WHERE key = 'seq'").toArray()[0]?.value ?? 0;
  }

  /** Read from storage once per instance (a woken or restarted room starts unknown); only `end` changes it. */
  private hasEnded(): boolean {
    this.ended ??= this.sql.exec("SELECT 1 FROM room_state WHERE key = 'ended' AND value = 1").toArray().length > 0;
    return this.ended;
  }

  /** Sockets still open, leaving out `leaving` (whose close is being handled). */
  private openSockets(leaving?: WebSocket): WebSocket[] {
    return this.sockets().filter((socket) => socket !== leaving && socket.readyState === OPEN);
  }
}
