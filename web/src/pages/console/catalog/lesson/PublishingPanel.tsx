import { useState } from "react";
import { ApiError } from "../../../../api/problem";
import { FormMessage } from "../../../../components/FormMessage";
import { type Lesson, lessonWrites } from "../../../../console/catalog/lessons";
import consoleStyles from "../../../../console/console.module.css";
import { formatDateTime } from "../../../../format";
import { ArchiveDialog } from "./ArchiveDialog";
import { lessonActionWords } from "./action-words";
import styles from "./Lesson.module.css";
import { PublishProblem } from "./PublishProblem";
import { type MissingAssets, missingFromProblem, missingFromReason } from "./publish-error";
import { ScheduleForm } from "./ScheduleForm";
import { LessonStatusPill } from "./status";
import { inEditorZone, inUtc } from "./time-zone";

/** What the last action came to: done (in words), refused for missing assets, or another failure. */
type Outcome =
  | { tone: "success"; words: string }
  | { tone: "missing"; missing: MissingAssets[] }
  | { tone: "error"; words: string };

/**
 * A lesson's publishing: its status and times (the scheduled one in the editor's zone, with UTC), the reason the
 * scheduler could not publish it and how to fix that, and for editors the actions its status allows: publish now,
 * schedule or reschedule, unschedule, archive (after confirming).
 */
export function PublishingPanel({
  lesson,
  programId,
  canEdit,
  onChanged,
}: {
  lesson: Lesson;
  /** The lesson's program (from its term), for the link to its posters. */
  programId?: string;
  canEdit: boolean;
  /** The lesson as the API has it after an action. */
  onChanged: (lesson: Lesson) => void;
}) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [busy, setBusy] = useState(false);
  const active = lesson.status === "draft" || lesson.status === "scheduled";

  /** Runs an action and says how it went; a refused publish names the missing thumbnails and posters. */
  async function act(run: () => Promise<Lesson>, words: (lesson: Lesson) => string) {
    setBusy(true);
    setOutcome(null);
    try {
      const next = await run();
      onChanged(next);
      setOutcome({ tone: "success", words: words(next) });
    } catch (error) {
      const missing = error instanceof ApiError ? missingFromProblem(error) : [];
      setOutcome(missing.length ? { tone: "missing", missing } : { tone: "error", words: lessonActionWords(error) });
    } finally {
      setBusy(false);
    }
  }

  async function schedule(publishAt: string) {
    // The picker shows the API's refusal (a time in the past) beside itself, so it is not caught here.
    const next = await lessonWrites.schedule(lesson.id, publishAt);
    onChanged(next);
    setOutcome({
      tone: "success",
      words: `Scheduled: the scheduler publishes it at ${inEditorZone(next.publish_at ?? publishAt)}.`,
    });
  }

  return (
    <section className={`${consoleStyles.panel} ${styles.publishing}`} aria-labelledby="publishing-title">
      <h2 id="publishing-title">Publishing</h2>
      <dl className={styles.facts}>
        <dt>Status</dt>
        <dd>
          <LessonStatusPill status={lesson.status} blocked={Boolean(lesson.publish_error)} />
        </dd>
        {lesson.publish_at && (
          <>
            <dt>Publishes</dt>
            <dd>
              <span data-testid="publish-at">{inEditorZone(lesson.publish_at)}</span>
              <span className={consoleStyles.sub}>{inUtc(lesson.publish_at)}</span>
            </dd>
          </>
        )}
        {lesson.published_at && (
          <>
            <dt>Went live</dt>
            <dd>{formatDateTime(lesson.published_at)}</dd>
          </>
        )}
        <dt>Changed</dt>
        <dd>{formatDateTime(lesson.updated_at)}</dd>
      </dl>

      {lesson.publish_error && (
        <div className={`message message-error ${styles.problem}`} role="alert">
          <p>
            <strong>The scheduler could not publish this lesson.</strong> It stays scheduled and is published on the
            scheduler's next run (every minute) once this is fixed:
          </p>
          <PublishProblem
            missing={missingFromReason(lesson.publish_error)}
            reason={lesson.publish_error}
            lessonId={lesson.id}
            programId={programId}
            thumbnailsHere
          />
        </div>
      )}

      {outcome?.tone === "success" && <FormMessage tone="success">{outcome.words}</FormMessage>}
      {outcome?.tone === "error" && <FormMessage tone="error">{outcome.words}</FormMessage>}
      {outcome?.tone === "missing" && (
        <FormMessage tone="error">
          <p>
            <strong>Not published yet.</strong>
          </p>
          <PublishProblem
            missing={outcome.missing}
            reason=""
            lessonId={lesson.id}
            programId={programId}
            thumbnailsHere
          />
        </FormMessage>
      )}

      {lesson.status === "archived" && (
        <p className="message message-info">
          Archived: the lesson is out of the catalog and cannot be published again.
        </p>
      )}

      {canEdit && active && (
        <div className={styles.actionGroup}>
          <h3>Publish now</h3>
          <div className={styles.actionButtons}>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                void act(
                  () => lessonWrites.publish(lesson.id),
                  () => "Published: it is in the catalog now.",
                )
              }
            >
              Publish now
            </button>
          </div>
        </div>
      )}
      {canEdit && active && <ScheduleForm key={lesson.publish_at ?? "none"} lesson={lesson} onSchedule={schedule} />}
      {canEdit && lesson.status !== "archived" && (
        <div className={styles.actionGroup}>
          <h3>Take back</h3>
          <div className={styles.actionButtons}>
            {lesson.status === "scheduled" && (
              <button
                type="button"
                className="button button-quiet"
                disabled={busy}
                onClick={() =>
                  void act(
                    () => lessonWrites.unschedule(lesson.id),
                    () => "Unscheduled: it is a draft again, and will not be published until you say so.",
                  )
                }
              >
                Unschedule
              </button>
            )}
            <button
              type="button"
              className="button button-quiet button-danger"
              disabled={busy}
              onClick={() => setConfirmArchive(true)}
            >
              Archive…
            </button>
          </div>
        </div>
      )}
      {confirmArchive && (
        <ArchiveDialog
          lesson={lesson}
          onClose={() => setConfirmArchive(false)}
          onArchive={async () => {
            const next = await lessonWrites.archive(lesson.id);
            setConfirmArchive(false);
            onChanged(next);
            setOutcome({ tone: "success", words: "Archived: the lesson is out of the catalog." });
          }}
        />
      )}
    </section>
  );
}
