/**
 * Discovery at scale: search over a corpus of 100,000 published lessons, and GraphQL's nested program list, on a
 * scratch local D1 (not the development database) served by the built Worker under Miniflare directly.
 *
 * Searches are sent one at a time, as one person typing sends them: the figures are each request's latency seen from
 * Node (p50, p99) and its D1 cost from `Server-Timing`, beside `GET /` (no D1) measured the same way in the same run.
 * Every request asks something the edge cache has not seen (a query parameter the API ignores varies), so each one
 * runs the search; each comes from an address of its own, so the per-client limit never answers instead.
 *
 * The corpus: `BENCH_SEARCH_PROGRAMS` programs × 2 terms × 50 lessons, titles and descriptions drawn from a list of
 * words with a skew (a few words in many documents, most in few), programs in five languages and twelve topics,
 * lessons of the three content types with durations from 1 to 60 minutes. Generated inside SQLite (a few statements);
 * the index's triggers fill the FTS5 index as the rows go in, and the time that takes is reported too.
 */

import { hashPassword } from "../../src/auth/password";
import { DEMO_USERS } from "../seed/demo-data";
import type { D1Cost } from "./load";
import { ensureNotInterrupted, progress } from "./processes";
import { logInAsEditor, nextClientIp, send } from "./requests";
import { migrateScratchD1, startMiniflareDirect, withLocalD1, withServer } from "./targets";

export const BENCH_SEARCH_PROGRAMS = 1_000;
const TERMS = 2;
const LESSONS_PER_TERM = 50;
/** Requests per measured search, after `WARMUP` unmeasured ones, or fewer when they take over `BUDGET_MS` in all. */
const SAMPLES = 200;
const WARMUP = 5;
const BUDGET_MS = 20_000;

/** Words of the corpus: common ones first (the skew picks low indexes most often). */
const WORDS = (
  "introduction basics lesson practice guide course chapter beginner advanced grammar vocabulary conversation " +
  "reading writing listening speaking history science mathematics music cooking travel culture business health " +
  "programming design photography painting poetry literature geography economics philosophy psychology biology " +
  "chemistry physics astronomy algebra geometry statistics calculus probability language pronunciation dialogue " +
  "storytelling journalism marketing finance accounting leadership negotiation meditation nutrition fitness yoga " +
  "gardening carpentry knitting pottery sculpture architecture engineering robotics electronics networking security " +
  "databases algorithms compilers kernels graphics animation cinema theatre dance orchestra harmony rhythm melody " +
  "composition improvisation festival tradition mythology folklore archaeology anthropology sociology linguistics " +
  "translation interpretation etymology semantics syntax morphology phonetics calligraphy typography illustration " +
  "sketching watercolour landscape portrait wildlife ecology climate oceanography geology volcano earthquake " +
  "rainforest desert mountain river harbour village market kitchen bakery spices monsoon harvest temple palace " +
  "kingdom empire revolution democracy parliament constitution economy industry agriculture irrigation " +
  "astronaut telescope microscope laboratory experiment hypothesis evidence discovery invention innovation " +
  "entrepreneur startup workshop seminar masterclass interview documentary podcast broadcast newsletter " +
  "chronicle anthology encyclopedia dictionary thesaurus manuscript parchment lantern compass voyage expedition"
).split(" ");

const LANGUAGES = ["en", "te", "hi", "ta", "es"];
const TOPICS = [
  "Languages",
  "Science",
  "Music",
  "History",
  "Technology",
  "Arts",
  "Business",
  "Health",
  "Travel",
  "Cooking",
  "Nature",
  "Culture",
];
const CONTENT_TYPES = ["video", "audio", "article"];
const STAMP = "2026-01-01T00:00:00.000Z";
const ISO = "'%Y-%m-%dT%H:%M:%fZ'";

/**
 * SQL for the `k`-th word of document `i`: the lesser of two hashes of both, so that word `w` of `n` is drawn with a
 * probability falling linearly from about 2/n (the first) to 1/n² (the last): every word occurs, a few very often.
 */
function wordSql(i: string, k: number): string {
  const n = WORDS.length;
  const hash = (multiplier: number) => `(((${i} * 7919 + ${k * 104_729 + 17}) % 1000003) * ${multiplier} % 2147483647)`;
  return `json_extract(?2, '$[' || min(${hash(48_271)} % ${n}, ${hash(69_621)} % ${n}) || ']')`;
}

/** SQL for `count` words of document `i`, space-separated, starting at salt `from`. */
const wordsSql = (i: string, from: number, count: number) =>
  Array.from({ length: count }, (_, k) => wordSql(i, from + k)).join(" || ' ' || ");

