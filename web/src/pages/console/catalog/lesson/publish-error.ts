import type { ApiError } from "../../../../api/problem";
import { languageName } from "../../../../format";

/** What stands in the way of publishing: the lesson's own thumbnails, or the posters of its (draft) program. */
export interface MissingAssets {
  kind: "thumbnails" | "posters";
  /** Each missing asset, as `{ language: "te", variant: "portrait" }`. */
  assets: { language: string; variant: string }[];
}

/**
 * Reads the reason the scheduled publisher left on a lesson (`publish_error`, see src/catalog/publish.ts):
 * "missing thumbnails: portrait (te), landscape (te); missing posters: landscape (en)". A reason it does not know
 * gives an empty list, so the page shows the reason as it is.
 *
 * @example
 * missingFromReason("missing thumbnails: portrait (te)") // [{ kind: "thumbnails", assets: [{ language: "te", variant: "portrait" }] }]
 */
export function missingFromReason(reason: string): MissingAssets[] {
  const found: MissingAssets[] = [];
  for (const part of reason.split(";")) {
    const match = /^\s*missing (thumbnails|posters):\s*(.+)$/.exec(part);
    if (!match) return [];
    const assets = [...(match[2] ?? "").matchAll(/(\w+) \(([^)]+)\)/g)].map(([, variant = "", language = ""]) => ({
      language,
      variant,
    }));
    found.push({ kind: match[1] as MissingAssets["kind"], assets });
  }
  return found;
}

/**
 * The same, from a refused "publish now" (422 `missing_thumbnails` / `missing_posters`), whose field errors name each
 * asset as `thumbnails.<language>.<variant>` or `posters.<language>.<variant>`.
 */
export function missingFromProblem(error: ApiError): MissingAssets[] {
  const byKind = new Map<MissingAssets["kind"], MissingAssets>();
  for (const { path } of error.problem.errors ?? []) {
    const [kind, language, variant] = path.split(".");
    if ((kind !== "thumbnails" && kind !== "posters") || !language || !variant) continue;
    const entry = byKind.get(kind) ?? { kind, assets: [] };
    entry.assets.push({ language, variant });
    byKind.set(kind, entry);
  }
  return [...byKind.values()];
}

/** "portrait", "portrait and landscape", "portrait, square and landscape". */
const listed = (words: string[]) =>
  words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;

/**
 * One sentence per kind of missing asset, as an editor reads it: "The lesson needs a portrait and a landscape
 * thumbnail in Telugu." / "Its program needs a landscape poster in English before it can be published."
 */
export function missingWords({ kind, assets }: MissingAssets): string {
  const byLanguage = new Map<string, string[]>();
  for (const { language, variant } of assets) byLanguage.set(language, [...(byLanguage.get(language) ?? []), variant]);
  const what = kind === "thumbnails" ? "thumbnail" : "poster";
  const phrases = [...byLanguage].map(
    ([language, variants]) =>
      `${listed(variants.map((variant) => `${/^[aeiou]/.test(variant) ? "an" : "a"} ${variant}`))} ${what} in ${languageName(language)}`,
  );
  return kind === "thumbnails"
    ? `The lesson needs ${listed(phrases)}.`
    : `Its program is still a draft and needs ${listed(phrases)}; it is published with its first lesson.`;
}
