/**
 * The CMS's rules for lessons, for every API that edits them (the REST CMS and GraphQL): each function takes input
 * already parsed by the lesson models, writes, and returns the stored row, or throws the ProblemError the API answers
 * with (404 `not_found`, 409 `lesson_number_taken` / `invalid_transition`, 422 `constraint_violation` /
 * `missing_thumbnails` / `missing_posters`, 400 `validation_failed`).
 */
import type { z } from "@hono/zod-openapi";
import type { Database } from "../../db/client";
import { notFound, validationFailed } from "../../http/problem";
import { nowIso } from "../../time";
import { lessonColumns, lessonContentOf } from "../lesson-content";
import { publishLesson } from "../publish";
import { LESSON_REVISIONS } from "../revisions/kinds";
import {
  type Actor,
  type ChangeOrigin,
  directChangeStatements,
  EDITED,
  retryOnRevisionMoved,
  stageChanges,
} from "../revisions/service";
import { freshState } from "../revisions/state";
import type { LessonRow, lessons } from "../schema";
import { invalidTransition, LESSON_TRANSITIONS } from "../transitions";
import { assertValidLessonContent, claimingUnique, lessonNumberTaken, missingAssets } from "./errors";
import type { CreateLessonBody, UpdateLessonBody } from "./lesson-models";
import {
  deleteLesson,
  findLesson,
  insertLesson,
  type LessonWithRevisions,
  lessonRevisionContent,
  transitionLesson,
  updateLesson,
  withWorkingCopy,
} from "./lesson-queries";

export type CreateLessonInput = z.infer<typeof CreateLessonBody>;
export type UpdateLessonInput = z.infer<typeof UpdateLessonBody>;

/**
 * Adds a draft lesson to the term, numbered as asked or one after the last.
 *
 * @example
 * const lesson = await createLesson(db, termId, CreateLessonBody.parse(body));
 */
export async function createLesson(db: Database, termId: string, input: CreateLessonInput): Promise<LessonRow> {
  const { lesson_number, ...body } = input;
  const content = {
    ...body,
    content_languages_available: body.content_languages_available ?? [body.content_language_primary],
  };
  assertValidLessonContent(content);
  const now = nowIso();
  const insert = insertLesson(db, termId, {
    id: crypto.randomUUID(),
    lessonNumber: lesson_number,
    ...lessonColumns(content),
    createdAt: now,
    updatedAt: now,
  });
  const lesson = await claimingUnique(insert, lessonNumberTaken);
  if (!lesson) throw notFound("term");
  return lesson;
}

/**
 * Edits a lesson's content or number. The rules hold across fields, so they are checked on the lesson as it would
 * be after the change; only the fields sent are written, so an edit of other fields made meanwhile is kept (the
 * database re-checks the rules). A published lesson keeps its live content: the change waits as pending changes until
 * published (see src/catalog/revisions); any other is changed at once. Either way it is a version in its history.
 * Answers the working copy.
 */
export function editLesson(
  db: Database,
  id: string,
  input: UpdateLessonInput,
  actor: Actor,
  origin: ChangeOrigin = EDITED,
): Promise<LessonWithRevisions> {
  return retryOnRevisionMoved(() => editLessonOnce(db, id, input, actor, origin));
}

async function editLessonOnce(
  db: Database,
  id: string,
  input: UpdateLessonInput,
  actor: Actor,
  origin: ChangeOrigin,
): Promise<LessonWithRevisions> {
  const { lesson_number, ...patch } = input;
  const current = await findLesson(db, id);
  if (!current) throw notFound("lesson");
  const sent = definedFields(patch);
  assertValidLessonContent({ ...lessonContentOf(current), ...sent });
  const fields = { ...sent, lesson_number };
  if (current.status === "published") {
    const revisions = await stageChanges(db, LESSON_REVISIONS, id, current.revisions, fields, actor, origin);
    return { ...withWorkingCopy(current, revisions), revisions };
  }
  const change = [
    updateLesson(db, id, { ...lessonColumns(sent), lessonNumber: lesson_number, updatedAt: nowIso() }),
  ] as const;
  const write = db.batch(
    directChangeStatements(db, LESSON_REVISIONS, id, current.revisions, fields, change, actor, origin),
  );
  const [, [lesson]] = await claimingUnique(write, lessonNumberTaken);
  if (!lesson) throw notFound("lesson");
  return { ...lesson, revisions: freshState(lessonRevisionContent(lesson)) };
}

/** Deletes the lesson and its assets; 404 when there is none. */
export async function removeLesson(db: Database, id: string): Promise<void> {
  if (!(await deleteLesson(db, id))) throw notFound("lesson");
}

/** Publishes the lesson now (and its draft program with it), or says why not. One round trip (see publish.ts). */
export async function publishLessonNow(db: Database, id: string, now = new Date()): Promise<LessonRow> {
  const result = await publishLesson(db, id, now);
  if (result.ok) return result.lesson;
  switch (result.reason) {
    case "not_found":
      throw notFound("lesson");
    case "invalid_transition":
      throw invalidTransition("lesson", result.from, "published");
    case "missing_thumbnails":
      throw missingAssets(result.missing, result.posters);
    case "missing_posters":
      throw missingAssets([], result);
  }
}

/** Schedules the lesson to be published at `publishAt` (an ISO 8601 time, which must be in the future). */
export async function scheduleLesson(db: Database, id: string, publishAt: string): Promise<LessonRow> {
  const at = new Date(publishAt);
  if (at.getTime() <= Date.now()) throw validationFailed([{ path: "publish_at", message: "Must be in the future." }]);
  return moveLesson(db, id, "schedule", { publishAt: at.toISOString(), publishError: null });
}

/** Takes a scheduled lesson back to draft. */
export const unscheduleLesson = (db: Database, id: string): Promise<LessonRow> =>
  moveLesson(db, id, "unschedule", { publishAt: null, publishError: null });

/** Archives a lesson: it leaves the catalog. */
export const archiveLesson = (db: Database, id: string): Promise<LessonRow> =>
  moveLesson(db, id, "archive", { publishAt: null, publishError: null });

/**
 * Applies a status action as one guarded UPDATE (the status it starts from is part of the WHERE), so concurrent
 * actions cannot both apply; otherwise 404, or 409 naming the lesson's current status.
 */
async function moveLesson(
  db: Database,
  id: string,
  name: keyof typeof LESSON_TRANSITIONS,
  changes: Partial<typeof lessons.$inferInsert>,
): Promise<LessonRow> {
  const { from, to } = LESSON_TRANSITIONS[name];
  const lesson = await transitionLesson(db, id, [...from], { ...changes, status: to, updatedAt: nowIso() });
  if (lesson) return lesson;
  const current = await findLesson(db, id);
  throw current ? invalidTransition("lesson", current.status, to) : notFound("lesson");
}

/** The fields of a patch that were sent (`undefined` means "leave as it is"). */
function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
