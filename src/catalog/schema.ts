import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const PROGRAM_STATUSES = ["draft", "published", "archived"] as const;
export const LESSON_STATUSES = ["draft", "scheduled", "published", "archived"] as const;
export const CONTENT_TYPES = ["video", "audio", "article"] as const;
export const ASSET_VARIANTS = ["portrait", "landscape", "square", "banner"] as const;
export const PROGRAM_ASSET_TYPES = ["poster"] as const;
export const LESSON_ASSET_TYPES = ["thumbnail", "subtitle"] as const;

export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];
export type LessonStatus = (typeof LESSON_STATUSES)[number];
export type AssetVariant = (typeof ASSET_VARIANTS)[number];

/** SQL for "the JSON array `list` holds the string `value`" (CHECK constraints cannot use json_each subqueries). */
const jsonArrayHolds = (list: unknown, value: unknown) => sql`instr(${list}, '"' || ${value} || '"') > 0`;
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export const programs = sqliteTable(
  "programs",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    languagePrimary: text("language_primary").notNull(),
    languagesAvailable: text("languages_available", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status", { enum: PROGRAM_STATUSES }).notNull().default("draft"),
    // Set when the first lesson is published and never overwritten.
    publishedAt: text("published_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // The public catalog: published programs, optionally in one language, most recently published first.
    index("programs_status_language_published").on(t.status, t.languagePrimary, t.publishedAt, t.id),
    index("programs_status_published").on(t.status, t.publishedAt, t.id),
    // The CMS lists: most recently changed first, optionally by status.
    index("programs_updated_at_id").on(t.updatedAt, t.id),
    index("programs_status_updated_at_id").on(t.status, t.updatedAt, t.id),
    check("programs_title_length", sql`length(${t.title}) BETWEEN 1 AND 200`),
    check("programs_status_known", sql`${t.status} IN (${inList(PROGRAM_STATUSES)})`),
    check("programs_published_has_date", sql`${t.status} <> 'published' OR ${t.publishedAt} IS NOT NULL`),
    check(
      "programs_languages_hold_primary",
      sql`json_valid(${t.languagesAvailable}) AND json_type(${t.languagesAvailable}) = 'array' AND ${jsonArrayHolds(t.languagesAvailable, t.languagePrimary)}`,
    ),
  ],
);

export const topics = sqliteTable(
  "topics",
  {
    id: text("id").primaryKey(),
    // Unique regardless of case: "Music" and "music" are one topic.
    name: text("name").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("topics_name_unique").on(sql`lower(${t.name})`),
    check("topics_name_length", sql`length(${t.name}) BETWEEN 1 AND 100`),
  ],
);

export const programTopics = sqliteTable(
  "program_topics",
  {
    programId: text("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.topicId] }),
    index("program_topics_topic_program").on(t.topicId, t.programId),
  ],
);

export const terms = sqliteTable(
  "terms",
  {
    id: text("id").primaryKey(),
    programId: text("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    termNumber: integer("term_number").notNull(),
    title: text("title").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("terms_program_number_unique").on(t.programId, t.termNumber),
    check("terms_number_positive", sql`${t.termNumber} >= 1`),
    check("terms_title_length", sql`length(${t.title}) BETWEEN 1 AND 200`),
  ],
);

export const lessons = sqliteTable(
  "lessons",
  {
    id: text("id").primaryKey(),
    termId: text("term_id")
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    lessonNumber: integer("lesson_number").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    contentType: text("content_type", { enum: CONTENT_TYPES }).notNull(),
    durationMs: integer("duration_ms"),
    isPaid: integer("is_paid", { mode: "boolean" }).notNull().default(false),
    contentLanguagePrimary: text("content_language_primary").notNull(),
    contentLanguagesAvailable: text("content_languages_available", { mode: "json" }).$type<string[]>().notNull(),
    contentUrlsByLanguage: text("content_urls_by_language", { mode: "json" }).$type<Record<string, string>>().notNull(),
    subtitleLanguages: text("subtitle_languages", { mode: "json" }).$type<string[]>().notNull().default([]),
    subtitleUrlsByLanguage: text("subtitle_urls_by_language", { mode: "json" })
      .$type<Record<string, string>>()
      .notNull()
      .default({}),
    status: text("status", { enum: LESSON_STATUSES }).notNull().default("draft"),
    publishAt: text("publish_at"),
    publishedAt: text("published_at"),
    // Why the scheduled publisher could not publish this lesson when it fell due; null otherwise.
    publishError: text("publish_error"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("lessons_term_number_unique").on(t.termId, t.lessonNumber),
    // The publisher's scan: scheduled lessons that are due.
    index("lessons_status_publish_at").on(t.status, t.publishAt),
    // The CMS lists: most recently changed first, optionally by status.
    index("lessons_status_updated_at").on(t.status, t.updatedAt, t.id),
    index("lessons_updated_at_id").on(t.updatedAt, t.id),
    // The public catalog: "does this term have a published lesson" and "its published lessons in order", from the
    // index alone, without reading a term's draft lessons.
    index("lessons_term_status_number").on(t.termId, t.status, t.lessonNumber),
    check("lessons_number_positive", sql`${t.lessonNumber} >= 1`),
    check("lessons_title_length", sql`length(${t.title}) BETWEEN 1 AND 200`),
    check("lessons_status_known", sql`${t.status} IN (${inList(LESSON_STATUSES)})`),
    check("lessons_content_type_known", sql`${t.contentType} IN (${inList(CONTENT_TYPES)})`),
    check(
      "lessons_duration_for_media",
      sql`${t.contentType} = 'article' OR (${t.durationMs} IS NOT NULL AND ${t.durationMs} > 0)`,
    ),
    check("lessons_scheduled_has_publish_at", sql`${t.status} <> 'scheduled' OR ${t.publishAt} IS NOT NULL`),
    check("lessons_published_has_date", sql`${t.status} <> 'published' OR ${t.publishedAt} IS NOT NULL`),
    check(
      "lessons_languages_hold_primary",
      sql`json_valid(${t.contentLanguagesAvailable}) AND json_type(${t.contentLanguagesAvailable}) = 'array' AND ${jsonArrayHolds(t.contentLanguagesAvailable, t.contentLanguagePrimary)}`,
    ),
    check(
      "lessons_content_url_for_primary",
      sql`json_valid(${t.contentUrlsByLanguage}) AND json_type(${t.contentUrlsByLanguage}) = 'object' AND json_type(${t.contentUrlsByLanguage}, '$."' || ${t.contentLanguagePrimary} || '"') = 'text'`,
    ),
    check(
      "lessons_subtitles_shape",
      sql`json_type(${t.subtitleLanguages}) = 'array' AND json_type(${t.subtitleUrlsByLanguage}) = 'object'`,
    ),
  ],
);

export const programAssets = sqliteTable(
  "program_assets",
  {
    id: text("id").primaryKey(),
    programId: text("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    variant: text("variant", { enum: ASSET_VARIANTS }).notNull(),
    assetType: text("asset_type", { enum: PROGRAM_ASSET_TYPES }).notNull(),
    url: text("url").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("program_assets_unique").on(t.programId, t.language, t.variant, t.assetType),
    check("program_assets_variant_known", sql`${t.variant} IN (${inList(ASSET_VARIANTS)})`),
    check("program_assets_type_known", sql`${t.assetType} IN (${inList(PROGRAM_ASSET_TYPES)})`),
  ],
);

export const lessonAssets = sqliteTable(
  "lesson_assets",
  {
    id: text("id").primaryKey(),
    lessonId: text("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    variant: text("variant", { enum: ASSET_VARIANTS }).notNull(),
    assetType: text("asset_type", { enum: LESSON_ASSET_TYPES }).notNull(),
    url: text("url").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("lesson_assets_unique").on(t.lessonId, t.language, t.variant, t.assetType),
    check("lesson_assets_variant_known", sql`${t.variant} IN (${inList(ASSET_VARIANTS)})`),
    check("lesson_assets_type_known", sql`${t.assetType} IN (${inList(LESSON_ASSET_TYPES)})`),
  ],
);

export type ProgramRow = typeof programs.$inferSelect;
export type TopicRow = typeof topics.$inferSelect;
export type TermRow = typeof terms.$inferSelect;
export type LessonRow = typeof lessons.$inferSelect;
export type ProgramAssetRow = typeof programAssets.$inferSelect;
export type LessonAssetRow = typeof lessonAssets.$inferSelect;
export * from "./revisions/schema";
