/**
 * Load benchmark for the HTTP API (`npm run bench`). Prints markdown tables for a note.
 *
 * What it measures, per route: throughput (average req/s) and latency (p50, p99) while autocannon keeps a fixed
 * number of connections busy for a fixed time, and the D1 cost of one request (queries and rows read) from its
 * `Server-Timing` header, which does not depend on the machine. Each route is measured on two servers:
 *   1. `wrangler dev`, as `npm start` runs it (or a server already running at BENCH_URL);
 *   2. the built Worker (`wrangler deploy --dry-run`) under Miniflare directly: the same workerd, bindings and
 *      local D1, without the development proxy `wrangler dev` puts in front (several-fold on trivial routes).
 *
 * Why ratios to a floor route: absolute req/s depend on the machine, on what else runs on it and on the load
 * generator sharing its CPUs, so they only compare within one run. Every route is therefore also reported as its
 * req/s divided by the req/s of `GET /` (no D1: the cheapest request the stack serves) measured in the same run.
 * That ratio is what a route's own work (D1, auth, validation) costs, and it is what to compare between runs.
 *
 * Environment: BENCH_URL (e.g. http://127.0.0.1:8787: bench that server, start no wrangler dev), BENCH_DURATION
 * (seconds per route, default 10), BENCH_CONNECTIONS (default 50), BENCH_MINIFLARE=0 (skip the Miniflare part).
 * All traffic goes to 127.0.0.1. POST /subscribe adds subscribers `…@bench.invalid` to the local D1; the bench
 * removes them at the end.
 *
 * The parts live in scripts/bench/: processes (children and how they stop), targets (the servers), requests,
 * load (one route → figures) and report (the markdown).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { benchChatThroughput, benchScoreboardFanout } from "./bench/fanout";
import {
  getRoute,
  type LoadSettings,
  measureRoute,
  type Route,
  type RouteFigures,
  revalidationRoute,
  varyingRoute,
} from "./bench/load";
import {
  ensureNotInterrupted,
  exitAfterStopping,
  installInterruptHandlers,
  isInterrupted,
  progress,
} from "./bench/processes";
import { benchScheduledPublishing } from "./bench/publishing";
import {
  contextSection,
  notesSection,
  type Outcome,
  proxyCostSection,
  publishingSection,
  type RealtimeFigures,
  realtimeSection,
  type TargetFigures,
  targetSection,
} from "./bench/report";
import { countVisibleTickets, currentEtag, logInAsEditor, nextSubscription } from "./bench/requests";
import { benchCalendarFeed } from "./bench/sse";
import {
  addBenchEvents,
  BENCH_EVENT_MONTH,
  buildWorker,
  HOST,
  prepareLocalState,
  removeBenchData,
  startMiniflareDirect,
  startWranglerDev,
  withServer,
} from "./bench/targets";

/** The seeded program the catalog detail routes load. */
const CATALOG_PROGRAM = "/catalog/programs/program-telugu";

/** The routes loaded on every server, in this order; the floor (`GET /`, see report.ts) first. */
async function routesToLoad(baseUrl: string, editorToken: string): Promise<Route[]> {
  const asEditor = { authorization: `Bearer ${editorToken}` };
  return [
    getRoute("/"),
    getRoute("/health"),
    getRoute("/tickets", asEditor),
    varyingRoute("POST /subscribe", 201, nextSubscription),
    getRoute("/catalog/programs"),
    revalidationRoute("/catalog/programs", await currentEtag(baseUrl, "/catalog/programs")),
    getRoute(CATALOG_PROGRAM),
    revalidationRoute(CATALOG_PROGRAM, await currentEtag(baseUrl, CATALOG_PROGRAM)),
    getRoute(`/events?from=${BENCH_EVENT_MONTH.from}&to=${BENCH_EVENT_MONTH.to}`),
  ];
}

/** Due lessons the scheduled-publishing bench publishes in one run. */
const DUE_LESSONS = 10_000;

/** The real-time benches, under wrangler dev: sockets on one scoreboard, and one chat room's throughput. */
const SCOREBOARD_CLIENTS = 500;
const SCOREBOARD_UPDATES = 20;
const CHAT_CLIENTS = 20;
const FEED_SUBSCRIBERS = 200;
const FEED_POSTS = 20;

// ---------------------------------------------------------------------------------------------------------------
// Configuration

