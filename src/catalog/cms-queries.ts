import { and, asc, desc, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { containsText, keysAbove, keysBelow } from "../db/filters";
import { hasTopic, topicsJsonOf } from "./program-sql";
import {
  type LessonRow,
  type LessonStatus,
  lessons,
  type ProgramRow,
  type ProgramStatus,
  programAssets,
  programs,
  programTopics,
  type TermRow,
  type TopicRow,
  terms,
  topics,
} from "./schema";

export type TopicRef = { id: string; name: string };

const parseTopics = (json: string): TopicRef[] => JSON.parse(json) as TopicRef[];

// ---- topics --------------------------------------------------------------------------------------------------------

/** Topics by name, regardless of case. Rows carry `nameKey`, SQLite's own lower(name), for the page cursor. */
export async function listTopics(db: Database, filter: { limit: number; after?: readonly [string, string] }) {
  const nameKey = sql<string>`lower(${topics.name})`;
  return db
    .select({ ...getTableColumns(topics), nameKey })
    .from(topics)
    .where(filter.after ? keysAbove([nameKey, topics.id], filter.after) : undefined)
    .orderBy(asc(nameKey), asc(topics.id))
    .limit(filter.limit + 1);
}

export const findTopic = (db: Database, id: string) => db.select().from(topics).where(eq(topics.id, id)).get();

/** Inserts the topic unless one with that name (in any case) exists; `undefined` means it did. */
export async function insertTopic(db: Database, topic: TopicRow): Promise<TopicRow | undefined> {
  return db.insert(topics).values(topic).onConflictDoNothing().returning().get();
}

export const renameTopic = (db: Database, id: string, name: string) =>
  db.update(topics).set({ name }).where(eq(topics.id, id)).returning().get();

export async function deleteTopic(db: Database, id: string): Promise<boolean> {
  return (await db.delete(topics).where(eq(topics.id, id)).returning({ id: topics.id })).length > 0;
}

/** The topics among `ids` that exist, by name regardless of case (as programs list their topics). */
export const existingTopics = (db: Database, ids: string[]): Promise<TopicRef[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .select({ id: topics.id, name: topics.name })
        .from(topics)
        .where(inArray(topics.id, ids))
        .orderBy(sql`lower(${topics.name})`);

// ---- programs ------------------------------------------------------------------------------------------------------

export type ProgramWithTopics = ProgramRow & { topics: TopicRef[] };

const programWithTopics = { ...getTableColumns(programs), topicsJson: sql<string>`${topicsJsonOf("programs")}` };
const withTopics = ({ topicsJson, ...row }: ProgramRow & { topicsJson: string }): ProgramWithTopics => ({
  ...row,
  topics: parseTopics(topicsJson),
});

export async function listPrograms(
  db: Database,
  filter: {
    limit: number;
    after?: readonly [string, string];
    status?: ProgramStatus;
    language?: string;
    topic?: string;
    q?: string;
  },
): Promise<ProgramWithTopics[]> {
  const conditions: (SQL | undefined)[] = [
    filter.status && eq(programs.status, filter.status),
    filter.language ? eq(programs.languagePrimary, filter.language) : undefined,
    filter.topic ? hasTopic("programs", filter.topic) : undefined,
    filter.q ? containsText(filter.q, programs.title, programs.description) : undefined,
    filter.after && keysBelow([programs.updatedAt, programs.id], filter.after),
  ];
  const rows = await db
    .select(programWithTopics)
    .from(programs)
    .where(and(...conditions))
    .orderBy(desc(programs.updatedAt), desc(programs.id))
    .limit(filter.limit + 1);
  return rows.map(withTopics);
}

export async function findProgram(db: Database, id: string): Promise<ProgramWithTopics | undefined> {
  const row = await db.select(programWithTopics).from(programs).where(eq(programs.id, id)).get();
  return row && withTopics(row);
}

/** Replaces the program's topic set with `topicIds`, as statements for the caller's batch. */
function replaceTopics(db: Database, programId: string, topicIds: string[]) {
  const statements = [db.delete(programTopics).where(eq(programTopics.programId, programId))];
  if (topicIds.length === 0) return statements;
  return [...statements, db.insert(programTopics).values(topicIds.map((topicId) => ({ programId, topicId })))];
}

export async function insertProgram(db: Database, program: ProgramRow, topicIds: string[]): Promise<void> {
  const insert = db.insert(programs).values(program);
  if (topicIds.length === 0) await insert;
  else
    await db.batch([
      insert,
      db.insert(programTopics).values(topicIds.map((topicId) => ({ programId: program.id, topicId }))),
    ]);
}

/** Applies `changes` (and, when given, replaces the topic set) in one round trip; returns the updated row. */
export async function updateProgram(
  db: Database,
  id: string,
  changes: Partial<Pick<ProgramRow, "title" | "description" | "languagePrimary" | "languagesAvailable">>,
  topicIds: string[] | undefined,
  now: string,
): Promise<ProgramRow | undefined> {
  const update = db
    .update(programs)
    .set({ ...changes, updatedAt: now })
    .where(eq(programs.id, id))
    .returning();
  if (topicIds === undefined) return (await update)[0];
  const [rows] = await db.batch([update, ...replaceTopics(db, id, topicIds)]);
  return rows[0];
}

/** Whether the program exists: one primary-key read, nothing else. */
export const programExists = async (db: Database, id: string): Promise<boolean> =>
  (await db.select({ id: programs.id }).from(programs).where(eq(programs.id, id)).get()) !== undefined;

export async function deleteProgram(db: Database, id: string): Promise<boolean> {
  return (await db.delete(programs).where(eq(programs.id, id)).returning({ id: programs.id })).length > 0;
}

/** Moves a program from one of `from` to `to`; `undefined` when it is not in one of `from` (or does not exist). */
export const transitionProgram = (
  db: Database,
  id: string,
  from: ProgramStatus[],
  changes: { status: ProgramStatus | SQL; publishedAt?: SQL },
  now: string,
): Promise<ProgramRow | undefined> =>
  db
    .update(programs)
    .set({ ...(changes as { status: ProgramStatus; publishedAt?: string }), updatedAt: now })
    .where(and(eq(programs.id, id), inArray(programs.status, from)))
    .returning()
    .get();

/** The program's terms, each lesson (in order) and its posters, in one round trip. */
export async function programOutline(db: Database, programId: string) {
  const [termRows, lessonRows, posterRows] = await db.batch([
    db.select().from(terms).where(eq(terms.programId, programId)).orderBy(terms.termNumber),
    db
      .select({
        id: lessons.id,
        termId: lessons.termId,
        lessonNumber: lessons.lessonNumber,
        title: lessons.title,
        status: lessons.status,
        publishAt: lessons.publishAt,
        publishedAt: lessons.publishedAt,
        publishError: lessons.publishError,
      })
      .from(lessons)
      .innerJoin(terms, eq(terms.id, lessons.termId))
      .where(eq(terms.programId, programId))
      .orderBy(terms.termNumber, lessons.lessonNumber),
    db
      .select({ language: programAssets.language, variant: programAssets.variant, url: programAssets.url })
      .from(programAssets)
      .where(eq(programAssets.programId, programId)),
  ]);
  return { termRows, lessonRows, posterRows };
}

// ---- terms ---------------------------------------------------------------------------------------------------------

export const findTerm = (db: Database, id: string) => db.select().from(terms).where(eq(terms.id, id)).get();

export const listTerms = (db: Database, programId: string, filter: { limit: number; after?: number }) =>
  db
    .select()
    .from(terms)
    .where(
      and(
        eq(terms.programId, programId),
        filter.after === undefined ? undefined : sql`${terms.termNumber} > ${filter.after}`,
      ),
    )
    .orderBy(terms.termNumber)
    .limit(filter.limit + 1);

/**
 * Adds a term to the program, numbered `termNumber` or one after the last, in one statement (so two concurrent
 * adds cannot take the same number silently: the unique index refuses the second). `undefined`: no such program.
 */
export async function insertTerm(
  db: Database,
  programId: string,
  fields: { title: string; termNumber?: number },
  now: string,
): Promise<TermRow | undefined> {
  const number =
    fields.termNumber ??
    sql<number>`(SELECT coalesce(max(${terms.termNumber}), 0) + 1 FROM ${terms} WHERE ${terms.programId} = ${programId})`;
  return db
    .insert(terms)
    .select(
      db
        .select({
          id: sql<string>`${crypto.randomUUID()}`.as("id"),
          programId: programs.id,
          termNumber: sql<number>`${number}`.as("term_number"),
          title: sql<string>`${fields.title}`.as("title"),
          createdAt: sql<string>`${now}`.as("created_at"),
          updatedAt: sql<string>`${now}`.as("updated_at"),
        })
        .from(programs)
        .where(eq(programs.id, programId)),
    )
    .returning()
    .get();
}

export const updateTerm = (db: Database, id: string, changes: { title?: string; termNumber?: number }, now: string) =>
  db
    .update(terms)
    .set({ ...changes, updatedAt: now })
    .where(eq(terms.id, id))
    .returning()
    .get();

export async function deleteTerm(db: Database, id: string): Promise<boolean> {
  return (await db.delete(terms).where(eq(terms.id, id)).returning({ id: terms.id })).length > 0;
}

// ---- lessons -------------------------------------------------------------------------------------------------------

export const findLesson = (db: Database, id: string) => db.select().from(lessons).where(eq(lessons.id, id)).get();

export async function listLessons(
  db: Database,
  filter: {
    limit: number;
    after?: readonly [string, string];
    status?: LessonStatus;
    programId?: string;
    termId?: string;
    language?: string;
    hasPublishError?: boolean;
    q?: string;
  },
): Promise<LessonRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.status && eq(lessons.status, filter.status),
    filter.termId ? eq(lessons.termId, filter.termId) : undefined,
    filter.programId
      ? inArray(lessons.termId, db.select({ id: terms.id }).from(terms).where(eq(terms.programId, filter.programId)))
      : undefined,
    filter.language ? eq(lessons.contentLanguagePrimary, filter.language) : undefined,
    filter.hasPublishError === undefined
      ? undefined
      : filter.hasPublishError
        ? sql`${lessons.publishError} IS NOT NULL`
        : sql`${lessons.publishError} IS NULL`,
    filter.q ? containsText(filter.q, lessons.title, lessons.description) : undefined,
    filter.after && keysBelow([lessons.updatedAt, lessons.id], filter.after),
  ];
  return db
    .select()
    .from(lessons)
    .where(and(...conditions))
    .orderBy(desc(lessons.updatedAt), desc(lessons.id))
    .limit(filter.limit + 1);
}

