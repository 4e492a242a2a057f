/**
 * The capacity model: what a mix of 2,800 requests a second costs D1 and the Durable Objects, computed from the
 * measured cost of each route (probe.ts) and the mix below, for several edge-cache hit ratios. Everything assumed is
 * here, stated once; docs/SCALING.md explains it.
 */
import type { DeferredWork } from "./deferred";
import type { Cost, Measured } from "./probe";

/** The discovery seed's target, 10 million users an hour: 10,000,000 ÷ 3,600 s ≈ 2,800 requests a second. */
export const TARGET_RPS = 2_800;

/** The hit ratio of edge-cached public reads the model assumes; the others are shown beside it. */
export const ASSUMED_HIT_RATIO = 0.9;
export const HIT_RATIOS = [0, 0.5, ASSUMED_HIT_RATIO, 0.99];

/**
 * One D1 database is one SQLite primary that runs one query at a time: its ceiling is 1 ÷ the mean query duration
 * (Cloudflare's D1 limits FAQ: 1 ms a query gives about 1,000 queries a second). 1 ms is the assumption here.
 */
export const ASSUMED_QUERY_MS = 1;
export const PRIMARY_QUERIES_PER_SECOND = 1_000 / ASSUMED_QUERY_MS;
/** Cloudflare's soft limit of requests a second to one Durable Object. */
export const OBJECT_REQUESTS_PER_SECOND = 1_000;
/** D1 pricing (Workers Paid), in US dollars per million rows, beyond the monthly allowance. */
export const PRICE_PER_MILLION_ROWS_READ = 0.001;
export const PRICE_PER_MILLION_ROWS_WRITTEN = 1;
const SECONDS_PER_MONTH = 30 * 86_400;

export interface MixEntry {
  group: string;
  operation: string;
  /** Percent of all requests. */
  share: number;
  /** Durable Object requests one such request makes (read from the route's code: an RPC or a socket hand-off). */
  objectRequests: number;
}

/** The mix: shares of 2,800 requests a second, by what people do. */
export const MIX: MixEntry[] = [
  { group: "catalog reads", operation: "GET /catalog/programs", share: 12, objectRequests: 0 },
  { group: "catalog reads", operation: "GET /catalog/programs/{id}", share: 14, objectRequests: 0 },
  { group: "catalog reads", operation: "GET /catalog/lessons/{id}", share: 12, objectRequests: 0 },
  { group: "catalog reads", operation: "GET /catalog/topics", share: 2, objectRequests: 0 },
  { group: "search", operation: "GET /discovery/search", share: 8, objectRequests: 0 },
  { group: "search", operation: "GET /discovery/featured", share: 2, objectRequests: 0 },
  { group: "store browsing", operation: "GET /products", share: 9, objectRequests: 0 },
  { group: "store browsing", operation: "GET /products/{id}", share: 11, objectRequests: 0 },
  { group: "cart and checkout", operation: "GET /cart", share: 1.5, objectRequests: 0 },
  { group: "cart and checkout", operation: "POST /cart/items", share: 1.5, objectRequests: 0 },
  { group: "cart and checkout", operation: "POST /checkout", share: 0.5, objectRequests: 0 },
  { group: "cart and checkout", operation: "GET /orders", share: 0.5, objectRequests: 0 },
  { group: "calendar", operation: "GET /events", share: 3.5, objectRequests: 0 },
  { group: "calendar", operation: "GET /events/{id}", share: 1, objectRequests: 0 },
  { group: "calendar", operation: "GET /events/stream", share: 0.5, objectRequests: 1 },
  { group: "scoreboard", operation: "GET /games/{id}/score", share: 5, objectRequests: 1 },
  { group: "scoreboard", operation: "GET /games/{id}/ws", share: 3.5, objectRequests: 1 },
  { group: "scoreboard", operation: "POST /games/{id}/score/update", share: 0.5, objectRequests: 1 },
  { group: "chat", operation: "GET /streams/{id}/messages", share: 2, objectRequests: 1 },
  { group: "chat", operation: "GET /streams/{id}/ws", share: 3, objectRequests: 1 },
  { group: "chat", operation: "POST /streams/{id}/messages", share: 4, objectRequests: 1 },
  { group: "accounts", operation: "POST /auth/login", share: 0.5, objectRequests: 0 },
  { group: "accounts", operation: "GET /auth/me", share: 0.5, objectRequests: 0 },
  { group: "CMS", operation: "GET /cms/lessons", share: 0.4, objectRequests: 0 },
  { group: "CMS", operation: "PATCH /cms/lessons/{id}", share: 0.3, objectRequests: 0 },
  { group: "CMS", operation: "POST /cms/terms/{id}/lessons", share: 0.1, objectRequests: 0 },
  { group: "CMS", operation: "PATCH /cms/programs/{id}", share: 0.1, objectRequests: 0 },
  { group: "CMS", operation: "POST /cms/lessons/{id}/publish", share: 0.1, objectRequests: 0 },
  { group: "desk and mailing list", operation: "POST /tickets", share: 0.3, objectRequests: 0 },
  { group: "desk and mailing list", operation: "GET /tickets", share: 0.2, objectRequests: 0 },
  { group: "desk and mailing list", operation: "POST /subscribe", share: 0.5, objectRequests: 0 },
];

