import { z } from "@hono/zod-openapi";
import { PageQuery, searchParam } from "../../http/pagination";
import { type LessonContent, lessonContentOf } from "../lesson-content";
import { AssetUrlSchema, ContentTypeSchema, ContentUrlSchema, LanguageSchema, LessonStatusSchema } from "../models";
import { hasPendingChanges, type RevisionState } from "../revisions/state";
import type { LessonRow } from "../schema";
import { Description, distinct, Languages, SequenceNumber, Title } from "./fields";

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
    lesson_number: SequenceNumber.optional().openapi({ description: "Defaults to one after the term's last lesson" }),
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
    lesson_number: SequenceNumber.optional(),
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
    has_pending_changes: z.boolean().openapi({
      description: "A published lesson's edits wait here until published: see GET /cms/lessons/{id}/changes",
    }),
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
  q: searchParam("Text in the title or description"),
});

/** A lesson as the CMS answers it: the working copy, and whether changes are pending on it. */
export function presentLesson(row: LessonRow & { revisions?: RevisionState }): Lesson {
  return {
    id: row.id,
    term_id: row.termId,
    lesson_number: row.lessonNumber,
    ...lessonContentOf(row),
    status: row.status,
    publish_at: row.publishAt,
    published_at: row.publishedAt,
    publish_error: row.publishError,
    has_pending_changes: row.revisions ? hasPendingChanges(row.revisions) : false,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
