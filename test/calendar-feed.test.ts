import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { type CalendarFeed, CHANGE_LOG_LIMIT } from "../durable-objects/calendar-feed";
import { type CalendarChange, calendarFeedOf, DISPOSE, type FeedSubscription } from "../src/calendar/calendar-feed";
import { call, callJson, createUser, evict, expectFieldProblem, sleep, until, withQuery } from "./helpers";

// The calendar's live change feed: SSE clients of GET /events/stream, fed by the CalendarFeed object. Most changes are
// published here straight through the object's `publish`, as the events API does after each committed write; one
// describe block goes through the events API itself.

const feed = () => calendarFeedOf(env);

// ---- a small SSE client -------------------------------------------------------------------------------------------

interface Frame {
  comments: string[];
  id?: string;
  event?: string;
  data?: string;
}

function parseFrame(block: string): Frame {
  const frame: Frame = { comments: [] };
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) {
      frame.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id" || field === "event") frame[field] = value;
    if (field === "data") frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
  }
  return frame;
}

const TIMED_OUT = Symbol("timed out");

/** One subscriber: reads the stream frame by frame (a frame ends with a blank line). */
class Subscriber {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  /** Every byte received, for comparing what two subscribers got. */
  raw = "";

  constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
  }

  /** The next frame, or null once the stream has ended. */
  async next(timeoutMs = 3000): Promise<Frame | null> {
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parseFrame(block);
      }
      this.pending ??= this.reader.read();
      const result = await Promise.race([this.pending, sleep(timeoutMs).then((): typeof TIMED_OUT => TIMED_OUT)]);
      if (result === TIMED_OUT) throw new Error(`no frame within ${timeoutMs} ms`);
      this.pending = undefined;
      if (result.done) return null;
      const text = this.decoder.decode(result.value, { stream: true });
      this.raw += text;
      this.buffer += text;
    }
  }

  /** The next frame other than a heartbeat. */
  async nextMessage(timeoutMs = 3000): Promise<Frame | null> {
    for (;;) {
      const frame = await this.next(timeoutMs);
      if (!frame || !isHeartbeat(frame)) return frame;
    }
  }

  /** The next `count` update frames, checked for the shape every update has. */
  async updates(count: number): Promise<{ seq: number; change: CalendarChange }[]> {
    const received = [];
    while (received.length < count) {
      const frame = await this.nextMessage();
      if (!frame) throw new Error(`the stream ended after ${received.length} of ${count} updates`);
      received.push(asUpdate(frame));
    }
    return received;
  }

  /** Resolves true when no frame (heartbeats aside) arrives within `ms`. */
  async staysQuiet(ms: number): Promise<boolean> {
    try {
      await this.nextMessage(ms);
      return false;
    } catch {
      return true;
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}

const isHeartbeat = (frame: Frame) =>
  frame.comments.includes("heartbeat") && frame.event === undefined && frame.data === undefined;

function asUpdate(frame: Frame): { seq: number; change: CalendarChange } {
  expect(frame.event, JSON.stringify(frame)).toBe("update");
  expect(frame.id).toMatch(/^\d+$/);
  const change = JSON.parse(frame.data ?? "null") as CalendarChange;
  expect(Object.keys(change).sort()).toEqual(["event", "id", "type"]);
  return { seq: Number(frame.id), change };
}

const open: Subscriber[] = [];

/** Subscribes through the Worker, as a browser's EventSource would. */
async function subscribe(options: { lastEventId?: string; query?: Record<string, string> } = {}): Promise<Subscriber> {
  const headers: Record<string, string> = { Accept: "text/event-stream" };
  if (options.lastEventId !== undefined) headers["Last-Event-ID"] = options.lastEventId;
  const res = await call("GET", withQuery("/events/stream", options.query), { headers });
  expect(res.status).toBe(200);
  const subscriber = new Subscriber(res);
  open.push(subscriber);
  return subscriber;
}

/** Subscribes and reads the opening (`: connected`, then `event: connected`); returns the feed's seq then. */
async function connect(options: Parameters<typeof subscribe>[0] = {}) {
  const subscriber = await subscribe(options);
  expect(await subscriber.next()).toEqual({ comments: ["connected"] });
  const connected = await subscriber.next();
  expect(connected).toMatchObject({ event: "connected", comments: [] });
  const { seq } = JSON.parse(connected!.data!) as { seq: number };
  return { subscriber, seq, connectedId: connected!.id };
}

/**
 * The object learns that a client has gone when its next write to it fails: a heartbeat or a change, whichever comes
 * first. Tests send heartbeats rather than wait 15 s for one.
 */
async function untilSubscribers(count: number): Promise<void> {
  await until(async () => {
    await runInDurableObject(feed(), (instance: CalendarFeed) => instance.heartbeat());
    return (await feed().status()).subscribers === count;
  });
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((subscriber) => subscriber.close()));
  await untilSubscribers(0);
});

