/**
 * Data access of the public catalog. Every function is one D1 round trip whatever the size of the catalog: nested
 * parts (topics, posters, thumbnails, counts) come from correlated subqueries that SQLite answers from indexes, and
 * the program detail (and the program list with its terms) is one `batch` of two statements.
 */
import { and, asc, desc, eq, gt, inArray, notInArray, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Database } from "../../db/client";
import { keysBelow } from "../../db/filters";
import { hasPublishedLesson, hasTopic, publishedLessonCount, topicsJsonOf } from "../program-sql";
import { lessons, programs, terms, topics } from "../schema";

// The subqueries below are written out in SQL with their own table aliases: drizzle leaves column names unqualified
// in the select list of a one-table query, which inside a subquery would be ambiguous. Their joins are CROSS JOINs,
// which SQLite takes as "this loop order": from the few terms of one program to their published lessons, rather than
// from every published lesson to its term, which the planner may pick without table statistics.

/**
 * The program `p` (the table or alias name of an outer query) is in the catalog: published, with at least one
 * published lesson. The EXISTS is answered from `terms_program_number_unique` and `lessons_term_status_number`,
 * without reading any lesson row.
 */
const inCatalog = (p: "programs" | "p") => sql`(${sql.raw(p)}.status = 'published' AND ${hasPublishedLesson(p)})`;

/** `[[language, variant, url], …]` in language then variant order, so that responses (and their ETags) are stable. */
const assetTriples = (table: "program_assets" | "lesson_assets", owner: string, assetType: string) =>
  sql.raw(`(SELECT json_group_array(json_array(a.language, a.variant, a.url) ORDER BY a.language, a.variant)
    FROM ${table} a WHERE a.${owner} AND a.asset_type = '${assetType}')`);

const programFields = {
  id: programs.id,
  title: programs.title,
  description: programs.description,
  languagePrimary: programs.languagePrimary,
  languagesAvailable: programs.languagesAvailable,
  // Never null here: a published program has its date (a CHECK constraint).
  publishedAt: sql<string>`${programs.publishedAt}`.as("published_at"),
  lessonCount: sql<number>`${publishedLessonCount("programs")}`.mapWith(Number).as("lesson_count"),
  topicsJson: sql<string>`${topicsJsonOf("programs")}`.as("topics_json"),
  postersJson: sql<string>`${assetTriples("program_assets", "program_id = programs.id", "poster")}`.as("posters_json"),
};

const lessonFields = {
  id: lessons.id,
  lessonNumber: lessons.lessonNumber,
  title: lessons.title,
  description: lessons.description,
  contentType: lessons.contentType,
  durationMs: lessons.durationMs,
  isPaid: lessons.isPaid,
  contentLanguagePrimary: lessons.contentLanguagePrimary,
  contentLanguagesAvailable: lessons.contentLanguagesAvailable,
  contentUrlsByLanguage: lessons.contentUrlsByLanguage,
  subtitleLanguages: lessons.subtitleLanguages,
  subtitleUrlsByLanguage: lessons.subtitleUrlsByLanguage,
  // Never null here: only published lessons are read, and they have their date (a CHECK constraint).
  publishedAt: sql<string>`${lessons.publishedAt}`.as("published_at"),
  thumbnailsJson: sql<string>`${assetTriples("lesson_assets", "lesson_id = lessons.id", "thumbnail")}`.as(
    "thumbnails_json",
  ),
};

// Rows travel as objects keyed by column name (see src/db/instrumented-d1.ts): columns that share a name with one
// of `lessonFields` are aliased.
const termFields = {
  termId: sql<string>`${terms.id}`.as("term_id"),
  termNumber: terms.termNumber,
  termTitle: sql<string>`${terms.title}`.as("term_title"),
};

export interface ProgramRecord {
  id: string;
  title: string;
  description: string;
  languagePrimary: string;
  languagesAvailable: string[];
  publishedAt: string;
  lessonCount: number;
  topicsJson: string;
  postersJson: string;
}

export interface LessonRecord {
  id: string;
  lessonNumber: number;
  title: string;
  description: string;
  contentType: "video" | "audio" | "article";
  durationMs: number | null;
  isPaid: boolean;
  contentLanguagePrimary: string;
  contentLanguagesAvailable: string[];
  contentUrlsByLanguage: Record<string, string>;
  subtitleLanguages: string[];
  subtitleUrlsByLanguage: Record<string, string>;
  publishedAt: string;
  thumbnailsJson: string;
}

export interface TermLessonRecord extends LessonRecord {
  termId: string;
  termNumber: number;
  termTitle: string;
}

export interface ProgramLessonRecord extends TermLessonRecord {
  programId: string;
}

export interface LessonDetailRecord extends ProgramLessonRecord {
  programTitle: string;
}

type ProgramListFilter = {
  limit: number;
  after?: readonly [string, string];
  language?: string;
  topicId?: string;
  /** Programs to leave out: a subquery selecting their ids. */
  excluding?: SQLWrapper;
};

/**
 * Narrows `query` (a select from `programs`) to the catalog programs `filter` selects, most recently published first
 * (`id` breaks ties), walked through `programs_status_language_published` or `programs_status_published` and
 * stopping after `size` of them.
 */
function onListPage<T extends SQLiteSelect>(query: T, filter: ProgramListFilter, size: number): T {
  return query
    .where(
      and(
        eq(programs.status, "published"),
        filter.language !== undefined ? eq(programs.languagePrimary, filter.language) : undefined,
        filter.after && keysBelow([programs.publishedAt, programs.id], filter.after),
        filter.topicId !== undefined ? hasTopic("programs", filter.topicId) : undefined,
        filter.excluding && notInArray(programs.id, filter.excluding),
        inCatalog("programs"),
      ),
    )
    .orderBy(desc(programs.publishedAt), desc(programs.id))
    .limit(size);
}

