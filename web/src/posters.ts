import type { Schemas } from "./api/client";

type Variant = "portrait" | "landscape";
type AssetsByLanguage = Record<string, { portrait?: string; landscape?: string }>;

/**
 * The best image of `assets` for the first of `languages` that has one, in `variant` or else the other one (images
 * often carry words, so the language matters more than the shape); any image as a last resort.
 */
function pick(assets: AssetsByLanguage, languages: string[], variant: Variant): string | undefined {
  const other: Variant = variant === "portrait" ? "landscape" : "portrait";
  for (const set of [...languages.map((language) => assets[language]), ...Object.values(assets)]) {
    const url = set?.[variant] ?? set?.[other];
    if (url) return url;
  }
  return undefined;
}

export function posterOf(program: Schemas["CatalogProgram"], language: string, variant: Variant): string | undefined {
  return pick(program.assets.posters, [language, program.language_primary], variant);
}

export function thumbnailOf(lesson: Schemas["CatalogLesson"], language: string, variant: Variant): string | undefined {
  return pick(lesson.assets.thumbnails, [language, lesson.content_language_primary], variant);
}
