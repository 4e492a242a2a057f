/**
 * Typo tolerance over the index's own vocabulary (FTS5 has none): the indexed words close to each query word, found
 * through a trigram index of every word (`search_word_trigrams`), measured exactly here, and checked against the
 * index's live terms (`search_index_terms`), so that a word no published document holds any more is never offered.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { batchAll } from "./batch";
import {
  letterCount,
  type QueryWords,
  SUGGESTION_MAX_DISTANCE,
  SUGGESTION_MIN_LETTERS,
  trigramQuery,
  typoBudget,
  typoDistance,
} from "./words";

/** Trigram matches read per query word: enough for the close words of any word, and a bound on the work. */
const CANDIDATES_PER_WORD = 100;
/** Close words a query word is widened with: the nearest, then the most frequent. */
const EXPANSIONS_PER_WORD = 10;

/** A word of the index and how many published documents hold it. */
interface IndexedWord {
  word: string;
  docs: number;
}

/** An indexed word close to a query word. */
interface NearWord extends IndexedWord {
  distance: number;
}

/** What the vocabulary says about each query word (by position; words too short to look up have none). */
export interface Vocabulary {
  /** Indexed words within SUGGESTION_MAX_DISTANCE of the word, nearest first, then the most frequent; it may include the word itself (distance 0). */
  near: (NearWord[] | undefined)[];
  /** Whether the last word, being typed, begins an indexed word. */
  lastBeginsAWord: boolean;
}

const needsLookup = (folded: string) => letterCount(folded) >= SUGGESTION_MIN_LETTERS;

/** The indexed words that share trigrams with `word` and are about as long, with their document counts. */
function nearWordsQuery(word: string) {
  const letters = letterCount(word);
  return sql`
    SELECT substr(t.padded, 2, length(t.padded) - 2) AS word, v.doc AS docs
    FROM (
      SELECT padded FROM search_word_trigrams
      WHERE search_word_trigrams MATCH ${trigramQuery(word)}
        AND letters BETWEEN ${letters - SUGGESTION_MAX_DISTANCE} AND ${letters + SUGGESTION_MAX_DISTANCE}
      ORDER BY rank LIMIT ${CANDIDATES_PER_WORD}
    ) t
    CROSS JOIN search_index_terms v ON v.term = substr(t.padded, 2, length(t.padded) - 2)`;
}

/** Whether an indexed word begins with `prefix` (a range seek in the index's terms). */
const wordWithPrefixQuery = (prefix: string) =>
  sql`SELECT term AS word, doc AS docs FROM search_index_terms
    WHERE term >= ${prefix} AND term < ${`${prefix}\u{10FFFF}`} LIMIT 1`;

/**
 * Looks up the query's words of SUGGESTION_MIN_LETTERS or more in the vocabulary: one D1 round trip (a batch), or
 * none when no word is that long.
 */
export async function lookUpVocabulary(db: Database, query: QueryWords): Promise<Vocabulary> {
  const looked = query.folded.map((word, i) => ({ word, i })).filter(({ word }) => needsLookup(word));
  const near: Vocabulary["near"] = query.folded.map(() => undefined);
  if (looked.length === 0) return { near, lastBeginsAWord: false };
  const last = query.folded.at(-1) ?? "";
  const [prefixRows, ...rows] = await batchAll<IndexedWord[]>(db, [
    wordWithPrefixQuery(last),
    ...looked.map(({ word }) => nearWordsQuery(word)),
  ]);
  looked.forEach(({ word, i }, k) => {
    near[i] = (rows[k] ?? [])
      .map((row) => ({
        word: row.word,
        docs: Number(row.docs),
        distance: typoDistance(word, row.word, SUGGESTION_MAX_DISTANCE),
      }))
      .filter((found) => found.distance <= SUGGESTION_MAX_DISTANCE && found.docs > 0)
      .sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.word < b.word ? -1 : 1));
  });
  return { near, lastBeginsAWord: query.lastIsPrefix && (prefixRows?.length ?? 0) > 0 };
}

/**
 * For each query word, the indexed words it may stand for with a typo (Meilisearch's budget: one typo from 5
 * letters, two from 9), nearest first; empty when it may carry none.
 */
export function typoAlternatives(query: QueryWords, vocabulary: Vocabulary): string[][] {
  return query.folded.map((word, i) => {
    const budget = typoBudget(letterCount(word));
    return (vocabulary.near[i] ?? [])
      .filter((found) => found.distance >= 1 && found.distance <= budget)
      .slice(0, EXPANSIONS_PER_WORD)
      .map((found) => found.word);
  });
}

/**
 * "Did you mean": the query with each word the index does not hold replaced by the nearest indexed word (fewest
 * typos, then the most documents); null when no word could be replaced.
 */
export function didYouMean(query: QueryWords, vocabulary: Vocabulary): string | null {
  let changed = false;
  const suggested = query.folded.map((word, i) => {
    const near = vocabulary.near[i];
    const isLast = i === query.folded.length - 1;
    const known = near?.some((found) => found.distance === 0) || (isLast && vocabulary.lastBeginsAWord);
    const best = near?.[0];
    if (known || !best) return word;
    changed = true;
    return best.word;
  });
  return changed ? suggested.join(" ") : null;
}
