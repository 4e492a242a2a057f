import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES } from "../src/auth/roles";
import { repairedBody } from "./fuzz/bodies";
import { type Caller, caseArbitrary, type FuzzCase, type GenContext } from "./fuzz/cases";
import {
  type JsonSchema,
  type OpenApiDocument,
  type Operation,
  readOperations,
  servingOperation,
} from "./fuzz/openapi";
import { judge } from "./fuzz/oracle";
import { Pools } from "./fuzz/pools";
import { distinctFailures, failureReport, type Seen } from "./fuzz/report";
import { type Credentials, type Outcome, requestOf, type SentRequest, send, sendable } from "./fuzz/send";
import { sweepCases } from "./fuzz/sweep";
import { requiredOnly, validValue } from "./fuzz/values";
import { BASE, callJson, createUser, expiredClaims, FORGERS_SECRET, signAccessToken } from "./helpers";

// Reads /openapi.json and sends every operation generated hostile requests (see test/fuzz/), as nobody, with bad
// credentials and as each role. Every answer must be a non-5xx; every 4xx a problem+json with a stable code; no 2xx
// where the operation's x-access forbids the caller. New routes are fuzzed as soon as they are documented.
//
// A run prints its seed; `FUZZ_SEED=<seed> npx vitest run test/fuzz.test.ts` generates the same cases again, and
// FUZZ_CASES=<n> sends n cases instead of CASES.

/**
 * Random cases per run, spread over the operations by how much each takes in (see `surface`), after the ~900 cases
 * of the bounds sweep and ~2,400 seeding requests. Sized so that the file runs in about a minute on the 2-core CI
 * machine when nothing else runs: ~3.5 ms a case with CONCURRENCY requests in flight, ~45 s in all, plus ~8 s to
 * start vitest and workerd.
 */
const CASES = 12_000;
/** Requests in flight at once: the Worker awaits D1 and Durable Objects, so a few overlap well. */
const CONCURRENCY = 4;
/** Valid requests per writing operation sent before each round, as an admin, to fill the id and cursor pools. */
const SEEDING_ROUNDS = 6;
/** The cases come in this many rounds, each generated with the ids that the rounds before it created. */
const ROUNDS = 4;

const seed = Number(env.FUZZ_SEED) || Date.now() % 2 ** 31;
const budget = Number(env.FUZZ_CASES) || CASES;

/** A stable 32-bit hash of `text`: each operation's cases depend on the seed and its own name only. */
const hash = (text: string) => [...text].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0, 2166136261);

const doc = (await callJson("GET", "/openapi.json")).body as OpenApiDocument;
const operations = readOperations(doc);

const accounts = Object.fromEntries(
  await Promise.all(ROLES.map(async (role) => [role, await createUser(role)] as const)),
);
const admin = accounts.admin!;
const credentials: Credentials = {
  tokens: Object.fromEntries(ROLES.map((role) => [role, accounts[role]!.token])),
  badTokens: [
    "Bearer not-a-jwt",
    "Basic YWRtaW46c2VjcmV0",
    "Bearer ",
    "Bearer a.b.c",
    `Bearer ${await signAccessToken(admin, {}, FORGERS_SECRET)}`,
    `Bearer ${await signAccessToken(admin, expiredClaims())}`,
    `Bearer ${await signAccessToken(admin, { iss: "someone-else" })}`,
    `Bearer ${await signAccessToken(admin, { sub: crypto.randomUUID() })}`,
  ],
};
const pools = new Pools(operations, new Set(Object.values(accounts).map((account) => account.id)));
const poolKey = (op: Operation) => (p: Operation["params"][number]) => pools.keyOf(op, p);
const context: GenContext = { operations, ids: (key) => pools.idsIn(key), cursors: pools.cursors };

interface Tally {
  cases: number;
  unsendable: number;
  perOperation: Map<string, number>;
  failures: Seen[];
}

