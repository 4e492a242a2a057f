/**
 * The markdown the bench prints: the context of the run, one table of route figures per server, the cost of the
 * dev proxy, notes. Every route's req/s is also shown as a ratio to the floor route's in the same table, the one
 * figure that compares between runs and machines.
 */

import { createRequire } from "node:module";
import { arch, cpus, platform } from "node:os";
import { requireFromWrangler } from "../seed/local-platform";
import type { LatencyBreakdown, Spread } from "./breakdown";
import type { CatalogShape } from "./catalog";
import type { DiscoveryFigures, SequentialFigures } from "./discovery";
import type { ChatFigures, LatencyFigures, RelayFanoutFigures } from "./fanout";
import {
  type CacheTally,
  type LoadSettings,
  type RouteFigures,
  type UnexpectedResponses,
  WARMUP_REQUESTS,
} from "./load";
import type { PublishDelayFigures, PublishingFigures, PublishRun } from "./publishing";
import { BENCH_EMAIL_DOMAIN } from "./requests";
import type { CheckoutFigures } from "./store";

/** The route every other is divided by: the cheapest request the stack serves (no D1). Every route list loads it. */
export const FLOOR_ROUTE = "GET /";

/** What a section shows: figures, or why there are none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface TargetFigures {
  /** Where the list's latency goes; measured under Miniflare direct only. */
  breakdown?: Outcome<LatencyBreakdown[]>;
  url: string;
  /** Tickets on the editor's first page: none means the server does not run on the seeded local D1. */
  ticketsVisible: number;
  routes: RouteFigures[];
  /** What the bench catalog looks like through this server's answers. */
  catalog?: CatalogShape;
  /** Measured under wrangler dev only. */
  realtime?: Outcome<RealtimeFigures>;
  /** The store's checkout under load, then the order queue's drain. */
  checkout?: Outcome<CheckoutFigures>;
}

export interface RealtimeFigures {
  scoreboard: LatencyFigures;
  chat: ChatFigures;
  calendarFeed: LatencyFigures;
}

export const integer = (n: number) => Math.round(n).toLocaleString("en-US");
export const decimal = (n: number) => (Math.round(n * 10) / 10).toString();

/** A GitHub-flavoured markdown table; `rightAligned` per column. */
export function markdownTable(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(rightAligned.map((right) => (right ? "---:" : "---"))), ...rows.map(line)].join("\n");
}

/** Deliveries and their latency: one row. */
function latencyTable({ samples, p50Ms, p99Ms, maxMs }: LatencyFigures): string {
  return markdownTable(
    ["deliveries", "p50 ms", "p99 ms", "max ms"],
    [[integer(samples), decimal(p50Ms), decimal(p99Ms), decimal(maxMs)]],
    [true, true, true, true],
  );
}

function describeUnexpected({ total, byStatus }: UnexpectedResponses): string {
  if (total === 0) return "0";
  const statuses = Object.entries(byStatus).map(([status, count]) => `${status}×${integer(count)}`);
  return statuses.length > 0 ? `${integer(total)} (${statuses.join(", ")})` : integer(total);
}

/**
 * What the `Server-Timing` cache entries of a run said: "hit", "miss 97%, hit 3%"…, "none" when no response had one
 * (no edge cache on that route or server), empty for routes that did not look.
 */
export function describeCache(tally: CacheTally | undefined): string {
  if (!tally) return "";
  const total = Object.values(tally).reduce((sum, count) => sum + count, 0);
  const entries = Object.entries(tally).sort(([, a], [, b]) => b - a);
  if (total === 0 || entries.length === 0) return "";
  if (entries.length === 1) return entries[0]![0];
  return entries.map(([status, count]) => `${status} ${((100 * count) / total).toFixed(0)}%`).join(", ");
}

/** The floor of a table: our `GET /`, or the route another server pairs with it (the peer's `GET /floor`). */
const isFloor = (figures: RouteFigures) => figures.route === FLOOR_ROUTE || figures.compareAs === "floor";

