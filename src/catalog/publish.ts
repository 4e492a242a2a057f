/**
 * Publishing lessons: the Cron Trigger's `publishDueLessons` and the CMS's "publish now" (`publishLesson`). The cron
 * also publishes the scheduled pending changes of published programs and lessons (src/catalog/revisions).
 *
 * Both are one D1 batch (one round trip, one transaction) of guarded, set-based statements: every UPDATE repeats the
 * conditions it relies on (`status = 'scheduled' AND publish_at <= now`, the thumbnails being there, the posters of a
 * draft program being there), so a run that overlaps another, or repeats it, finds nothing left to change. A lesson
 * is therefore published exactly once and its `published_at` never moves; a program's `published_at` is set by its
 * first published lesson and kept.
 */
import { and, eq, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { REQUIRED_POSTER_VARIANTS, REQUIRED_THUMBNAIL_VARIANTS } from "./models";
import { LESSON_REVISIONS, PROGRAM_REVISIONS, type RevisionKind } from "./revisions/kinds";
import { pendingDue, publishPendingStatements } from "./revisions/queries";
import { lessonPendingChanges, programPendingChanges } from "./revisions/schema";
import { type AssetVariant, type LessonRow, type LessonStatus, lessonAssets, lessons, programs, terms } from "./schema";
import { LESSON_TRANSITIONS } from "./transitions";

export interface PublishReport {
  /** Lessons published by this run. */
  published: number;
  /** Draft programs published by this run because one of their lessons was. */
  programsPublished: number;
  /**
   * Due lessons left scheduled whose reason is new or has changed (missing thumbnails, missing posters of its draft
   * program, or both); it is stored in the lesson's `publish_error` for editors. A lesson still blocked for the same
   * reason is not reported again.
   */
  blocked: { id: string; reason: string }[];
  /** Programs and lessons whose scheduled pending changes this run published (see src/catalog/revisions). */
  changesPublished: number;
}

/** The states a lesson may be published from (draft or scheduled), as the lesson status machine says. */
const PUBLISHABLE_LESSON_STATUSES: readonly LessonStatus[] = LESSON_TRANSITIONS.publish.from;

/** A thumbnail or poster that must be there before publishing. */
export interface MissingAsset {
  language: string;
  variant: AssetVariant;
}

/** The posters a lesson's draft program lacks: publishing the lesson would publish the program. */
export interface MissingPosters {
  programId: string;
  missing: MissingAsset[];
}

export type PublishLessonResult =
  | { ok: true; lesson: LessonRow }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "invalid_transition"; from: LessonStatus }
  // The lesson's own thumbnails are named first, with its program's posters when they are missing too.
  | { ok: false; reason: "missing_thumbnails"; missing: MissingAsset[]; posters?: MissingPosters }
  | ({ ok: false; reason: "missing_posters" } & MissingPosters);

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

// ---- the poster rule, in one place ---------------------------------------------------------------------------------

/** One row (`required_poster.value`) per poster variant a program needs before it is published. */
const requiredPosters = sql`json_each(${JSON.stringify(REQUIRED_POSTER_VARIANTS)}) AS required_poster`;

/**
 * True when the program named `p` lacks the `required_poster` variant in its primary language: a point lookup in
 * `program_assets_unique` (program_id, language, variant, asset_type).
 */
const posterAbsent = (p: "programs" | "gate_program"): SQL =>
  sql.raw(`NOT EXISTS (
    SELECT 1 FROM program_assets poster
    WHERE poster.program_id = ${p}.id
      AND poster.language = ${p}.language_primary
      AND poster.variant = required_poster.value
      AND poster.asset_type = 'poster'
  )`);

/** True when the `programs` row of the enclosing statement has every required poster in its primary language. */
export const programHasRequiredPosters = (): SQL =>
  sql`NOT EXISTS (SELECT 1 FROM ${requiredPosters} WHERE ${posterAbsent("programs")})`;

/**
 * `FROM … WHERE …` yielding one row (`required_poster.value`, the program as `gate_program`) per required poster
 * that the program of the enclosing statement's `lessons` row lacks, while that program is a draft: only then would
 * publishing the lesson publish it. A published program was published already and an archived one stays archived,
 * so neither holds its lessons back. From the lesson, two primary-key lookups (its term, its program); the aliases
 * keep clear of the `programs` and `terms` that publishProgramsOf's statement already names.
 */
