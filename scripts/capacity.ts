/**
 * The capacity table (`npm run capacity`): what every route of the API costs D1 per request, taken from the answers
 * themselves, and what a mix of 2,800 requests a second costs in all. Writes the tables into docs/SCALING.md between
 * their markers and leaves the rest of the file alone.
 *
 * It migrates and seeds a scratch local state with the demo data (not the one `npm start` uses: the examples write)
 * and the bench's catalog of 50 programs and store of 500 watches (so that a page of 20 is a full page),
 * builds the Worker as `wrangler deploy` would and serves it under Miniflare on 127.0.0.1, signs in as each demo
 * role, then sends one representative request per operation of `/openapi.json` (scripts/capacity/examples.ts): a
 * cache miss and its hit for edge-cached routes, the open of a socket for WebSocket routes. Each answer's
 * `Server-Timing` gives the D1 round trips, rows read and rows written; the counts do not depend on the machine.
 * A few minutes in all, most of it the build and the seed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addBenchCatalog, addBenchStore } from "./bench/data";
import { isInterrupted, progress, runScript } from "./bench/processes";
import { nextClientIp } from "./bench/requests";
import { buildWorker, migrateScratchD1, startMiniflareDirect, withServer } from "./bench/targets";
import { measureDeferredWork } from "./capacity/deferred";
import { EXAMPLES, type Ids, type Role, SEED_IDS, UNEXERCISED, type Unexercised } from "./capacity/examples";
import { loadTable, mixTable } from "./capacity/model";
import { type Measured, measureExample } from "./capacity/probe";
import { deferredTable, replaceBetweenMarkers, routeTable } from "./capacity/report";
import { DEMO_USERS, seedDemoData } from "./seed/demo-data";
import { ROOT, withLocalPlatform } from "./seed/local-platform";

const SCALING_DOC = join(ROOT, "docs/SCALING.md");
/** Programs in the bench catalog added to the demo data (2 terms × 10 lessons each), as `npm run bench` does. */
const BENCH_PROGRAMS = 50;
const METHODS = ["get", "put", "post", "delete", "patch"];

/** How long the edge keeps a public answer: `CACHE_TTL_SECONDS` in wrangler.toml. */
function edgeTtlSeconds(): number {
  const match = readFileSync(join(ROOT, "wrangler.toml"), "utf8").match(/^CACHE_TTL_SECONDS\s*=\s*"(\d+)"/m);
  if (!match) throw new Error("wrangler.toml sets no CACHE_TTL_SECONDS");
  return Number(match[1]);
}

/** A token for each role, from the demo account of that role. */
async function signIn(baseUrl: string): Promise<Record<Role, string>> {
  const tokens = {} as Record<Role, string>;
  for (const role of ["admin", "editor", "viewer", "customer"] as const) {
    const user = DEMO_USERS.find((candidate) => candidate.role === role)!;
    const response = await fetch(`${baseUrl}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`signing in as ${user.email} answered ${response.status}`);
    tokens[role] = body.access_token;
  }
  return tokens;
}

/** Every operation of the OpenAPI document the Worker serves, as `METHOD /path`. */
async function documentedOperations(baseUrl: string): Promise<string[]> {
  const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as { paths: Record<string, object> };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => METHODS.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

async function measureAll(baseUrl: string, logFile: string) {
  const tokens = await signIn(baseUrl);
  const operations = await documentedOperations(baseUrl);
  const ids: Ids = { ...SEED_IDS };
  const measured: Measured[] = [];
  const failed: Unexercised[] = [];
  for (const example of EXAMPLES) {
    if (isInterrupted()) throw new Error("interrupted");
    try {
      const result = await measureExample(baseUrl, example, ids, tokens, logFile);
      if (result.status !== example.status) {
        progress(`${example.operation}: ${result.status}, expected ${example.status}: ${result.said ?? ""}`);
      }
      if (!example.setup) measured.push(result);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      progress(`${example.operation}: ${why}`);
      if (!example.setup) failed.push({ operation: example.operation, why: `the request failed: ${why}` });
    }
  }
  const covered = new Set([...EXAMPLES.map((e) => e.operation), ...UNEXERCISED.map((u) => u.operation)]);
  const missing = operations
    .filter((operation) => !covered.has(operation))
    .map((operation) => ({ operation, why: "no example request yet (scripts/capacity/examples.ts)" }));
  const documented = new Set(operations);
  for (const example of EXAMPLES) {
    if (!documented.has(example.operation)) progress(`${example.operation} is not in /openapi.json`);
  }
  return { operations, measured, unexercised: [...UNEXERCISED, ...failed, ...missing] };
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), "capacity-"));
  const logFile = join(work, "worker.log");
  try {
    progress("migrating and seeding a scratch local D1 with the demo data, the bench catalog and the bench store");
    const d1Dir = await migrateScratchD1(join(work, "state"));
    const state = join(d1Dir, "..");
    await withLocalPlatform((env) => seedDemoData(env), state);
    // Pages as full as production's: the demo catalog has two programs, a list page 20.
    await addBenchCatalog(BENCH_PROGRAMS, new Date(), d1Dir);
    await addBenchStore(new Date(), d1Dir);
    progress("building the Worker (wrangler deploy --dry-run)");
    const bundle = await buildWorker(join(work, "dist"));
    const result = await withServer(
      () => startMiniflareDirect(bundle, logFile, state),
      (server) => measureAll(server.url, logFile),
    );
    const { operations, measured, unexercised } = result;
    progress("measuring the work after the answers (search analytics, the order queue) on the same D1");
    const deferred = await measureDeferredWork(d1Dir);
    const figures = { measured, deferred };
    const ttl = edgeTtlSeconds();
    replaceBetweenMarkers(SCALING_DOC, "routes", [
      `${measured.length} requests measured for ${new Set(measured.map((m) => m.operation)).size} of the ` +
        `${operations.length} operations in \`/openapi.json\` (\`npm run capacity\`, ${new Date().toISOString().slice(0, 10)}).`,
      "",
      ...routeTable(measured, unexercised, ttl),
    ]);
    replaceBetweenMarkers(SCALING_DOC, "deferred", deferredTable(deferred));
    replaceBetweenMarkers(SCALING_DOC, "mix", mixTable(figures));
    replaceBetweenMarkers(SCALING_DOC, "load", loadTable(figures));
    const unexpected = measured.filter((m) => m.status !== m.expectedStatus);
    progress(
      `${measured.length} requests measured, ${unexpected.length} with an unexpected status, ` +
        `${unexercised.length} operations not exercised; tables written to docs/SCALING.md`,
    );
    console.log([...mixTable(figures), "", ...loadTable(figures)].join("\n"));
    return unexpected.length === 0 ? 0 : 1;
  } finally {
    if (process.env.CAPACITY_KEEP !== "1") rmSync(work, { recursive: true, force: true });
    else progress(`kept ${work}`);
  }
}

await runScript(() => undefined, main);
