/**
 * The bench's settings, from the environment (and `--peer` on the command line). Read once, before anything starts,
 * so that a mistyped value stops the run at once rather than after minutes of set-up.
 */
import { isAbsolute, resolve } from "node:path";
import { ROOT } from "../seed/local-platform";
import type { LoadSettings } from "./load";
import { HOST } from "./targets";

export interface BenchConfig extends LoadSettings {
  /** A server to bench instead of starting `wrangler dev`. */
  targetUrl: string | undefined;
  miniflare: boolean;
  /** Programs in the bench catalog, ours and the peer's (N programs × 2 terms × 10 lessons). */
  catalogPrograms: number;
  /** Start the peer and measure it in the same run. */
  peer: boolean;
  /** The peer's directory (its run.sh starts it). */
  peerPath: string;
  /** Only the discovery bench (search over 100,000 lessons, GraphQL): `--discovery`. */
  discoveryOnly: boolean;
  /** Only the scheduled publishing benches (throughput, and delay from publish_at to public): `--publishing`. */
  publishingOnly: boolean;
  /** Only the chat's fan-out through relays (fanout.ts, `benchChatRelays`): `--relays`. */
  relaysOnly: boolean;
  relays: {
    /** One run per count, on the same server, one after another. */
    clients: number[];
    roomSockets: number;
    relaySockets: number;
    messages: number;
    intervalMs: number;
    processes: number;
    /**
     * Whether the clients offer permessage-deflate, as browsers do (BENCH_RELAY_COMPRESSION=1). Off by default: each
     * connection's compression runs where that client's connection is served and its inflation on the client's own
     * device, but here both land on the bench's two cores beside the relays (see README › Live rooms).
     */
    compression: boolean;
  };
}

/** The peer's directory, relative to the project root unless BENCH_PEER_PATH says otherwise. */
const DEFAULT_PEER_PATH = "../shared/peers/fastify-catalog";

/** An integer from the environment, at least `min` (1 unless said), else `fallback` when unset. */
function positiveInteger(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer of at least ${min}, not "${raw}".`);
  return value;
}

/** A comma-separated list of positive integers from the environment, else `fallback` when unset. */
function integerList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  return raw.split(",").map((item) => {
    const value = Number(item.trim());
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must list positive integers, not "${raw}".`);
    return value;
  });
}

function flag(name: string): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === "" || raw === "0") return false;
  if (raw === "1") return true;
  throw new Error(`${name} must be 1 or 0, not "${raw}".`);
}

function loopbackUrl(raw: string): string {
  const url = new URL(raw);
  if (url.hostname !== HOST) {
    throw new Error(`BENCH_URL must point at ${HOST} (got ${raw}): the bench only loads loopback.`);
  }
  return url.origin;
}

/**
 * BENCH_URL, BENCH_DURATION (s per route, default 10), BENCH_CONNECTIONS (default 50), BENCH_MINIFLARE=0,
 * BENCH_CATALOG_PROGRAMS (default 50, the peer's default N), BENCH_PEER=1 or `--peer`, BENCH_PEER_PATH; `--discovery`
 * runs the discovery bench alone, `--publishing` the scheduled publishing benches; `--relays` the chat's fan-out
 * through relays alone, with BENCH_RELAY_CLIENTS (default 5000; a comma-separated list runs each) WebSocket clients on one stream, relays of
 * BENCH_RELAY_SOCKETS (default 500), BENCH_RELAY_MESSAGES (default 50) messages one every BENCH_RELAY_INTERVAL_MS
 * (default 100), the clients in BENCH_RELAY_PROCESSES child processes (default 2), the room holding
 * BENCH_RELAY_ROOM_SOCKETS itself (default 0: every client on a relay; above the client count: no relay), the clients
 * offering permessage-deflate if BENCH_RELAY_COMPRESSION=1.
 */
export function readBenchConfig(argv = process.argv.slice(2)): BenchConfig {
  const known = ["--peer", "--discovery", "--publishing", "--relays"];
  const unknown = argv.filter((arg) => !known.includes(arg));
  if (unknown.length > 0) {
    throw new Error(`Unknown argument(s): ${unknown.join(" ")} (the arguments are ${known.join(", ")}).`);
  }
  const targetUrl = process.env.BENCH_URL;
  const peerPath = process.env.BENCH_PEER_PATH || DEFAULT_PEER_PATH;
  return {
    durationSeconds: positiveInteger("BENCH_DURATION", 10),
    connections: positiveInteger("BENCH_CONNECTIONS", 50),
    targetUrl: targetUrl ? loopbackUrl(targetUrl) : undefined,
    miniflare: process.env.BENCH_MINIFLARE !== "0",
    catalogPrograms: positiveInteger("BENCH_CATALOG_PROGRAMS", 50),
    peer: flag("BENCH_PEER") || argv.includes("--peer"),
    peerPath: isAbsolute(peerPath) ? peerPath : resolve(ROOT, peerPath),
    discoveryOnly: argv.includes("--discovery"),
    publishingOnly: argv.includes("--publishing"),
    relaysOnly: argv.includes("--relays"),
    relays: {
      clients: integerList("BENCH_RELAY_CLIENTS", [5000]),
      roomSockets: positiveInteger("BENCH_RELAY_ROOM_SOCKETS", 0, 0),
      relaySockets: positiveInteger("BENCH_RELAY_SOCKETS", 500),
      messages: positiveInteger("BENCH_RELAY_MESSAGES", 50),
      intervalMs: positiveInteger("BENCH_RELAY_INTERVAL_MS", 100),
      processes: positiveInteger("BENCH_RELAY_PROCESSES", 2),
      compression: flag("BENCH_RELAY_COMPRESSION"),
    },
  };
}
