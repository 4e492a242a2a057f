/**
 * The words of a query, as the index splits text into words, and the arithmetic of typos between them. Pure
 * functions: no SQL here.
 */

/**
 * The most words of a query that are searched; the rest are ignored, as Meilisearch ignores words past its tenth.
 * It bounds the work of one search whatever its length.
 */
export const MAX_QUERY_WORDS = 10;

/**
 * A word as the index's tokenizer sees one (unicode61 with categories `L* N* Co M*`): letters, digits and private-use
 * characters, with the combining marks that follow them (Indic vowel signs are marks). Everything else separates.
 */
const WORD = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu;

/** The words of a query, ready to search. */
export interface QueryWords {
  /** At most MAX_QUERY_WORDS words, as typed (the index folds case and diacritics itself). */
  words: string[];
  /** The same words lower-cased and without Latin diacritics, as the index's vocabulary holds them. */
  folded: string[];
  /** The last word is still being typed (the query does not end with a space): it matches as a prefix too. */
  lastIsPrefix: boolean;
}

/**
 * Splits `q` into words; every other character (quotes, operators, punctuation, emoji) is a separator, so nothing the
 * user types is ever FTS syntax.
 *
 * @example
 * queryWords('telugu "gram') // { words: ["telugu", "gram"], folded: [...], lastIsPrefix: true }
 */
export function queryWords(q: string): QueryWords {
  const words = (q.match(WORD) ?? []).slice(0, MAX_QUERY_WORDS);
  const lastIsPrefix = words.length > 0 && !/\s$/u.test(q);
  return { words, folded: words.map(foldWord), lastIsPrefix };
}

/** Lower case without Latin combining diacritics, as `unicode61 remove_diacritics 2` indexes a word. */
export function foldWord(word: string): string {
  return word
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC");
}

/** How many characters a word has (code points, so that one Telugu letter counts as one). */
export const letterCount = (word: string): number => Array.from(word).length;

/** The typos a word of `letters` characters may carry, as Meilisearch allows them: 1 from 5 letters, 2 from 9. */
export function typoBudget(letters: number): number {
  if (letters >= 9) return 2;
  if (letters >= 5) return 1;
  return 0;
}

/** The shortest word "did you mean" corrects, and how far from the typed word its suggestion may be. */
export const SUGGESTION_MIN_LETTERS = 4;
export const SUGGESTION_MAX_DISTANCE = 2;

/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and transpositions of
 * two neighbours each count one. Gives up past `max`, answering `max + 1`.
 *
 * @example
 * typoDistance("grammar", "garmmar", 2) // 1 (a transposition)
 */
export function typoDistance(a: string, b: string, max: number): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return max + 1;
  // Three rows of the distance table: two rows back (for transpositions), the previous one, and the current one.
  let before = new Array<number>(y.length + 1).fill(0);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  let current = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[y.length] ?? 0, max + 1);
}

/**
 * An FTS5 string: the word between double quotes (a quote inside would be doubled, though words hold none), so that
 * the index takes it as text, never as an operator.
 */
export const ftsString = (word: string): string => `"${word.replaceAll('"', '""')}"`;

/**
 * The trigram index's query for the words that share a trigram with `word`, padded with ^ and $ as the vocabulary
 * is: `"^gr" OR "gra" OR …`.
 */
export function trigramQuery(word: string): string {
  const padded = Array.from(`^${word}$`);
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) trigrams.add(padded.slice(i, i + 3).join(""));
  return [...trigrams].map(ftsString).join(" OR ");
}