/** One server's routes: throughput, latency, odd answers, D1 cost and each route's ratio to the floor. */
export function routeTable(routes: RouteFigures[]): string {
  const floor = routes.find(isFloor)?.requestsPerSecond;
  const rows = routes.map((f) => [
    `\`${f.route}\``,
    integer(f.requestsPerSecond),
    decimal(f.p50Ms),
    decimal(f.p99Ms),
    integer(f.requests),
    describeUnexpected(f.unexpected),
    integer(f.errors),
    f.cost ? String(f.cost.queries) : "n/a",
    f.cost ? String(f.cost.rowsRead) : "n/a",
    describeCache(f.cache),
    floor ? (f.requestsPerSecond / floor).toFixed(2) : "n/a",
  ]);
  const header = [
    "route",
    "req/s",
    "p50 ms",
    "p99 ms",
    "requests",
    "unexpected status",
    "errors",
    "D1 queries/req",
    "rows read/req",
    "cache",
    "× floor",
  ];
  const rightAligned = header.map((name) => name !== "route" && name !== "cache");
  return markdownTable(header, rows, rightAligned);
}

function packageVersion(require: NodeJS.Require, name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "not found";
  }
}

export function contextSection(settings: LoadSettings, startLoad: number): string[] {
  const cpu = cpus();
  const requireHere = createRequire(import.meta.url);
  return [
    `## Bench: ${new Date().toISOString()}`,
    "",
    `- Machine: Node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? "unknown"}), ` +
      `${platform()} ${arch()}; 1-min load average ${startLoad.toFixed(2)} at start. ` +
      "The load generator (autocannon) shares these CPUs.",
    `- Config: ${settings.durationSeconds} s per route, ${settings.connections} connections, ${WARMUP_REQUESTS} ` +
      `warm-up requests per route; autocannon ${packageVersion(requireHere, "autocannon")}, wrangler ` +
      `${packageVersion(requireHere, "wrangler")}, miniflare ${packageVersion(requireFromWrangler, "miniflare")}.`,
    `- req/s is autocannon's average over the run; "× floor" is a route's req/s ÷ \`${FLOOR_ROUTE}\`'s (no D1) ` +
      "in the same table. D1 queries and rows read are per request, from `Server-Timing`; cache is what the " +
      "`Server-Timing` cache entry of every response said (none: no edge cache answered).",
    "",
  ];
}

export function targetSection(title: string, outcome: Outcome<TargetFigures>): string[] {
  if (!outcome.ok) return [`### ${title}`, "", `Not measured: ${outcome.error}`, ""];
  const { url, ticketsVisible, routes } = outcome.value;
  const seeded =
    ticketsVisible > 0
      ? `the seeded tickets are visible (${ticketsVisible} on the editor's first page)`
      : "**no tickets visible: this is not the seeded local D1**";
  return [`### ${title}`, "", `${url}; ${seeded}.`, "", routeTable(routes), ""];
}

/** What the dev proxy of `wrangler dev` costs: each route's req/s on both servers. */
export function proxyCostSection(devServer: TargetFigures, direct: TargetFigures): string[] {
  const rows = devServer.routes.flatMap((dev) => {
    const mf = direct.routes.find((figures) => figures.route === dev.route);
    if (!mf) return [];
    const speedup = (mf.requestsPerSecond / dev.requestsPerSecond).toFixed(2);
    return [[`\`${dev.route}\``, integer(dev.requestsPerSecond), integer(mf.requestsPerSecond), speedup]];
  });
  return [
    "### Dev proxy cost",
    "",
    markdownTable(["route", "wrangler dev req/s", "Miniflare direct req/s", "direct ÷ wrangler dev"], rows, [
      false,
      true,
      true,
      true,
    ]),
    "",
  ];
}

