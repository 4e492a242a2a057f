import type { LessonStatus } from "../../../../console/catalog/lessons";
import styles from "../../../../console/console.module.css";

/** Each lesson status's pill: published reads as done, scheduled as on its way, archived as gone. */
export const LESSON_STATUS_TONE: Record<LessonStatus, string | undefined> = {
  draft: undefined,
  scheduled: styles.info,
  published: styles.good,
  archived: styles.warn,
};

export const LESSON_STATUS_WORDS: Record<LessonStatus, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  published: "Published",
  archived: "Archived",
};

/** A lesson's status as a pill, with a warning mark when the scheduler could not publish it. */
export function LessonStatusPill({ status, blocked }: { status: LessonStatus; blocked?: boolean }) {
  return (
    <span className={`${styles.pill} ${blocked ? styles.bad : (LESSON_STATUS_TONE[status] ?? "")}`}>
      {LESSON_STATUS_WORDS[status]}
      {blocked && " · not published"}
    </span>
  );
}
