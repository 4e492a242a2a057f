import type { LessonRow } from "./schema";

/**
 * A lesson's content in the API's words: what the CMS edits (and checks as a whole, see cms/lesson-models.ts) and
 * what the public catalog shows of a published lesson.
 */
export interface LessonContent {
  title: string;
  description: string;
  content_type: LessonRow["contentType"];
  duration_ms: number | null;
  is_paid: boolean;
  content_language_primary: string;
  content_languages_available: string[];
  content_urls_by_language: Record<string, string>;
  subtitle_languages: string[];
  subtitle_urls_by_language: Record<string, string>;
}

/** The stored columns that hold a lesson's content. */
export type LessonContentColumns = Pick<
  LessonRow,
  | "title"
  | "description"
  | "contentType"
  | "durationMs"
  | "isPaid"
  | "contentLanguagePrimary"
  | "contentLanguagesAvailable"
  | "contentUrlsByLanguage"
  | "subtitleLanguages"
  | "subtitleUrlsByLanguage"
>;

/** A lesson's content from its stored columns. */
export function lessonContentOf(row: LessonContentColumns): LessonContent {
  return {
    title: row.title,
    description: row.description,
    content_type: row.contentType,
    duration_ms: row.durationMs,
    is_paid: row.isPaid,
    content_language_primary: row.contentLanguagePrimary,
    content_languages_available: row.contentLanguagesAvailable,
    content_urls_by_language: row.contentUrlsByLanguage,
    subtitle_languages: row.subtitleLanguages,
    subtitle_urls_by_language: row.subtitleUrlsByLanguage,
  };
}

/**
 * The stored columns for a lesson's content (the inverse of `lessonContentOf`). Given only some fields (an edit), the
 * others stay undefined, which an UPDATE leaves as they are.
 */
export function lessonColumns(content: LessonContent): LessonContentColumns;
export function lessonColumns(content: Partial<LessonContent>): Partial<LessonContentColumns>;
export function lessonColumns(content: Partial<LessonContent>): Partial<LessonContentColumns> {
  return {
    title: content.title,
    description: content.description,
    contentType: content.content_type,
    durationMs: content.duration_ms,
    isPaid: content.is_paid,
    contentLanguagePrimary: content.content_language_primary,
    contentLanguagesAvailable: content.content_languages_available,
    contentUrlsByLanguage: content.content_urls_by_language,
    subtitleLanguages: content.subtitle_languages,
    subtitleUrlsByLanguage: content.subtitle_urls_by_language,
  };
}
