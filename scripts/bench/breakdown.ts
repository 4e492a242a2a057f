/**
 * Where a route's latency goes under load: the same closed loop as autocannon (N connections, each sending its next
 * request when the previous answer has arrived) from plain `node:http` clients that read every answer's
 * `Server-Timing`. Per request, the latency the client saw is split into
 *   - in the Worker: `total;dur`, from the app's first middleware to its answer (time spent waiting on D1, on the
 *     cache and on the isolate between them; the runtime's clock does not move while JavaScript runs);
 *   - of which D1: `db;dur`, the D1 calls;
 *   - outside the Worker: the rest, i.e. waiting for workerd to take the request up and to send the answer.
 * Each part's p50 and p99 are over all requests, so they do not add up; the slowest 1 % is also split on its own.
 */
import { Agent, request } from "node:http";
import { percentile } from "./fanout";
import type { LoadSettings, Route } from "./load";
import { ensureNotInterrupted } from "./processes";
import type { HttpRequest } from "./requests";

interface Sample {
  clientMs: number;
  workerMs: number;
  d1Ms: number;
}

export interface Spread {
  p50Ms: number;
  p99Ms: number;
}

export interface LatencyBreakdown {
  route: string;
  requestsPerSecond: number;
  client: Spread;
  worker: Spread;
  d1: Spread;
  outside: Spread;
  /** The slowest 1 % of requests, on average: what the client saw, in the Worker, outside it. */
  slowest: { clientMs: number; workerMs: number; outsideMs: number };
  /** Answers with another status than the route's. */
  unexpected: number;
}

const timing = (header: string, name: string) => Number(new RegExp(`(?:^|, )${name};dur=([\\d.]+)`).exec(header)?.[1]);

function send(agent: Agent, baseUrl: URL, next: HttpRequest): Promise<Sample & { status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const { method, path, headers } = next;
    const outgoing = request({ host: baseUrl.hostname, port: baseUrl.port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on("error", reject);
      res.on("end", () => {
        const header = String(res.headers["server-timing"] ?? "");
        const status = res.statusCode ?? 0;
        resolve({
          clientMs: performance.now() - started,
          workerMs: timing(header, "total"),
          d1Ms: timing(header, "db"),
          status,
        });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(next.body);
  });
}

function spread(values: number[]): Spread {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);

/** Loads `route` for the configured time and connections (after a 2 s warm-up) and splits its latency. */
export async function measureLatencyBreakdown(
  baseUrl: string,
  route: Route,
  settings: LoadSettings,
): Promise<LatencyBreakdown> {
  ensureNotInterrupted();
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: settings.connections });
  const samples: Sample[] = [];
  let unexpected = 0;
  try {
    for (const [seconds, keep] of [
      [2, false],
      [settings.durationSeconds, true],
    ] as const) {
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: settings.connections }, async () => {
          while (performance.now() < until) {
            const sample = await send(agent, url, route.next());
            if (!keep) continue;
            if (sample.status === route.expectedStatus) samples.push(sample);
            else unexpected++;
          }
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  const outside = samples.map((sample) => sample.clientMs - sample.workerMs);
  const cutoff = spread(samples.map((sample) => sample.clientMs)).p99Ms;
  const slowest = samples.filter((sample) => sample.clientMs >= cutoff);
  return {
    route: route.name,
    requestsPerSecond: samples.length / settings.durationSeconds,
    client: spread(samples.map((sample) => sample.clientMs)),
    worker: spread(samples.map((sample) => sample.workerMs)),
    d1: spread(samples.map((sample) => sample.d1Ms)),
    outside: spread(outside),
    slowest: {
      clientMs: mean(slowest.map((sample) => sample.clientMs)),
      workerMs: mean(slowest.map((sample) => sample.workerMs)),
      outsideMs: mean(slowest.map((sample) => sample.clientMs - sample.workerMs)),
    },
    unexpected,
  };
}
