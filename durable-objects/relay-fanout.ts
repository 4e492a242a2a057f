import { MAX_RELAY_SHARDS, type RelayPush, type RelayReport } from "../src/streams/relays";

// Idempotent, run on every wake-up: which relays the room has, and how many clients each last said it holds.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS relays (
    relay INTEGER PRIMARY KEY,
    viewers INTEGER NOT NULL CHECK (viewers >= 0),
    report INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS relay_shards (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    shards INTEGER NOT NULL,
    stream_id TEXT NOT NULL
  );
`;

/** How many times a batch is tried before the relay is left to fill the gap from the room's log. */
const DELIVERY_ATTEMPTS = 3;

/** What a room needs of a relay: delivery of pushes, answered with the relay's client count. */
export type RelayDeliver = (streamId: string, relay: number, pushes: RelayPush[]) => Promise<RelayReport>;

/**
 * The room's side of the fan-out tree (see src/streams/relays.ts), in the room's SQLite storage: its shard count, and
 * each relay's client count as the relay last reported it. Every broadcast is pushed to each relay that has clients
 * through that relay's outbox: one RPC at a time per relay, so they arrive in seq order, and what queues while one is
 * on its way goes in the next as one batch, so a busy room makes fewer calls, not more. A batch that cannot be
 * delivered is dropped after a few tries: the relay sees the gap at its next push and fetches it from the room's log.
 */
export class RelayFanout {
  private readonly outboxes = new Map<number, RelayOutbox>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly deliver: RelayDeliver,
    private readonly keepAlive: (work: Promise<void>) => void,
  ) {
    sql.exec(SCHEMA);
  }

  /** Records a relay's client count, unless a newer report from it has already arrived. */
  report({ relay, viewers, report }: RelayReport): void {
    this.sql.exec(
      `INSERT INTO relays (relay, viewers, report) VALUES (?, ?, ?)
       ON CONFLICT (relay) DO UPDATE SET viewers = excluded.viewers, report = excluded.report
       WHERE excluded.report > relays.report`,
      relay,
      viewers,
      report,
    );
  }

  /** Clients held by the relays, as they last reported. */
  viewers(): number {
    return this.sql.exec<{ viewers: number }>("SELECT COALESCE(SUM(viewers), 0) AS viewers FROM relays").one().viewers;
  }

  /** Each relay's client count, by relay. */
  census(): Record<number, number> {
    const rows = this.sql.exec<{ relay: number; viewers: number }>("SELECT relay, viewers FROM relays").toArray();
    return Object.fromEntries(rows.map((row) => [row.relay, row.viewers]));
  }

  /**
   * The shard count the Worker routes joins by: at least one, once the room has sent a join to relays. The room
   * learns here which stream it is (its relays are named by it).
   */
  shards(streamId: string): number {
    const current = this.stored();
    if (current) return current.shards;
    this.setShards(1, streamId);
    return 1;
  }

  /** One shard more, unless someone else grew it since the caller saw `seen`; answers the count now. */
  grow(streamId: string, seen: number): number {
    const current = this.shards(streamId);
    if (current !== seen || current >= MAX_RELAY_SHARDS) return current;
    this.setShards(current + 1, streamId);
    return current + 1;
  }

  /** Pushes to every relay that has clients, in the order pushed. */
  push(item: RelayPush): void {
    const streamId = this.stored()?.stream_id;
    if (streamId === undefined) return; // never had a relay
    const relays = this.sql.exec<{ relay: number }>("SELECT relay FROM relays WHERE viewers > 0").toArray();
    for (const { relay } of relays) this.outboxOf(streamId, relay).push(item);
  }

  private outboxOf(streamId: string, relay: number): RelayOutbox {
    let outbox = this.outboxes.get(relay);
    if (!outbox) {
      outbox = new RelayOutbox(
        (pushes) => this.deliver(streamId, relay, pushes),
        // Counted under the relay it was sent to, whatever the relay says of itself.
        (report) => this.report({ ...report, relay }),
        this.keepAlive,
      );
      this.outboxes.set(relay, outbox);
    }
    return outbox;
  }

  private stored(): { shards: number; stream_id: string } | undefined {
    return this.sql
      .exec<{ shards: number; stream_id: string }>("SELECT shards, stream_id FROM relay_shards")
      .toArray()[0];
  }

  private setShards(shards: number, streamId: string): void {
    this.sql.exec(
      `INSERT INTO relay_shards (id, shards, stream_id) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET shards = excluded.shards`,
      shards,
      streamId,
    );
  }
}

/** One relay's queue of pushes: at most one delivery on its way, and what queued meanwhile sent next as one batch. */
class RelayOutbox {
  private queue: RelayPush[] = [];
  private draining = false;

  constructor(
    private readonly deliver: (pushes: RelayPush[]) => Promise<RelayReport>,
    private readonly onReport: (report: RelayReport) => void,
    private readonly keepAlive: (work: Promise<void>) => void,
  ) {}

  push(item: RelayPush): void {
    this.queue.push(item);
    if (!this.draining) this.keepAlive(this.drain());
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
          try {
            this.onReport(await this.deliver(batch));
            break;
          } catch {
            // Tried again (delivery is idempotent: a relay skips seqs it has); after the last try, left to the relay.
          }
        }
      }
    } finally {
      // Set in the same turn as the empty check above: a push after it starts a new drain.
      this.draining = false;
    }
  }
}
