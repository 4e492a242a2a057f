/**
 * Real-time fan-out through the Durable Object rooms, measured with real WebSocket clients (the `ws` package; Node
 * 20 has no WebSocket client of its own):
 *   - scoreboard: N clients on one game; each `POST /games/:id/score/update` is timed from the moment it is sent to
 *     the moment each client receives the `score` message with the new version (p50, p99, max over every delivery);
 *   - chat: N clients in one stream's room; messages are posted as fast as the room accepts them for a fixed time,
 *     counting messages accepted per second and deliveries (messages × clients) per second.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { cpuSecondsOf, workerdProcesses } from "../soak/memory";
import { progress } from "./processes";
import type { ShareCommand, ShareFigures, ShareReply } from "./relay-clients";
import { json, nextClientIp, postJson, send } from "./requests";

export interface LatencyFigures {
  clients: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function latencyOf(samples: number[], clients: number): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    clients,
    samples: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

type Frame = { type: string } & Record<string, unknown>;

/**
 * Opens `count` sockets to `url` and resolves once each has received a first frame of type `readyType`. Each socket
 * comes from an address of its own (`addressOf`), as distinct viewers would: a chat room holds at most 5 sockets per
 * guest address. Like a browser, each offers permessage-deflate unless `compression` is false.
 */
export async function openClients(
  url: string,
  count: number,
  readyType: string,
  onFrame: (client: number, frame: Frame) => void,
  {
    addressOf = nextClientIp,
    compression = true,
  }: { addressOf?: (client: number) => string; compression?: boolean } = {},
): Promise<WebSocket[]> {
  const opened: Promise<WebSocket>[] = [];
  for (let i = 0; i < count; i++) {
    opened.push(
      new Promise((resolve, reject) => {
        const socket = new WebSocket(url, {
          headers: { "cf-connecting-ip": addressOf(i) },
          perMessageDeflate: compression,
        });
        const timer = setTimeout(() => reject(new Error(`client ${i} got no ${readyType} in 30 s`)), 30_000);
        socket.on("message", (data) => {
          const frame = JSON.parse(String(data)) as Frame;
          if (frame.type === readyType) {
            clearTimeout(timer);
            resolve(socket);
          }
          onFrame(i, frame);
        });
        socket.on("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
      }),
    );
    // A short pause every 50 opens keeps the handshakes from arriving as one burst.
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Promise.all(opened);
}

export function closeAll(sockets: WebSocket[]): void {
  for (const socket of sockets) socket.terminate();
}

/** The WebSocket URL of `path` on the server at `baseUrl`. */
export const wsUrl = (baseUrl: string, path: string) => baseUrl.replace(/^http/, "ws") + path;

/** A new live stream for a run (its chat starts empty), created by an editor; answers its id. */
export async function createStream(baseUrl: string, editorToken: string, title: string, description: string) {
  const stream = await postJson<{ id: string }>(baseUrl, "/streams", editorToken, {
    title,
    description,
    video_url: "https://www.youtube.com/embed/bench",
  });
  return stream.id;
}

/** N guests watch a new game; the editor scores `updates` times, one after another. */
export async function benchScoreboardFanout(
  baseUrl: string,
  editorToken: string,
  clients: number,
  updates: number,
): Promise<LatencyFigures> {
  const game = await postJson<{ id: string }>(baseUrl, "/games", editorToken, {
    home_team: "Bench Home",
    away_team: "Bench Away",
  });
  const sentAt = new Map<number, number>();
  const waiting = new Map<number, { left: number; done: () => void }>();
  const samples: number[] = [];
  const sockets = await openClients(wsUrl(baseUrl, `/games/${game.id}/ws`), clients, "snapshot", (_, frame) => {
    if (frame.type !== "score" || typeof frame.version !== "number") return;
    const started = sentAt.get(frame.version);
    if (started === undefined) return;
    samples.push(performance.now() - started);
    const round = waiting.get(frame.version);
    if (round && --round.left === 0) round.done();
  });
  try {
    let version = (await (
      await send(baseUrl, { method: "GET", path: `/games/${game.id}/score`, headers: {} })
    ).json()) as {
      version: number;
    };
    for (let i = 0; i < updates; i++) {
      const next = version.version + 1;
      const delivered = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`version ${next} reached only some clients in 30 s`)), 30_000);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiting.set(next, { left: clients, done });
      });
      sentAt.set(next, performance.now());
      version = await postJson(baseUrl, `/games/${game.id}/score/update`, editorToken, { team: "A", points: 1 });
      await delivered;
    }
  } finally {
    closeAll(sockets);
  }
  return latencyOf(samples, clients);
}

export interface ChatFigures {
  clients: number;
  seconds: number;
  messages: number;
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  latency: LatencyFigures;
}