const missingPosterRows = (): SQL => sql`FROM terms gate_term
  CROSS JOIN programs gate_program
  CROSS JOIN ${requiredPosters}
  WHERE gate_term.id = ${lessons.termId}
    AND gate_program.id = gate_term.program_id
    AND gate_program.status = 'draft'
    AND ${posterAbsent("gate_program")}`;

/** True unless publishing the lesson would publish a draft program without its posters. */
const hasRequiredPosters = (): SQL => sql`NOT EXISTS (SELECT 1 ${missingPosterRows()})`;
const lacksRequiredPosters = (): SQL => sql`EXISTS (SELECT 1 ${missingPosterRows()})`;

/** "missing posters: portrait (te), landscape (te)", or NULL when nothing is missing. */
const missingPostersReason = (): SQL<string | null> =>
  sql`(SELECT 'missing posters: '
      || group_concat(required_poster.value || ' (' || gate_program.language_primary || ')', ', ')
    ${missingPosterRows()})`;

/** The missing posters as a JSON array of `{language, variant}` (`[]` when nothing is missing). */
const missingPosterAssets = (): SQL<string> =>
  sql`(SELECT json_group_array(json_object('language', gate_program.language_primary, 'variant', required_poster.value))
    ${missingPosterRows()})`;

/** Why a lesson cannot be published: the thumbnails' reason, the posters', or both joined by "; "; NULL if neither. */
const missingAssetsReason = (): SQL<string | null> => {
  const thumbnails = missingThumbnailsReason();
  const posters = missingPostersReason();
  return sql`coalesce(${thumbnails} || '; ' || ${posters}, ${thumbnails}, ${posters})`;
};

// ---- programs ------------------------------------------------------------------------------------------------------

/**
 * Publishes the draft programs that have their posters, of the lessons matching `lessonsReady` (publishable but for
 * the poster rule). It runs in the same batch just before the UPDATE that publishes those lessons, so that UPDATE
 * finds their programs published, or still drafts when their posters are missing. The posters are checked once per
 * program here, not once per lesson. `published_at` is set once: a program that had one keeps it. Archived programs
 * stay archived.
 */
function publishProgramsOf(db: Database, lessonsReady: SQL | undefined, at: string) {
  const programIds = db
    .select({ id: terms.programId })
    .from(lessons)
    .innerJoin(terms, eq(terms.id, lessons.termId))
    .where(lessonsReady);
  return (
    db
      .update(programs)
      .set({ status: "published", publishedAt: sql`coalesce(${programs.publishedAt}, ${at})`, updatedAt: at })
      // The unary `+` keeps SQLite from scanning every draft program through the status index: the lookups are driven
      // by the (few) program ids of the lessons, through the primary key.
      .where(and(inArray(programs.id, programIds), sql`+${programs.status} = 'draft'`, programHasRequiredPosters()))
  );
}

const publishedLessonFields = (at: string) =>
  ({ status: "published", publishedAt: at, publishError: null, updatedAt: at }) as const;

// ---- the scheduled publisher ---------------------------------------------------------------------------------------

/**
 * Publishes every scheduled lesson that has fallen due (`publish_at <= now`) and has its required thumbnails, and
 * auto-publishes their draft programs that have their posters; due lessons without the thumbnails, or whose draft
 * program lacks its posters, stay scheduled with a `publish_error`.
 * One D1 round trip whatever the number of due lessons: the statements are set-based and scan only the due lessons
 * (index `lessons_status_publish_at`).
 */
export async function publishDueLessons(db: Database, now: Date): Promise<PublishReport> {
  const at = now.toISOString();
  const due = () => and(eq(lessons.status, "scheduled"), lte(lessons.publishAt, at));
  const ready = () => and(due(), hasRequiredThumbnails());

  // Counted from RETURNING rather than `meta.changes`, which on D1 also counts what triggers write (the search index).
  const changes = (kind: RevisionKind) => publishPendingStatements(db, kind, pendingDue(at), sql`pc.scheduled_by`, at);
  const programChanges = changes(PROGRAM_REVISIONS);
  const lessonChanges = changes(LESSON_REVISIONS);
  const [programsPublished, lessonsPublished, blocked, ...changeResults] = await db.batch([
    publishProgramsOf(db, ready(), at).returning({ id: programs.id }),
    db
      .update(lessons)
      .set(publishedLessonFields(at))
      .where(and(ready(), hasRequiredPosters()))
      .returning({ id: lessons.id }),
    // Record why a due lesson cannot be published; only when the reason is new, so a re-run writes nothing. It runs
    // last so that it looks only at the due lessons left scheduled, not at every lesson just published.
    db
      .update(lessons)
      .set({ publishError: missingAssetsReason(), updatedAt: at })
      .where(
        and(
          due(),
          or(lacksRequiredThumbnails(), lacksRequiredPosters()),
          sql`${lessons.publishError} IS NOT ${missingAssetsReason()}`,
        ),
      )
      .returning({ id: lessons.id, reason: lessons.publishError }),
    // Scheduled changes of published programs and lessons; each set's last statement answers what it published.
    ...programChanges,
    ...lessonChanges,
  ]);
  const changesPublished =
    (changeResults[programChanges.length - 1] as unknown[]).length + (changeResults.at(-1) as unknown[]).length;

  return {
    published: lessonsPublished.length,
    programsPublished: programsPublished.length,
    blocked: blocked.map(({ id, reason }) => ({ id, reason: reason ?? "" })),
    changesPublished,
  };
}

