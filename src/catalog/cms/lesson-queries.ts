import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { containsText, isOneOf, keysBelow } from "../../db/filters";
import { type LessonRow, type LessonStatus, lessons, terms } from "../schema";

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

/** The lessons among `ids` that exist, in one statement (any order). */
export const findLessons = (db: Database, ids: readonly string[]) =>
  db.select().from(lessons).where(isOneOf(lessons.id, ids));

/** Every lesson of the terms `termIds`, by term then lesson number, in one statement. */
export const lessonsOfTerms = (db: Database, termIds: readonly string[]) =>
  db.select().from(lessons).where(isOneOf(lessons.termId, termIds)).orderBy(lessons.termId, lessons.lessonNumber);
