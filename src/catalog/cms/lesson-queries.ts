import { and, desc, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { containsText, isOneOf, keysBelow } from "../../db/filters";
import { type LessonContent, lessonColumns, lessonContentOf } from "../lesson-content";
import { LESSON_REVISIONS } from "../revisions/kinds";
import { parsePendingState, pendingStateOf } from "../revisions/queries";
import { type Content, type RevisionState, revisionStateOf, workingContent } from "../revisions/state";
import { type LessonRow, type LessonStatus, lessons, terms } from "../schema";

/** A lesson as editors see it: the working copy (the live row with its pending changes on top) and its revisions. */
export type LessonWithRevisions = LessonRow & { revisions: RevisionState };

const lessonWithPending = { ...getTableColumns(lessons), pendingJson: pendingStateOf(LESSON_REVISIONS, "lessons") };

/** A lesson's content in the API's words with its number, as revisions keep it. */
export const lessonRevisionContent = (row: LessonRow): Content => ({
  ...lessonContentOf(row),
  lesson_number: row.lessonNumber,
});

function withPending({ pendingJson, ...row }: LessonRow & { pendingJson: string | null }): LessonWithRevisions {
  const revisions = revisionStateOf(lessonRevisionContent(row), parsePendingState(pendingJson));
  return { ...withWorkingCopy(row, revisions), revisions };
}

/** The lesson row with its content as the working copy has it. */
export function withWorkingCopy(row: LessonRow, revisions: RevisionState): LessonRow {
  const { lesson_number, ...content } = workingContent(revisions);
  return { ...row, ...lessonColumns(content as unknown as LessonContent), lessonNumber: lesson_number as number };
}

export const findLesson = async (db: Database, id: string): Promise<LessonWithRevisions | undefined> => {
  const row = await db.select(lessonWithPending).from(lessons).where(eq(lessons.id, id)).get();
  return row && withPending(row);
};

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
): Promise<LessonWithRevisions[]> {
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
  const rows = await db
    .select(lessonWithPending)
    .from(lessons)
    .where(and(...conditions))
    .orderBy(desc(lessons.updatedAt), desc(lessons.id))
    .limit(filter.limit + 1);
  return rows.map(withPending);
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

/** The UPDATE of a lesson's columns, answering the updated row, for the caller's batch. */
export const updateLesson = (db: Database, id: string, changes: Partial<typeof lessons.$inferInsert>) =>
  db.update(lessons).set(changes).where(eq(lessons.id, id)).returning();

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
export const findLessons = async (db: Database, ids: readonly string[]) =>
  (await db.select(lessonWithPending).from(lessons).where(isOneOf(lessons.id, ids))).map(withPending);

/** Every lesson of the terms `termIds`, by term then lesson number, in one statement. */
export const lessonsOfTerms = async (db: Database, termIds: readonly string[]) =>
  (
    await db
      .select(lessonWithPending)
      .from(lessons)
      .where(isOneOf(lessons.termId, termIds))
      .orderBy(lessons.termId, lessons.lessonNumber)
  ).map(withPending);
