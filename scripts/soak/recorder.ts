/**
 * What the soak saw, as it sees it: every answer's status and latency by kind of work and by minute of the run, the
 * deliveries to real-time clients (latency from the write that caused them), and anything else that went wrong.
 */
import { percentile } from "../bench/fanout";
import type { HttpRequest } from "../bench/requests";
import { send } from "../bench/requests";

/** The kinds of work the soak times; the report keeps this order. */
export const KINDS = [
  "catalog read",
  "search",
  "add to cart",
  "checkout",
  "calendar write",
  "calendar delivery (SSE)",
  "score update",
  "score delivery (WebSocket)",
  "chat send",
  "chat delivery (WebSocket)",
] as const;
export type Kind = (typeof KINDS)[number];

/** A network failure instead of an answer (refused, reset, timed out). */
export const NETWORK_ERROR = "network error";

export interface Percentiles {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Percentiles of a list of milliseconds (NaN when empty). */
export function percentilesOf(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export class Recorder {
  /** kind → minute of the run → latencies in ms. */
  private readonly latencies = new Map<Kind, number[][]>();
  /** kind → status (or NETWORK_ERROR) → count. */
  readonly statuses = new Map<Kind, Map<string, number>>();
  /** Things that went wrong outside an HTTP status (a socket closed by the server, an `error` frame…). */
  readonly problems: string[] = [];

  /** When the load started (`performance.now()`): minute 0 begins here. */
  startedAt = performance.now();
  /** The run's length in whole minutes: what starts after the last one (a refused line's removal) counts in it. */
  private minutes = Number.POSITIVE_INFINITY;

  /** Starts the clock for a run of `minutes`. */
  start(minutes: number): void {
    this.startedAt = performance.now();
    this.minutes = Math.ceil(minutes);
  }

  /** The minute of the run `at` (a `performance.now()` time) falls in, from 0. */
  minuteOf(at: number): number {
    return Math.min(this.minutes - 1, Math.max(0, Math.floor((at - this.startedAt) / 60_000)));
  }

  /** One latency sample of `kind`, filed under the minute its work started (`startedAt`). */
  latency(kind: Kind, ms: number, startedAt: number): void {
    const byMinute = this.latencies.get(kind) ?? [];
    this.latencies.set(kind, byMinute);
    const minute = this.minuteOf(startedAt);
    while (byMinute.length <= minute) byMinute.push([]);
    byMinute[minute]?.push(ms);
  }

  status(kind: Kind, status: number | string): void {
    const counts = this.statuses.get(kind) ?? new Map<string, number>();
    this.statuses.set(kind, counts);
    counts.set(String(status), (counts.get(String(status)) ?? 0) + 1);
  }

  /** An answer of `kind`: its status, and its latency when it is the expected one; a 5xx's body goes to problems. */
  answer(kind: Kind, status: number, ms: number, startedAt: number, expected: boolean, body = ""): void {
    this.status(kind, status);
    if (expected) this.latency(kind, ms, startedAt);
    if (status < 500) return;
    // wrangler dev's proxy answers this to a non-GET whose connection to the Worker's workerd was closed under it
    // (kj's 5 s keep-alive timeouts racing, cloudflare/workers-sdk#14641): the Worker never saw the request.
    const proxyDrop = body.includes("Your worker restarted mid-request") ? " (dropped by wrangler dev's proxy)" : "";
    this.problem(`${kind}: ${status}${proxyDrop} after ${Math.round(ms)} ms: ${body.slice(0, 200)}`);
  }

  problem(message: string): void {
    if (this.problems.length < 1_000) this.problems.push(message);
  }

  /**
   * Sends `request`, recording its status (or a network error) and, if it has the expected status, its latency;
   * the response with its body read as text, or undefined after a network error.
   */
  async send(
    kind: Kind,
    baseUrl: string,
    request: HttpRequest,
    expectedStatus: number,
  ): Promise<{ status: number; text: string } | undefined> {
    const started = performance.now();
    try {
      const response = await send(baseUrl, request);
      const text = await response.text();
      const ms = performance.now() - started;
      this.answer(kind, response.status, ms, started, response.status === expectedStatus, text);
      return { status: response.status, text };
    } catch (error) {
      this.status(kind, NETWORK_ERROR);
      this.problem(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Per kind: percentiles per minute and over the whole run. */
  latencyFigures(): { kind: Kind; perMinute: Percentiles[]; total: Percentiles }[] {
    return KINDS.filter((kind) => this.latencies.has(kind)).map((kind) => {
      const byMinute = this.latencies.get(kind) ?? [];
      return { kind, perMinute: byMinute.map(percentilesOf), total: percentilesOf(byMinute.flat()) };
    });
  }

  /** Answers with a 5xx status, over every kind. */
  serverErrors(): number {
    let count = 0;
    for (const counts of this.statuses.values()) {
      for (const [status, n] of counts) if (status.startsWith("5")) count += n;
    }
    return count;
  }
}
