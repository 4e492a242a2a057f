/**
 * One search over the published catalog, for the REST route and GraphQL's `search` field alike: the query's words,
 * their typo alternatives from the index's vocabulary, then the page and the facets in one batch. Two D1 round trips
 * when a word has 4 letters or more (the vocabulary, then the batch), one otherwise.
 */
import { z } from "@hono/zod-openapi";
import type { Database } from "../../db/client";
import { validationFailed } from "../../http/problem";
import type { SearchHit, SearchParams, SearchResult } from "./models";
import { presentFacets, presentHit } from "./present";
import { type AfterHit, type HitRow, type SearchFilters, searchStatements, type TextMatch } from "./query";
import { didYouMean, lookUpVocabulary, typoAlternatives } from "./typos";
import { ftsString, type QueryWords, queryWords } from "./words";

/**
 * Where a page starts, as a cursor holds it: `[query fingerprint, tier, key, rowid]`. The fingerprint ties the cursor
 * to the query and filters it was handed out for; `key` is the bm25 score (a text search) or `published_at` (a
 * browse).
 */
export type SearchPosition = [string, number, number | string, number];

/** One hit of a page with the position just after it. */
export interface RankedHit {
  hit: SearchHit;
  position: SearchPosition;
}

export interface CatalogSearch {
  /** Up to `limit + 1` hits in rank order: the extra one only says that another page exists (see `toPage`). */
  rows: RankedHit[];
  /** Everything the search found, on every page. */
  total: number;
  facets: SearchResult["facets"];
  /** When nothing was found: the query with unknown words replaced by the nearest indexed words; null otherwise. */
  didYouMean: string | null;
}

/** 32-bit FNV-1a, in hex: tells queries apart in a cursor (which is signed anyway). */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (const unit of new TextEncoder().encode(text)) hash = Math.imul(hash ^ unit, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/** What `searchCatalog` reads of a search's parameters: the query, the page size and the filters (not the cursor). */
export type CatalogSearchParams = Pick<SearchParams, "q" | "limit"> & SearchFilters;

const filtersOf = (params: Omit<CatalogSearchParams, "limit">): SearchFilters => ({
  type: params.type,
  topic: params.topic,
  language: params.language,
  content_type: params.content_type,
  min_duration: params.min_duration,
  max_duration: params.max_duration,
});

/** What makes two searches the same list: their words (and whether the last is a prefix) and their filters. */
function queryFingerprint(params: Omit<CatalogSearchParams, "limit">): string {
  const { folded, lastIsPrefix } = queryWords(params.q);
  return fingerprint(JSON.stringify([folded, lastIsPrefix, filtersOf(params)]));
}

/**
 * The schema of the cursor positions of the search `params` describe: a cursor handed out for another query or other
 * filters fails it, so `decodeCursor` answers 400 `invalid_cursor`.
 *
 * @example
 * const after = await decodeCursor(c, params.cursor, searchPosition(params));
 */
export function searchPosition(params: Omit<CatalogSearchParams, "limit">): z.ZodType<SearchPosition> {
  const browsing = queryWords(params.q).words.length === 0;
  return z.tuple([
    z.literal(queryFingerprint(params)),
    z.number().int().min(0).max(1),
    browsing ? z.string().max(64) : z.number(),
    z.number().int(),
  ]) as unknown as z.ZodType<SearchPosition>;
}

/** The FTS5 expressions of the query: every word quoted, all of them required, the last one also as a prefix. */
function textMatch(query: QueryWords, alternatives: string[][]): TextMatch {
  const last = query.words.length - 1;
  const term = (word: string, i: number) => `${ftsString(word)}${i === last && query.lastIsPrefix ? "*" : ""}`;
  const exact = query.words.map(term).join(" AND ");
  if (alternatives.every((words) => words.length === 0)) return { exact };
  const typo = query.words
    .map((word, i) => `(${[word, ...(alternatives[i] ?? [])].map((alternative) => term(alternative, i)).join(" OR ")})`)
    .join(" AND ");
  return { exact, typo };
}

/**
 * Searches the published catalog: `params.q` (any text: its words are searched, never parsed as syntax) with the
 * filters of `params`, `params.limit` hits from `after` (a position from `searchPosition`'s cursor; `params.cursor`
 * itself is not read). A word of 5 letters or more may carry a typo, of 9 or more two; such hits rank below the exact
 * ones. An empty query lists everything the filters let through, newest first.
 *
 * @example
 * const { rows, total, facets, didYouMean } = await searchCatalog(db, { q: "telugu gramar", limit: 20 });
 */
export async function searchCatalog(
  db: Database,
  params: CatalogSearchParams,
  after?: SearchPosition,
): Promise<CatalogSearch> {
  const { min_duration: min, max_duration: max } = params;
  if (min !== undefined && max !== undefined && min > max) {
    throw validationFailed([{ path: "min_duration", message: `Must not exceed max_duration (${max}).` }]);
  }
  const query = queryWords(params.q);
  const browsing = query.words.length === 0;
  const vocabulary = browsing ? undefined : await lookUpVocabulary(db, query);
  const match = vocabulary && textMatch(query, typoAlternatives(query, vocabulary));
  const from: AfterHit | undefined = after && { tier: after[1], key: after[2], rowid: after[3] };
  const [pageRows, facetRows] = await searchStatements(db, match, filtersOf(params), params.limit, from);
  const { total, facets } = presentFacets(facetRows);
  const ofQuery = queryFingerprint(params);
  const positionOf = (row: HitRow): SearchPosition => [ofQuery, Number(row.tier), row.key, Number(row.rowid)];
  return {
    rows: pageRows.map((row) => ({ hit: presentHit(row), position: positionOf(row) })),
    total,
    facets,
    didYouMean: total === 0 && vocabulary ? didYouMean(query, vocabulary) : null,
  };
}