/** Per second, at one hit ratio. */
export interface Load {
  hitRatio: number;
  queries: number;
  /** Round trips of requests that write D1: the primary takes these whatever the replicas (a writer's reads too). */
  writeQueries: number;
  rowsRead: number;
  rowsWritten: number;
  objectRequests: number;
}

interface Row {
  entry: MixEntry;
  rps: number;
  cached: boolean;
  miss: Cost;
  hit: Cost | undefined;
  writes: boolean;
  /** D1 work after the answer, for every such request (hits included): all of it writes, on the primary. */
  after: Cost | undefined;
}

/** What the model is given: the measured requests and the work after their answers. */
export interface Figures {
  measured: Measured[];
  /** The last piece for an operation is the one the model counts (for a search: a query searched before). */
  deferred: DeferredWork[];
}

function rowsOf({ measured, deferred }: Figures): Row[] {
  const after = new Map(deferred.map((work) => [work.operation, work.cost]));
  const byOperation = new Map(measured.map((m) => [m.operation, m]));
  const total = MIX.reduce((sum, entry) => sum + entry.share, 0);
  if (Math.abs(total - 100) > 1e-9) throw new Error(`the mix's shares add up to ${total}%, not 100%`);
  return MIX.map((entry) => {
    const m = byOperation.get(entry.operation);
    if (!m) throw new Error(`the mix names ${entry.operation}, which was not measured`);
    return {
      entry,
      rps: (TARGET_RPS * entry.share) / 100,
      cached: m.hit !== undefined,
      miss: m.cost,
      hit: m.hit?.cost,
      writes: m.cost.rowsWritten > 0,
      after: after.get(entry.operation),
    };
  });
}

/** A cached route's cost at `hitRatio`: hits cost what the second request cost, misses what the first did. */
function blended(row: Row, pick: (cost: Cost) => number, hitRatio: number): number {
  const answer = !row.cached || !row.hit ? pick(row.miss) : (1 - hitRatio) * pick(row.miss) + hitRatio * pick(row.hit);
  return answer + (row.after ? pick(row.after) : 0);
}

export function loadAt(figures: Figures, hitRatio: number): Load {
  const rows = rowsOf(figures);
  const sum = (f: (row: Row) => number) => rows.reduce((acc, row) => acc + row.rps * f(row), 0);
  return {
    hitRatio,
    queries: sum((row) => blended(row, (c) => c.queries, hitRatio)),
    writeQueries: sum((row) => (row.writes ? row.miss.queries : 0) + (row.after?.queries ?? 0)),
    rowsRead: sum((row) => blended(row, (c) => c.rowsRead, hitRatio)),
    rowsWritten: sum((row) => blended(row, (c) => c.rowsWritten, hitRatio)),
    objectRequests: sum((row) => row.entry.objectRequests),
  };
}

/** The lowest edge hit ratio at which all D1 queries of the mix fit one primary (undefined if none does). */
export function hitRatioForOnePrimary(figures: Figures): number | undefined {
  const [never, always] = [loadAt(figures, 0).queries, loadAt(figures, 1).queries];
  if (always > PRIMARY_QUERIES_PER_SECOND) return undefined;
  if (never <= PRIMARY_QUERIES_PER_SECOND) return 0;
  return (never - PRIMARY_QUERIES_PER_SECOND) / (never - always);
}

const n = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (value: number) => `${n(value * 100, value < 0.1 && value > 0 ? 1 : 0)}%`;