/** Adds a draft lesson to the term, numbered `lessonNumber` or one after the last. `undefined`: no such term. */
export async function insertLesson(
  db: Database,
  termId: string,
  lesson: Omit<typeof lessons.$inferInsert, "termId" | "lessonNumber"> & { lessonNumber?: number },
): Promise<LessonRow | undefined> {
  const { lessonNumber, ...fields } = lesson;
  const number =
    lessonNumber ??
    sql<number>`(SELECT coalesce(max(${lessons.lessonNumber}), 0) + 1 FROM ${lessons} WHERE ${lessons.termId} = ${termId})`;
  const value = <T>(v: T, name: string) => sql<T>`${v}`.as(name);
  const json = (v: unknown, name: string) => sql<string>`${JSON.stringify(v)}`.as(name);
  return db
    .insert(lessons)
    .select(
      db
        .select({
          id: value(fields.id, "id"),
          termId: terms.id,
          lessonNumber: sql<number>`${number}`.as("lesson_number"),
          title: value(fields.title, "title"),
          description: value(fields.description ?? "", "description"),
          contentType: value(fields.contentType, "content_type"),
          durationMs: value(fields.durationMs ?? null, "duration_ms"),
          isPaid: value(fields.isPaid ? 1 : 0, "is_paid"),
          contentLanguagePrimary: value(fields.contentLanguagePrimary, "content_language_primary"),
          contentLanguagesAvailable: json(fields.contentLanguagesAvailable, "content_languages_available"),
          contentUrlsByLanguage: json(fields.contentUrlsByLanguage, "content_urls_by_language"),
          subtitleLanguages: json(fields.subtitleLanguages ?? [], "subtitle_languages"),
          subtitleUrlsByLanguage: json(fields.subtitleUrlsByLanguage ?? {}, "subtitle_urls_by_language"),
          status: value("draft", "status"),
          publishAt: value(null, "publish_at"),
          publishedAt: value(null, "published_at"),
          publishError: value(null, "publish_error"),
          createdAt: value(fields.createdAt, "created_at"),
          updatedAt: value(fields.updatedAt, "updated_at"),
        })
        .from(terms)
        .where(eq(terms.id, termId)),
    )
    .returning()
    .get();
}

export const updateLesson = (db: Database, id: string, changes: Partial<typeof lessons.$inferInsert>) =>
  db.update(lessons).set(changes).where(eq(lessons.id, id)).returning().get();

export async function deleteLesson(db: Database, id: string): Promise<boolean> {
  return (await db.delete(lessons).where(eq(lessons.id, id)).returning({ id: lessons.id })).length > 0;
}

/** Moves a lesson from one of `from` to another status; `undefined` when it is in none of `from` (or absent). */
export const transitionLesson = (
  db: Database,
  id: string,
  from: LessonStatus[],
  changes: Partial<typeof lessons.$inferInsert>,
): Promise<LessonRow | undefined> =>
  db
    .update(lessons)
    .set(changes)
    .where(and(eq(lessons.id, id), inArray(lessons.status, from)))
    .returning()
    .get();