/**
 * Sends one case (with only its mutation `only`, if given), judges the answer and files what it shows. Returns the
 * failures it shows and the answer (none when it could not be sent).
 */
async function run(fuzzCase: FuzzCase, tally?: Tally, only?: number): Promise<{ found: Seen[]; outcome?: Outcome }> {
  const mutations = only === undefined ? fuzzCase.mutations : [fuzzCase.mutations[only]!];
  const request: SentRequest = requestOf(fuzzCase, credentials, mutations);
  if (!sendable(request)) {
    if (tally) tally.unsendable++;
    return { found: [] };
  }
  const outcome = await send(request);
  const pathname = new URL(`${BASE}${request.target}`).pathname;
  const serving = servingOperation(operations, request.method, pathname);
  if (serving && outcome.status >= 200 && outcome.status < 300) {
    try {
      pools.harvest(serving, JSON.parse(outcome.text));
    } catch {}
  }
  const found = judge(request, outcome, fuzzCase.caller, serving).map((failure) => ({
    fuzzCase,
    request,
    outcome,
    failure,
  }));
  if (tally) {
    tally.cases++;
    tally.perOperation.set(fuzzCase.op.id, (tally.perOperation.get(fuzzCase.op.id) ?? 0) + 1);
    tally.failures.push(...found);
  }
  return { found, outcome };
}

/** Runs `cases` with CONCURRENCY in flight, in order. */
async function runAll(cases: FuzzCase[], tally: Tally): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < cases.length) await run(cases[next++]!, tally);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** `count` cases of `op` without changes, as an admin, to fill the pools (lists asked for one item a page). */
function seedingCases(op: Operation, pass: number, count: number): FuzzCase[] {
  const cases = fc.sample(caseArbitrary(op, context, poolKey(op)), {
    seed: (seed ^ hash(op.id)) + 1000 * (pass + 1),
    numRuns: count,
  });
  return cases.map((c, i) => {
    const paged = op.params.some((p) => p.name === "limit");
    const query = paged ? [{ name: "limit", value: "1", raw: false }] : c.baseline.query;
    const { body } = c.baseline;
    // Every other round sends only the required fields: the body most likely to be accepted.
    if (i % 2 === 0 && body?.json !== undefined && op.body?.json) body.json = requiredOnly(op.body.json, body.json);
    return { ...c, caller: "admin" as Caller, mutations: [], baseline: { ...c.baseline, query, body } };
  });
}

/** How much an operation takes in (its parameters and body fields, plus two): its share of the cases. */
const surface = (op: Operation) => 2 + op.params.length + Object.keys(op.body?.json?.properties ?? {}).length;
const totalSurface = operations.reduce((sum, op) => sum + surface(op), 0);
const pathParams = (op: Operation) => op.params.filter((p) => p.in === "path").length;
const byPathParams = (list: Operation[]) => [...list].sort((a, b) => pathParams(a) - pathParams(b));
const writes = byPathParams(operations.filter((op) => op.method === "POST" || op.method === "PUT"));
const reads = byPathParams(operations.filter((op) => op.method === "GET"));

/**
 * Sends a seeding case, and again with its body repaired where the answer's `errors` point (random valid bodies often
 * break a rule across fields: a video needs a duration), up to four times. Whether it was accepted.
 */
async function seedOne(fuzzCase: FuzzCase, tally: Tally, draws: number): Promise<boolean> {
  const schema = fuzzCase.op.body?.json;
  const draw = (s: JsonSchema) => fc.sample(validValue(s), { seed: seed + draws++, numRuns: 1 })[0];
  for (let repairs = 0; ; repairs++) {
    const { outcome } = await run(fuzzCase, tally);
    const status = outcome?.status ?? 0;
    if (status >= 200 && status < 300) return true;
    const body = fuzzCase.baseline.body;
    if (repairs === 4 || status < 400 || status >= 500 || !schema || !body || !outcome) return false;
    const repaired = repairedBody(schema, body.json, outcome.text, draw);
    if (!repaired) return false;
    body.json = repaired;
  }
}

