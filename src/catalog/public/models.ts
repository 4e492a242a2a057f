import { z } from "@hono/zod-openapi";
import { PageQuery } from "../../http/pagination";
import { lessonContentOf } from "../lesson-content";
import { ContentTypeSchema, LanguageSchema, VariantSchema } from "../models";
import type { AssetVariant } from "../schema";
import type {
  LessonDetailRecord,
  LessonRecord,
  ProgramLessonRecord,
  ProgramRecord,
  TermLessonRecord,
  TopicRecord,
} from "./queries";

// Response models of the public catalog. Every date is when the content was published, never an internal time.

/** `{ <language>: { <variant>: url } }`, e.g. `{ "te": { "portrait": "https://…" } }`. */
const AssetsByLanguageSchema = z
  .record(z.string(), z.partialRecord(VariantSchema, z.string()))
  .openapi({ example: { te: { portrait: "https://cdn.example.com/posters/telugu-basics/te/portrait.jpg" } } });

export type AssetsByLanguage = Record<string, Partial<Record<AssetVariant, string>>>;

export const CatalogTopicRefSchema = z.object({ id: z.string(), name: z.string() }).openapi("CatalogTopicRef");

export const CatalogProgramSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    language_primary: LanguageSchema,
    languages_available: z.array(LanguageSchema),
    published_at: z.iso.datetime().openapi({ description: "When the program's first lesson was published" }),
    lesson_count: z.number().int().openapi({ description: "Published lessons in the program" }),
    topics: z.array(CatalogTopicRefSchema).openapi({ description: "By name" }),
    assets: z.object({ posters: AssetsByLanguageSchema }),
  })
  .openapi("CatalogProgram");

export type CatalogProgram = z.infer<typeof CatalogProgramSchema>;

export const CatalogLessonSchema = z
  .object({
    id: z.string(),
    lesson_number: z.number().int(),
    title: z.string(),
    description: z.string(),
    content_type: ContentTypeSchema,
    duration_ms: z.number().int().nullable().openapi({ description: "Null for articles" }),
    is_paid: z.boolean(),
    content_language_primary: LanguageSchema,
    content_languages_available: z.array(LanguageSchema),
    content_urls_by_language: z.record(z.string(), z.string()),
    subtitle_languages: z.array(LanguageSchema),
    subtitle_urls_by_language: z.record(z.string(), z.string()),
    published_at: z.iso.datetime(),
    assets: z.object({ thumbnails: AssetsByLanguageSchema }),
  })
  .openapi("CatalogLesson");

export type CatalogLesson = z.infer<typeof CatalogLessonSchema>;

export const CatalogTermSchema = z
  .object({
    id: z.string(),
    term_number: z.number().int(),
    title: z.string(),
    lessons: z.array(CatalogLessonSchema).openapi({ description: "Published lessons by lesson_number; never empty" }),
  })
  .openapi("CatalogTerm");

export type CatalogTerm = z.infer<typeof CatalogTermSchema>;

export const CatalogProgramDetailSchema = CatalogProgramSchema.extend({
  terms: z.array(CatalogTermSchema).openapi({
    description: "By term_number. A term without a published lesson is left out, so term numbers may have gaps.",
  }),
}).openapi("CatalogProgramDetail");

/** An item of the program list: a program, with its terms when the list is asked for them. */
export const CatalogProgramListItemSchema = CatalogProgramSchema.extend({
  terms: z
    .array(CatalogTermSchema)
    .optional()
    .openapi({
      description:
        "Only with `include=terms`, and then always: the program's terms with their published lessons, exactly as " +
        "`GET /catalog/programs/{id}` gives them.",
    }),
}).openapi("CatalogProgramListItem");

export type CatalogProgramDetail = z.infer<typeof CatalogProgramDetailSchema>;

export const CatalogLessonDetailSchema = CatalogLessonSchema.extend({
  program: z.object({ id: z.string(), title: z.string() }),
  term: z.object({ id: z.string(), term_number: z.number().int(), title: z.string() }),
}).openapi("CatalogLessonDetail");

