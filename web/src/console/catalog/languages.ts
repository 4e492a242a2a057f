/**
 * The languages the console offers to choose from (BCP 47, as the API takes them): the catalog's own first. There is
 * no list of them in the API; a program's or lesson's languages outside this list still show (see `withChosen`).
 */
export const CATALOG_LANGUAGES = [
  "te",
  "en",
  "hi",
  "ta",
  "kn",
  "ml",
  "bn",
  "mr",
  "ur",
  "es",
  "fr",
  "de",
  "pt-BR",
  "ar",
];

/**
 * The languages to offer, with those already chosen that the list lacks (so a choice is never hidden).
 *
 * @example
 * withChosen(["en", "xx"]) // CATALOG_LANGUAGES then "xx"
 */
export function withChosen(chosen: readonly (string | undefined)[]): string[] {
  const extra = chosen.filter((code): code is string => Boolean(code) && !CATALOG_LANGUAGES.includes(code as string));
  return [...CATALOG_LANGUAGES, ...new Set(extra)];
}