/** Where the list's latency goes under Miniflare direct (breakdown.ts): one row per variant. */
export function breakdownSection(outcome: Outcome<LatencyBreakdown[]>): string[] {
  const title = "### Where the catalog list's latency goes (Miniflare direct)";
  if (!outcome.ok) return [title, "", `Not measured: ${outcome.error}`, ""];
  const pair = ({ p50Ms, p99Ms }: Spread) => `${decimal(p50Ms)} / ${decimal(p99Ms)}`;
  const rows = outcome.value.map((figures) => [
    `\`${figures.route}\``,
    integer(figures.requestsPerSecond),
    pair(figures.client),
    decimal(figures.client.p99Ms / figures.client.p50Ms),
    pair(figures.worker),
    pair(figures.d1),
    pair(figures.outside),
    `${integer(figures.slowest.clientMs)} = ${integer(figures.slowest.workerMs)} + ${integer(figures.slowest.outsideMs)}`,
    integer(figures.unexpected),
  ]);
  const header = [
    "route",
    "req/s",
    "client p50 / p99 ms",
    "p99 ÷ p50",
    "in the Worker",
    "of which D1",
    "outside the Worker",
    "slowest 1 %: client = Worker + outside",
    "other status",
  ];
  return [
    title,
    "",
    "The same closed loop as autocannon, from `node:http` clients that split each request's latency with the",
    "answer's `Server-Timing` (`total` is the time in the Worker, `db` its D1 calls).",
    "",
    markdownTable(header, rows, [false, ...header.slice(1).map(() => true)]),
    "",
  ];
}

/** Checkout throughput on each server, beside the floor's req/s in the same run. */
export function checkoutSection(targets: { title: string; outcome: Outcome<TargetFigures> }[]): string[] {
  const rows = targets.flatMap(({ title, outcome }) => {
    if (!outcome.ok || !outcome.value.checkout) return [];
    const floor = outcome.value.routes.find(isFloor)?.requestsPerSecond;
    if (!outcome.value.checkout.ok)
      return [[title, `not measured: ${outcome.value.checkout.error}`, ...Array(8).fill("")]];
    const c = outcome.value.checkout.value;
    const cost = (figures: CheckoutFigures["checkoutCost"]) =>
      figures ? `${figures.queries} / ${figures.rowsRead}` : "n/a";
    const odd = Object.entries(c.unexpected).map(([status, count]) => `${status}: ${integer(count)}`);
    return [
      [
        title,
        `${integer(c.orders)} in ${decimal(c.seconds)} s`,
        decimal(c.ordersPerSecond),
        floor ? ((2 * c.ordersPerSecond) / floor).toFixed(3) : "n/a",
        `${decimal(c.latency.p50Ms)} / ${decimal(c.latency.p99Ms)}`,
        cost(c.addToCartCost),
        cost(c.checkoutCost),
        c.queueDrainMs === undefined ? "over 60 s" : `${integer(c.queueDrainMs)} ms`,
        odd.length > 0 ? odd.join(", ") : "none",
      ],
    ];
  });
  if (rows.length === 0) return [];
  const header = [
    "server",
    "orders",
    "orders/s",
    "requests/s ÷ floor",
    "checkout p50 / p99 ms",
    "add to cart: D1 queries / rows",
    "checkout: D1 queries / rows",
    "queue drained after the load",
    "other status",
  ];
  const customers = targets.find(({ outcome }) => outcome.ok && outcome.value.checkout?.ok);
  const clients =
    customers?.outcome.ok && customers.outcome.value.checkout?.ok
      ? customers.outcome.value.checkout.value.customers
      : 0;
  return [
    "### Checkout throughput",
    "",
    `${integer(clients)} customers, each in a loop: \`POST /cart/items\` (one bench watch), then \`POST /checkout\` with ` +
      "an Idempotency-Key. An order is two requests: the ratio to the floor counts both. The queue's drain is the " +
      "time from the end of the load until every order placed was completed by the order queue's consumer.",
    "",
    markdownTable(header, rows, [false, ...header.slice(1).map((name) => name !== "other status")]),
    "",
  ];
}

export function notesSection(removed: Outcome<number>, logDir: string | undefined): string[] {
  return [
    removed.ok
      ? `- Removed ${integer(removed.value)} rows the bench added (subscribers \`@${BENCH_EMAIL_DOMAIN}\`, bench events, ` +
        "the bench catalog's programs with their terms, lessons and assets, the bench store's watches, customers and " +
        "orders) from the local D1."
      : `- Could not remove what the bench added to the local D1: ${removed.error}`,
    ...(logDir ? [`- Server logs kept in ${logDir}.`] : []),
  ];
}

