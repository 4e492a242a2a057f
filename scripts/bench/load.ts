/**
 * Loading one route on one server: warm-up requests, one probe for its status and D1 cost, then autocannon keeping
 * a fixed number of connections busy for a fixed time. The result is the route's figures for the report.
 */
import autocannon, { type Instance, type Options, type Result } from "autocannon";
import { ensureNotInterrupted, mustStop } from "./processes";
import { type HttpRequest, send } from "./requests";

export const WARMUP_REQUESTS = 20;

export interface LoadSettings {
  durationSeconds: number;
  connections: number;
}

export interface Route {
  name: string;
  expectedStatus: number;
  /** The next request to send. */
  next: () => HttpRequest;
  /** Whether `next` returns a different request each time (autocannon then rebuilds every request). */
  varies: boolean;
  /** Pairs the route with another server's same route in a comparison (e.g. "floor", "list:miss"). */
  compareAs?: string;
  /**
   * Read every response's `Server-Timing` cache entry during the run, to show whether the run measured cache hits
   * or misses. Costs the load generator a little per response: set it on both sides of a comparison or neither.
   */
  observeCache?: boolean;
}

/** A GET sent identically every time, answering 200. */
export function getRoute(path: string, headers: Record<string, string> = {}): Route {
  const request: HttpRequest = { method: "GET", path, headers };
  return { name: `GET ${path}`, expectedStatus: 200, next: () => request, varies: false };
}

/** A route whose every request must differ (e.g. a sign-up, which UNIQUE(email) answers only once). */
export function varyingRoute(name: string, expectedStatus: number, next: () => HttpRequest): Route {
  return { name, expectedStatus, next, varies: true };
}

export interface D1Cost {
  queries: number;
  rowsRead: number;
}

/** Responses with another status than the route's expected one (e.g. 429s, 500s). */
export interface UnexpectedResponses {
  total: number;
  /** Counts per status code. */
  byStatus: Record<string, number>;
}

/** Responses by the `desc` of their `Server-Timing` cache entry (`hit`, `miss`…); `none` had no such entry. */
export type CacheTally = Record<string, number>;

export interface RouteFigures {
  route: string;
  compareAs: string | undefined;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  unexpected: UnexpectedResponses;
  errors: number;
  cost: D1Cost | undefined;
  /** Only for routes that observe the cache. */
  cache: CacheTally | undefined;
}

/** Reads `db;dur=…;desc="queries=N rows_read=M"`. */
function parseServerTiming(header: string | null): D1Cost | undefined {
  const match = header?.match(/queries=(\d+) rows_read=(\d+)/);
  return match ? { queries: Number(match[1]), rowsRead: Number(match[2]) } : undefined;
}

async function warmUp(baseUrl: string, route: Route): Promise<void> {
  for (let i = 0; i < WARMUP_REQUESTS; i++) await (await send(baseUrl, route.next())).arrayBuffer();
}

/**
 * The `desc` of the `cache` entry of a `Server-Timing` value (e.g. `db;dur=1.2;desc="…", cache;desc="hit"`), or
 * "none". The edge cache adds that entry; a server without it (or the peer) has none.
 */
function cacheStatus(serverTiming: string | null | undefined): string {
  for (const entry of serverTiming?.split(",") ?? []) {
    const [name, ...params] = entry.split(";").map((part) => part.trim());
    if (name?.toLowerCase() !== "cache") continue;
    const desc = params.find((param) => param.toLowerCase().startsWith("desc="));
    return desc ? desc.slice(5).replace(/^"|"$/g, "").toLowerCase() : "unnamed";
  }
  return "none";
}

/** One request: checks the route answers as expected and returns its D1 cost. */
async function probeD1Cost(baseUrl: string, route: Route): Promise<D1Cost | undefined> {
  const response = await send(baseUrl, route.next());
  const body = await response.text();
  if (response.status !== route.expectedStatus) {
    const expected = route.expectedStatus;
    throw new Error(`${route.name} answered ${response.status}, expected ${expected}: ${body.slice(0, 300)}`);
  }
  return parseServerTiming(response.headers.get("server-timing"));
}

/**
 * Runs autocannon on the route, tallying cache entries into `cache` if the route observes them; an interrupt stops it
 * early, before the servers it loads.
 */
function runAutocannon(baseUrl: string, route: Route, settings: LoadSettings, cache?: CacheTally): Promise<Result> {
  ensureNotInterrupted();
  const first = route.next();
  // autocannon hands over raw header names (as the server cased them), a repeated header as an array.
  const tally = (_status: number, _body: string, _context: unknown, headers: Record<string, string | string[]>) => {
    const name = Object.keys(headers).find((key) => key.toLowerCase() === "server-timing");
    const value = name === undefined ? undefined : [headers[name]].flat().join(", ");
    const status = cacheStatus(value);
    if (cache) cache[status] = (cache[status] ?? 0) + 1;
  };
  const request = {
    ...(route.varies && { setupRequest: (request: Record<string, unknown>) => ({ ...request, ...route.next() }) }),
    ...(cache && { onResponse: tally }),
  };
  const options: Options = {
    url: baseUrl + first.path,
    title: route.name,
    connections: settings.connections,
    duration: settings.durationSeconds,
    method: first.method,
    headers: first.headers,
    body: first.body,
    ...(Object.keys(request).length > 0 && { requests: [request as NonNullable<Options["requests"]>[number]] }),
  };
  let instance: Instance | undefined;
  const stop = mustStop(async () => instance?.stop());
  return new Promise<Result>((resolve, reject) => {
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  }).finally(stop);
}

/** Counts the responses whose status is not the one the route should answer with. */
function unexpectedResponses(result: Result, expectedStatus: number): UnexpectedResponses {
  const byStatus: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    if (status !== String(expectedStatus) && stats.count) byStatus[status] = stats.count;
  }
  return { total: Object.values(byStatus).reduce((sum, count) => sum + count, 0), byStatus };
}

/** Warms the route up, probes it once, then loads it with autocannon; returns its figures for the report. */
export async function measureRoute(baseUrl: string, route: Route, settings: LoadSettings): Promise<RouteFigures> {
  await warmUp(baseUrl, route);
  const cost = await probeD1Cost(baseUrl, route);
  const cache: CacheTally | undefined = route.observeCache ? {} : undefined;
  const result = await runAutocannon(baseUrl, route, settings, cache);
  return {
    route: route.name,
    compareAs: route.compareAs,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    unexpected: unexpectedResponses(result, route.expectedStatus),
    errors: result.errors,
    cost,
    cache,
  };
}
