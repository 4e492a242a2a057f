import { type FormEvent, useState } from "react";
import { ApiError } from "../../../../api/problem";
import { Field } from "../../../../components/Field";
import type { Lesson } from "../../../../console/catalog/lessons";
import { lessonActionWords } from "./action-words";
import styles from "./Lesson.module.css";
import { editorTimeZone, inUtc, localInputValue, utcFromLocalInput, zoneOffset } from "./time-zone";

/** An hour from now, on the hour: where the picker starts for a lesson not yet scheduled. */
function nextHour(): Date {
  const at = new Date(Date.now() + 60 * 60_000);
  at.setMinutes(0, 0, 0);
  return at;
}

/**
 * Choosing when the scheduler publishes a lesson: a date and time in the editor's own time zone (named beside it),
 * sent to the API in UTC, whose problems (a time in the past) show beside the picker.
 */
export function ScheduleForm({
  lesson,
  onSchedule,
}: {
  lesson: Lesson;
  /** Schedules at the UTC time; rejects with the API's error. */
  onSchedule: (publishAt: string) => Promise<void>;
}) {
  const [value, setValue] = useState(() =>
    localInputValue(lesson.publish_at ? new Date(lesson.publish_at) : nextHour()),
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const utc = utcFromLocalInput(value);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!utc) return setError("Choose a date and a time.");
    setBusy(true);
    setError(undefined);
    try {
      await onSchedule(utc);
    } catch (problem) {
      const fields = problem instanceof ApiError ? problem.fieldErrors() : {};
      setError(fields.publish_at ?? lessonActionWords(problem));
    } finally {
      setBusy(false);
    }
  }

  const zone = `${editorTimeZone()}, ${zoneOffset(utc ? new Date(utc) : new Date())}`;
  return (
    <form className={styles.actionGroup} onSubmit={submit} noValidate aria-label="Schedule">
      <h3>{lesson.status === "scheduled" ? "Reschedule" : "Schedule"}</h3>
      <Field
        label="Publish at"
        name="publish_at"
        type="datetime-local"
        value={value}
        min={localInputValue(new Date())}
        onChange={(event) => setValue(event.target.value)}
        error={error}
        hint={`Your time zone: ${zone}`}
      />
      {utc && (
        <p className={styles.zone} aria-live="polite">
          That is {inUtc(utc)}.
        </p>
      )}
      <div className={styles.actionButtons}>
        <button type="submit" className="button button-quiet" disabled={busy}>
          {busy ? "Scheduling…" : lesson.status === "scheduled" ? "Reschedule" : "Schedule"}
        </button>
      </div>
    </form>
  );
}