/** The scheduled publisher: one run over many due lessons, then a re-run that must change nothing. */
export function publishingSection(outcome: Outcome<PublishingFigures>): string[] {
  const title = "### Scheduled publishing (`publishDueLessons`)";
  if (!outcome.ok) return [title, "", `Not measured: ${outcome.error}`, ""];
  const { dueLessons, first, rerun } = outcome.value;
  const row = (label: string, run: PublishRun) => [
    label,
    decimal(run.ms),
    integer(run.published),
    String(run.queries),
    integer(run.rowsRead),
    integer(run.rowsWritten),
  ];
  return [
    title,
    "",
    `${integer(dueLessons)} scheduled lessons due, each with its thumbnails, in one draft program with its posters, ` +
      "on a scratch local D1; timed from Node through Miniflare.",
    "",
    markdownTable(
      ["run", "ms", "lessons published", "D1 round trips", "rows read", "rows written"],
      [row("first run", first), row("re-run (nothing due)", rerun)],
      [false, true, true, true, true, true],
    ),
    "",
  ];
}

/** From a lesson's publish_at to its first 200 on the public route, as a polling client sees it. */
export function publishDelaySection(outcome: Outcome<PublishDelayFigures>): string[] {
  const title = "### Scheduled publishing: from publish_at to public (PublishClock alarm)";
  if (!outcome.ok) return [title, "", `Not measured: ${outcome.error}`, ""];
  const figures = outcome.value;
  return [
    title,
    "",
    `${integer(figures.lessons)} lessons scheduled over the API a few seconds ahead, their times spread over ` +
      `${decimal(figures.spreadMs / 1000)} s; the built Worker under Miniflare directly, no Cron Trigger firing. ` +
      `Each lesson's \`GET /catalog/lessons/{id}\` polled every ${figures.pollMs} ms (through the edge cache, ` +
      "no credentials) from just before its time; delay = first 200 received − publish_at (resolution: the poll " +
      "interval plus one request).",
    "",
    markdownTable(
      ["lessons", "p50 ms", "p95 ms", "max ms", "alarm runs", "published by alarms"],
      [
        [
          integer(figures.lessons),
          integer(figures.p50Ms),
          integer(figures.p95Ms),
          integer(figures.maxMs),
          integer(figures.alarmRuns),
          integer(figures.alarmPublished),
        ],
      ],
      [true, true, true, true, true, true],
    ),
    "",
  ];
}

/** WebSocket fan-out through the Durable Object rooms. */
export function realtimeSection(outcome: Outcome<RealtimeFigures>): string[] {
  const title = "### Real-time rooms (Durable Objects, under wrangler dev)";
  if (!outcome.ok) return [title, "", `Not measured: ${outcome.error}`, ""];
  const { scoreboard, chat, calendarFeed } = outcome.value;
  return [
    title,
    "",
    `Scoreboard: ${integer(scoreboard.clients)} WebSocket clients on one game; time from sending ` +
      "`POST /games/:id/score/update` to each client receiving the new score.",
    "",
    latencyTable(scoreboard),
    "",
    `Chat: ${integer(chat.clients)} clients in one room; messages posted over HTTP by an editor, 8 at a time, for ` +
      `${decimal(chat.seconds)} s; a message counts once every client has it.`,
    "",
    markdownTable(
      ["messages", "messages/s", "deliveries/s", "p50 ms", "p99 ms", "max ms"],
      [
        [
          integer(chat.messages),
          decimal(chat.messagesPerSecond),
          integer(chat.deliveriesPerSecond),
          decimal(chat.latency.p50Ms),
          decimal(chat.latency.p99Ms),
          decimal(chat.latency.maxMs),
        ],
      ],
      [true, true, true, true, true, true],
    ),
    "",
    `Calendar feed: ${integer(calendarFeed.clients)} SSE subscribers on \`GET /events/stream\`; time from sending ` +
      "`POST /events` to each subscriber receiving its `event: update`.",
    "",
    latencyTable(calendarFeed),
    "",
  ];
}

