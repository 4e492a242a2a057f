/**
 * Publishing lessons: the Cron Trigger's `publishDueLessons` and the CMS's "publish now" (`publishLesson`).
 *
 * Both are one D1 batch (one round trip, one transaction) of guarded, set-based statements: every UPDATE repeats the
 * conditions it relies on (`status = 'scheduled' AND publish_at <= now`, the thumbnails being there), so a run that
 * overlaps another, or repeats it, finds nothing left to change. A lesson is therefore published exactly once and
 * its `published_at` never moves; a program's `published_at` is set by its first published lesson and kept.
 */
import { and, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { REQUIRED_THUMBNAIL_VARIANTS } from "./models";
import { type AssetVariant, type LessonRow, type LessonStatus, lessonAssets, lessons, programs, terms } from "./schema";
import { LESSON_TRANSITIONS } from "./transitions";

export interface PublishReport {
  /** Lessons published by this run. */
  published: number;
  /** Draft programs published by this run because one of their lessons was. */
  programsPublished: number;
  /**
   * Due lessons left scheduled whose reason is new or has changed (e.g. missing thumbnails); it is stored in the
   * lesson's `publish_error` for editors. A lesson still blocked for the same reason is not reported again.
   */
  blocked: { id: string; reason: string }[];
}

/** The states a lesson may be published from (draft or scheduled), as the lesson status machine says. */
const PUBLISHABLE_LESSON_STATUSES: readonly LessonStatus[] = LESSON_TRANSITIONS.publish.from;

export interface MissingThumbnail {
  language: string;
  variant: AssetVariant;
}

export type PublishLessonResult =
  | { ok: true; lesson: LessonRow }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "invalid_transition"; from: LessonStatus }
  | { ok: false; reason: "missing_thumbnails"; missing: MissingThumbnail[] };

// ---- the thumbnail rule, in one place ------------------------------------------------------------------------------

/**
 * `FROM … WHERE …` yielding one row (`required.value`) per required thumbnail variant that the `lessons` row of the
 * enclosing statement lacks in its primary content language. Each probe is a point lookup in `lesson_assets_unique`
 * (lesson_id, language, variant, asset_type).
 */
const missingThumbnailRows = (): SQL => sql`FROM json_each(${JSON.stringify(REQUIRED_THUMBNAIL_VARIANTS)}) AS required
  WHERE NOT EXISTS (
    SELECT 1 FROM ${lessonAssets}
    WHERE ${lessonAssets.lessonId} = ${lessons.id}
      AND ${lessonAssets.language} = ${lessons.contentLanguagePrimary}
      AND ${lessonAssets.variant} = required.value
      AND ${lessonAssets.assetType} = 'thumbnail'
  )`;

/** True when the lesson has every required thumbnail in its primary content language. */
const hasRequiredThumbnails = (): SQL => sql`NOT EXISTS (SELECT 1 ${missingThumbnailRows()})`;
/** True when it lacks one; stops at the first missing variant. */
const lacksRequiredThumbnails = (): SQL => sql`EXISTS (SELECT 1 ${missingThumbnailRows()})`;

/** "missing thumbnails: portrait (te), landscape (te)", or NULL when nothing is missing. */
const missingThumbnailsReason = (): SQL<string | null> =>
  sql`(SELECT 'missing thumbnails: ' || group_concat(required.value || ' (' || ${lessons.contentLanguagePrimary} || ')', ', ') ${missingThumbnailRows()})`;

/** The missing variants as a JSON array of strings (`[]` when nothing is missing). */
const missingThumbnailVariants = (): SQL<string> =>
  sql`(SELECT json_group_array(required.value) ${missingThumbnailRows()})`;

// ---- programs ------------------------------------------------------------------------------------------------------

/**
 * Publishes the draft programs of the lessons matching `lessonsAboutToPublish`. It runs in the same batch just
 * before the UPDATE that publishes those lessons, with the same conditions, so it sees exactly the lessons that
 * UPDATE will publish. `published_at` is set once: a program that had one keeps it. Archived programs stay archived.
 */
