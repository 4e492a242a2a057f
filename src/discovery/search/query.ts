/**
 * The SQL of one search over `search_index` (migrations/0013_search_index.sql): a page of hits, and the total with
 * the facet counts over the whole result. Both are plain statements, sent together in one batch by search.ts.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { batchAll } from "./batch";
import type { SearchParams } from "./models";

/** Marks `highlight()` and `snippet()` put around matched words; present.ts turns them into `<mark>` after escaping. */
export const MARK_START = "\u0001";
export const MARK_END = "\u0002";
export const ELLIPSIS = "…";
/** Words in a description's excerpt. */
const SNIPPET_WORDS = 24;

/**
 * bm25 weights of the indexed columns, in the table's order: title, description, topics, languages. A title match
 * outranks a topic, which outranks a description or a language name.
 */
const RANK = sql.raw("bm25(search_index, 10.0, 2.0, 4.0, 1.0)");

/** The filters of a search, over the index row `s`. */
export type SearchFilters = Pick<
  SearchParams,
  "type" | "topic" | "language" | "content_type" | "min_duration" | "max_duration"
>;

/**
 * What a search matches: FTS5 expressions built from quoted words only (see words.ts). `typo` widens `exact` with
 * the words each query word may stand for; it is absent when no word has any.
 */
export interface TextMatch {
  exact: string;
  typo?: string;
}

/** Where the next page starts: after this hit in rank order (tier, key, rowid). */
export interface AfterHit {
  tier: number;
  /** bm25 score of a text search; `published_at` of a browse (empty query). */
  key: number | string;
  rowid: number;
}

/** One hit as the page statement returns it. */
export interface HitRow {
  tier: number;
  rowid: number;
  key: number | string;
  kind: "program" | "lesson";
  doc_id: string;
  title: string;
  description: string;
  program_id: string;
  program_title: string;
  content_type: "video" | "audio" | "article" | null;
  duration_ms: number | null;
  language_codes: string;
  topic_list: string;
  published_at: string;
  /** The title and the description's excerpt with MARK_START/MARK_END around matches; null for a browse. */
  title_marked: string | null;
  description_marked: string | null;
}

/** One count of the facets statement; `facet = 'total'` is the size of the whole result. */
export interface FacetRow {
  facet: "total" | "type" | "content_type" | "language" | "topic";
  value: string;
  /** A topic's name, or a language's English name (of its base code: `pt` for `pt-BR`); null when unknown. */
  name: string | null;
  count: number;
}

function filtersOf(filters: SearchFilters): SQL {
  const conditions: SQL[] = [sql`1`];
  if (filters.type) conditions.push(sql`s.kind = ${filters.type}`);
  if (filters.topic) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(s.topic_list) t WHERE t.value ->> '$.id' = ${filters.topic})`);
  }
  if (filters.language) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(s.language_codes) l WHERE l.value = ${filters.language})`);
  }
  // Programs have no content type and no duration (nor have articles): comparisons with NULL leave them out.
  if (filters.content_type) conditions.push(sql`s.content_type = ${filters.content_type}`);
  if (filters.min_duration !== undefined) conditions.push(sql`s.duration_ms >= ${filters.min_duration * 1000}`);
  if (filters.max_duration !== undefined) conditions.push(sql`s.duration_ms <= ${filters.max_duration * 1000}`);
  return sql.join(conditions, sql` AND `);
}

const hitColumns = sql.raw(`s.kind, s.doc_id, s.title, s.description, s.program_id, s.program_title, s.content_type,
  s.duration_ms, s.language_codes, s.topic_list, s.published_at`);

/**
 * A page of a text search: exact matches first (tier 0), then those found only through a typo (tier 1), each by
 * bm25 (lower is better), rowid breaking ties; `limit + 1` rows. Highlights are made for the page's rows only, each
 * with the expression that found it, through a MATCH pinned to its rowid.
 */