// ---- changes ------------------------------------------------------------------------------------------------------

let counter = 0;

function sampleEvent(id: string) {
  const n = ++counter;
  return {
    id,
    name: `Event ${n}`,
    description: "Line one\nline two: with a colon",
    start: "2026-12-11T12:00:00.000Z",
    end: "2026-12-11T13:00:00.000Z",
    time_zone: null,
    all_day: false,
    location: "Room 1",
    online_link: null,
    min_attendees: null,
    max_attendees: 20,
    location_notes: null,
    preparation_notes: null,
    created_by: "user-editor",
    created_at: "2026-11-22T10:00:00.000Z",
    updated_at: "2026-11-22T10:00:00.000Z",
  };
}

const insertChange = (id: string = crypto.randomUUID()): CalendarChange => ({
  type: "insert",
  id,
  event: sampleEvent(id),
});

/** Publishes a change the feed must take (nothing newer for its event is logged); returns its sequence number. */
async function publish(change: CalendarChange): Promise<number> {
  const seq = await feed().publish(change);
  if (seq === null) throw new Error(`the feed dropped ${JSON.stringify(change)}`);
  return seq;
}

/** Publishes `count` inserts one after another; returns them with their sequence numbers. */
async function publishMany(count: number): Promise<{ seq: number; change: CalendarChange }[]> {
  const published = [];
  for (let i = 0; i < count; i++) {
    const change = insertChange();
    published.push({ seq: await publish(change), change });
  }
  return published;
}

// ---- tests --------------------------------------------------------------------------------------------------------

describe("GET /events/stream", () => {
  it("answers an event stream that opens with a `: connected` comment, then an `event: connected` frame", async () => {
    const before = await feed().status();
    const subscriber = await subscribe();
    const res = subscriber.response;
    expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
    expect(res.headers.get("X-Accel-Buffering")).toBe("no");
    // The request middleware still marks the response, without holding up its body.
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
    expect(res.headers.get("Server-Timing")).toMatch(/queries=0/);

    expect(await subscriber.next()).toEqual({ comments: ["connected"] });
    expect(await subscriber.next()).toEqual({
      comments: [],
      id: String(before.seq),
      event: "connected",
      data: JSON.stringify({ seq: before.seq }),
    });
    expect(await subscriber.staysQuiet(100)).toBe(true);
  });

  it("sends every change to every subscriber: id, event: update and {type, id, event}", async () => {
    const clients = await Promise.all([connect(), connect(), connect()]);
    const change = insertChange();
    const seq = await publish(change);
    expect(seq).toBe(clients[0]!.seq + 1);
    const removal: CalendarChange = { type: "delete", id: change.id, event: null };
    expect(await publish(removal)).toBe(seq + 1);

    for (const { subscriber } of clients) {
      expect(await subscriber.updates(2)).toEqual([
        { seq, change },
        { seq: seq + 1, change: removal },
      ]);
    }
    // One serialization, the same bytes for everyone.
    const [first, ...others] = clients.map(({ subscriber }) => subscriber.raw);
    for (const other of others) expect(other).toBe(first);
    expect(first).toContain(`id: ${seq}\nevent: update\ndata: ${JSON.stringify(change)}\n\n`);
  });

  it("documents the stream in the OpenAPI document", async () => {
    const doc = await callJson("GET", "/openapi.json");
    const operation = doc.body.paths["/events/stream"].get;
    expect(Object.keys(operation.responses["200"].content)).toEqual(["text/event-stream"]);
    expect(operation.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort()).toEqual([
      "header:last-event-id",
      "query:last_event_id",
    ]);
  });
});