interface BenchConfig extends LoadSettings {
  /** A server to bench instead of starting `wrangler dev`. */
  targetUrl: string | undefined;
  miniflare: boolean;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not "${raw}".`);
  return value;
}

function loopbackUrl(raw: string): string {
  const url = new URL(raw);
  if (url.hostname !== HOST) {
    throw new Error(`BENCH_URL must point at ${HOST} (got ${raw}): the bench only loads loopback.`);
  }
  return url.origin;
}

function readBenchConfig(): BenchConfig {
  const targetUrl = process.env.BENCH_URL;
  return {
    durationSeconds: positiveInteger("BENCH_DURATION", 10),
    connections: positiveInteger("BENCH_CONNECTIONS", 50),
    targetUrl: targetUrl ? loopbackUrl(targetUrl) : undefined,
    miniflare: process.env.BENCH_MINIFLARE !== "0",
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The two benches

async function measureRealtime(baseUrl: string, config: BenchConfig): Promise<RealtimeFigures> {
  const editorToken = await logInAsEditor(baseUrl);
  progress(`wrangler dev: ${SCOREBOARD_CLIENTS} WebSocket clients on one scoreboard, ${SCOREBOARD_UPDATES} updates`);
  const scoreboard = await benchScoreboardFanout(baseUrl, editorToken, SCOREBOARD_CLIENTS, SCOREBOARD_UPDATES);
  progress(`wrangler dev: chat room with ${CHAT_CLIENTS} clients, ${config.durationSeconds} s`);
  const chat = await benchChatThroughput(baseUrl, editorToken, CHAT_CLIENTS, config.durationSeconds);
  progress(`wrangler dev: ${FEED_SUBSCRIBERS} SSE subscribers on the calendar feed, ${FEED_POSTS} new events`);
  const calendarFeed = await benchCalendarFeed(baseUrl, editorToken, FEED_SUBSCRIBERS, FEED_POSTS);
  return { scoreboard, chat, calendarFeed };
}

async function measureTarget(label: string, baseUrl: string, config: BenchConfig): Promise<TargetFigures> {
  const editorToken = await logInAsEditor(baseUrl);
  const ticketsVisible = await countVisibleTickets(baseUrl, editorToken);
  const routes: RouteFigures[] = [];
  for (const route of await routesToLoad(baseUrl, editorToken)) {
    ensureNotInterrupted();
    progress(`${label}: ${route.name}, ${config.durationSeconds} s × ${config.connections} connections`);
    routes.push(await measureRoute(baseUrl, route, config));
  }
  return { url: baseUrl, ticketsVisible, routes };
}

async function benchWranglerDev(config: BenchConfig, workDir: string): Promise<TargetFigures> {
  if (config.targetUrl) return measureTarget("BENCH_URL", config.targetUrl, config);
  progress("npm run dev:prepare (.dev.vars, local migrations, seed), and 500 events in the bench month");
  await prepareLocalState();
  await addBenchEvents();
  const logFile = join(workDir, "wrangler-dev.log");
  progress(`starting wrangler dev (log: ${logFile})`);
  return withServer(
    () => startWranglerDev(logFile),
    async (server) => ({
      ...(await measureTarget("wrangler dev", server.url, config)),
      realtime: await attempt("real-time fan-out", () => measureRealtime(server.url, config)),
    }),
  );
}

async function benchMiniflareDirect(config: BenchConfig, workDir: string): Promise<TargetFigures> {
  progress("building the Worker (wrangler deploy --dry-run)");
  const bundle = await buildWorker(join(workDir, "dist"));
  const logFile = join(workDir, "miniflare.log");
  progress(`starting the built Worker under Miniflare (log: ${logFile})`);
  return withServer(
    () => startMiniflareDirect(bundle, logFile),
    (server) => measureTarget("Miniflare direct", server.url, config),
  );
}

/** Runs one part of the bench; its failure goes in the report instead of ending the run, unless interrupted. */
async function attempt<T>(what: string, run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (isInterrupted()) throw error;
    const message = error instanceof Error ? error.message : String(error);
    progress(`${what} failed: ${message}`);
    return { ok: false, error: message };
  }
}

/** Prints the report; the exit code is 1 if the first server could not be measured. */
async function main(config: BenchConfig): Promise<number> {
  const startLoad = loadavg()[0] ?? 0;
  const workDir = mkdtempSync(join(tmpdir(), "bench-"));
  let keepLogs = false;
  process.on("exit", () => keepLogs || rmSync(workDir, { recursive: true, force: true }));

  const devTitle = config.targetUrl ? "Server at BENCH_URL" : "wrangler dev (through its dev proxy)";
  const dev = await attempt(devTitle, () => benchWranglerDev(config, workDir));
  const direct: Outcome<TargetFigures> = config.miniflare
    ? await attempt("Miniflare direct", () => benchMiniflareDirect(config, workDir))
    : { ok: false, error: "skipped (BENCH_MINIFLARE=0)." };
  const removed = await attempt("removing the bench data", removeBenchData);
  progress(`scheduled publishing: ${DUE_LESSONS.toLocaleString("en-US")} due lessons on a scratch D1`);
  const publishing = await attempt("scheduled publishing", () =>
    benchScheduledPublishing(join(workDir, "publishing-state"), DUE_LESSONS),
  );
  keepLogs = (!dev.ok || !direct.ok) && readdirSync(workDir).length > 0;

  const report = [
    ...contextSection(config, startLoad),
    ...targetSection(devTitle, dev),
    ...targetSection("Miniflare direct (built Worker, no dev proxy)", direct),
    ...(dev.ok && direct.ok ? proxyCostSection(dev.value, direct.value) : []),
    ...(dev.ok && dev.value.realtime ? realtimeSection(dev.value.realtime) : []),
    ...publishingSection(publishing),
    ...notesSection(removed, keepLogs ? workDir : undefined),
  ];
  console.log(report.join("\n"));
  return dev.ok ? 0 : 1;
}

let config: BenchConfig;
try {
  config = readBenchConfig();
} catch (error) {
  progress(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
installInterruptHandlers();
const exitCode = await main(config).catch((error: unknown) => {
  if (!isInterrupted()) progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
});
await exitAfterStopping(exitCode);
