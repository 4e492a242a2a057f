import { useState } from "react";
import { ApiError } from "../../api/problem";
import { FormMessage } from "../../components/FormMessage";
import { ModalActions } from "../../components/Modal";
import modal from "../../components/Modal.module.css";
import styles from "./Calendar.module.css";
import { type CalendarEvent, formatWhen, plannedZoneNote } from "./dates";

/** A write that found the event changed since the page read it: what it tried, and how to try it again. */
export interface Conflict {
  /** The event as it is now, from the 412's `current`. */
  current: CalendarEvent;
  /** What the person tried, in words: "Move it to Tue 8 Dec", "Save your changes", "Delete it". */
  attempt: string;
  /** The same write again, on the current version. */
  retry: (current: CalendarEvent) => Promise<unknown>;
  kind: "edit" | "move" | "delete";
}

/** The details of an event, as a short description list. */
export function EventSummary({ event }: { event: CalendarEvent }) {
  const planned = plannedZoneNote(event);
  return (
    <dl className={styles.summary}>
      <dt>Name</dt>
      <dd>{event.name}</dd>
      <dt>When</dt>
      <dd>
        {formatWhen(event)}
        {planned && <span className={styles.planned}> (planned as {planned})</span>}
      </dd>
      {(event.location || event.online_link) && (
        <>
          <dt>Where</dt>
          <dd>
            {event.location}
            {event.location && event.online_link && " · "}
            {event.online_link && (
              <a href={event.online_link} rel="noreferrer noopener" target="_blank">
                Online link
              </a>
            )}
          </dd>
        </>
      )}
      {event.description && (
        <>
          <dt>Description</dt>
          <dd className={styles.prewrap}>{event.description}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * Someone else changed the event first. The page never overwrites their change unseen: it shows the event as it is
 * now, and the person chooses to apply theirs on top of it or keep it as it is.
 */
export function ConflictBody({ conflict, onDone }: { conflict: Conflict; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { current, attempt, kind } = conflict;
  async function retry() {
    setBusy(true);
    setFailure(null);
    try {
      await conflict.retry(current);
      onDone();
    } catch (error) {
      // A newer conflict replaces this one (the page shows it); anything else is said here.
      if (!(error instanceof ApiError && error.status === 412)) {
        setFailure(error instanceof ApiError ? error.words : "Something went wrong.");
      }
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className={modal.form}>
      <p className={styles.conflictLead} role="alert">
        Someone changed this event after you opened it. Your change was not saved, so nothing of theirs was lost.
      </p>
      <section aria-labelledby="conflict-now" className={styles.conflictNow}>
        <h3 id="conflict-now">The event as it is now</h3>
        <EventSummary event={current} />
      </section>
      <p>
        You tried to: <strong>{attempt}</strong>
      </p>
      {failure && <FormMessage tone="error">{failure}</FormMessage>}
      <ModalActions cancel="Keep it as it is" onCancel={onDone} focusCancel>
        <button type="button" className="button" onClick={() => void retry()} disabled={busy}>
          {busy ? "Trying again…" : kind === "delete" ? "Delete it anyway" : "Apply my change to it"}
        </button>
      </ModalActions>
    </div>
  );
}
