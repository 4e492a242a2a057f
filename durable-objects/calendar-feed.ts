import { DurableObject } from "cloudflare:workers";
import {
  type CalendarChange,
  DISPOSE,
  type FeedStream,
  type FeedSubscription,
  FeedSubscriptionSchema,
  isStale,
} from "../src/calendar/calendar-feed";

/** How many changes the log keeps for `Last-Event-ID` replay; a client further behind is told to reload. */
export const CHANGE_LOG_LIMIT = 1000;
/** A comment this often keeps idle connections (and the proxies in between) from timing out. */
export const HEARTBEAT_INTERVAL_MS = 15_000;
/**
 * Frames queued for one subscriber that has stopped reading before it is cut off. It reconnects with its
 * `Last-Event-ID` and catches up from the log, instead of the object holding an ever-growing queue for it.
 */
export const MAX_BACKLOG = 256;

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(": heartbeat\n\n");

/** An `event: update` frame; `data` is the change, already serialized. */
const updateFrame = (seq: number, data: string) => `id: ${seq}\nevent: update\ndata: ${data}\n\n`;

type LogRow = { seq: number; data: string };

/** One subscriber: its end of the stream, and how many frames written to it the stream has not taken yet. */
type Subscriber = { writer: WritableStreamDefaultWriter<Uint8Array>; unsent: number };

/** Where a new subscriber starts: live from now, after replaying what it missed, or told to reload. */
type Resume = { kind: "fresh" } | { kind: "replay"; after: number } | { kind: "reset"; lastEventId: string };

/**
 * The calendar's live change feed: one object (see src/calendar/calendar-feed.ts) that every `GET /events/stream` client
 * subscribes to, and that the events API notifies after each committed D1 write.
 *
 * - Storage: every change gets the next sequence number (a counter in the object's SQLite, so it keeps increasing
 *   across eviction and restarts) and goes into a change log bounded to the last `logLimit` changes, for replay.
 * - Subscribers: each `subscribe` call returns a stream whose writer lives in memory; the call stays open for as long
 *   as the subscription (SSE cannot hibernate the way WebSockets do), so the object stays in memory while anyone is
 *   connected. A change is serialized once and written to every writer. A subscriber is dropped when a write fails,
 *   when its client goes away (the stream is cancelled, which errors the writer, or the Worker disposes of the
 *   subscription) or when it falls `maxBacklog` frames behind.
 * - Heartbeat: one `setInterval` while subscribers exist, cleared when the last one leaves. An alarm would survive
 *   eviction, but nothing needs it then (eviction ends every stream), and it would cost a storage write per tick.
 * - Replay without races: `subscribe` reads the log, writes the catch-up frames and registers the writer in one
 *   synchronous step, and `publish` logs and writes in one synchronous step too. Neither awaits in between, so no
 *   change can fall between the replay and the live updates, or arrive twice, or out of order.
 * - Notifications race: two quick edits of one event notify the feed from two requests, and the older may arrive
 *   last. The events API makes `updated_at` strictly increasing per event, so `publish` drops a change that is not
 *   newer than the last one logged for its event, and anything after its delete (ids are never reused). Subscribers
 *   are never left showing an older version than D1 holds.
 */
export class CalendarFeed extends DurableObject<Env> {
  /** Tunable per instance; tests shorten them through `runInDurableObject` (a new instance starts from these). */
  readonly settings = { logLimit: CHANGE_LOG_LIMIT, heartbeatMs: HEARTBEAT_INTERVAL_MS, maxBacklog: MAX_BACKLOG };

