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
 * The public catalog is measured on a bench catalog of N programs × 2 terms × 10 lessons (BENCH_CATALOG_PROGRAMS,
 * default 50) in three ways each, for the edge cache: miss (a new URL every request), hit (the same URL) and 304.
 * The store is measured the same way (its filtered list and a product, miss and hit, on a bench store of 500
 * watches), then its checkout under load: customers checking out in a loop, and the time the order queue takes to
 * complete what they bought (store.ts).
 * Under Miniflare direct, the list's latency is also split into the time in the Worker, its D1 calls and the wait
 * outside the Worker, from every answer's `Server-Timing` (breakdown.ts).
 * With BENCH_PEER=1 (or `npm run bench -- --peer`) the bench also starts the peer, the same read path on Node +
 * Fastify + PostgreSQL (../shared/peers/fastify-catalog, or BENCH_PEER_PATH; root needed), seeded with the same N,
 * measures it first with the same settings, stops it, and prints ours ÷ peer per route for each of our servers.
 *
 * Environment: BENCH_URL (e.g. http://127.0.0.1:8787: bench that server, start no wrangler dev), BENCH_DURATION
 * (seconds per route, default 10), BENCH_CONNECTIONS (default 50), BENCH_MINIFLARE=0 (skip the Miniflare part),
 * BENCH_CATALOG_PROGRAMS, BENCH_PEER, BENCH_PEER_PATH. All traffic goes to 127.0.0.1. What the bench adds to the
 * local D1 (subscribers `…@bench.invalid`, events, the bench catalog) is removed at the end.
 *
 * The parts live in scripts/bench/: config, processes (children and how they stop), targets (our servers), peer
 * (the peer's), data (what the bench adds to the local D1), requests, catalog (the catalog routes on both sides),
 * load (one route → figures), report and compare (the markdown), discovery (search over 100,000 lessons and GraphQL's
 * nested list on a scratch D1: `npm run bench -- --discovery` runs it alone), publishing (the scheduled publisher
 * over 10,000 due lessons, and the delay from 50 lessons' publish_at to their first 200 in the public catalog, each
 * on a scratch D1: `npm run bench -- --publishing` runs them alone).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { measureLatencyBreakdown } from "./bench/breakdown";
import { catalogShape, OUR_FLOOR_KEY, ourCatalogRoutes, ourListRoutes, peerRoutes } from "./bench/catalog";
import { type PeerFigures, peerSection } from "./bench/compare";
import { type BenchConfig, readBenchConfig } from "./bench/config";
import { addBenchCatalog, addBenchEvents, addBenchStore, BENCH_EVENT_MONTH, removeBenchData } from "./bench/data";
import { benchDiscovery } from "./bench/discovery";
import { benchChatRelays, benchChatThroughput, benchScoreboardFanout } from "./bench/fanout";
import { getRoute, measureRoute, type Route, type RouteFigures, varyingRoute } from "./bench/load";
import { peerUnavailable, startPeer } from "./bench/peer";
import { ensureNotInterrupted, isInterrupted, progress, runScript } from "./bench/processes";
import { benchPublishDelay, benchScheduledPublishing } from "./bench/publishing";
import {
  breakdownSection,
  checkoutSection,
  contextSection,
  discoverySection,
  notesSection,
  type Outcome,
  proxyCostSection,
  publishDelaySection,
  publishingSection,
  type RealtimeFigures,
  realtimeSection,
  relayFanoutSection,
  type TargetFigures,
  targetSection,
} from "./bench/report";
import { countVisibleTickets, logInAsEditor, nextSubscription } from "./bench/requests";
import { benchCalendarFeed } from "./bench/sse";
import { benchCheckout, ourStoreRoutes } from "./bench/store";
import { buildWorker, prepareLocalState, startMiniflareDirect, startWranglerDev, withServer } from "./bench/targets";

/** The routes loaded on every server, in this order; the floor (`GET /`, see report.ts) first. */
async function routesToLoad(baseUrl: string, editorToken: string, catalogPrograms: number): Promise<Route[]> {
  const asEditor = { authorization: `Bearer ${editorToken}` };
  return [
    { ...getRoute("/"), compareAs: OUR_FLOOR_KEY },
    getRoute("/health"),
    getRoute("/tickets", asEditor),
    varyingRoute("POST /subscribe", 201, nextSubscription),
    ...(await ourCatalogRoutes(baseUrl, catalogPrograms)),
    getRoute(`/events?from=${BENCH_EVENT_MONTH.from}&to=${BENCH_EVENT_MONTH.to}`),
    ...ourStoreRoutes(),
  ];
}

/** Due lessons the scheduled-publishing bench publishes in one run. */
const DUE_LESSONS = 10_000;
/** Lessons scheduled a few seconds ahead in the publish-delay bench, each polled until public. */
const DELAYED_LESSONS = 50;

/** The real-time benches, under wrangler dev: sockets on one scoreboard, and one chat room's throughput. */
const SCOREBOARD_CLIENTS = 500;
const SCOREBOARD_UPDATES = 20;
const CHAT_CLIENTS = 20;
const FEED_SUBSCRIBERS = 200;
const FEED_POSTS = 20;
/** Customers checking out at once in the checkout bench. */
const CHECKOUT_CUSTOMERS = 20;

// ---------------------------------------------------------------------------------------------------------------
// The benches

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

async function measureRoutes(label: string, baseUrl: string, routes: Route[], config: BenchConfig) {
  const figures: RouteFigures[] = [];
  for (const route of routes) {
    ensureNotInterrupted();
    progress(`${label}: ${route.name}, ${config.durationSeconds} s × ${config.connections} connections`);
    figures.push(await measureRoute(baseUrl, route, config));
  }
  return figures;
}

async function measureTarget(label: string, baseUrl: string, config: BenchConfig): Promise<TargetFigures> {
  const editorToken = await logInAsEditor(baseUrl);
  const ticketsVisible = await countVisibleTickets(baseUrl, editorToken);
  const catalog = await catalogShape(baseUrl, false);
  const routes = await routesToLoad(baseUrl, editorToken, config.catalogPrograms);
  const figures = await measureRoutes(label, baseUrl, routes, config);
  progress(`${label}: checkout, ${CHECKOUT_CUSTOMERS} customers, ${config.durationSeconds} s`);
  const checkout = await attempt("checkout", () => benchCheckout(baseUrl, CHECKOUT_CUSTOMERS, config.durationSeconds));
  return { url: baseUrl, ticketsVisible, catalog, routes: figures, checkout };
}

/** The same catalog data on our side as on the peer's, and the bench month's events. */
async function addBenchData(config: BenchConfig): Promise<void> {
  progress(
    `adding 500 events in the bench month, a bench catalog of ${config.catalogPrograms} programs and the bench store`,
  );
  await addBenchEvents();
  await addBenchCatalog(config.catalogPrograms);
  await addBenchStore();
}

async function benchWranglerDev(config: BenchConfig, workDir: string): Promise<TargetFigures> {
  if (config.targetUrl) {
    await addBenchData(config); // in the local D1, which the server at BENCH_URL is expected to use (npm start)
    return measureTarget("BENCH_URL", config.targetUrl, config);
  }
  progress("npm run dev:prepare (.dev.vars, local migrations, seed)");
  await prepareLocalState();
  await addBenchData(config);
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
    async (server) => ({
      ...(await measureTarget("Miniflare direct", server.url, config)),
      breakdown: await attempt("the latency breakdown", () => measureBreakdown(server.url, config)),
    }),
  );
}

/** The catalog list's latency split into the Worker, D1 and the wait outside the Worker (see breakdown.ts). */
async function measureBreakdown(baseUrl: string, config: BenchConfig) {
  const routes = ourListRoutes(config.catalogPrograms, await logInAsEditor(baseUrl));
  const figures = [];
  for (const route of routes) {
    progress(`Miniflare direct, latency breakdown: ${route.name}, ${config.durationSeconds} s`);
    figures.push(await measureLatencyBreakdown(baseUrl, route, config));
  }
  return figures;
}

/** Starts the peer with the same N, loads its routes, stops it (with the PostgreSQL cluster it started). */
async function benchPeer(config: BenchConfig, workDir: string): Promise<PeerFigures> {
  const logFile = join(workDir, "peer.log");
  progress(`starting the peer from ${config.peerPath}, N=${config.catalogPrograms} (log: ${logFile}; a first run`);
  progress("  installs PostgreSQL with apt-get and the peer's npm packages: minutes)");
  return withServer(
    () => startPeer(config.peerPath, config.catalogPrograms, logFile),
    async (server) => ({
      url: server.url,
      programs: config.catalogPrograms,
      catalog: await catalogShape(server.url, true),
      routes: await measureRoutes("peer", server.url, peerRoutes(config.catalogPrograms), config),
    }),
  );
}

/** The peer's figures, or why there are none: not asked for, cannot start here, or failed. */
function measurePeer(config: BenchConfig, workDir: string): Promise<Outcome<PeerFigures>> {
  if (!config.peer) {
    const error = "not enabled; `BENCH_PEER=1 npm run bench` (or `npm run bench -- --peer`) starts it (root needed).";
    return Promise.resolve({ ok: false, error });
  }
  const unavailable = peerUnavailable(config.peerPath);
  if (unavailable) {
    progress(`the peer cannot start: ${unavailable}`);
    return Promise.resolve({ ok: false, error: `cannot start here: ${unavailable}.` });
  }
  return attempt("the peer", () => benchPeer(config, workDir));
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

let scratchBundle: Promise<string> | undefined;
/** The built Worker the benches on a scratch D1 serve (publish delay, discovery), built once per run. */
function scratchWorker(workDir: string): Promise<string> {
  if (!scratchBundle) progress("building the Worker (wrangler deploy --dry-run) for the benches on a scratch D1");
  scratchBundle ??= buildWorker(join(workDir, "dist-scratch"));
  return scratchBundle;
}

/** Search over the bench corpus and GraphQL's nested list, on a scratch D1 with the built Worker (discovery.ts). */
async function measureDiscovery(workDir: string) {
  const bundle = await scratchWorker(workDir);
  return benchDiscovery(join(workDir, "discovery-state"), bundle, join(workDir, "discovery.log"));
}

/** The scheduled publisher: its throughput over many due lessons, then the delay to public of a few (publishing.ts). */
async function measurePublishing(workDir: string) {
  progress(`scheduled publishing: ${DUE_LESSONS.toLocaleString("en-US")} due lessons on a scratch D1`);
  const throughput = await attempt("scheduled publishing", () =>
    benchScheduledPublishing(join(workDir, "publishing-state"), DUE_LESSONS),
  );
  const delay = await attempt("publish delay", async () => {
    const bundle = await scratchWorker(workDir);
    progress(`scheduled publishing: ${DELAYED_LESSONS} lessons scheduled seconds ahead, polled until public`);
    return benchPublishDelay(join(workDir, "delay-state"), bundle, join(workDir, "publish-delay.log"), DELAYED_LESSONS);
  });
  return { ok: throughput.ok && delay.ok, report: [...publishingSection(throughput), ...publishDelaySection(delay)] };
}

/**
 * The chat's fan-out through relays alone (`--relays`), on the built Worker under Miniflare with every join past
 * BENCH_RELAY_ROOM_SOCKETS sent to relays; the room is asked over RPC how many clients each relay holds. Each client
 * is a socket in a child process and one in workerd: 5,000 clients need `ulimit -n` above 5,000 (10,240 is plenty).
 */
async function measureRelays(config: BenchConfig, workDir: string) {
  progress("npm run dev:prepare (.dev.vars, local migrations, seed)");
  await prepareLocalState();
  progress("building the Worker (wrangler deploy --dry-run) for the relay bench");
  const bundle = await buildWorker(join(workDir, "dist-relays"));
  const vars = {
    CHAT_ROOM_SOCKETS: String(config.relays.roomSockets),
    CHAT_RELAY_SOCKETS: String(config.relays.relaySockets),
  };
  let bindings: (() => Promise<Env>) | undefined;
  return withServer(
    async () => {
      const server = await startMiniflareDirect(bundle, join(workDir, "relays.log"), undefined, vars);
      bindings = server.env;
      return server;
    },
    async (server) => {
      const env = await bindings!();
      const editorToken = await logInAsEditor(server.url);
      const runs = [];
      for (const clients of config.relays.clients) {
        ensureNotInterrupted();
        progress(
          `Miniflare direct: ${clients} WebSocket clients on one stream, room sockets ${config.relays.roomSockets}, ` +
            `relays of ${config.relays.relaySockets}, ${config.relays.messages} messages`,
        );
        const census = (id: string) => env.CHAT_ROOM.getByName(id).relayCensus();
        runs.push(await benchChatRelays(server.url, editorToken, { ...config.relays, clients }, census));
      }
      return runs;
    },
  );
}

/** Prints the report; the exit code is 1 if the first server could not be measured. */
async function main(config: BenchConfig): Promise<number> {
  const startLoad = loadavg()[0] ?? 0;
  const workDir = mkdtempSync(join(tmpdir(), "bench-"));
  let keepLogs = false;
  process.on("exit", () => keepLogs || rmSync(workDir, { recursive: true, force: true }));
  if (config.discoveryOnly) {
    const discovery = await attempt("discovery", () => measureDiscovery(workDir));
    keepLogs = !discovery.ok;
    console.log([...contextSection(config, startLoad), ...discoverySection(discovery)].join("\n"));
    return discovery.ok ? 0 : 1;
  }
  if (config.publishingOnly) {
    const publishing = await measurePublishing(workDir);
    keepLogs = !publishing.ok;
    console.log([...contextSection(config, startLoad), ...publishing.report].join("\n"));
    return publishing.ok ? 0 : 1;
  }

  if (config.relaysOnly) {
    const relays = await attempt("the relay fan-out", () => measureRelays(config, workDir));
    keepLogs = !relays.ok;
    console.log([...contextSection(config, startLoad), ...relayFanoutSection(relays)].join("\n"));
    return relays.ok ? 0 : 1;
  }

  // The peer first, alone on the machine: stopped (with its database) before our servers start.
  const peer = await measurePeer(config, workDir);
  const devTitle = config.targetUrl ? "Server at BENCH_URL" : "wrangler dev (through its dev proxy)";
  const dev = await attempt(devTitle, () => benchWranglerDev(config, workDir));
  const direct: Outcome<TargetFigures> = config.miniflare
    ? await attempt("Miniflare direct", () => benchMiniflareDirect(config, workDir))
    : { ok: false, error: "skipped (BENCH_MINIFLARE=0)." };
  const removed = await attempt("removing the bench data", removeBenchData);
  const publishing = await measurePublishing(workDir);
  const discovery = await attempt("discovery", () => measureDiscovery(workDir));
  keepLogs = (!dev.ok || !direct.ok || !discovery.ok || (config.peer && !peer.ok)) && readdirSync(workDir).length > 0;

  const report = [
    ...contextSection(config, startLoad),
    ...targetSection(devTitle, dev),
    ...targetSection("Miniflare direct (built Worker, no dev proxy)", direct),
    ...(dev.ok && direct.ok ? proxyCostSection(dev.value, direct.value) : []),
    ...(direct.ok && direct.value.breakdown ? breakdownSection(direct.value.breakdown) : []),
    ...peerSection(peer, [
      { title: config.targetUrl ? "Server at BENCH_URL" : "wrangler dev", outcome: dev },
      { title: "Miniflare direct", outcome: direct },
    ]),
    ...checkoutSection([
      { title: config.targetUrl ? "Server at BENCH_URL" : "wrangler dev", outcome: dev },
      { title: "Miniflare direct", outcome: direct },
    ]),
    ...(dev.ok && dev.value.realtime ? realtimeSection(dev.value.realtime) : []),
    ...publishing.report,
    ...discoverySection(discovery),
    ...notesSection(removed, keepLogs ? workDir : undefined),
  ];
  console.log(report.join("\n"));
  return dev.ok ? 0 : 1;
}

await runScript(readBenchConfig, main);