export type CatalogLessonDetail = z.infer<typeof CatalogLessonDetailSchema>;

export const CatalogTopicSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    program_count: z.number().int().openapi({ description: "Programs in the catalog with this topic; at least 1" }),
  })
  .openapi("CatalogTopic");

export type CatalogTopic = z.infer<typeof CatalogTopicSchema>;

export const ListCatalogProgramsQuery = PageQuery.extend({
  language: LanguageSchema.optional().openapi({ description: "Only programs whose primary language is this" }),
  topic: z.string().min(1).max(64).optional().openapi({ description: "Only programs tagged with this topic id" }),
  include: z
    .enum(["terms"])
    .optional()
    .openapi({
      description:
        "`terms`: each program also carries its terms with their published lessons, as in " +
        "`GET /catalog/programs/{id}`; the page costs one round trip all the same",
    }),
});

/** Position in "most recently published first": `(published_at, id)`, both descending. */
export const PublishedFirstPosition = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]);

/** Position in topics by name: the lower-cased name, unique among topics. */
export const TopicNamePosition = z.tuple([z.string().min(1).max(100)]);

// ---- presenting query records -------------------------------------------------------------------------------------

/** `[[language, variant, url], …]` (already in language, variant order) as `{ language: { variant: url } }`. */
function assetsByLanguage(triplesJson: string): AssetsByLanguage {
  const assets: AssetsByLanguage = {};
  for (const [language, variant, url] of JSON.parse(triplesJson) as [string, AssetVariant, string][]) {
    assets[language] ??= {};
    assets[language][variant] = url;
  }
  return assets;
}

export function presentCatalogProgram(row: ProgramRecord): CatalogProgram {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    language_primary: row.languagePrimary,
    languages_available: row.languagesAvailable,
    published_at: row.publishedAt,
    lesson_count: row.lessonCount,
    topics: JSON.parse(row.topicsJson) as { id: string; name: string }[],
    assets: { posters: assetsByLanguage(row.postersJson) },
  };
}

export function presentCatalogLesson(row: LessonRecord): CatalogLesson {
  return {
    id: row.id,
    lesson_number: row.lessonNumber,
    ...lessonContentOf(row),
    published_at: row.publishedAt,
    assets: { thumbnails: assetsByLanguage(row.thumbnailsJson) },
  };
}

/** Lessons arrive in term then lesson order; consecutive lessons of one term become that term's list. */
export function presentCatalogTerms(rows: TermLessonRecord[]): CatalogTerm[] {
  const result: CatalogTerm[] = [];
  for (const row of rows) {
    let term = result[result.length - 1];
    if (term?.id !== row.termId) {
      term = { id: row.termId, term_number: row.termNumber, title: row.termTitle, lessons: [] };
      result.push(term);
    }
    term.lessons.push(presentCatalogLesson(row));
  }
  return result;
}

/** A program with its terms (from its published lessons, in term then lesson order), as its own page gives it. */
export function presentCatalogProgramDetail(program: ProgramRecord, lessons: TermLessonRecord[]): CatalogProgramDetail {
  return { ...presentCatalogProgram(program), terms: presentCatalogTerms(lessons) };
}

/** Published lessons of several programs, each program's in term then lesson order, by program id. */
export function lessonsByProgram(rows: ProgramLessonRecord[]): Map<string, ProgramLessonRecord[]> {
  const byProgram = new Map<string, ProgramLessonRecord[]>();
  for (const row of rows) {
    const list = byProgram.get(row.programId);
    if (list) list.push(row);
    else byProgram.set(row.programId, [row]);
  }
  return byProgram;
}

export function presentCatalogLessonDetail(row: LessonDetailRecord): CatalogLessonDetail {
  return {
    ...presentCatalogLesson(row),
    program: { id: row.programId, title: row.programTitle },
    term: { id: row.termId, term_number: row.termNumber, title: row.termTitle },
  };
}

export function presentCatalogTopic(row: TopicRecord): CatalogTopic {
  return { id: row.id, name: row.name, program_count: row.programCount };
}
