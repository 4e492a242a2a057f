import styles from "../console.module.css";
import { statusWords } from "../format";
import type { LessonStatus, LessonSummary, ProgramStatus } from "./programs";

// The pill of each catalog status: live, waiting, put away.

export const PROGRAM_STATUS_TONE: Record<ProgramStatus, string> = {
  draft: styles.info ?? "",
  published: styles.good ?? "",
  archived: "",
};

export const LESSON_STATUS_TONE: Record<LessonStatus, string> = {
  draft: "",
  scheduled: styles.info ?? "",
  published: styles.good ?? "",
  archived: "",
};

/** The lesson's status pill, and beside it a red one when the scheduler could not publish it (with why, on hover). */
export function LessonStatusBadges({ lesson }: { lesson: Pick<LessonSummary, "status" | "publish_error"> }) {
  return (
    <>
      <span className={`${styles.pill} ${LESSON_STATUS_TONE[lesson.status]}`}>{statusWords(lesson.status)}</span>
      {lesson.publish_error && (
        <>
          {" "}
          <span className={`${styles.pill} ${styles.bad}`} title={lesson.publish_error}>
            Publish failed
          </span>
        </>
      )}
    </>
  );
}
