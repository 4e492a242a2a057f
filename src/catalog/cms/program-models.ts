import { z } from "@hono/zod-openapi";
import { PageQuery, searchParam } from "../../http/pagination";
import { LanguageSchema, ProgramStatusSchema } from "../models";
import { hasPendingChanges, type RevisionState } from "../revisions/state";
import type { LessonRow, ProgramRow, TermRow } from "../schema";
import { Description, distinct, Languages, Title } from "./fields";
import { LessonSchema } from "./lesson-models";
import { presentTerm, TermSchema } from "./term-models";
import { TopicSchema } from "./topic-models";

const TopicIds = z.array(z.string().min(1).max(64)).max(20).openapi({ description: "Replaces the program's topics" });

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
    has_pending_changes: z.boolean().openapi({
      description: "A published program's edits wait here until published: see GET /cms/programs/{id}/changes",
    }),
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
  q: searchParam("Text in the title or description"),
});

/** A program as the CMS answers it: the working copy, and whether changes are pending on it. */
export function presentProgram(
  row: ProgramRow & { revisions?: RevisionState },
  topics: { id: string; name: string }[],
): Program {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    language_primary: row.languagePrimary,
    languages_available: row.languagesAvailable,
    status: row.status,
    published_at: row.publishedAt,
    topics,
    has_pending_changes: row.revisions ? hasPendingChanges(row.revisions) : false,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const PostersSchema = z
  .record(z.string(), z.record(z.string(), z.string()))
  .openapi({ description: "Poster URLs by language, then variant" });

/** Poster rows as a program's `posters`: URL by language, then variant. */
export function postersByLanguage(rows: { language: string; variant: string; url: string }[]) {
  const posters: Record<string, Record<string, string>> = {};
  for (const { language, variant, url } of rows) {
    posters[language] ??= {};
    posters[language][variant] = url;
  }
  return posters;
}

/** A program in the CMS list: with its posters, so that a list can preview them without a request per program. */
export const ProgramListItemSchema = ProgramSchema.extend({ posters: PostersSchema }).openapi("CmsProgramListItem");

// ---- the program with its outline ----------------------------------------------------------------------------------

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
  posters: PostersSchema,
}).openapi("CmsProgramDetail");

type LessonSummaryRow = Pick<
  LessonRow,
  "id" | "termId" | "lessonNumber" | "title" | "status" | "publishAt" | "publishedAt" | "publishError"
>;

/** The CMS view of a program: its terms in order, each lesson's number, title and status, and its posters. */
export function presentProgramDetail(
  program: ProgramRow & { revisions?: RevisionState },
  topics: { id: string; name: string }[],
  outline: {
    termRows: TermRow[];
    lessonRows: LessonSummaryRow[];
    posterRows: { language: string; variant: string; url: string }[];
  },
): z.infer<typeof ProgramDetailSchema> {
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
    posters: postersByLanguage(outline.posterRows),
  };
}
