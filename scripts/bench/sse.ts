/**
 * The calendar's live feed under load: N Server-Sent Events clients on `GET /events/stream`, then `POST /events` one
 * after another, each timed from the moment it is sent to the moment each client receives the `event: update` for the
 * created event (matched by its id). The update may reach a client before the POST's answer reaches the bench, so
 * arrivals are recorded by event id as they come and matched once the answer names the id.
 *
 * The clients share this one process with the bench, so they must cost little: 200 of them read every change at
 * once, one after another, and what the process spends on each delays the next one's time stamp. They are plain
 * `node:http` requests (no web streams) that stamp each chunk the moment it arrives, before any parsing; a frame
 * counts as received when the chunk that completes it arrived.
 */
import { setMaxListeners } from "node:events";
import { type IncomingMessage, request } from "node:http";
import { type LatencyFigures, latencyOf } from "./fanout";
import { postJson } from "./requests";

const OPEN_TIMEOUT_MS = 30_000;
const DELIVERY_TIMEOUT_MS = 30_000;

/** What an `event: update` frame says changed: the event's id, and its version (`updated_at`; null for a delete). */
export interface FeedChange {
  id: string;
  updatedAt: string | null;
}

/** The change an `event: update` frame carries, or undefined for any other frame. */
function updatedChange(frame: string): FeedChange | undefined {
  if (!/^event: update$/m.test(frame)) return undefined;
  const data = /^data: (.*)$/m.exec(frame)?.[1];
  const change = data ? (JSON.parse(data) as { id?: unknown; event?: { updated_at?: unknown } | null }) : {};
  if (typeof change.id !== "string") return undefined;
  const updatedAt = change.event?.updated_at;
  return { id: change.id, updatedAt: typeof updatedAt === "string" ? updatedAt : null };
}

/** Reads one event stream frame by frame; `onFrame` gets each complete frame and when its last chunk arrived. */
function readFrames(response: IncomingMessage, onFrame: (frame: string, at: number) => void): void {
  let buffer = "";
  response.setEncoding("utf8");
  response.on("data", (text: string) => {
    const at = performance.now();
    buffer += text;
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      onFrame(buffer.slice(0, end), at);
      buffer = buffer.slice(end + 2);
    }
  });
  // Aborted at the end of the bench.
  response.on("error", () => {});
}

/** One SSE connection, open once it has had its `event: connected`; hands every update's change to `onUpdate`. */
function openSubscriber(
  url: string,
  signal: AbortSignal,
  onUpdate: (change: FeedChange, at: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const opening = request(url, { headers: { accept: "text/event-stream" }, signal }, (response) => {
      if (response.statusCode !== 200) {
        let body = "";
        response.setEncoding("utf8");
        response.on("error", reject);
        response.on("data", (text: string) => (body += text));
        response.on("end", () =>
          reject(new Error(`GET ${url} answered ${response.statusCode}: ${body.slice(0, 300)}`)),
        );
        return;
      }
      readFrames(response, (frame, at) => {
        if (/^event: connected$/m.test(frame)) resolve();
        const change = updatedChange(frame);
        if (change !== undefined) onUpdate(change, at);
      });
    });
    // Once connected, the only error left is the abort at the end of the bench (a settled promise ignores it).
    opening.on("error", reject);
    opening.end();
  });
}

/**
 * Opens `count` subscribers to the event stream at `url` and resolves once each has had its `event: connected`;
 * `onUpdate` gets every change each one receives, with when its last chunk arrived. Aborting `signal` closes them.
 */
export async function openSubscribers(
  url: string,
  count: number,
  signal: AbortSignal,
  onUpdate: (subscriber: number, change: FeedChange, at: number) => void,
): Promise<void> {
  const opened: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    opened.push(openSubscriber(url, signal, (change, at) => onUpdate(i, change, at)));
    // A short pause every 50 opens keeps the connections from arriving as one burst.
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("not every subscriber was connected in 30 s")), OPEN_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all(opened), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A valid new event, a day or more in the future (each post its own hour, so they do not pile up at one time). */
export function benchEvent(n: number) {
  const start = new Date(Date.now() + 86_400_000 + n * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  return {
    name: `Bench event ${n}`,
    start: start.toISOString(),
    end: new Date(start.getTime() + 1_800_000).toISOString(),
    location: "Bench room",
  };
}

/**
 * N subscribers on the calendar's feed; the editor creates `posts` events, one after another, each waiting until
 * every subscriber has its update. The created events are deleted afterwards.
 */
export async function benchCalendarFeed(
  baseUrl: string,
  editorToken: string,
  subscribers = 200,
  posts = 20,
): Promise<LatencyFigures> {
  // When each subscriber got the update of each event: event id → subscriber → time.
  const arrivals = new Map<string, Map<number, number>>();
  let onArrival: (() => void) | undefined;
  const connections = new AbortController();
  // Every connection listens to this one signal.
  setMaxListeners(subscribers + 10, connections.signal);
  const samples: number[] = [];
  const created: string[] = [];
  try {
    await openSubscribers(`${baseUrl}/events/stream`, subscribers, connections.signal, (subscriber, { id }, at) => {
      const byEvent = arrivals.get(id) ?? new Map<number, number>();
      arrivals.set(id, byEvent);
      if (!byEvent.has(subscriber)) byEvent.set(subscriber, at);
      onArrival?.();
    });
    for (let n = 1; n <= posts; n++) {
      const sentAt = performance.now();
      const { id } = await postJson<{ id: string }>(baseUrl, "/events", editorToken, benchEvent(n));
      created.push(id);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          onArrival = undefined;
          const got = arrivals.get(id)?.size ?? 0;
          reject(new Error(`event ${id} reached ${got} of ${subscribers} subscribers in 30 s`));
        }, DELIVERY_TIMEOUT_MS);
        onArrival = () => {
          if ((arrivals.get(id)?.size ?? 0) < subscribers) return;
          clearTimeout(timer);
          onArrival = undefined;
          resolve();
        };
        onArrival();
      });
      for (const at of arrivals.get(id)?.values() ?? []) samples.push(at - sentAt);
    }
  } finally {
    connections.abort();
    await deleteEvents(baseUrl, editorToken, created);
  }
  return latencyOf(samples, subscribers);
}

/** Deletes the events the bench created, one after another; a failure leaves that one (set-up, not measured). */
export async function deleteEvents(baseUrl: string, editorToken: string, ids: string[]): Promise<void> {
  for (const id of ids) {
    await fetch(`${baseUrl}/events/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${editorToken}` },
      signal: AbortSignal.timeout(10_000),
    })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }
}