/**
 * Valid requests as an admin, to fill the pools: each writing operation SEEDING_ROUNDS times (up to three times that
 * until one is accepted), then, with `andReads`, each reading operation twice, for its page's ids and cursor. `pass`
 * varies the bodies from one call to the next.
 */
async function seedPools(pass: number, tally: Tally, andReads: boolean): Promise<void> {
  for (const op of writes) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const cases = seedingCases(op, pass * 10 + attempt, SEEDING_ROUNDS);
      const accepted = await Promise.all(cases.map((c, i) => seedOne(c, tally, (pass * 10 + attempt) * 100 + i * 10)));
      if (accepted.some(Boolean)) break;
    }
  }
  if (!andReads) return;
  for (const op of reads) await Promise.all(seedingCases(op, pass, 2).map((c) => run(c, tally)));
}

describe("fuzzing every documented operation", () => {
  it("reads the operations from /openapi.json, each guarded one with its x-access", () => {
    expect(operations.length).toBeGreaterThanOrEqual(60);
    const guarded = operations.filter((op) => op.access);
    expect(guarded.length).toBeGreaterThanOrEqual(40);
    expect(new Set(guarded.map((op) => op.access))).toEqual(new Set(["signed-in", "viewer", "editor", "admin"]));
  });

  it(`sends ${budget} hostile requests: no 5xx, 4xx problems with stable codes, no forbidden 2xx`, {
    timeout: 600_000,
  }, async () => {
    const started = Date.now();
    const seeding: Tally = { cases: 0, unsendable: 0, perOperation: new Map(), failures: [] };
    // Writes twice at first: the second pass reaches what the first created (a lesson needs a term, a term a
    // program).
    await seedPools(0, seeding, false);
    await seedPools(1, seeding, true);

    // Every bound of every field once (see sweep.ts).
    const tally: Tally = { cases: 0, unsendable: 0, perOperation: new Map(), failures: [] };
    await runAll(
      operations.flatMap((op) => sweepCases(op, context, poolKey(op), seed ^ hash(op.id))),
      tally,
    );
    const swept = tally.cases;

    // Then the random cases, in rounds, each generated from the pools as the rounds before left them (and seeded
    // again: the cases delete what they find). Within a round, round robin over the operations, so that deletions
    // and rate limits spread over the run.
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) await seedPools(round + 1, seeding, false);
      const byOperation = operations.map((op) =>
        fc.sample(caseArbitrary(op, context, poolKey(op)), {
          seed: (seed ^ hash(op.id)) + round,
          numRuns: Math.ceil((budget * surface(op)) / totalSurface / ROUNDS),
        }),
      );
      const longest = Math.max(...byOperation.map((list) => list.length));
      await runAll(
        Array.from({ length: longest }, (_, i) => byOperation.flatMap((list) => list[i] ?? [])).flat(),
        tally,
      );
    }

    const replay = async (seen: Seen, only: number) =>
      (await run(seen.fuzzCase, undefined, only)).found.find((s) => s.failure.kind === seen.failure.kind);
    const { distinct, replays } = await distinctFailures([...seeding.failures, ...tally.failures], replay);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = [...tally.perOperation.entries()].map(([id, n]) => `${id} ${n}`).join(", ");
    console.log(
      `fuzz: seed ${seed}: ${tally.cases} cases (${swept} at bounds, ${tally.cases - swept} random)` +
        ` over ${tally.perOperation.size} operations` +
        ` (+${seeding.cases} seeding requests, ${replays} replays, ${tally.unsendable} unsendable) in ${seconds} s;` +
        ` ${distinct.length} distinct failures; pools: ${pools.summary()}; per operation: ${counts}`,
    );
    if (distinct.length) expect.fail(failureReport(distinct, seed));
  });
});
