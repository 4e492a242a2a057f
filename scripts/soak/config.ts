/**
 * The soak's settings from the command line: `--minutes N` (default 10), `--smoke` (a short run with fewer sockets,
 * to check the soak itself works), `--json <file>` (where the figures go), `--wrangler-dev` (load `wrangler dev`,
 * as `npm start` runs it, instead of the built Worker under Miniflare directly), `--only <kind>` (one kind of work
 * alone, to tell which one the server's memory follows).
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GUEST_SEND_EVERY_MS } from "./chat";

/** What runs at once during the soak. */
export interface SoakMix {
  /** Catalog and shelf readers, and searchers, each one request after another, `readPauseMs` apart. */
  readers: number;
  searchers: number;
  readPauseMs: number;
  /** Customers each checking out one watch after another. */
  customers: number;
  checkoutPauseMs: number;
  /** SSE subscribers on the calendar's feed, and editors writing events. */
  feedSubscribers: number;
  calendarWriters: number;
  calendarPauseMs: number;
  /** WebSocket viewers of one game, and the time between the editor's score updates. */
  scoreViewers: number;
  scorePauseMs: number;
  /** One stream's chat: viewers, guest senders (each within the chat's limit), the editor's HTTP posts. */
  chatViewers: number;
  chatSenders: number;
  chatEditorPauseMs: number;
}

/** The kinds of work `--only` can run alone. */
export const WORK_KINDS = ["catalog", "search", "checkout", "calendar", "scores", "chat"] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export interface SoakConfig {
  minutes: number;
  /** One kind of work alone (`--only`), or every kind at once. */
  only: WorkKind | undefined;
  smoke: boolean;
  /** Through `wrangler dev` and its development proxy, rather than the built Worker under Miniflare directly. */
  wranglerDev: boolean;
  jsonPath: string;
  mix: SoakMix;
}

const FULL: SoakMix = {
  readers: 3,
  searchers: 1,
  readPauseMs: 100,
  customers: 4,
  checkoutPauseMs: 250,
  feedSubscribers: 10,
  calendarWriters: 2,
  calendarPauseMs: 500,
  scoreViewers: 1_000,
  scorePauseMs: 1_000,
  chatViewers: 20,
  chatSenders: 5,
  chatEditorPauseMs: 1_000,
};

/** The smoke run: half a minute, a tenth of the scoreboard's viewers, the rest as in a full run. */
const SMOKE: SoakMix = { ...FULL, scoreViewers: 100 };
const SMOKE_MINUTES = 0.5;
/** Access tokens last an hour (JWT_TTL_SECONDS): a longer run would see its customers' tokens expire. */
const MAX_MINUTES = 50;

const USAGE = `usage: npm run soak -- [--minutes N] [--smoke] [--json <file>] [--wrangler-dev] [--only ${WORK_KINDS.join("|")}]`;

export function readSoakConfig(argv = process.argv.slice(2)): SoakConfig {
  let minutes: number | undefined;
  let smoke = false;
  let wranglerDev = false;
  let jsonPath: string | undefined;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--smoke") smoke = true;
    else if (arg === "--wrangler-dev") wranglerDev = true;
    else if (arg === "--minutes") minutes = Number(argv[++i]);
    else if (arg === "--json") jsonPath = argv[++i];
    else if (arg === "--only") only = argv[++i];
    else throw new Error(`Unknown argument ${arg}. ${USAGE}`);
  }
  if (minutes !== undefined && !(minutes > 0 && minutes <= MAX_MINUTES)) {
    throw new Error(`--minutes must be a number of minutes above 0 and at most ${MAX_MINUTES}. ${USAGE}`);
  }
  if (only !== undefined && !isWorkKind(only))
    throw new Error(`--only takes one of ${WORK_KINDS.join(", ")}. ${USAGE}`);
  if (jsonPath === "") throw new Error(`--json needs a file name. ${USAGE}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    minutes: minutes ?? (smoke ? SMOKE_MINUTES : 10),
    only: only as WorkKind | undefined,
    smoke,
    wranglerDev,
    jsonPath: jsonPath ?? join(tmpdir(), `soak-${stamp}.json`),
    mix: smoke ? SMOKE : FULL,
  };
}

const isWorkKind = (word: string): word is WorkKind => (WORK_KINDS as readonly string[]).includes(word);

/** The mix in words, for the report (only `only`'s line when one kind runs alone). */
export function describeMix(mix: SoakMix, only?: WorkKind): string[] {
  const reads = `${mix.readers} catalog and shelf readers and ${mix.searchers} searcher, each a request every ${mix.readPauseMs} ms plus its latency (every search and shelf read from an address of its own)`;
  const lines: Record<Exclude<WorkKind, "catalog" | "search">, string> = {
    checkout: `${mix.customers} customers checking out one watch each, ${mix.checkoutPauseMs} ms apart (one in three buys one of 4 scarce watches, 50 in stock each)`,
    calendar: `${mix.calendarWriters} editors creating an event and editing it twice, a write every ${mix.calendarPauseMs} ms, under ${mix.feedSubscribers} SSE subscribers`,
    scores: `${mix.scoreViewers.toLocaleString("en-US")} WebSocket viewers on one game, a score update every ${mix.scorePauseMs} ms`,
    chat: `one stream's chat: ${mix.chatViewers} viewers, ${mix.chatSenders} guest senders (a message every ${GUEST_SEND_EVERY_MS / 1000} s each, under the 5 per 10 s limit), the editor posting every ${mix.chatEditorPauseMs} ms over HTTP`,
  };
  if (only === undefined) return [reads, ...Object.values(lines)];
  if (only === "catalog") return [`${reads} (catalog and shelf readers only)`];
  if (only === "search") return [`${reads} (the searcher only)`];
  return [`${lines[only]} (alone)`];
}