/** The corpus, in a handful of statements (the triggers index every row as it goes in). */
async function insertCorpus(d1: D1Database, programs: number): Promise<void> {
  const numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)";
  const words = JSON.stringify(WORDS);
  const topics = TOPICS.map((name, i) =>
    d1.prepare("INSERT INTO topics (id, name, created_at) VALUES (?1, ?2, ?3)").bind(`bench-topic-${i}`, name, STAMP),
  );
  await d1.batch([
    ...topics,
    d1
      .prepare(
        `${numbers} INSERT INTO programs (id, title, description, language_primary, languages_available, status,
           published_at, created_at, updated_at)
         SELECT 'bench-search-' || i, ${wordsSql("i", 0, 3)}, ${wordsSql("i", 3, 20)},
           json_extract(?3, '$[' || (i % 5) || ']'), json_array(json_extract(?3, '$[' || (i % 5) || ']')),
           'published', strftime(${ISO}, ?4, '-' || i || ' minutes'), ?4, ?4 FROM n`,
      )
      .bind(programs, words, JSON.stringify(LANGUAGES), STAMP),
    d1
      .prepare(
        `${numbers} INSERT INTO program_topics (program_id, topic_id)
         SELECT 'bench-search-' || i, 'bench-topic-' || (i % ${TOPICS.length}) FROM n
         UNION ALL SELECT 'bench-search-' || i, 'bench-topic-' || ((i * 7 + 3) % ${TOPICS.length}) FROM n
           WHERE (i * 7 + 3) % ${TOPICS.length} <> i % ${TOPICS.length}`,
      )
      .bind(programs),
    d1
      .prepare(
        `${numbers}, t(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM t WHERE k < ${TERMS})
         INSERT INTO terms (id, program_id, term_number, title, created_at, updated_at)
         SELECT 'bench-search-' || i || '-t' || k, 'bench-search-' || i, k, 'Term ' || k, ?2, ?2 FROM n, t`,
      )
      .bind(programs, STAMP),
  ]);
  // Lessons in slices, so that no one statement runs for long.
  const slice = 100;
  for (let first = 1; first <= programs; first += slice) {
    ensureNotInterrupted();
    const last = Math.min(programs, first + slice - 1);
    await d1
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < ?5),
           t(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM t WHERE k < ${TERMS}),
           l(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM l WHERE m < ${LESSONS_PER_TERM}),
           d(i, k, m, x) AS (SELECT i, k, m, (i * 1000 + k * 100 + m) FROM n, t, l)
         INSERT INTO lessons (id, term_id, lesson_number, title, description, content_type, duration_ms,
           content_language_primary, content_languages_available, content_urls_by_language, status, published_at,
           created_at, updated_at)
         SELECT 'bench-search-' || i || '-t' || k || '-l' || m, 'bench-search-' || i || '-t' || k, m,
           ${wordsSql("x", 0, 4)}, ${wordsSql("x", 4, 24)},
           json_extract(?3, '$[' || (x % 3) || ']'),
           CASE WHEN x % 3 = 2 THEN NULL ELSE (60000 * (1 + x % 60)) END,
           json_extract(?4, '$[' || (i % 5) || ']'), json_array(json_extract(?4, '$[' || (i % 5) || ']')),
           json_object(json_extract(?4, '$[' || (i % 5) || ']'), 'https://cdn.example/' || x || '.mp4'),
           'published', strftime(${ISO}, ?6, '-' || x || ' seconds'), ?6, ?6
         FROM d`,
      )
      .bind(first, JSON.stringify(WORDS), JSON.stringify(CONTENT_TYPES), JSON.stringify(LANGUAGES), last, STAMP)
      .run();
  }
}

/** The demo editor, so that a bench on a scratch D1 can sign in (GraphQL here; the publishing bench schedules). */
export async function insertEditor(d1: D1Database): Promise<void> {
  const editor = DEMO_USERS.find((user) => user.role === "editor")!;
  await d1
    .prepare("INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
    .bind("bench-editor", editor.email, editor.name, await hashPassword(editor.password), "editor", STAMP)
    .run();
}

export interface SequentialFigures {
  name: string;
  p50Ms: number;
  p99Ms: number;
  samples: number;
  /** From `Server-Timing`, the same for every sample of a route (the largest seen). */
  cost: D1Cost | undefined;
  /** What the route answered, e.g. a search's total. */
  detail: string;
}

export interface DiscoveryFigures {
  lessons: number;
  programs: number;
  indexSeconds: number;
  floor: SequentialFigures;
  searches: SequentialFigures[];
  /** Measured apart: a failure there leaves the search figures standing. */
  graphql: { ok: true; value: SequentialFigures[] } | { ok: false; error: string };
}

interface Probe {
  name: string;
  request: (n: number) => { method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: string };
  /** What to report about an answer's body. */
  describe: (body: unknown) => string;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

function parseCost(header: string | null): D1Cost | undefined {
  const match = header?.match(/queries=(\d+) rows_read=(\d+)/);
  return match ? { queries: Number(match[1]), rowsRead: Number(match[2]) } : undefined;
}

/** Sends the probe's requests one after another and returns their latency quantiles and D1 cost. */
async function measureSequentially(baseUrl: string, probe: Probe): Promise<SequentialFigures> {
  const latencies: number[] = [];
  let cost: D1Cost | undefined;
  let detail = "";
  const started = performance.now();
  for (let n = 0; n < WARMUP + SAMPLES && (n < WARMUP + 20 || performance.now() - started < BUDGET_MS); n++) {
    ensureNotInterrupted();
    const request = probe.request(n);
    const started = performance.now();
    const response = await send(baseUrl, request);
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${probe.name} answered ${response.status}: ${text.slice(0, 300)}`);
    if (n < WARMUP) continue;
    latencies.push(ms);
    const seen = parseCost(response.headers.get("server-timing"));
    if (seen && (!cost || seen.queries > cost.queries || seen.rowsRead > cost.rowsRead)) cost = seen;
    if (!detail) detail = probe.describe(JSON.parse(text));
  }
  latencies.sort((a, b) => a - b);
  return {
    name: probe.name,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    samples: SAMPLES,
    cost,
    detail,
  };
}