/**
 * N guests in a new stream's room; the editor posts messages over HTTP (editors are not rate-limited there, unlike a
 * socket's 5 per 10 s), `inFlight` at a time, for `seconds`. Throughput counts a message once every client has it.
 */
export async function benchChatThroughput(
  baseUrl: string,
  editorToken: string,
  clients: number,
  seconds: number,
  inFlight = 8,
): Promise<ChatFigures> {
  const streamId = await createStream(baseUrl, editorToken, "Bench stream", "Chat throughput");
  const sentAt = new Map<string, number>();
  const deliveries = new Map<string, number>();
  const samples: number[] = [];
  let complete = 0;
  const sockets = await openClients(
    wsUrl(baseUrl, `/streams/${streamId}/ws?name=bench`),
    clients,
    "history",
    (_, frame) => {
      if (frame.type !== "message" || typeof frame.content !== "string") return;
      const started = sentAt.get(frame.content);
      if (started === undefined) return;
      samples.push(performance.now() - started);
      const count = (deliveries.get(frame.content) ?? 0) + 1;
      deliveries.set(frame.content, count);
      if (count === clients) complete++;
    },
  );
  try {
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let posted = 0;
    const poster = async () => {
      while (performance.now() < deadline) {
        const content = `bench message ${++posted}`;
        sentAt.set(content, performance.now());
        await postJson(baseUrl, `/streams/${streamId}/messages`, editorToken, { content });
      }
    };
    await Promise.all(Array.from({ length: inFlight }, poster));
    // Let the last broadcasts arrive.
    for (const until = performance.now() + 10_000; complete < sentAt.size && performance.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const elapsed = (performance.now() - started) / 1000;
    return {
      clients,
      seconds: elapsed,
      messages: complete,
      messagesPerSecond: complete / elapsed,
      deliveriesPerSecond: (complete * clients) / elapsed,
      latency: latencyOf(samples, clients),
    };
  } finally {
    closeAll(sockets);
    await send(baseUrl, { method: "POST", path: `/streams/${streamId}/end`, headers: json(editorToken) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }
}

export interface RelayFanoutFigures {
  clients: number;
  /** Sockets the room held itself (CHAT_ROOM_SOCKETS): 0 sends every client through a relay. */
  roomSockets: number;
  /** The bound of sockets per relay the Worker ran with (CHAT_RELAY_SOCKETS). */
  relaySockets: number;
  /** Clients each relay held once everyone had joined, as the room counts them, busiest first. */
  clientsPerRelay: number[];
  /** Processes the clients ran in. */
  processes: number;
  /** Whether the clients offered permessage-deflate (BENCH_RELAY_COMPRESSION). */
  compression: boolean;
  joinSeconds: number;
  messages: number;
  intervalMs: number;
  /** Deliveries of the bench's messages: expected (messages × clients) and received. */
  expectedDeliveries: number;
  deliveries: number;
  /** Clients that got every message, and every frame after their greeting once, in seq order, with no gap. */
  clientsComplete: number;
  /** From sending the POST to each client having the message. */
  latency: LatencyFigures;
  /** From sending the POST to the room storing the message (its `created_at`, ms precision), once per message. */
  beforeStored: LatencyFigures;
  /** From the room storing the message to each client having it. */
  afterStored: LatencyFigures;
  /** CPU time over the posting phase (first POST to last delivery), in seconds, against its wall time. */
  cpu: { wallSeconds: number; clientSeconds: number; workerdSeconds: number | undefined };
}

/** Clients opened at once in each wave; the next wave starts when every client of this one has its history. */
const JOIN_WAVE = 250;

/** The workerd running the Worker below this process (Miniflare directly), if it can be found. */
function ourWorkerd(): number | undefined {
  try {
    return workerdProcesses(process.pid, undefined).worker;
  } catch {
    return undefined;
  }
}

/** A share of the clients in a child process (./relay-clients.ts), driven over IPC. */
class ClientShare {
  private readonly child = fork(fileURLToPath(new URL("./relay-clients.ts", import.meta.url)));

  private async ask(command: ShareCommand): Promise<ShareReply> {
    const exited = once(this.child, "exit").then(([code, signal]) => {
      throw new Error(`a client process exited (${String(signal ?? code)}) before answering ${command.type}`);
    });
    exited.catch(() => {});
    this.child.send(command);
    const [reply] = (await Promise.race([once(this.child, "message"), exited])) as [ShareReply];
    if (reply.type === "failed") throw new Error(reply.error);
    return reply;
  }

  join(url: string, first: number, count: number, wave: number, compression: boolean): Promise<ShareReply> {
    return this.ask({ type: "join", url, first, count, wave, compression });
  }

  /** Deliveries of the bench's messages this share's clients have had so far. */
  async count(): Promise<number> {
    const reply = await this.ask({ type: "count" });
    return reply.type === "count" ? reply.deliveries : 0;
  }

  measure(): void {
    this.child.send({ type: "measure" } satisfies ShareCommand);
  }

  async collect(messages: number): Promise<ShareFigures> {
    return (await this.ask({ type: "collect", messages })) as ShareFigures;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/**
 * `clients` guests (each from an address of its own) join one new stream whose room holds `roomSockets` itself and
 * sends the rest to relays; the clients run in `processes` child processes, so that parsing frames is not what is
 * measured. The editor posts `messages` messages over HTTP, one every `intervalMs`, each saying when it was sent;
 * each client records each message's delay, and checks that every frame after its greeting comes with the next seq.
 * `census` asks the room how many clients each relay holds.
 */
export async function benchChatRelays(
  baseUrl: string,
  editorToken: string,
  settings: {
    clients: number;
    roomSockets: number;
    relaySockets: number;
    messages: number;
    intervalMs: number;
    processes: number;
    compression: boolean;
  },
  census: (streamId: string) => Promise<Record<number, number>>,
): Promise<RelayFanoutFigures> {
  const streamId = await createStream(baseUrl, editorToken, "Bench stream", "Fan-out through relays");
  const url = wsUrl(baseUrl, `/streams/${streamId}/ws?name=viewer`);
  const shares = Array.from({ length: settings.processes }, () => new ClientShare());
  const joinStarted = performance.now();
  try {
    const per = Math.ceil(settings.clients / shares.length);
    await Promise.all(
      shares.map((share, i) =>
        share.join(
          url,
          i * per,
          Math.max(0, Math.min(per, settings.clients - i * per)),
          Math.ceil(JOIN_WAVE / shares.length),
          settings.compression,
        ),
      ),
    );
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    const perRelay = Object.values(await census(streamId)).sort((a, b) => b - a);

    const workerd = ourWorkerd();
    const workerdFrom = cpuSecondsOf(workerd);
    for (const share of shares) share.measure();
    const postingStarted = performance.now();
    for (let n = 1; n <= settings.messages; n++) {
      const started = performance.now();
      const message = () => ({
        content: `bench ${n} sent at ${(performance.timeOrigin + performance.now()).toFixed(3)}`,
      });
      await postJson(baseUrl, `/streams/${streamId}/messages`, editorToken, message()).catch((error: unknown) => {
        // A kept-alive connection the server closed while the clients joined fails once; a new one is taken.
        progress(`message ${n}: ${String(error)}; sending it again`);
        return postJson(baseUrl, `/streams/${streamId}/messages`, editorToken, message());
      });
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, settings.intervalMs - (performance.now() - started))),
      );
    }
    // Let the last broadcasts arrive (at most 30 s more).
    const expectedDeliveries = settings.messages * settings.clients;
    for (const until = performance.now() + 30_000; performance.now() < until; ) {
      const counts = await Promise.all(shares.map((share) => share.count()));
      if (counts.reduce((sum, count) => sum + count, 0) >= expectedDeliveries) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const workerdSeconds = workerdFrom === undefined ? undefined : (cpuSecondsOf(workerd) ?? workerdFrom) - workerdFrom;
    const wallSeconds = (performance.now() - postingStarted) / 1000;
    const figures = await Promise.all(shares.map((share) => share.collect(settings.messages)));
    const all = (pick: (share: ShareFigures) => number[]) => figures.flatMap(pick);
    const deliveries = all((share) => share.delays).length;
    return {
      clients: settings.clients,
      roomSockets: settings.roomSockets,
      relaySockets: settings.relaySockets,
      clientsPerRelay: perRelay,
      processes: shares.length,
      compression: settings.compression,
      joinSeconds,
      messages: settings.messages,
      intervalMs: settings.intervalMs,
      expectedDeliveries,
      deliveries,
      clientsComplete: figures.reduce((sum, share) => sum + share.complete, 0),
      latency: latencyOf(
        all((share) => share.delays),
        settings.clients,
      ),
      // Every share sees every message: one share's view of it is enough.
      beforeStored: latencyOf(figures[0]?.beforeStored ?? [], settings.clients),
      afterStored: latencyOf(
        all((share) => share.afterStored),
        settings.clients,
      ),
      cpu: {
        wallSeconds,
        clientSeconds: figures.reduce((sum, share) => sum + share.cpuMs, 0) / 1000,
        workerdSeconds,
      },
    };
  } finally {
    for (const share of shares) share.stop();
    await send(baseUrl, { method: "POST", path: `/streams/${streamId}/end`, headers: json(editorToken) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }
}