function publishProgramsOf(db: Database, lessonsAboutToPublish: SQL | undefined, at: string) {
  const programIds = db
    .select({ id: terms.programId })
    .from(lessons)
    .innerJoin(terms, eq(terms.id, lessons.termId))
    .where(lessonsAboutToPublish);
  return (
    db
      .update(programs)
      .set({ status: "published", publishedAt: sql`coalesce(${programs.publishedAt}, ${at})`, updatedAt: at })
      // The unary `+` keeps SQLite from scanning every draft program through the status index: the lookups are driven
      // by the (few) program ids of the lessons, through the primary key.
      .where(and(inArray(programs.id, programIds), sql`+${programs.status} = 'draft'`))
  );
}

const publishedLessonFields = (at: string) =>
  ({ status: "published", publishedAt: at, publishError: null, updatedAt: at }) as const;

// ---- the scheduled publisher ---------------------------------------------------------------------------------------

/**
 * Publishes every scheduled lesson that has fallen due (`publish_at <= now`) and has its required thumbnails, and
 * auto-publishes their draft programs; due lessons without the thumbnails stay scheduled with a `publish_error`.
 * One D1 round trip whatever the number of due lessons: the statements are set-based and scan only the due lessons
 * (index `lessons_status_publish_at`).
 */
export async function publishDueLessons(db: Database, now: Date): Promise<PublishReport> {
  const at = now.toISOString();
  const due = () => and(eq(lessons.status, "scheduled"), lte(lessons.publishAt, at));
  const publishable = () => and(due(), hasRequiredThumbnails());

  const [programsResult, blocked, lessonsResult] = await db.batch([
    publishProgramsOf(db, publishable(), at),
    // Record why a due lesson cannot be published; only when the reason is new, so a re-run writes nothing.
    db
      .update(lessons)
      .set({ publishError: missingThumbnailsReason(), updatedAt: at })
      .where(and(due(), lacksRequiredThumbnails(), sql`${lessons.publishError} IS NOT ${missingThumbnailsReason()}`))
      .returning({ id: lessons.id, reason: lessons.publishError }),
    db.update(lessons).set(publishedLessonFields(at)).where(publishable()),
  ]);

  return {
    published: lessonsResult.meta.changes,
    programsPublished: programsResult.meta.changes,
    blocked: blocked.map(({ id, reason }) => ({ id, reason: reason ?? "" })),
  };
}

// ---- "publish now" -------------------------------------------------------------------------------------------------

/**
 * Publishes one lesson now, from draft or scheduled, if it has its required thumbnails; publishes its program too if
 * that is still a draft. One round trip: the UPDATEs carry the status and thumbnail guards (so two concurrent calls
 * publish it once), and the batch ends by reading the lesson back to tell why nothing happened when it did not.
 */
export async function publishLesson(db: Database, lessonId: string, now: Date): Promise<PublishLessonResult> {
  const at = now.toISOString();
  const publishable = () =>
    and(eq(lessons.id, lessonId), inArray(lessons.status, [...PUBLISHABLE_LESSON_STATUSES]), hasRequiredThumbnails());

  const [, published, current] = await db.batch([
    publishProgramsOf(db, publishable(), at),
    // A schedule it had no longer applies: it was published now, not at that time.
    db
      .update(lessons)
      .set({ ...publishedLessonFields(at), publishAt: null })
      .where(publishable())
      .returning(),
    db
      .select({
        status: lessons.status,
        language: lessons.contentLanguagePrimary,
        missing: missingThumbnailVariants(),
      })
      .from(lessons)
      .where(eq(lessons.id, lessonId)),
  ]);

  const lesson = published[0];
  if (lesson) return { ok: true, lesson };
  const state = current[0];
  if (!state) return { ok: false, reason: "not_found" };
  if (!PUBLISHABLE_LESSON_STATUSES.includes(state.status)) {
    return { ok: false, reason: "invalid_transition", from: state.status };
  }
  const variants = JSON.parse(state.missing) as AssetVariant[];
  if (variants.length === 0) {
    // The guards and this read see the same transaction, so a publishable lesson was published above.
    throw new Error(`lesson ${lessonId} was publishable but not published`);
  }
  return {
    ok: false,
    reason: "missing_thumbnails",
    missing: variants.map((variant) => ({ language: state.language, variant })),
  };
}