/** The mix as a table a reader can redo: per-request costs (measured) times requests a second. */
export function mixTable(figures: Figures): string[] {
  const rows = rowsOf(figures);
  const lines = [
    `| group | request | share | req/s | D1 queries (miss / hit) | rows read (miss / hit) | rows written | after the answer: queries / rows read / written | DO requests | D1 queries/s at ${pct(ASSUMED_HIT_RATIO)} hits | rows read/s | rows written/s |`,
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const [q, r, w] = [
      blended(row, (c) => c.queries, ASSUMED_HIT_RATIO),
      blended(row, (c) => c.rowsRead, ASSUMED_HIT_RATIO),
      blended(row, (c) => c.rowsWritten, ASSUMED_HIT_RATIO),
    ];
    const both = (f: (c: Cost) => number) =>
      row.cached && row.hit ? `${n(f(row.miss))} / ${n(f(row.hit))}` : n(f(row.miss));
    const after = row.after ? `${row.after.queries} / ${n(row.after.rowsRead)} / ${n(row.after.rowsWritten)}` : "";
    lines.push(
      `| ${row.entry.group} | \`${row.entry.operation}\` | ${row.entry.share}% | ${n(row.rps)} | ${both((c) => c.queries)} | ` +
        `${both((c) => c.rowsRead)} | ${n(row.miss.rowsWritten)} | ${after} | ${row.entry.objectRequests} | ` +
        `${n(row.rps * q)} | ${n(row.rps * r)} | ${n(row.rps * w)} |`,
    );
  }
  const load = loadAt(figures, ASSUMED_HIT_RATIO);
  lines.push(
    `| **all** | | 100% | ${n(TARGET_RPS)} | | | | | ${n(load.objectRequests)}/s | **${n(load.queries)}** | **${n(load.rowsRead)}** | **${n(load.rowsWritten)}** |`,
  );
  return lines;
}

/** The totals at each hit ratio, against one primary's ceiling, with the monthly row bill. */
export function loadTable(figures: Figures): string[] {
  const lines = [
    "| edge hit ratio | D1 queries/s | of one primary's ~1,000/s | queries/s of writing requests | rows read/s | rows written/s | rows read, $/month | rows written, $/month |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const hitRatio of HIT_RATIOS) {
    const load = loadAt(figures, hitRatio);
    const readCost = (load.rowsRead * SECONDS_PER_MONTH * PRICE_PER_MILLION_ROWS_READ) / 1e6;
    const writeCost = (load.rowsWritten * SECONDS_PER_MONTH * PRICE_PER_MILLION_ROWS_WRITTEN) / 1e6;
    const mark = hitRatio === ASSUMED_HIT_RATIO ? " (assumed)" : "";
    lines.push(
      `| ${pct(hitRatio)}${mark} | ${n(load.queries)} | ${pct(load.queries / PRIMARY_QUERIES_PER_SECOND)} | ` +
        `${n(load.writeQueries)} | ${n(load.rowsRead)} | ${n(load.rowsWritten)} | ${n(readCost)} | ${n(writeCost)} |`,
    );
  }
  const needed = hitRatioForOnePrimary(figures);
  const assumed = loadAt(figures, ASSUMED_HIT_RATIO);
  const ceilingRps = (TARGET_RPS * PRIMARY_QUERIES_PER_SECOND) / assumed.queries;
  const ceilingWithReplicas = (TARGET_RPS * PRIMARY_QUERIES_PER_SECOND) / assumed.writeQueries;
  lines.push(
    "",
    `At ${pct(ASSUMED_HIT_RATIO)} hits, one primary taking every query reaches its ceiling at about ` +
      `**${n(ceilingRps)} requests a second** of this mix; with replicas taking the reads of requests that do not ` +
      `write, the primary's share (${n(assumed.writeQueries)} queries/s at ${n(TARGET_RPS)} req/s) reaches it at ` +
      `about ${n(ceilingWithReplicas)} requests a second.`,
    "",
    needed === undefined
      ? "Even with every public read a hit, the mix needs more than one primary's queries."
      : `All of the mix's D1 queries fit one primary (at ${ASSUMED_QUERY_MS} ms a query) from an edge hit ratio of ` +
          `${pct(needed)} up; below that, the reads must go to replicas.`,
  );
  return lines;
}