/**
 * When the publisher next has something to do: the earliest `publish_at` of a scheduled lesson not already held back
 * by a `publish_error` (those wait for the cron, which retries them every minute) and of scheduled pending changes;
 * null when nothing is scheduled. One round trip, three index seeks (`lessons_status_publish_at` and each pending
 * table's `…_publish_at`, whose NULLs, the unscheduled rows, sort first and are skipped). A time in the past means
 * something due is waiting to be published.
 */
export async function nextPublishAt(db: Database): Promise<string | null> {
  const earliest = (table: typeof programPendingChanges | typeof lessonPendingChanges) =>
    sql`SELECT min(${table.publishAt}) FROM ${table}`;
  const row = await db.get<{ at: string | null }>(sql`SELECT min(at) AS at FROM (
    SELECT min(${lessons.publishAt}) AS at FROM ${lessons}
      WHERE ${lessons.status} = 'scheduled' AND ${lessons.publishError} IS NULL
    UNION ALL ${earliest(programPendingChanges)}
    UNION ALL ${earliest(lessonPendingChanges)})`);
  return row?.at ?? null;
}

// ---- "publish now" -------------------------------------------------------------------------------------------------

/**
 * Publishes one lesson now, from draft or scheduled, if it has its required thumbnails; publishes its program too if
 * that is still a draft and has its posters (otherwise the lesson is not published either). One round trip: the
 * UPDATEs carry the status, thumbnail and poster guards (so two concurrent calls publish it once), and the batch ends
 * by reading the lesson back to tell why nothing happened when it did not.
 */
export async function publishLesson(db: Database, lessonId: string, now: Date): Promise<PublishLessonResult> {
  const at = now.toISOString();
  const ready = () =>
    and(eq(lessons.id, lessonId), inArray(lessons.status, [...PUBLISHABLE_LESSON_STATUSES]), hasRequiredThumbnails());

  const [, published, current] = await db.batch([
    publishProgramsOf(db, ready(), at),
    // A schedule it had no longer applies: it was published now, not at that time.
    db
      .update(lessons)
      .set({ ...publishedLessonFields(at), publishAt: null })
      .where(and(ready(), hasRequiredPosters()))
      .returning(),
    db
      .select({
        status: lessons.status,
        language: lessons.contentLanguagePrimary,
        missing: missingThumbnailVariants(),
        programId: terms.programId,
        missingPosters: missingPosterAssets(),
      })
      .from(lessons)
      .innerJoin(terms, eq(terms.id, lessons.termId))
      .where(eq(lessons.id, lessonId)),
  ]);

  const lesson = published[0];
  if (lesson) return { ok: true, lesson };
  const state = current[0];
  if (!state) return { ok: false, reason: "not_found" };
  if (!PUBLISHABLE_LESSON_STATUSES.includes(state.status)) {
    return { ok: false, reason: "invalid_transition", from: state.status };
  }
  const thumbnails = (JSON.parse(state.missing) as AssetVariant[]).map((variant) => ({
    language: state.language,
    variant,
  }));
  const posters = { programId: state.programId, missing: JSON.parse(state.missingPosters) as MissingAsset[] };
  if (thumbnails.length > 0) {
    return {
      ok: false,
      reason: "missing_thumbnails",
      missing: thumbnails,
      ...(posters.missing.length > 0 && { posters }),
    };
  }
  if (posters.missing.length > 0) return { ok: false, reason: "missing_posters", ...posters };
  // The guards and this read see the same transaction, so a publishable lesson was published above.
  throw new Error(`lesson ${lessonId} was publishable but not published`);
}