/** Discovery at scale (discovery.ts): searches one at a time over the bench corpus, and GraphQL's nested list. */
export function discoverySection(outcome: Outcome<DiscoveryFigures>): string[] {
  const title = "### Discovery: search and GraphQL at scale (Miniflare direct, scratch D1)";
  if (!outcome.ok) return [title, "", `Not measured: ${outcome.error}`, ""];
  const { lessons, programs, indexSeconds, floor, searches, graphql } = outcome.value;
  const row = (figures: SequentialFigures) => [
    figures.name,
    String(figures.samples),
    decimal(figures.p50Ms),
    decimal(figures.p99Ms),
    (figures.p50Ms / floor.p50Ms).toFixed(1),
    figures.cost ? String(figures.cost.queries) : "?",
    figures.cost ? integer(figures.cost.rowsRead) : "?",
    figures.detail,
  ];
  const header = ["request", "samples", "p50 ms", "p99 ms", "p50 × floor's", "D1 round trips", "rows read", "answer"];
  const aligned = [false, true, true, true, true, true, true, false];
  return [
    title,
    "",
    `${integer(lessons)} published lessons in ${integer(programs)} programs, indexed by the triggers as they were ` +
      `inserted (${decimal(indexSeconds)} s for the whole corpus). Each request sent alone after a warm-up, up to ` +
      "200 times or for 20 s, each a cache miss, latency seen from Node; the floor `GET /` (no D1) the same way. " +
      "The p99 of fewer than 100 samples is their maximum.",
    "",
    markdownTable(header, [row(floor), ...searches.map(row)], aligned),
    "",
    ...(graphql.ok
      ? [markdownTable(header, graphql.value.map(row), aligned)]
      : [`GraphQL not measured: ${graphql.error}`]),
    "",
  ];
}

/** The chat's fan-out through relays (`npm run bench -- --relays`): a row per run, then where each run's delay went. */
export function relayFanoutSection(outcome: Outcome<RelayFanoutFigures[]>): string[] {
  const title = "### Chat fan-out through relays (Miniflare direct)";
  if (!outcome.ok) return [title, "", `Not measured: ${outcome.error}`, ""];
  const runs = outcome.value;
  const first = runs[0];
  if (!first) return [title, "", "No run.", ""];
  const timing = (latency: LatencyFigures) =>
    `${decimal(latency.p50Ms)} / ${decimal(latency.p99Ms)} / ${decimal(latency.maxMs)} ms`;
  const share = (seconds: number | undefined, wall: number) =>
    seconds === undefined ? "?" : `${decimal(seconds)} s (${integer((100 * seconds) / wall)} %)`;
  return [
    title,
    "",
    `WebSocket clients on one stream (CHAT_ROOM_SOCKETS=${integer(first.roomSockets)}, CHAT_RELAY_SOCKETS=` +
      `${integer(first.relaySockets)}) in ${integer(first.processes)} client processes; ${integer(first.messages)} ` +
      `messages posted over HTTP by an editor, one every ${integer(first.intervalMs)} ms, timed from sending the POST ` +
      "to each client receiving the message; the clients " +
      (first.compression ? "offered permessage-deflate, as browsers do." : "did not offer permessage-deflate."),
    "",
    markdownTable(
      [
        "clients",
        "joined in",
        "relays",
        "clients per relay (max / min)",
        "deliveries",
        "clients complete and in order",
        "p50 ms",
        "p99 ms",
        "max ms",
      ],
      runs.map((run) => [
        integer(run.clients),
        `${decimal(run.joinSeconds)} s`,
        integer(run.clientsPerRelay.length),
        run.clientsPerRelay.length === 0
          ? "-"
          : `${integer(run.clientsPerRelay[0] ?? 0)} / ${integer(run.clientsPerRelay.at(-1) ?? 0)}`,
        `${integer(run.deliveries)} of ${integer(run.expectedDeliveries)}`,
        `${integer(run.clientsComplete)} of ${integer(run.clients)}`,
        decimal(run.latency.p50Ms),
        decimal(run.latency.p99Ms),
        decimal(run.latency.maxMs),
      ]),
      [true, false, true, false, false, false, true, true, true],
    ),
    "",
    ...runs.map(
      (run) =>
        `- ${integer(run.clients)} clients: POST sent → room stored the message (p50 / p99 / max) ` +
        `${timing(run.beforeStored)}; room stored → client has it ${timing(run.afterStored)}. CPU over the ` +
        `${decimal(run.cpu.wallSeconds)} s from the first POST to the last delivery: clients ` +
        `${share(run.cpu.clientSeconds, run.cpu.wallSeconds)}, workerd ` +
        `${share(run.cpu.workerdSeconds, run.cpu.wallSeconds)} (100 % = one core).`,
    ),
    "",
  ];
}