/** A search probe: `query` plus a parameter the API ignores, new each time, so that the edge cache never answers. */
function searchProbe(name: string, query: Record<string, string>): Probe {
  return {
    name,
    request: (n) => ({
      method: "GET",
      path: `/discovery/search?${new URLSearchParams({ ...query, bench: String(n) })}`,
      headers: { "cf-connecting-ip": nextClientIp() },
    }),
    describe: (body) => {
      const result = body as { total?: number; did_you_mean?: string | null };
      return `${result.total ?? "?"} found${result.did_you_mean ? `; did you mean "${result.did_you_mean}"` : ""}`;
    },
  };
}

const SEARCHES: Probe[] = [
  searchProbe("a common word", { q: "introduction" }),
  searchProbe("a rare word", { q: "dictionary" }),
  searchProbe("two words", { q: "grammar practice" }),
  searchProbe("as you type: a prefix", { q: "astro" }),
  searchProbe("one typo", { q: "photografy" }),
  searchProbe("two typos in a long word", { q: "archaeolgoy" }),
  searchProbe("a word and filters", { q: "music", type: "lesson", content_type: "audio", language: "te" }),
  searchProbe("nothing found: did you mean", { q: "zzqx telescoope" }),
  searchProbe("empty: everything, newest first", { q: "" }),
];

/** Twenty programs with their terms and their lessons, in one GraphQL query. */
const NESTED_PROGRAMS = `query { programs(first: 20) { edges { node { id title terms { id title lessons { id title status } } } } } }`;

function graphqlProbe(token: string): Probe {
  return {
    name: "programs(first: 20) → terms → lessons",
    request: () => ({
      method: "POST",
      path: "/graphql",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: NESTED_PROGRAMS }),
    }),
    describe: (body) => {
      const result = body as { data?: { programs?: { edges: { node: { terms: { lessons: unknown[] }[] } }[] } } };
      const programs = result.data?.programs?.edges ?? [];
      const lessons = programs.reduce((sum, { node }) => sum + node.terms.reduce((s, t) => s + t.lessons.length, 0), 0);
      return `${programs.length} programs, ${lessons} lessons`;
    },
  };
}

/** Builds the corpus on a scratch D1 in `stateDir`, serves it with the built Worker and measures the probes. */
export async function benchDiscovery(stateDir: string, bundle: string, logFile: string): Promise<DiscoveryFigures> {
  const persistDir = await migrateScratchD1(stateDir);
  const programs = BENCH_SEARCH_PROGRAMS;
  const lessons = programs * TERMS * LESSONS_PER_TERM;
  progress(`discovery: indexing ${lessons.toLocaleString("en-US")} lessons on a scratch D1`);
  const started = performance.now();
  await withLocalD1(async (d1) => {
    await insertEditor(d1);
    await insertCorpus(d1, programs);
  }, persistDir);
  const indexSeconds = (performance.now() - started) / 1000;
  return withServer(
    () => startMiniflareDirect(bundle, logFile, `${stateDir}/v3`),
    async (server) => {
      const floor = await measureSequentially(server.url, {
        name: "GET / (floor)",
        request: () => ({ method: "GET", path: "/", headers: {} }),
        describe: () => "no D1",
      });
      const searches: SequentialFigures[] = [];
      for (const probe of SEARCHES) {
        progress(`discovery: ${probe.name}, up to ${SAMPLES} searches one at a time`);
        searches.push(await measureSequentially(server.url, probe));
      }
      progress("discovery: GraphQL nested program list");
      const graphql = await measureSequentially(server.url, graphqlProbe(await logInAsEditor(server.url))).then(
        (figures) => ({ ok: true as const, value: [figures] }),
        (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
      );
      return { lessons, programs, indexSeconds, floor, searches, graphql };
    },
  );
}
