/**
 * Sends the capacity script's examples to a running Worker and reads what each answer says it cost: the D1 round
 * trips, rows read and rows written of `Server-Timing`, its `cache` entry and `Cache-Control`. A socket's open is a
 * 101, which carries no headers a client can read: its cost comes from the Worker's request log line instead (the
 * same figures, found by the request id the script sends).
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
import { nextClientIp } from "../bench/requests";
import { type Example, type Ids, type Role, SEED_IDS } from "./examples";

export interface Cost {
  queries: number;
  rowsRead: number;
  rowsWritten: number;
  /** Wall time waiting on D1 locally, in milliseconds (a local figure: indicative only). */
  dbMs: number;
}

export interface Measured {
  operation: string;
  /** The request's path and query as the table shows it (see `shownPath`). */
  request: string;
  role: Role | "public";
  status: number;
  expectedStatus: number;
  cost: Cost;
  /** The `cache` entry of `Server-Timing` (`miss`, `bypass`), or undefined when the route does not use the cache. */
  cache: string | undefined;
  cacheControl: string | undefined;
  /** The same request again, when the first was a miss: what a hit costs. */
  hit?: { status: number; cost: Cost; cache: string | undefined };
  socket: boolean;
  /** What an answer with another status than expected said (its problem's code and detail), for the script's log. */
  said?: string;
}

/** `db;dur=1.2;desc="queries=N rows_read=M rows_written=W"`, the request's D1 cost. */
export function costOf(serverTiming: string | null | undefined): Cost | undefined {
  const match = serverTiming?.match(/db;dur=([\d.]+);desc="queries=(\d+) rows_read=(\d+)(?: rows_written=(\d+))?"/);
  if (!match) return undefined;
  return {
    dbMs: Number(match[1]),
    queries: Number(match[2]),
    rowsRead: Number(match[3]),
    rowsWritten: Number(match[4] ?? 0),
  };
}

/** The `desc` of the `cache` entry of `Server-Timing`, if any. */
export function cacheOf(serverTiming: string | null | undefined): string | undefined {
  return serverTiming?.match(/cache;desc="(\w+)"/)?.[1];
}

/** `template` with each `{key}` replaced by `ids[key]`; throws when an earlier example did not keep it. */
export function fillPath(template: string, ids: Ids): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = ids[key];
    if (value === undefined) throw new Error(`no id "${key}" for ${template}: the example that keeps it failed`);
    return encodeURIComponent(value);
  });
}

/**
 * The request as the table shows it: seeded ids filled in, ids made during the run left as their key (`{newProgram}`),
 * so that a new run changes only figures.
 */
function shownPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, key: string) => SEED_IDS[key] ?? placeholder);
}

let requestSeq = 0;
const nextRequestId = () => `capacity-${process.pid}-${++requestSeq}`;

interface Sent {
  status: number;
  headers: Headers;
  body: unknown;
}

async function sendExample(baseUrl: string, path: string, example: Example, ids: Ids, token?: string): Promise<Sent> {
  const [method] = example.operation.split(" ") as [string];
  const headers: Record<string, string> = {
    "cf-connecting-ip": nextClientIp(), // per-client rate limits must not answer instead of the route
    "x-request-id": nextRequestId(),
  };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Uint8Array | undefined;
  if (example.bytes) {
    headers["content-type"] = example.bytes.contentType;
    body = example.bytes.data;
  } else if (example.body) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(example.body(ids));
  }
  const response = await fetch(baseUrl + path, { method, headers, body, signal: AbortSignal.timeout(10_000) });
  if (example.operation === "GET /events/stream") {
    await response.body?.cancel(); // a stream that would never end: its headers say what opening it cost
    return { status: response.status, headers: response.headers, body: null };
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** The request log line the Worker wrote for `requestId` (waits for it to reach the log file). */
async function loggedCost(logFile: string, requestId: string): Promise<{ status: number; cost: Cost } | undefined> {
  for (let attempt = 0; attempt < 40; attempt++) {
    for (const line of readFileSync(logFile, "utf8").split("\n")) {
      if (!line.includes(requestId) || !line.startsWith("{")) continue;
      const entry = JSON.parse(line) as Record<string, number | string>;
      if (entry.msg !== "request") continue;
      return {
        status: Number(entry.status),
        cost: {
          queries: Number(entry.db_queries ?? 0),
          rowsRead: Number(entry.db_rows_read ?? 0),
          rowsWritten: Number(entry.db_rows_written ?? 0),
          dbMs: Number.NaN,
        },
      };
    }
    await sleep(50);
  }
  return undefined;
}

/** Opens one socket as a guest, waits for its first frame, closes it; the open's cost comes from the log. */
async function openSocket(baseUrl: string, path: string, logFile: string): Promise<{ status: number; cost: Cost }> {
  const requestId = nextRequestId();
  await new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(baseUrl.replace(/^http/, "ws") + path, {
      headers: { "cf-connecting-ip": nextClientIp(), "x-request-id": requestId },
    });
    const timer = setTimeout(() => reject(new Error(`${path}: no first frame in 10 s`)), 10_000);
    socket.on("message", () => {
      clearTimeout(timer);
      socket.close();
      resolve();
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const logged = await loggedCost(logFile, requestId);
  if (!logged) throw new Error(`${path}: no request log line for ${requestId}`);
  return logged;
}

/**
 * Sends `example` (and, for a cache miss, the same request again) and returns what it cost. `tokens` holds a demo
 * account's token per role; `ids` gets what the example keeps.
 */
export async function measureExample(
  baseUrl: string,
  example: Example,
  ids: Ids,
  tokens: Record<Role, string>,
  logFile: string,
): Promise<Measured> {
  const template = example.path ?? example.operation.split(" ")[1]!;
  const path = fillPath(template, ids);
  const role: Measured["role"] = example.as ?? "public";
  const request = example.shown ?? shownPath(template);
  const base = { operation: example.operation, request, role, expectedStatus: example.status };
  if (example.socket) {
    const { status, cost } = await openSocket(baseUrl, path, logFile);
    return { ...base, status, cost, cache: undefined, cacheControl: undefined, socket: true };
  }
  const token = example.as ? tokens[example.as] : undefined;
  const first = await sendExample(baseUrl, path, example, ids, token);
  if (first.status === example.status && example.keep && first.body) example.keep(first.body, ids);
  const timing = first.headers.get("server-timing");
  const cost = costOf(timing);
  if (!cost) throw new Error(`${example.operation}: no db cost in Server-Timing (${timing})`);
  const measured: Measured = {
    ...base,
    status: first.status,
    cost,
    cache: cacheOf(timing),
    cacheControl: first.headers.get("cache-control") ?? undefined,
    socket: false,
  };
  if (first.status !== example.status) measured.said = JSON.stringify(first.body).slice(0, 400);
  if (measured.cache === "miss") {
    const again = await sendExample(baseUrl, path, example, ids, token);
    const againTiming = again.headers.get("server-timing");
    measured.hit = { status: again.status, cost: costOf(againTiming)!, cache: cacheOf(againTiming) };
  }
  return measured;
}
