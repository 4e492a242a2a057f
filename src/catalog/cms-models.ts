import { z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import {
  AssetUrlSchema,
  ContentTypeSchema,
  ContentUrlSchema,
  LanguageSchema,
  LessonStatusSchema,
  ProgramStatusSchema,
} from "./models";
import type { LessonRow, ProgramRow, TermRow, TopicRow } from "./schema";

// ---- topics --------------------------------------------------------------------------------------------------------

export const TopicSchema = z
  .object({ id: z.string(), name: z.string(), created_at: z.iso.datetime() })
  .openapi("Topic");

const TopicName = z.string().trim().min(1).max(100).openapi({ example: "Language learning" });
export const TopicBody = z.strictObject({ name: TopicName }).openapi("TopicRequest");

export const presentTopic = (row: TopicRow) => ({ id: row.id, name: row.name, created_at: row.createdAt });

// ---- programs ------------------------------------------------------------------------------------------------------

const Title = z.string().trim().min(1).max(200);
const Description = z.string().trim().max(5000);
const Languages = z.array(LanguageSchema).min(1).max(20);
const TopicIds = z.array(z.string().min(1).max(64)).max(20).openapi({ description: "Replaces the program's topics" });

const distinct = (values: string[]) => new Set(values).size === values.length;

export const ProgramSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    language_primary: z.string(),
    languages_available: z.array(z.string()),
    status: ProgramStatusSchema,
    published_at: z.iso.datetime().nullable(),
    topics: z.array(TopicSchema.pick({ id: true, name: true })),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("CmsProgram");

export type Program = z.infer<typeof ProgramSchema>;

export const CreateProgramBody = z
  .strictObject({
    title: Title,
    description: Description.default(""),
    language_primary: LanguageSchema,
    languages_available: Languages.optional().openapi({ description: "Defaults to [language_primary]" }),
    topic_ids: TopicIds.default([]),
  })
  .superRefine((body, ctx) => {
    const languages = body.languages_available;
    if (languages && !languages.includes(body.language_primary)) {
      ctx.addIssue({ code: "custom", path: ["languages_available"], message: "Must include language_primary." });
    }
    if (languages && !distinct(languages)) {
      ctx.addIssue({ code: "custom", path: ["languages_available"], message: "Languages must be distinct." });
    }
  })
  .openapi("CreateProgramRequest");

export const UpdateProgramBody = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    language_primary: LanguageSchema.optional(),
    languages_available: Languages.optional(),
    topic_ids: TopicIds.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), "Send at least one field to change.")
  .openapi("UpdateProgramRequest");

export const ListProgramsQuery = PageQuery.extend({
  status: ProgramStatusSchema.optional(),
  language: LanguageSchema.optional().openapi({ description: "Primary language" }),
  topic: z.string().min(1).max(64).optional().openapi({ description: "Topic id" }),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: "Text in the title or description" }),
});