describe("changes made through the events API", () => {
  it("reach every subscriber once committed: insert, update and delete, each with the event as the API shows it", async () => {
    const editor = await createUser("editor");
    const clients = await Promise.all([connect(), connect()]);

    const created = await callJson("POST", "/events", {
      token: editor.token,
      body: {
        name: "Feed launch",
        start: "2026-12-11T12:00:00Z",
        end: "2026-12-11T14:00:00+01:00",
        location: "Main hall",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const moved = await callJson("PATCH", `/events/${created.body.id}`, {
      token: editor.token,
      body: { start: "2026-12-12T12:00:00Z", end: "2026-12-12T14:00:00Z" },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await call("DELETE", `/events/${created.body.id}`, { token: editor.token })).status).toBe(204);

    const seq = clients[0]!.seq;
    for (const { subscriber } of clients) {
      expect(await subscriber.updates(3)).toEqual([
        { seq: seq + 1, change: { type: "insert", id: created.body.id, event: created.body } },
        { seq: seq + 2, change: { type: "update", id: created.body.id, event: moved.body } },
        { seq: seq + 3, change: { type: "delete", id: created.body.id, event: null } },
      ]);
    }
  });

  it("carries an event's zone and all-day dates as the API shows them, and nothing for a write its If-Match refused", async () => {
    const editor = await createUser("editor");
    const { subscriber, seq } = await connect();
    const created = await callJson("POST", "/events", {
      token: editor.token,
      body: {
        name: "Holidays",
        all_day: true,
        start: "2026-12-24",
        end: "2026-12-26",
        time_zone: "America/New_York",
        location: "NYC",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ all_day: true, start: "2026-12-24", end: "2026-12-26" });
    const version = { "If-Match": `"${created.body.updated_at}"` };
    const evening = await callJson("PATCH", `/events/${created.body.id}`, {
      token: editor.token,
      headers: version,
      body: { all_day: false, start: "2026-12-24T18:00:00-05:00", end: "2026-12-24T23:00:00-05:00" },
    });
    expect(evening.status, JSON.stringify(evening.body)).toBe(200);
    expect(evening.body).toMatchObject({
      all_day: false,
      start: "2026-12-24T23:00:00.000Z",
      time_zone: "America/New_York",
    });
    const stale = await callJson("PATCH", `/events/${created.body.id}`, {
      token: editor.token,
      headers: version,
      body: { name: "Overwritten?" },
    });
    expect(stale.status).toBe(412);

    expect(await subscriber.updates(2)).toEqual([
      { seq: seq + 1, change: { type: "insert", id: created.body.id, event: created.body } },
      { seq: seq + 2, change: { type: "update", id: created.body.id, event: evening.body } },
    ]);
    expect(await subscriber.staysQuiet(200)).toBe(true);
  });

  it("carries nothing for a write that failed", async () => {
    const editor = await createUser("editor");
    const { subscriber } = await connect();
    const refused = await callJson("POST", "/events", {
      token: editor.token,
      body: { name: "", start: "2026-12-11T12:00:00Z", end: "2026-12-11T11:00:00Z" },
    });
    expect(refused.status).toBe(400);
    expect((await call("DELETE", `/events/${crypto.randomUUID()}`, { token: editor.token })).status).toBe(404);
    expect(await subscriber.staysQuiet(200)).toBe(true);
  });
});

describe("notifications that arrive out of order", () => {
  /** A later version of `change`'s event, as an update written at `updatedAt`. */
  const edited = (change: CalendarChange, updatedAt: string, name: string): CalendarChange => ({
    type: "update",
    id: change.id,
    event: { ...change.event, name, updated_at: updatedAt },
  });

  it("drops a change older than the last one sent for its event, and repeats: subscribers keep the newest", async () => {
    const { subscriber } = await connect();
    const created = insertChange();
    const seq = await publish(created);
    const first = edited(created, "2026-11-22T10:00:01.000Z", "First edit");
    const second = edited(created, "2026-11-22T10:00:01.001Z", "Second edit");

    // The second edit's notification overtakes the first's.
    expect(await publish(second)).toBe(seq + 1);
    expect(await feed().publish(first)).toBeNull();
    expect(await feed().publish(second)).toBeNull();
    expect(await feed().publish(created)).toBeNull();
    const third = edited(created, "2026-11-22T10:00:02.000Z", "Third edit");
    expect(await publish(third)).toBe(seq + 2);

    expect(await subscriber.updates(3)).toEqual([
      { seq, change: created },
      { seq: seq + 1, change: second },
      { seq: seq + 2, change: third },
    ]);
    expect(await subscriber.staysQuiet(100)).toBe(true);
    expect((await feed().status()).seq).toBe(seq + 2);
  });

  it("sends nothing for an event after its delete, even a change written before it", async () => {
    const { subscriber } = await connect();
    const created = insertChange();
    const removal: CalendarChange = { type: "delete", id: created.id, event: null };
    // The delete's notification overtakes the insert's.
    const seq = await publish(removal);
    expect(await feed().publish(created)).toBeNull();
    expect(await feed().publish(edited(created, "2030-01-01T00:00:00.000Z", "Late edit"))).toBeNull();
    expect(await feed().publish(removal)).toBeNull();

    expect(await subscriber.updates(1)).toEqual([{ seq, change: removal }]);
    expect(await subscriber.staysQuiet(100)).toBe(true);
  });

  it("leaves every subscriber with the version D1 holds after a burst of concurrent edits", async () => {
    const editor = await createUser("editor");
    const created = await callJson("POST", "/events", {
      token: editor.token,
      body: { name: "Moving target", start: "2026-12-14T09:00:00Z", end: "2026-12-14T10:00:00Z", location: "Hall" },
    });
    expect(created.status).toBe(201);
    const clients = await Promise.all([connect(), connect()]);

    const edits = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        callJson("PATCH", `/events/${created.body.id}`, { token: editor.token, body: { name: `Edit ${i}` } }),
      ),
    );
    expect(edits.map((edit) => edit.status)).toEqual(edits.map(() => 200));
    const stored = await callJson("GET", `/events/${created.body.id}`);

    for (const { subscriber } of clients) {
      const received: CalendarChange[] = [];
      while (received.at(-1)?.event?.updated_at !== stored.body.updated_at) {
        const [update] = await subscriber.updates(1);
        received.push(update!.change);
      }
      // Each update is newer than the one before; the last is what a reload would show.
      const stamps = received.map((change) => String(change.event?.updated_at));
      expect(stamps).toEqual([...stamps].sort());
      expect(new Set(stamps).size).toBe(stamps.length);
      expect(received.at(-1)!.event).toEqual(stored.body);
      expect(await subscriber.staysQuiet(100)).toBe(true);
    }
  });
});

describe("reconnecting", () => {
  it("replays exactly the missed changes, in order, after Last-Event-ID, then carries on live", async () => {
    const first = await connect();
    const seen = await first.subscriber.updates(0);
    expect(seen).toEqual([]);
    await first.subscriber.close();

    const missed = await publishMany(3);
    expect(missed.map((m) => m.seq)).toEqual([first.seq + 1, first.seq + 2, first.seq + 3]);

    const again = await connect({ lastEventId: String(first.seq) });
    expect(again.seq).toBe(first.seq + 3);
    expect(again.connectedId).toBe(String(first.seq));
    expect(await again.subscriber.updates(3)).toEqual(missed);
    expect(await again.subscriber.staysQuiet(100)).toBe(true);

    const live = insertChange();
    const seq = await publish(live);
    expect(await again.subscriber.updates(1)).toEqual([{ seq, change: live }]);
  });

  it("takes the position from ?last_event_id= too; the header wins over it", async () => {
    const { seq: start } = await feed().status();
    const missed = await publishMany(2);

    const byQuery = await connect({ query: { last_event_id: String(start) } });
    expect(await byQuery.subscriber.updates(2)).toEqual(missed);

    const both = await connect({ lastEventId: String(start + 1), query: { last_event_id: String(start) } });
    expect(await both.subscriber.updates(1)).toEqual(missed.slice(1));
    expect(await both.subscriber.staysQuiet(100)).toBe(true);
  });

  it("replays nothing to a client that is up to date", async () => {
    const { seq } = await feed().status();
    const current = await connect({ lastEventId: String(seq) });
    expect(await current.subscriber.staysQuiet(100)).toBe(true);
  });

  it("delivers each change exactly once, in order, when changes are published during the replay", async () => {
    const { seq: start } = await feed().status();
    await publishMany(5);
    // Publishes race the reconnection: some land before the object reads the log, some after.
    const racing = Array.from({ length: 20 }, () => publish(insertChange()));
    const reconnecting = connect({ lastEventId: String(start) });
    racing.push(...Array.from({ length: 20 }, () => publish(insertChange())));
    const seqs = await Promise.all(racing);
    const { subscriber } = await reconnecting;
    const last = Math.max(...seqs);

    const received = (await subscriber.updates(last - start)).map((update) => update.seq);
    expect(received).toEqual(Array.from({ length: last - start }, (_, i) => start + 1 + i));
    expect(await subscriber.staysQuiet(100)).toBe(true);
  });

  it(`keeps the last ${CHANGE_LOG_LIMIT} changes; a client further behind gets event: reset`, async () => {
    const { seq: start } = await feed().status();
    // Inside the object: a thousand RPC round trips would only slow the test down.
    await runInDurableObject(feed(), (instance: CalendarFeed) => {
      for (let i = 0; i <= CHANGE_LOG_LIMIT; i++) instance.publish(insertChange());
    });
    const status = await feed().status();
    expect(status.seq).toBe(start + CHANGE_LOG_LIMIT + 1);
    expect(status.oldestLogged).toBe(status.seq - CHANGE_LOG_LIMIT + 1);

    // The oldest replayable position: every one of the last 1,000 changes comes back.
    const oldest = await connect({ lastEventId: String(status.seq - CHANGE_LOG_LIMIT) });
    const replayed = await oldest.subscriber.updates(CHANGE_LOG_LIMIT);
    expect(replayed[0]!.seq).toBe(status.seq - CHANGE_LOG_LIMIT + 1);
    expect(replayed.at(-1)!.seq).toBe(status.seq);

    // One further back, the change after it is gone: the client must reload.
    const tooOld = await connect({ lastEventId: String(status.seq - CHANGE_LOG_LIMIT - 1) });
    expect(tooOld.connectedId).toBe(String(status.seq));
    expect(await tooOld.subscriber.nextMessage()).toEqual({
      comments: [],
      event: "reset",
      data: JSON.stringify({ seq: status.seq, last_event_id: String(status.seq - CHANGE_LOG_LIMIT - 1) }),
    });
    // Then live updates as usual.
    const live = insertChange();
    const seq = await publish(live);
    expect(await tooOld.subscriber.updates(1)).toEqual([{ seq, change: live }]);
  });

  it("sends event: reset for a sequence number the feed never issued (from the future)", async () => {
    const { seq } = await feed().status();
    for (const lastEventId of [String(seq + 1), "999999999999999"]) {
      const client = await connect({ lastEventId });
      expect(client.connectedId).toBe(String(seq));
      const frame = await client.subscriber.nextMessage();
      expect(frame?.event, lastEventId).toBe("reset");
      expect(JSON.parse(frame!.data!)).toEqual({ seq, last_event_id: lastEventId });
      await client.subscriber.close();
    }
  });

  it.each(["abc", "-1", "1.5", "99999999999999999999", "1 2", "\u0661"])(
    "refuses a Last-Event-ID that is not a sequence number (%j) with a 400 problem",
    async (lastEventId) => {
      const res = await callJson("GET", "/events/stream", { headers: { "Last-Event-ID": lastEventId } });
      expectFieldProblem(res, 400, "validation_failed", "last-event-id");
    },
  );

  it.each(["\u0000", "1\r\n", "1\nid: 2", "abc", "1e3"])(
    "refuses a ?last_event_id= that is not a sequence number (%j) with a 400 problem",
    async (lastEventId) => {
      const res = await callJson("GET", withQuery("/events/stream", { last_event_id: lastEventId }));
      expectFieldProblem(res, 400, "validation_failed", "last_event_id");
    },
  );
});

describe("subscribers", () => {
  it("drops a subscriber that disconnects; the others still receive every change", async () => {
    const { subscribers: before } = await feed().status();
    const leaving = await connect();
    const staying = await connect();
    expect((await feed().status()).subscribers).toBe(before + 2);

    await leaving.subscriber.close();
    // The first change after it left is the write that fails: the object drops it, and the others still get it.
    const change = insertChange();
    const seq = await publish(change);
    expect(await staying.subscriber.updates(1)).toEqual([{ seq, change }]);
    await until(async () => (await feed().status()).subscribers === before + 1);

    const next = insertChange();
    expect(await publish(next)).toBe(seq + 1);
    expect(await staying.subscriber.updates(1)).toEqual([{ seq: seq + 1, change: next }]);
  });

  it("drops a subscriber as soon as its client goes away, before anything is written to it", async () => {
    const { subscribers: before } = await feed().status();
    const { subscriber } = await connect();
    expect((await feed().status()).subscribers).toBe(before + 1);
    await subscriber.close();
    // No heartbeat, no change: the end of the client's request ends the subscription it holds.
    await until(async () => (await feed().status()).subscribers === before);
  });

  it("hands a subscription over RPC: it lasts until the caller disposes of it, and checks what it is given", async () => {
    const { subscribers: before, seq } = await feed().status();
    const subscription = await feed().subscribe({ last_event_id: null });
    const reader = new Subscriber(new Response(subscription.body));
    expect(await reader.next()).toEqual({ comments: ["connected"] });
    expect((await reader.next())?.id).toBe(String(seq));
    expect((await feed().status()).subscribers).toBe(before + 1);

    (subscription as unknown as Record<symbol, () => void>)[DISPOSE]!();
    await until(async () => (await feed().status()).subscribers === before);
    // Its stream ends (cut off, not closed: it did not end on its own).
    expect(await reader.next().catch(() => null)).toBeNull();

    // The object checks the subscription against the schema the Worker writes it with.
    const forged = { last_event_id: 42 } as unknown as FeedSubscription;
    await runInDurableObject(feed(), (instance: CalendarFeed) => {
      expect(() => instance.subscribe(forged)).toThrow("last_event_id");
      expect(instance.status().subscribers).toBe(before);
    });
  });

  it("cuts off a subscriber that stops reading once it falls too far behind", async () => {
    await runInDurableObject(feed(), async (instance: CalendarFeed) => {
      instance.settings.maxBacklog = 3;
      try {
        // A stream nobody reads: its frames queue up in the object.
        const stalled = instance.subscribe({ last_event_id: null });
        expect(instance.status().subscribers).toBe(1);
        for (let i = 0; i < 4; i++) instance.publish(insertChange());
        expect(instance.status().subscribers).toBe(1);
        instance.publish(insertChange());
        expect(instance.status().subscribers).toBe(0);
        await stalled.body.cancel().catch(() => {});
      } finally {
        instance.settings.maxBacklog = 256;
      }
    });
  });

  it("sends a `: heartbeat` comment on a timer while anyone is subscribed, and stops it when the last one leaves", async () => {
    expect((await feed().status()).subscribers).toBe(0);
    await runInDurableObject(feed(), (instance: CalendarFeed) => {
      instance.settings.heartbeatMs = 50;
    });
    try {
      const { subscriber } = await connect();
      expect(await subscriber.next(1000)).toEqual({ comments: ["heartbeat"] });
      expect(await subscriber.next(1000)).toEqual({ comments: ["heartbeat"] });
      await subscriber.close();
      await until(async () => (await feed().status()).subscribers === 0);
    } finally {
      await runInDurableObject(feed(), (instance: CalendarFeed) => {
        instance.settings.heartbeatMs = 15_000;
      });
    }
    // A new subscriber starts a new timer, at the restored 15 s: the 50 ms one is gone.
    const { subscriber } = await connect();
    await expect(subscriber.next(300)).rejects.toThrow("no frame");
  });
});

describe("the feed's storage", () => {
  it("keeps the sequence and the log when the object is evicted; its subscribers reconnect and catch up", async () => {
    const client = await connect();
    const before = await publishMany(2);
    expect(await client.subscriber.updates(2)).toEqual(before);
    const lastSeen = before[1]!.seq;

    await evict(feed());
    // Eviction ends every stream (EventSource would reconnect by itself).
    await until(async () => (await client.subscriber.next().catch(() => null)) === null);

    const after = await publishMany(2);
    expect(after.map((a) => a.seq)).toEqual([lastSeen + 1, lastSeen + 2]);
    const again = await connect({ lastEventId: String(lastSeen) });
    expect(again.seq).toBe(lastSeen + 2);
    expect(await again.subscriber.updates(2)).toEqual(after);
  });
});
