import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../../../../api/problem";
import { TextAreaField } from "../../../../components/Field";
import { FormMessage } from "../../../../components/FormMessage";
import { deskWrites, type ThreadEntry, type Ticket } from "../../../../console/desk/api";
import styles from "../../../../console/desk/desk.module.css";
import { consoleWords } from "../../../../console/problems";

/**
 * The staff's box under the thread: a reply the customer reads, or an internal note they never see. A closed
 * ticket takes notes only (the API refuses replies until it is reopened).
 */
export function ReplyForm({ ticket, onSent }: { ticket: Ticket; onSent: (entry: ThreadEntry) => void }) {
  const closed = ticket.status === "closed";
  const [text, setText] = useState("");
  const [choice, setChoice] = useState<"reply" | "note">("reply");
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusBox = () => form.current?.querySelector("textarea")?.focus();
  const internal = closed || choice === "note";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    setFailure(null);
    if (!text.trim()) {
      setError(internal ? "Write the note first." : "Write the reply first.");
      focusBox();
      return;
    }
    setBusy(true);
    try {
      onSent(await deskWrites.reply(ticket.id, text.trim(), internal));
      setText("");
      focusBox();
    } catch (problem) {
      const fieldError = problem instanceof ApiError ? problem.fieldErrors().body : undefined;
      if (fieldError) setError(fieldError);
      else setFailure(consoleWords(problem));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} className={styles.replyForm} onSubmit={submit} noValidate aria-label="Reply to the ticket">
      <fieldset className={styles.choices}>
        <legend>Send as</legend>
        <label>
          <input
            type="radio"
            name="kind"
            value="reply"
            checked={!internal}
            disabled={closed}
            onChange={() => setChoice("reply")}
          />{" "}
          Reply to the customer
        </label>
        <label>
          <input type="radio" name="kind" value="note" checked={internal} onChange={() => setChoice("note")} /> Internal
          note
        </label>
      </fieldset>
      <TextAreaField
        label={internal ? "Internal note" : "Reply"}
        name="body"
        rows={4}
        maxLength={5000}
        hint={
          closed
            ? "The ticket is closed: reopen it to reply to the customer. Internal notes still work."
            : internal
              ? "Only staff read internal notes."
              : "The customer reads this."
        }
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={error}
      />
      {failure && <FormMessage tone="error">{failure}</FormMessage>}
      <div className={styles.formEnd}>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Sending…" : internal ? "Add internal note" : "Send reply"}
        </button>
      </div>
    </form>
  );
}