export function presentProgram(row: ProgramRow, topics: { id: string; name: string }[]): Program {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    language_primary: row.languagePrimary,
    languages_available: row.languagesAvailable,
    status: row.status,
    published_at: row.publishedAt,
    topics,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

// ---- terms ---------------------------------------------------------------------------------------------------------

const TermNumber = z.number().int().min(1).max(10_000);

export const TermSchema = z
  .object({
    id: z.string(),
    program_id: z.string(),
    term_number: z.number().int(),
    title: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("Term");

export const CreateTermBody = z
  .strictObject({
    title: Title,
    term_number: TermNumber.optional().openapi({ description: "Defaults to one after the program's last term" }),
  })
  .openapi("CreateTermRequest");

export const UpdateTermBody = z
  .strictObject({ title: Title.optional(), term_number: TermNumber.optional() })
  .refine((body) => body.title !== undefined || body.term_number !== undefined, "Send title or term_number.")
  .openapi("UpdateTermRequest");

export const presentTerm = (row: TermRow) => ({
  id: row.id,
  program_id: row.programId,
  term_number: row.termNumber,
  title: row.title,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});

// ---- lessons -------------------------------------------------------------------------------------------------------

const UrlsByLanguage = z.record(LanguageSchema, ContentUrlSchema);

/** The editable content of a lesson; the cross-field rules are checked on the whole (create, or row + patch). */
const LessonContentFields = {
  title: Title,
  description: Description,
  content_type: ContentTypeSchema,
  duration_ms: z
    .number()
    .int()
    .min(1)
    .max(24 * 60 * 60 * 1000)
    .nullable(),
  is_paid: z.boolean(),
  content_language_primary: LanguageSchema,
  content_languages_available: Languages,
  content_urls_by_language: UrlsByLanguage,
  subtitle_languages: z.array(LanguageSchema).max(50),
  subtitle_urls_by_language: z.record(LanguageSchema, AssetUrlSchema),
};

export type LessonContent = {
  [K in keyof typeof LessonContentFields]: z.output<(typeof LessonContentFields)[K]>;
};

/** The rules a lesson's content must keep; the database enforces them too (CHECKs and triggers). */
export function lessonContentProblems(lesson: LessonContent): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const primary = lesson.content_language_primary;
  const available = lesson.content_languages_available;
  if (lesson.content_type !== "article" && lesson.duration_ms === null) {
    problems.push({ path: "duration_ms", message: `Required for ${lesson.content_type} lessons.` });
  }
  if (!available.includes(primary)) {
    problems.push({ path: "content_languages_available", message: "Must include content_language_primary." });
  }
  if (!distinct(available)) {
    problems.push({ path: "content_languages_available", message: "Languages must be distinct." });
  }
  if (!lesson.content_urls_by_language[primary]) {
    problems.push({ path: "content_urls_by_language", message: `Needs a URL for the primary language (${primary}).` });
  }
  for (const language of Object.keys(lesson.content_urls_by_language)) {
    if (!available.includes(language)) {
      problems.push({ path: `content_urls_by_language.${language}`, message: "Not in content_languages_available." });
    }
  }
  const subtitleKeys = Object.keys(lesson.subtitle_urls_by_language).sort();
  const subtitleLanguages = [...lesson.subtitle_languages].sort();
  if (!distinct(subtitleLanguages) || subtitleKeys.join() !== subtitleLanguages.join()) {
    problems.push({
      path: "subtitle_urls_by_language",
      message: "Must have exactly one URL for each of subtitle_languages.",
    });
  }
  return problems;
}

export const CreateLessonBody = z
  .strictObject({
    title: LessonContentFields.title,
    description: LessonContentFields.description.default(""),
    content_type: LessonContentFields.content_type,
    duration_ms: LessonContentFields.duration_ms.default(null),
    is_paid: LessonContentFields.is_paid.default(false),
    content_language_primary: LessonContentFields.content_language_primary,
    content_languages_available: LessonContentFields.content_languages_available
      .optional()
      .openapi({ description: "Defaults to [content_language_primary]" }),
    content_urls_by_language: LessonContentFields.content_urls_by_language,
    subtitle_languages: LessonContentFields.subtitle_languages.default([]),
    subtitle_urls_by_language: LessonContentFields.subtitle_urls_by_language.default({}),
    lesson_number: TermNumber.optional().openapi({ description: "Defaults to one after the term's last lesson" }),
  })
  .openapi("CreateLessonRequest");

export const UpdateLessonBody = z
  .strictObject({
    title: LessonContentFields.title.optional(),
    description: LessonContentFields.description.optional(),
    content_type: LessonContentFields.content_type.optional(),
    duration_ms: LessonContentFields.duration_ms.optional(),
    is_paid: LessonContentFields.is_paid.optional(),
    content_language_primary: LessonContentFields.content_language_primary.optional(),
    content_languages_available: LessonContentFields.content_languages_available.optional(),
    content_urls_by_language: LessonContentFields.content_urls_by_language.optional(),
    subtitle_languages: LessonContentFields.subtitle_languages.optional(),
    subtitle_urls_by_language: LessonContentFields.subtitle_urls_by_language.optional(),
    lesson_number: TermNumber.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), "Send at least one field to change.")
  .openapi("UpdateLessonRequest");

export const ScheduleLessonBody = z
  .strictObject({
    publish_at: z.iso.datetime({ offset: true }).openapi({ example: "2026-12-01T09:00:00Z" }),
  })
  .openapi("ScheduleLessonRequest");

export const LessonSchema = z
  .object({
    id: z.string(),
    term_id: z.string(),
    lesson_number: z.number().int(),
    title: z.string(),
    description: z.string(),
    content_type: ContentTypeSchema,
    duration_ms: z.number().int().nullable(),
    is_paid: z.boolean(),
    content_language_primary: z.string(),
    content_languages_available: z.array(z.string()),
    content_urls_by_language: z.record(z.string(), z.string()),
    subtitle_languages: z.array(z.string()),
    subtitle_urls_by_language: z.record(z.string(), z.string()),
    status: LessonStatusSchema,
    publish_at: z.iso.datetime().nullable(),
    published_at: z.iso.datetime().nullable(),
    publish_error: z
      .string()
      .nullable()
      .openapi({ description: "Why the scheduled publisher could not publish this lesson when it fell due" }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("CmsLesson");

export type Lesson = z.infer<typeof LessonSchema>;

export const ListLessonsQuery = PageQuery.extend({
  status: LessonStatusSchema.optional(),
  program_id: z.string().min(1).max(64).optional(),
  term_id: z.string().min(1).max(64).optional(),
  language: LanguageSchema.optional().openapi({ description: "Primary content language" }),
  has_publish_error: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "Only lessons the scheduled publisher could (not) publish" }),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: "Text in the title or description" }),
});

type LessonContentColumns = Pick<
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

/** A lesson's content in the API's words, from its stored columns (the public catalog shows it too). */
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

export function presentLesson(row: LessonRow): Lesson {
  return {
    id: row.id,
    term_id: row.termId,
    lesson_number: row.lessonNumber,
    ...lessonContentOf(row),
    status: row.status,
    publish_at: row.publishAt,
    published_at: row.publishedAt,
    publish_error: row.publishError,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const LessonSummarySchema = LessonSchema.pick({
  id: true,
  lesson_number: true,
  title: true,
  status: true,
  publish_at: true,
  published_at: true,
  publish_error: true,
});

export const ProgramDetailSchema = ProgramSchema.extend({
  terms: z.array(
    TermSchema.omit({ program_id: true }).extend({
      lessons: z.array(LessonSummarySchema),
    }),
  ),
  posters: z
    .record(z.string(), z.record(z.string(), z.string()))
    .openapi({ description: "Poster URLs by language, then variant" }),
}).openapi("CmsProgramDetail");

type LessonSummaryRow = Pick<
  LessonRow,
  "id" | "termId" | "lessonNumber" | "title" | "status" | "publishAt" | "publishedAt" | "publishError"
>;

/** The CMS view of a program: its terms in order, each lesson's number, title and status, and its posters. */
export function presentProgramDetail(
  program: ProgramRow,
  topics: { id: string; name: string }[],
  outline: {
    termRows: TermRow[];
    lessonRows: LessonSummaryRow[];
    posterRows: { language: string; variant: string; url: string }[];
  },
): z.infer<typeof ProgramDetailSchema> {
  const posters: Record<string, Record<string, string>> = {};
  for (const { language, variant, url } of outline.posterRows) {
    posters[language] ??= {};
    posters[language][variant] = url;
  }
  return {
    ...presentProgram(program, topics),
    terms: outline.termRows.map((term) => {
      const { program_id: _, ...presented } = presentTerm(term);
      const lessons = outline.lessonRows.filter((lesson) => lesson.termId === term.id);
      return {
        ...presented,
        lessons: lessons.map((lesson) => ({
          id: lesson.id,
          lesson_number: lesson.lessonNumber,
          title: lesson.title,
          status: lesson.status,
          publish_at: lesson.publishAt,
          published_at: lesson.publishedAt,
          publish_error: lesson.publishError,
        })),
      };
    }),
    posters,
  };
}
