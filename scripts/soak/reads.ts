/**
 * Public reads: the catalog's and the shelf's routes as the bench loads them (cache misses, hits and 304s, each
 * route's expected status), and searches. Every search and shelf read comes from an address of its own
 * (`CF-Connecting-IP`): discovery and the store each allow 100 requests a minute per client, and the soak stays
 * under those limits rather than measuring their 429s. Searches cycle through words of the demo and bench catalogs,
 * with a new word now and then (a cache miss).
 */
import { ourCatalogRoutes } from "../bench/catalog";
import type { Route } from "../bench/load";
import { nextClientIp } from "../bench/requests";
import { ourStoreRoutes } from "../bench/store";
import type { SoakMix } from "./config";
import type { Kind, Recorder } from "./recorder";
import { type Check, repeatUntil, type SoakContext, type Workload } from "./workload";

const SEARCH_WORDS = ["lesson", "program", "introduction", "telugu", "term", "video", "lessn", "progra*", "english"];

/** Counts answers of `kind` other than `expected` (any 4xx or 5xx among them is a finding). */
function unexpectedOf(recorder: Recorder, kind: Kind, expected: Set<string>): number {
  let n = 0;
  for (const [status, times] of recorder.statuses.get(kind) ?? []) if (!expected.has(status)) n += times;
  return n;
}

export async function prepareReads(
  { baseUrl, recorder }: SoakContext,
  catalogPrograms: number,
  mix: Pick<SoakMix, "readers" | "searchers" | "readPauseMs">,
): Promise<Workload> {
  const routes: Route[] = [...(await ourCatalogRoutes(baseUrl, catalogPrograms)), ...ourStoreRoutes()];
  const expected = new Set(routes.map((route) => String(route.expectedStatus)));
  let nextRoute = 0;
  let searches = 0;
  const read = async () => {
    const route = routes[nextRoute++ % routes.length] as Route;
    await recorder.send("catalog read", baseUrl, route.next(), route.expectedStatus);
  };
  const search = async () => {
    const n = searches++;
    const word = n % 10 === 9 ? `program ${n}` : (SEARCH_WORDS[n % SEARCH_WORDS.length] as string);
    const path = `/discovery/search?q=${encodeURIComponent(word)}&limit=10`;
    await recorder.send(
      "search",
      baseUrl,
      { method: "GET", path, headers: { "cf-connecting-ip": nextClientIp() } },
      200,
    );
  };
  return {
    run: async (until) => {
      await Promise.all([
        ...Array.from({ length: mix.readers }, () => repeatUntil(until, mix.readPauseMs, read)),
        ...Array.from({ length: mix.searchers }, () => repeatUntil(until, mix.readPauseMs, search)),
      ]);
    },
    verify: async (): Promise<Check[]> => {
      const reads = unexpectedOf(recorder, "catalog read", expected);
      const searched = unexpectedOf(recorder, "search", new Set(["200"]));
      return [
        { name: "catalog and shelf reads answered as expected", ok: reads === 0, detail: `${reads} other answers` },
        { name: "searches answered 200", ok: searched === 0, detail: `${searched} other answers` },
      ];
    },
    close: async () => {},
  };
}