  private readonly subscribers = new Set<Subscriber>();
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS feed_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS changes_by_event ON changes (json_extract(data, '$.id'), seq);
    `);
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  // ---- RPC --------------------------------------------------------------------------------------------------------

  /**
   * Records a committed change and sends it to every subscriber; returns its sequence number. A change that arrived
   * after a newer one for the same event (see the class comment) is neither logged nor sent, and gets null.
   */
  publish(change: CalendarChange): number | null {
    const data = JSON.stringify({ type: change.type, id: change.id, event: change.event ?? null });
    const seq = this.ctx.storage.transactionSync(() => {
      if (this.isSuperseded(change)) return null;
      const { value } = this.sql
        .exec<{ value: number }>(
          `INSERT INTO feed_state (key, value) VALUES ('seq', 1)
           ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value`,
        )
        .one();
      this.sql.exec("INSERT INTO changes (seq, data) VALUES (?, ?)", value, data);
      this.sql.exec("DELETE FROM changes WHERE seq <= ?", value - Math.max(1, this.settings.logLimit));
      return value;
    });
    if (seq !== null) this.broadcast(encoder.encode(updateFrame(seq, data)));
    return seq;
  }

  /** Where the feed stands: the last sequence number, the oldest one still replayable, and who is listening. */
  status(): { seq: number; oldestLogged: number | null; subscribers: number } {
    return { seq: this.currentSeq(), oldestLogged: this.oldestLogged(), subscribers: this.subscribers.size };
  }

  // ---- subscribing ------------------------------------------------------------------------------------------------

  /**
   * A new subscriber of `GET /events/stream`, handed over by the Worker with where it resumes: the `Last-Event-ID`
   * header EventSource sends on reconnect, or else `?last_event_id=`. Returns its event stream; the subscription ends
   * when the caller disposes of the result (see `FeedStream`) or stops reading the stream.
   *
   * An RPC method rather than `fetch`: the stream reaches the Worker as a stream of bytes, not as the body of a
   * subrequest's response, which the runtime instruments chunk by chunk (under `wrangler dev`, each chunk of each
   * subscriber becomes a devtools network event; see the README's Performance section).
   */
  subscribe(subscription: FeedSubscription): FeedStream {
    const lastEventId = FeedSubscriptionSchema.parse(subscription).last_event_id ?? "";
    // A byte stream of the runtime's own: the bytes written go to the Worker without any JavaScript in between.
    const { readable, writable } = new IdentityTransformStream();
    const subscriber: Subscriber = { writer: writable.getWriter(), unsent: 0 };
    // From here to `register` nothing awaits: a publish cannot run between the replay and the registration.
    const seq = this.currentSeq();
    const resume = this.resumeFrom(lastEventId, seq);
    // The connected frame carries the position the client is at once it has read what follows, so that a browser
    // that reconnects right away asks for exactly what it has not seen.
    const position = resume.kind === "replay" ? resume.after : seq;
    let opening = `: connected\n\nid: ${position}\nevent: connected\ndata: ${JSON.stringify({ seq })}\n\n`;
    if (resume.kind === "replay") {
      for (const row of this.loggedAfter(resume.after)) opening += updateFrame(row.seq, row.data);
    } else if (resume.kind === "reset") {
      opening += `event: reset\ndata: ${JSON.stringify({ seq, last_event_id: resume.lastEventId })}\n\n`;
    }
    this.write(subscriber, encoder.encode(opening));
    this.register(subscriber);
    return { body: readable, [DISPOSE]: () => this.drop(subscriber) } as FeedStream;
  }

  /** Replays only when every change after `lastEventId` is still in the log. */
  private resumeFrom(lastEventId: string, seq: number): Resume {
    if (lastEventId === "") return { kind: "fresh" };
    const after = /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : Number.NaN;
    if (!Number.isSafeInteger(after) || after > seq) return { kind: "reset", lastEventId };
    if (after === seq) return { kind: "replay", after };
    const oldest = this.oldestLogged();
    return oldest !== null && oldest <= after + 1 ? { kind: "replay", after } : { kind: "reset", lastEventId };
  }

  private register(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
    // Cancelling the stream (the client went away) errors the writable side: that rejects `closed`.
    subscriber.writer.closed.then(
      () => this.drop(subscriber),
      () => this.drop(subscriber),
    );
    if (this.heartbeatTimer === undefined) {
      this.heartbeatTimer = setInterval(() => this.heartbeat(), this.settings.heartbeatMs);
    }
  }

  private drop(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    subscriber.writer.abort("unsubscribed").catch(() => {});
    if (this.subscribers.size === 0 && this.heartbeatTimer !== undefined) {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = undefined;
    }
  }

  // ---- writing ----------------------------------------------------------------------------------------------------

  /** Sends a heartbeat comment to every subscriber. */
  heartbeat(): void {
    this.broadcast(HEARTBEAT);
  }

  /** The same bytes to every subscriber; a subscriber too far behind is cut off rather than queued for. */
  private broadcast(frame: Uint8Array): void {
    for (const subscriber of this.subscribers) {
      // Queued: behind the frame the stream is taking now.
      if (subscriber.unsent - 1 > this.settings.maxBacklog) {
        this.drop(subscriber);
        continue;
      }
      this.write(subscriber, frame);
    }
  }

  private write(subscriber: Subscriber, frame: Uint8Array): void {
    subscriber.unsent++;
    // Not awaited: a slow client must not hold up the others. Writes to one writer stay in order.
    subscriber.writer.write(frame).then(
      () => subscriber.unsent--,
      () => this.drop(subscriber),
    );
  }

  // ---- storage ----------------------------------------------------------------------------------------------------

  private currentSeq(): number {
    return this.sql.exec<{ value: number }>("SELECT value FROM feed_state WHERE key = 'seq'").toArray()[0]?.value ?? 0;
  }

  private oldestLogged(): number | null {
    return this.sql.exec<{ seq: number | null }>("SELECT MIN(seq) AS seq FROM changes").one().seq;
  }

  /** Whether the log already holds this change's event in a newer (or the same) version, or its delete. */
  private isSuperseded(change: CalendarChange): boolean {
    const last = this.sql
      .exec<{ data: string }>(
        "SELECT data FROM changes WHERE json_extract(data, '$.id') = ? ORDER BY seq DESC LIMIT 1",
        change.id,
      )
      .toArray()[0];
    return last !== undefined && isStale(change, JSON.parse(last.data) as CalendarChange);
  }

  private loggedAfter(after: number): LogRow[] {
    return this.sql.exec<LogRow>("SELECT seq, data FROM changes WHERE seq > ? ORDER BY seq", after).toArray();
  }
}
