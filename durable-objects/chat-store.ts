import { type ChatMessage, type PresenceWindow, RATE_LIMIT, type Sender } from "../src/streams/chat-room";
import type { Restriction, RestrictionKind } from "../src/streams/moderation";

type MessageRow = {
  id: number;
  sender_name: string;
  guest: number;
  content: string;
  created_at: string;
  sender_key: string | null;
};

/** A message as staff see it: with the key of its sender, to mute or ban them (null for messages from before keys). */
export type KeyedMessage = ChatMessage & { sender_key: string | null };

const MESSAGE_COLUMNS = "id, sender_name, guest, content, created_at, sender_key";

function present(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    sender: { name: row.sender_name, guest: row.guest === 1 },
    content: row.content,
    created_at: row.created_at,
  };
}

const presentKeyed = (row: MessageRow): KeyedMessage => ({ ...present(row), sender_key: row.sender_key });

type RestrictionRow = { sender_key: string; kind: RestrictionKind; name: string | null; created_at: string };

const presentRestriction = (row: RestrictionRow): Restriction => ({
  ...row,
  guest: row.sender_key.startsWith("guest:"),
});

// Idempotent, and cheap enough to run on every wake-up. Rooms created before `recent_sends` or `broadcasts` existed
// get them here; the broadcast log of such a room starts after its current seq.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sender_name TEXT NOT NULL,
    guest INTEGER NOT NULL CHECK (guest IN (0, 1)),
    user_id TEXT,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sender_key TEXT
  );
  DROP INDEX IF EXISTS messages_user_created;
  CREATE TABLE IF NOT EXISTS room_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS recent_sends (sender TEXT NOT NULL, sent_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS recent_sends_sender ON recent_sends (sender, sent_at);
  CREATE INDEX IF NOT EXISTS recent_sends_sent_at ON recent_sends (sent_at);
  CREATE TABLE IF NOT EXISTS broadcasts (
    seq INTEGER PRIMARY KEY,
    frame TEXT NOT NULL,
    message_id INTEGER,
    removes_seq INTEGER
  );
  CREATE INDEX IF NOT EXISTS broadcasts_message ON broadcasts (message_id) WHERE message_id IS NOT NULL;
  INSERT OR IGNORE INTO room_state (key, value)
    VALUES ('kept_from', COALESCE((SELECT value FROM room_state WHERE key = 'seq'), 0) + 1);
  CREATE TABLE IF NOT EXISTS last_sends (sender TEXT PRIMARY KEY, sent_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS restrictions (
    sender_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('muted', 'banned')),
    name TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS restrictions_newest ON restrictions (created_at DESC, sender_key DESC);
`;

// Rooms created before messages carried their sender's key get the column (their older messages have none).
const SENDER_KEY_COLUMN = `
  ALTER TABLE messages ADD COLUMN sender_key TEXT;
`;
const SENDER_KEY_INDEX = "CREATE INDEX IF NOT EXISTS messages_sender_key ON messages (sender_key, id)";

/** What a logged broadcast is about, so that a removal can take it back out of what resuming clients get. */
export interface BroadcastLinks {
  /** A `message` frame: the message it carries. */
  messageId?: number;
  /** A `deleted` frame: the seq of the removed message's frame, 0 when that frame was no longer kept. */
  removesSeq?: number;
}

/**
 * The SQL of one chat room (its object's own SQLite storage): the messages; `room_state`, a few numbers the room
 * keeps (its seq, whether it has ended, its presence window, where its broadcast log starts); `recent_sends`, when
 * each sender (see `budgetOf`) last sent, for the rate limit, pruned as it goes so that it holds one window's worth at
 * most; `last_sends`, each sender's last message, for slow mode; `restrictions`, who is muted or banned here; and
 * `broadcasts`, the last frames the room broadcast, as sent, for clients that resume (`?after_seq=`). Each message
 * keeps its sender's key (see `budgetOf`), which staff see to act on.
 *
 * The broadcast log holds every frame from `kept_from` on, except those of messages removed since: a removal takes
 * its message's frame out, so that no resuming client gets it back. A room from before the log existed starts it
 * with its next broadcast.
 */
export class ChatStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    const columns = sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('messages')").toArray();
    if (!columns.some((column) => column.name === "sender_key")) sql.exec(SENDER_KEY_COLUMN);
    sql.exec(SENDER_KEY_INDEX);
  }

  // ---- messages ---------------------------------------------------------------------------------------------------

  /** Stores a message from `sender`, whose key (see `budgetOf`) staff act on. */
  insert(sender: Sender, senderKey: string | undefined, content: string, createdAt: string): KeyedMessage {
    const row = this.sql
      .exec<MessageRow>(
        `INSERT INTO messages (sender_name, guest, user_id, content, created_at, sender_key) VALUES (?, ?, ?, ?, ?, ?)
         RETURNING ${MESSAGE_COLUMNS}`,
        sender.name,
        sender.guest ? 1 : 0,
        sender.userId,
        content,
        createdAt,
        senderKey ?? null,
      )
      .one();
    return presentKeyed(row);
  }

  /** Up to `count` messages older than `before` (all if unset), newest first; with their sender keys for staff. */
  newest(before: number | undefined, count: number, keyed = false): (ChatMessage | KeyedMessage)[] {
    return this.sql
      .exec<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?`,
        before ?? Number.MAX_SAFE_INTEGER,
        count,
      )
      .toArray()
      .map(keyed ? presentKeyed : present);
  }

  message(id: number): ChatMessage | null {
    const rows = this.sql.exec<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`, id).toArray();
    return rows[0] ? present(rows[0]) : null;
  }

  /** The name `senderKey` last chatted under here, if they ever did. */
  lastNameOf(senderKey: string): string | null {
    return (
      this.sql
        .exec<{ sender_name: string }>(
          "SELECT sender_name FROM messages WHERE sender_key = ? ORDER BY id DESC LIMIT 1",
          senderKey,
        )
        .toArray()[0]?.sender_name ?? null
    );
  }

  /** False when there is no such message. */
  delete(id: number): boolean {
    return this.sql.exec("DELETE FROM messages WHERE id = ? RETURNING id", id).toArray().length > 0;
  }

  // ---- the broadcast log ------------------------------------------------------------------------------------------

  /** Logs a frame the room broadcast with `seq`, keeping the last `limit` seqs. */
  logBroadcast(seq: number, frame: string, links: BroadcastLinks, limit: number): void {
    this.sql.exec(
      "INSERT INTO broadcasts (seq, frame, message_id, removes_seq) VALUES (?, ?, ?, ?)",
      seq,
      frame,
      links.messageId ?? null,
      links.removesSeq ?? null,
    );
    const keptFrom = seq - Math.max(1, limit) + 1;
    if (keptFrom > this.keptFrom()) {
      this.setState("kept_from", keptFrom);
      this.sql.exec("DELETE FROM broadcasts WHERE seq < ?", keptFrom);
    }
  }

  /** The first seq from which the log holds every frame (but those of messages removed since). */
  keptFrom(): number {
    return this.state("kept_from") ?? 1;
  }

  /**
   * The logged frames after `afterSeq`, oldest first, as sent. A `deleted` frame is left out when its message came
   * after `afterSeq` too: a client that never had the message has nothing to remove.
   */
  framesAfter(afterSeq: number): string[] {
    return this.sql
      .exec<{ frame: string }>(
        "SELECT frame FROM broadcasts WHERE seq > ? AND (removes_seq IS NULL OR removes_seq <= ?) ORDER BY seq",
        afterSeq,
        afterSeq,
      )
      .toArray()
      .map((row) => row.frame);
  }

  /** As `framesAfter`, with each frame's seq, and only up to `upTo`: what a relay missed. */
  loggedBetween(afterSeq: number, upTo: number): { seq: number; frame: string }[] {
    return this.sql
      .exec<{ seq: number; frame: string }>(
        `SELECT seq, frame FROM broadcasts
         WHERE seq > ? AND seq <= ? AND (removes_seq IS NULL OR removes_seq <= ?) ORDER BY seq`,
        afterSeq,
        upTo,
        afterSeq,
      )
      .toArray();
  }

  /** Takes a removed message's frame out of the log; the seq it had, or 0 when it was no longer kept. */
  unlogMessage(messageId: number): number {
    const rows = this.sql
      .exec<{ seq: number }>("DELETE FROM broadcasts WHERE message_id = ? RETURNING seq", messageId)
      .toArray();
    return rows[0]?.seq ?? 0;
  }

  // ---- the rate limit ---------------------------------------------------------------------------------------------

  /** When `sender` sent within the window before `now`, oldest first; forgets every send older than that. */
  recentSends(sender: string, now: number): number[] {
    this.sql.exec("DELETE FROM recent_sends WHERE sent_at <= ?", now - RATE_LIMIT.windowMs);
    return this.sql
      .exec<{ sent_at: number }>("SELECT sent_at FROM recent_sends WHERE sender = ? ORDER BY sent_at", sender)
      .toArray()
      .map((row) => row.sent_at);
  }

  /** Counts a send for the rate limit, and as the sender's last one for slow mode. */
  recordSend(sender: string, at: number): void {
    this.sql.exec("INSERT INTO recent_sends (sender, sent_at) VALUES (?, ?)", sender, at);
    this.sql.exec(
      "INSERT INTO last_sends (sender, sent_at) VALUES (?, ?) ON CONFLICT (sender) DO UPDATE SET sent_at = excluded.sent_at",
      sender,
      at,
    );
  }

  /** When `sender` last sent a message that counted (ms since the epoch). */
  lastSend(sender: string): number | undefined {
    return this.sql.exec<{ sent_at: number }>("SELECT sent_at FROM last_sends WHERE sender = ?", sender).toArray()[0]
      ?.sent_at;
  }

  // ---- moderation -------------------------------------------------------------------------------------------------

  restriction(senderKey: string): RestrictionKind | undefined {
    return this.sql
      .exec<{ kind: RestrictionKind }>("SELECT kind FROM restrictions WHERE sender_key = ?", senderKey)
      .toArray()[0]?.kind;
  }

  /** Mutes or bans `senderKey` (or changes which); answers the restriction as stored. */
  restrict(senderKey: string, kind: RestrictionKind, name: string | null, at: string): Restriction {
    const row = this.sql
      .exec<RestrictionRow>(
        `INSERT INTO restrictions (sender_key, kind, name, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (sender_key) DO UPDATE SET kind = excluded.kind, name = COALESCE(excluded.name, name),
           created_at = CASE WHEN kind = excluded.kind THEN created_at ELSE excluded.created_at END
         RETURNING sender_key, kind, name, created_at`,
        senderKey,
        kind,
        name,
        at,
      )
      .one();
    return presentRestriction(row);
  }

  /** False when `senderKey` was not restricted. */
  lift(senderKey: string): boolean {
    return (
      this.sql.exec("DELETE FROM restrictions WHERE sender_key = ? RETURNING sender_key", senderKey).toArray().length >
      0
    );
  }

  /** Up to `count` restrictions after `after` (newest first, then by key descending). */
  restrictions(after: readonly [string, string] | undefined, count: number): Restriction[] {
    const [at, key] = after ?? ["9999-12-31T23:59:59.999Z", "\uffff"];
    return this.sql
      .exec<RestrictionRow>(
        `SELECT sender_key, kind, name, created_at FROM restrictions
         WHERE created_at < ? OR (created_at = ? AND sender_key < ?)
         ORDER BY created_at DESC, sender_key DESC LIMIT ?`,
        at,
        at,
        key,
        count,
      )
      .toArray()
      .map(presentRestriction);
  }

  slowModeSeconds(): number {
    return this.state("slow_mode_seconds") ?? 0;
  }

  setSlowMode(seconds: number): void {
    this.setState("slow_mode_seconds", seconds);
  }

  // ---- room state -------------------------------------------------------------------------------------------------

  /** The next seq, taken from storage so that it keeps increasing across restarts. */
  nextSeq(): number {
    return this.sql
      .exec<{ value: number }>(
        `INSERT INTO room_state (key, value) VALUES ('seq', 1)
         ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .one().value;
  }

  currentSeq(): number {
    return this.state("seq") ?? 0;
  }

  ended(): boolean {
    return this.state("ended") === 1;
  }

  markEnded(): void {
    this.setState("ended", 1);
  }

  presenceWindow(): PresenceWindow | undefined {
    const start = this.state("presence_start");
    if (start === undefined) return undefined;
    const flushAt = this.state("presence_flush_at") ?? 0;
    return { start, announced: this.state("presence_announced") ?? 0, flushAt: flushAt === 0 ? null : flushAt };
  }

  savePresenceWindow(window: PresenceWindow): void {
    this.setState("presence_start", window.start);
    this.setState("presence_announced", window.announced);
    this.setState("presence_flush_at", window.flushAt ?? 0);
  }

  private state(key: string): number | undefined {
    return this.sql.exec<{ value: number }>("SELECT value FROM room_state WHERE key = ?", key).toArray()[0]?.value;
  }

  private setState(key: string, value: number): void {
    this.sql.exec(
      "INSERT INTO room_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }
}
