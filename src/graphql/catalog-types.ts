/**
 * The CMS's content as GraphQL types: Program → Term → Lesson, with topics and assets. Every type that another
 * refers to loads through one DataLoader per request, and every list below a parent through one query for all the
 * parents of its level, so a nested query costs one D1 round trip per level, whatever the number of items.
 */
import { type AssetRecord, assetsOfOwners, LESSON_ASSETS, PROGRAM_ASSETS } from "../catalog/assets/queries";
import { findLessons, lessonsOfTerms } from "../catalog/cms/lesson-queries";
import { findPrograms, type ProgramWithTopics } from "../catalog/cms/program-queries";
import { findTerms, termsOfPrograms } from "../catalog/cms/term-queries";
import type { TopicRef } from "../catalog/cms/topic-queries";
import { hasPendingChanges, type RevisionState } from "../catalog/revisions/state";
import {
  ASSET_VARIANTS,
  CONTENT_TYPES,
  LESSON_STATUSES,
  type LessonRow,
  PROGRAM_STATUSES,
  type TermRow,
} from "../catalog/schema";
import { builder } from "./builder";

export const ProgramStatus = builder.enumType("ProgramStatus", { values: PROGRAM_STATUSES });
export const LessonStatus = builder.enumType("LessonStatus", { values: LESSON_STATUSES });
export const ContentType = builder.enumType("ContentType", { values: CONTENT_TYPES });
const AssetVariant = builder.enumType("AssetVariant", { values: ASSET_VARIANTS });

export const ProgramRef = builder.loadableObjectRef<ProgramWithTopics, string>("Program", {
  load: (ids, ctx) => findPrograms(ctx.db, ids),
  sort: (program) => program.id,
});
export const TermRef = builder.loadableObjectRef<TermRow, string>("Term", {
  load: (ids, ctx) => findTerms(ctx.db, ids),
  sort: (term) => term.id,
});
export const LessonRef = builder.loadableObjectRef<LessonRow, string>("Lesson", {
  load: (ids, ctx) => findLessons(ctx.db, ids),
  sort: (lesson) => lesson.id,
});

const TopicType = builder.objectRef<TopicRef>("Topic").implement({
  fields: (t) => ({ id: t.exposeID("id"), name: t.exposeString("name") }),
});

const AssetType = builder.objectRef<AssetRecord>("Asset").implement({
  description: "A program's poster, or a lesson's thumbnail or subtitle",
  fields: (t) => ({
    language: t.exposeString("language"),
    variant: t.expose("variant", { type: AssetVariant }),
    asset_type: t.exposeString("asset_type", { description: "poster, thumbnail or subtitle" }),
    url: t.exposeString("url"),
    updated_at: t.exposeString("updated_at"),
  }),
});

ProgramRef.implement({
  description: "A show of the original system: a course or series, in terms of lessons",
  fields: (t) => ({
    id: t.exposeID("id"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    language_primary: t.exposeString("languagePrimary"),
    languages_available: t.exposeStringList("languagesAvailable"),
    status: t.expose("status", { type: ProgramStatus }),
    published_at: t.exposeString("publishedAt", { nullable: true }),
    created_at: t.exposeString("createdAt"),
    updated_at: t.exposeString("updatedAt"),
    topics: t.field({ type: [TopicType], resolve: (program) => program.topics }),
    has_pending_changes: t.boolean({
      description:
        "Edits of a published program wait as pending changes until published; the fields above include them",
      resolve: (program) => hasPendingChanges(program.revisions),
    }),
    terms: t.loadableGroup({
      type: TermRef,
      description: "By term number",
      load: (programIds: string[], ctx) => termsOfPrograms(ctx.db, programIds),
      // The loader hands back rows; the type also admits the ids a field may resolve to.
      group: (term) => (term as TermRow).programId,
      resolve: (program) => program.id,
    }),
    posters: t.loadableGroup({
      type: AssetType,
      load: (programIds: string[], ctx) => assetsOfOwners(ctx.db, PROGRAM_ASSETS, programIds),
      group: (asset) => asset.owner_id,
      resolve: (program) => program.id,
    }),
  }),
});

TermRef.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    program_id: t.exposeID("programId"),
    term_number: t.exposeInt("termNumber"),
    title: t.exposeString("title"),
    created_at: t.exposeString("createdAt"),
    updated_at: t.exposeString("updatedAt"),
    program: t.field({ type: ProgramRef, resolve: (term) => term.programId }),
    lessons: t.loadableGroup({
      type: LessonRef,
      description: "Every lesson, whatever its status, by lesson number",
      load: (termIds: string[], ctx) => lessonsOfTerms(ctx.db, termIds),
      group: (lesson) => (lesson as LessonRow).termId,
      resolve: (term) => term.id,
    }),
  }),
});

LessonRef.implement({
  description: "An episode of the original system: a video, audio or article, in one or more languages",
  fields: (t) => ({
    id: t.exposeID("id"),
    term_id: t.exposeID("termId"),
    lesson_number: t.exposeInt("lessonNumber"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    content_type: t.expose("contentType", { type: ContentType }),
    duration_ms: t.exposeInt("durationMs", { nullable: true }),
    is_paid: t.exposeBoolean("isPaid"),
    content_language_primary: t.exposeString("contentLanguagePrimary"),
    content_languages_available: t.exposeStringList("contentLanguagesAvailable"),
    content_urls_by_language: t.expose("contentUrlsByLanguage", { type: "LanguageMap" }),
    subtitle_languages: t.exposeStringList("subtitleLanguages"),
    subtitle_urls_by_language: t.expose("subtitleUrlsByLanguage", { type: "LanguageMap" }),
    status: t.expose("status", { type: LessonStatus }),
    publish_at: t.exposeString("publishAt", { nullable: true }),
    published_at: t.exposeString("publishedAt", { nullable: true }),
    publish_error: t.exposeString("publishError", {
      nullable: true,
      description: "Why the scheduled publisher could not publish this lesson when it fell due",
    }),
    has_pending_changes: t.boolean({
      description: "Edits of a published lesson wait as pending changes until published; the fields above include them",
      resolve: (lesson) => {
        const { revisions } = lesson as LessonRow & { revisions?: RevisionState };
        return revisions ? hasPendingChanges(revisions) : false;
      },
    }),
    created_at: t.exposeString("createdAt"),
    updated_at: t.exposeString("updatedAt"),
    term: t.field({ type: TermRef, resolve: (lesson) => lesson.termId }),
    program: t.field({
      type: ProgramRef,
      resolve: async (lesson, _args, ctx) => {
        const term = await TermRef.getDataloader(ctx).load(lesson.termId);
        return term.programId;
      },
    }),
    assets: t.loadableGroup({
      type: AssetType,
      description: "Thumbnails and subtitles",
      load: (lessonIds: string[], ctx) => assetsOfOwners(ctx.db, LESSON_ASSETS, lessonIds),
      group: (asset) => asset.owner_id,
      resolve: (lesson) => lesson.id,
    }),
  }),
});