function textPage(match: TextMatch, filters: SearchFilters, size: number, after?: AfterHit) {
  const where = filtersOf(filters);
  const typoTier = match.typo
    ? sql`UNION ALL SELECT 1, s.rowid, ${RANK} FROM search_index s
        WHERE search_index MATCH ${match.typo} AND ${where} AND s.rowid NOT IN (SELECT id FROM exact)`
    : sql``;
  const markedWith = match.typo ? sql`CASE page.tier WHEN 0 THEN ${match.exact} ELSE ${match.typo} END` : match.exact;
  const markedIn = (expression: SQL) =>
    sql`(SELECT ${expression} FROM search_index WHERE search_index MATCH ${markedWith} AND rowid = page.id)`;
  return sql`
    WITH exact AS (
      SELECT s.rowid AS id, ${RANK} AS score FROM search_index s WHERE search_index MATCH ${match.exact} AND ${where}
    ),
    ranked (tier, id, score) AS (SELECT 0, id, score FROM exact ${typoTier}),
    page AS (
      SELECT tier, id, score FROM ranked
      WHERE ${after ? sql`(tier, score, id) > (${after.tier}, ${after.key}, ${after.rowid})` : sql`1`}
      ORDER BY tier, score, id LIMIT ${size}
    )
    SELECT page.tier AS tier, page.id AS rowid, page.score AS key, ${hitColumns},
      ${markedIn(sql`highlight(search_index, 0, ${MARK_START}, ${MARK_END})`)} AS title_marked,
      ${markedIn(sql`snippet(search_index, 1, ${MARK_START}, ${MARK_END}, ${ELLIPSIS}, ${SNIPPET_WORDS})`)} AS description_marked
    FROM page CROSS JOIN search_index s
    WHERE s.rowid = page.id
    ORDER BY page.tier, page.score, page.id`;
}

/** A page of a browse (no words to search): everything the filters let through, newest first. */
function browsePage(filters: SearchFilters, size: number, after?: AfterHit) {
  return sql`
    SELECT 0 AS tier, s.rowid AS rowid, s.published_at AS key, ${hitColumns},
      NULL AS title_marked, NULL AS description_marked
    FROM search_index s
    WHERE ${filtersOf(filters)}
      AND ${after ? sql`(s.published_at, s.rowid) < (${after.key}, ${after.rowid})` : sql`1`}
    ORDER BY s.published_at DESC, s.rowid DESC
    LIMIT ${size}`;
}

/** The total and the facet counts over every hit of the search (all tiers, every page). */
function facetCounts(match: TextMatch | undefined, filters: SearchFilters) {
  const matches = match ? sql`search_index MATCH ${match.typo ?? match.exact} AND` : sql``;
  return sql`
    WITH matched AS MATERIALIZED (
      SELECT s.kind, s.content_type, s.language_codes, s.topic_list FROM search_index s
      WHERE ${matches} ${filtersOf(filters)}
    )
    SELECT 'total' AS facet, '' AS value, NULL AS name, count(*) AS count FROM matched
    UNION ALL SELECT 'type', kind, NULL, count(*) FROM matched GROUP BY kind
    UNION ALL SELECT 'content_type', content_type, NULL, count(*) FROM matched
      WHERE content_type IS NOT NULL GROUP BY content_type
    UNION ALL SELECT 'language', l.value,
        (SELECT name FROM search_languages WHERE code = lower(substr(l.value, 1, instr(l.value || '-', '-') - 1))),
        count(*)
      FROM matched CROSS JOIN json_each(matched.language_codes) l GROUP BY l.value
    UNION ALL SELECT 'topic', t.value ->> '$.id', max(t.value ->> '$.name'), count(*)
      FROM matched CROSS JOIN json_each(matched.topic_list) t GROUP BY t.value ->> '$.id'`;
}

/**
 * The page (`limit + 1` rows, for `toPage`) and the facets of a search, as one batch: one D1 round trip. `match` is
 * absent for a browse (a query without words).
 */
export function searchStatements(
  db: Database,
  match: TextMatch | undefined,
  filters: SearchFilters,
  limit: number,
  after?: AfterHit,
) {
  const page = match ? textPage(match, filters, limit + 1, after) : browsePage(filters, limit + 1, after);
  return batchAll<[HitRow, FacetRow]>(db, [page, facetCounts(match, filters)]);
}
