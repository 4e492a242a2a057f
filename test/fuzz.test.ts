import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES } from "../src/auth/roles";
import { type Caller, caseArbitrary, type FuzzCase, type GenContext } from "./fuzz/cases";
import { type OpenApiDocument, type Operation, readOperations, servingOperation } from "./fuzz/openapi";
import { judge } from "./fuzz/oracle";
import { Pools } from "./fuzz/pools";
import { distinctFailures, failureReport, type Seen } from "./fuzz/report";
import { type Credentials, requestOf, type SentRequest, send, sendable } from "./fuzz/send";
import { requiredOnly } from "./fuzz/values";
import { BASE, callJson, createUser, expiredClaims, FORGERS_SECRET, signAccessToken } from "./helpers";

// Reads /openapi.json and sends every operation generated hostile requests (see test/fuzz/), as nobody, with bad
// credentials and as each role. Every answer must be a non-5xx; every 4xx a problem+json with a stable code; no 2xx
// where the operation's x-access forbids the caller. New routes are fuzzed as soon as they are documented.
//
// A run prints its seed; `FUZZ_SEED=<seed> npx vitest run test/fuzz.test.ts` generates the same cases again, and
// FUZZ_CASES=<n> sends n cases instead of CASES.

/**
 * Cases per run, spread evenly over the operations: sized so that the file runs in about a minute on the 2-core CI
 * machine when it is otherwise idle (about 4 ms a case with CONCURRENCY requests in flight, after ~10 s of start-up
 * and ~4 s of seeding).
 */
const CASES = 12_000;
/** Requests in flight at once: the Worker awaits D1 and Durable Objects, so a few overlap well. */
const CONCURRENCY = 4;
/** Valid requests per writing operation sent first (twice over), as an admin, to fill the id and cursor pools. */
const SEEDING_ROUNDS = 8;
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

/** Sends one case (with only its mutation `only`, if given), judges the answer and files what it shows. */
async function run(fuzzCase: FuzzCase, tally?: Tally, only?: number): Promise<Seen[]> {
  const mutations = only === undefined ? fuzzCase.mutations : [fuzzCase.mutations[only]!];
  const request: SentRequest = requestOf(fuzzCase, credentials, mutations);
  if (!sendable(request)) {
    if (tally) tally.unsendable++;
    return [];
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
  return found;
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

const pathParams = (op: Operation) => op.params.filter((p) => p.in === "path").length;
const writes = operations.filter((op) => op.method === "POST" || op.method === "PUT");
const reads = operations.filter((op) => op.method === "GET");

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
    // Writes twice: the second pass reaches what the first created (lessons need a term, a term a program); then
    // reads, for their pages' ids and cursors.
    const passes = [writes, writes, reads].entries();
    for (const [pass, group] of passes) {
      const ordered = [...group].sort((a, b) => pathParams(a) - pathParams(b));
      const count = group === reads ? 2 : SEEDING_ROUNDS;
      for (const op of ordered) await Promise.all(seedingCases(op, pass, count).map((c) => run(c, seeding)));
    }

    // In rounds, each generated from the pools as the previous rounds left them: ids created by one round's valid
    // requests are used by the next. Within a round, round robin over the operations, so that deletions and rate
    // limits spread over the run.
    const perOperation = Math.ceil(budget / operations.length / ROUNDS);
    const tally: Tally = { cases: 0, unsendable: 0, perOperation: new Map(), failures: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const byOperation = operations.map((op) =>
        fc.sample(caseArbitrary(op, context, poolKey(op)), {
          seed: (seed ^ hash(op.id)) + round,
          numRuns: perOperation,
        }),
      );
      await runAll(Array.from({ length: perOperation }, (_, i) => byOperation.map((list) => list[i]!)).flat(), tally);
    }

    const replay = async (seen: Seen, only: number) =>
      (await run(seen.fuzzCase, undefined, only)).find((s) => s.failure.kind === seen.failure.kind);
    const { distinct, replays } = await distinctFailures([...seeding.failures, ...tally.failures], replay);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = [...tally.perOperation.entries()].map(([id, n]) => `${id} ${n}`).join(", ");
    console.log(
      `fuzz: seed ${seed}: ${tally.cases} cases over ${tally.perOperation.size} operations` +
        ` (+${seeding.cases} seeding requests, ${replays} replays, ${tally.unsendable} unsendable) in ${seconds} s;` +
        ` ${distinct.length} distinct failures; pools: ${pools.summary()}; per operation: ${counts}`,
    );
    if (distinct.length) expect.fail(failureReport(distinct, seed));
  });
});
