import type { ThreadEntry } from "../../../../console/desk/api";
import styles from "../../../../console/desk/desk.module.css";
import { PRIORITY_WORDS } from "../../../../console/desk/words";
import { formatDateTime } from "../../../../format";

/** What an event did, as a sentence after its author's name: "closed the ticket". */
function eventWords(entry: ThreadEntry): string {
  switch (entry.event) {
    case "closed":
      return "closed the ticket";
    case "reopened":
      return "reopened the ticket";
    case "assigned":
      // The event keeps the assignee's name as it was then; someone assigning themselves took the ticket.
      if (entry.author_id !== null && entry.value === entry.author_name) return "took the ticket";
      return `assigned it to ${entry.value ?? "a deleted account"}`;
    case "unassigned":
      return "unassigned it";
    case "prioritised":
      return `set the priority to ${PRIORITY_WORDS[entry.value as keyof typeof PRIORITY_WORDS]?.toLowerCase() ?? entry.value}`;
    default:
      return "changed the ticket";
  }
}

/**
 * The ticket's thread, oldest first: the customer's replies on one side, the staff's on the other, internal notes
 * marked as such on a background of their own, and events (closed, assigned…) as a line between them.
 */
export function Thread({ entries, you }: { entries: ThreadEntry[]; you: string | undefined }) {
  const who = (entry: ThreadEntry) =>
    entry.author_id === null
      ? "A deleted account"
      : entry.author_id === you
        ? `${entry.author_name} (you)`
        : entry.author_name;
  if (entries.length === 0) return <p>No replies yet.</p>;
  return (
    <ol className={styles.thread}>
      {entries.map((entry) => {
        const time = <time dateTime={entry.created_at}>{formatDateTime(entry.created_at)}</time>;
        if (entry.kind === "event") {
          return (
            <li key={entry.id} className={styles.event}>
              {who(entry)} {eventWords(entry)} · {time}
            </li>
          );
        }
        const note = entry.kind === "note";
        return (
          <li
            key={entry.id}
            className={`${styles.entry} ${note ? styles.note : entry.from_staff ? styles.fromStaff : ""}`}
            aria-label={`${note ? "Internal note" : "Reply"} from ${who(entry)}`}
          >
            <p className={styles.entryHead}>
              {note && <span className={styles.noteLabel}>Internal note · not shown to the customer</span>}
              <strong>{who(entry)}</strong>
              <span>{entry.from_staff ? "Staff" : "Customer"}</span>
              {time}
            </p>
            <p className={styles.entryBody}>{entry.body}</p>
          </li>
        );
      })}
    </ol>
  );
}