/**
 * The published lessons, with their terms, of the programs matching `programIs` (a condition on `terms.program_id`):
 * by program, then term, then lesson. Terms first (see the CROSS JOINs above), each term's published lessons in order
 * from its index.
 */
const publishedLessonsWhere = (db: Database, programIs: SQL) =>
  db
    .select({ ...lessonFields, ...termFields, programId: sql<string>`${terms.programId}`.as("program_id") })
    .from(terms)
    .crossJoin(lessons)
    .where(and(programIs, eq(lessons.termId, terms.id), eq(lessons.status, "published")))
    .orderBy(asc(terms.programId), asc(terms.termNumber), asc(lessons.lessonNumber));

/** Catalog programs, most recently published first (`id` breaks ties), `limit + 1` of them for `toPage`. */
export async function listCatalogPrograms(db: Database, filter: ProgramListFilter): Promise<ProgramRecord[]> {
  return onListPage(db.select(programFields).from(programs).$dynamic(), filter, filter.limit + 1);
}

/**
 * The `filter.limit` most recently published catalog programs `filter` selects (no look-ahead row), as a statement to
 * await or to put in the caller's batch.
 *
 * @example
 * const [latest] = await db.batch([latestCatalogPrograms(db, { limit: 10, excluding: idsToLeaveOut })]);
 */
export const latestCatalogPrograms = (db: Database, filter: ProgramListFilter) =>
  onListPage(db.select(programFields).from(programs).$dynamic(), filter, filter.limit);

/**
 * The catalog programs among `ids` (a list, or a subquery selecting ids), in no particular order: the others (drafts,
 * archived, without a published lesson, unknown) are left out. A statement to await or to put in the caller's batch.
 *
 * @example
 * const [picked] = await db.batch([catalogProgramsAmong(db, db.select({ id: picks.programId }).from(picks))]);
 */
export const catalogProgramsAmong = (db: Database, ids: string[] | SQLWrapper) =>
  db
    .select(programFields)
    .from(programs)
    .where(and(inArray(programs.id, ids), inCatalog("programs")));

/**
 * The same page as `listCatalogPrograms`, and the published lessons (with their terms) of the programs it shows, in
 * one batch: the second statement finds the page's programs again (`limit` of them, without the look-ahead row),
 * so it reads only their terms and lessons, whatever the size of the catalog.
 */
export async function listCatalogProgramsWithTerms(
  db: Database,
  filter: ProgramListFilter,
): Promise<{ programs: ProgramRecord[]; lessons: ProgramLessonRecord[] }> {
  const pageIds = onListPage(db.select({ id: programs.id }).from(programs).$dynamic(), filter, filter.limit);
  const [programRows, lessonRows] = await db.batch([
    onListPage(db.select(programFields).from(programs).$dynamic(), filter, filter.limit + 1),
    publishedLessonsWhere(db, inArray(terms.programId, pageIds)),
  ]);
  return { programs: programRows, lessons: lessonRows };
}

/**
 * A catalog program and its published lessons with their terms, in term then lesson order: one batch, so one round
 * trip. Undefined when the program is not in the catalog.
 */
export async function findCatalogProgram(
  db: Database,
  id: string,
): Promise<{ program: ProgramRecord; lessons: ProgramLessonRecord[] } | undefined> {
  const [found, lessonRows] = await db.batch([
    db
      .select(programFields)
      .from(programs)
      .where(and(eq(programs.id, id), inCatalog("programs"))),
    publishedLessonsWhere(db, eq(terms.programId, id)),
  ]);
  const program = found[0];
  return program && { program, lessons: lessonRows };
}

/** A published lesson of a published program, with its term and program; undefined otherwise. */
export async function findCatalogLesson(db: Database, id: string): Promise<LessonDetailRecord | undefined> {
  return db
    .select({
      ...lessonFields,
      ...termFields,
      programId: sql<string>`${programs.id}`.as("program_id"),
      programTitle: sql<string>`${programs.title}`.as("program_title"),
    })
    .from(lessons)
    .innerJoin(terms, eq(terms.id, lessons.termId))
    .innerJoin(programs, eq(programs.id, terms.programId))
    .where(and(eq(lessons.id, id), eq(lessons.status, "published"), eq(programs.status, "published")))
    .get();
}

export interface TopicRecord {
  id: string;
  name: string;
  sortKey: string;
  programCount: number;
}

/** Catalog programs tagged with the outer `topics` row. */
const catalogProgramsOfTopic = sql`FROM program_topics pt CROSS JOIN programs p
  WHERE pt.topic_id = topics.id AND p.id = pt.program_id AND ${inCatalog("p")}`;

/**
 * Topics with at least one catalog program, by name (case-insensitively, through the `lower(name)` unique index),
 * `limit + 1` of them for `toPage`.
 */
export async function listCatalogTopics(
  db: Database,
  filter: { limit: number; after?: string },
): Promise<TopicRecord[]> {
  const sortKey = sql<string>`lower(${topics.name})`;
  return db
    .select({
      id: topics.id,
      name: topics.name,
      sortKey: sortKey.as("sort_key"),
      programCount: sql<number>`(SELECT count(*) ${catalogProgramsOfTopic})`.mapWith(Number).as("program_count"),
    })
    .from(topics)
    .where(
      and(
        filter.after !== undefined ? gt(sortKey, filter.after) : undefined,
        sql`EXISTS (SELECT 1 ${catalogProgramsOfTopic})`,
      ),
    )
    .orderBy(asc(sortKey))
    .limit(filter.limit + 1);
}
