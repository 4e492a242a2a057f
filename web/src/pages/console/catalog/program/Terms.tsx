import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { Field } from "../../../../components/Field";
import { FormMessage } from "../../../../components/FormMessage";
import { catalogFieldErrors, catalogWords } from "../../../../console/catalog/problems";
import { cmsWrites, type ProgramDetail, type ProgramTerm, refreshCatalog } from "../../../../console/catalog/programs";
import { LessonStatusBadges } from "../../../../console/catalog/status";
import styles from "../../../../console/console.module.css";
import { useRoleAllows } from "../../../../console/roles";
import { formatDateTime, plural } from "../../../../format";
import { href } from "../../../../paths";
import { DeleteDialog } from "../DeleteDialog";
import { AddLessonDialog } from "./AddLessonDialog";
import own from "./Terms.module.css";

/** A program's terms in order, each with its lessons and their statuses; editors add, rename and renumber terms. */
export function Terms({ program }: { program: ProgramDetail }) {
  const canEdit = useRoleAllows("editor");
  const [addingTo, setAddingTo] = useState<ProgramTerm | null>(null);
  const next = Math.max(0, ...program.terms.map((term) => term.term_number)) + 1;
  return (
    <>
      {program.terms.length === 0 && <p className="muted">No terms yet.</p>}
      <ol className={own.terms}>
        {program.terms.map((term) => (
          <li key={term.id}>
            <Term term={term} canEdit={canEdit} onAddLesson={() => setAddingTo(term)} />
          </li>
        ))}
      </ol>
      {canEdit && <AddTerm programId={program.id} next={next} />}
      {addingTo && <AddLessonDialog program={program} term={addingTo} onClose={() => setAddingTo(null)} />}
    </>
  );
}

/** One term: its number and title (a form for both while an editor changes them), then its lessons. */
function Term({ term, canEdit, onAddLesson }: { term: ProgramTerm; canEdit: boolean; onAddLesson: () => void }) {
  const client = useQueryClient();
  const canDelete = useRoleAllows("admin");
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const name = `Term ${term.term_number}: ${term.title}`;
  return (
    <section className={own.term} aria-label={name}>
      {editing ? (
        <TermForm
          term={term}
          onDone={() => setEditing(false)}
          onDelete={canDelete ? () => setDeleting(true) : undefined}
        />
      ) : (
        <div className={own.termHead}>
          <h3 className={own.termTitle}>
            <span className={own.number}>Term {term.term_number}</span> {term.title}
          </h3>
          <span className="muted">{plural(term.lessons.length, "lesson")}</span>
          {canEdit && (
            <button
              type="button"
              className={`button button-quiet ${styles.small}`}
              aria-label={`Rename or renumber term ${term.term_number}`}
              onClick={() => setEditing(true)}
            >
              Rename or renumber
            </button>
          )}
        </div>
      )}
      {term.lessons.length > 0 && (
        <ol className={own.lessons}>
          {term.lessons.map((lesson) => (
            <li key={lesson.id} className={own.lesson}>
              <span className={own.lessonNumber}>{lesson.lesson_number}.</span>
              <Link to={href.consoleLesson(lesson.id)} className={own.lessonTitle}>
                {lesson.title}
              </Link>
              <span className={own.badges}>
                <LessonStatusBadges lesson={lesson} />
                {lesson.status === "scheduled" && lesson.publish_at && (
                  <span className={styles.sub}>for {formatDateTime(lesson.publish_at)}</span>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
      {canEdit && (
        <button
          type="button"
          className={`button button-quiet ${styles.small} ${own.addLesson}`}
          aria-label={`Add lesson to term ${term.term_number}`}
          onClick={onAddLesson}
        >
          <span aria-hidden="true">+</span> Add lesson
        </button>
      )}
      {deleting && (
        <DeleteDialog
          title={`Delete term ${term.term_number}?`}
          action="Delete term"
          remove={() => cmsWrites.deleteTerm(term.id)}
          onClose={() => setDeleting(false)}
          onDeleted={() => void refreshCatalog(client)}
        >
          “{term.title}” is removed for good with its {plural(term.lessons.length, "lesson")}, from the console and the
          public catalog.
        </DeleteDialog>
      )}
    </section>
  );
}

/** The number and title of a term, as a form: what the API says about either shows beside it. */
function TermFields({
  title,
  number,
  errors,
  onTitle,
  onNumber,
  numberHint,
}: {
  title: string;
  number: string;
  errors: Record<string, string>;
  onTitle: (title: string) => void;
  onNumber: (number: string) => void;
  numberHint?: string;
}) {
  return (
    <div className={own.termFields}>
      <Field
        label="Number"
        name="term_number"
        inputMode="numeric"
        className={own.numberField}
        value={number}
        placeholder={numberHint}
        onChange={(event) => onNumber(event.target.value)}
        error={errors.term_number}
      />
      <Field
        label="Term title"
        name="title"
        className={own.titleField}
        value={title}
        onChange={(event) => onTitle(event.target.value)}
        error={errors.title}
      />
    </div>
  );
}

/** `"3"` → 3; an empty box is no number (the API picks the next one); anything but digits is `null`, not a number. */
const numberOf = (text: string): number | undefined | null => {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
};

const NOT_A_NUMBER = { term_number: "Enter a whole number, like 3." };

/** Sends a term's write; the API's field problems go beside their fields, anything else above them. */
function useTermWrite() {
  const client = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(write: () => Promise<unknown>): Promise<boolean> {
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      await write();
      await refreshCatalog(client);
      return true;
    } catch (error) {
      const fields = catalogFieldErrors(error);
      if (Object.keys(fields).length) setErrors(fields);
      else setFailure(catalogWords(error));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { errors, failure, busy, run, setErrors };
}

function TermForm({ term, onDone, onDelete }: { term: ProgramTerm; onDone: () => void; onDelete?: () => void }) {
  const [title, setTitle] = useState(term.title);
  const [number, setNumber] = useState(String(term.term_number));
  const write = useTermWrite();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const termNumber = numberOf(number);
    if (termNumber === null) return write.setErrors(NOT_A_NUMBER);
    const changes = {
      ...(title !== term.title && { title }),
      ...(termNumber !== undefined && termNumber !== term.term_number && { term_number: termNumber }),
    };
    if (Object.keys(changes).length === 0) return onDone();
    if (await write.run(() => cmsWrites.changeTerm(term.id, changes))) onDone();
  }

  return (
    <form className={own.termForm} onSubmit={submit} noValidate aria-label={`Term ${term.term_number}`}>
      {write.failure && <FormMessage tone="error">{write.failure}</FormMessage>}
      <TermFields title={title} number={number} errors={write.errors} onTitle={setTitle} onNumber={setNumber} />
      <div className={own.formActions}>
        {onDelete && (
          <button
            type="button"
            className={`button button-quiet button-danger ${styles.small} ${own.delete}`}
            onClick={onDelete}
          >
            Delete term
          </button>
        )}
        <button type="button" className={`button button-quiet ${styles.small}`} onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className={`button ${styles.small}`} disabled={write.busy}>
          {write.busy ? "Saving…" : "Save term"}
        </button>
      </div>
    </form>
  );
}

function AddTerm({ programId, next }: { programId: string; next: number }) {
  const [title, setTitle] = useState("");
  const [number, setNumber] = useState("");
  const [added, setAdded] = useState<string | null>(null);
  const write = useTermWrite();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAdded(null);
    const termNumber = numberOf(number);
    if (termNumber === null) return write.setErrors(NOT_A_NUMBER);
    const body = { title, term_number: termNumber };
    if (await write.run(() => cmsWrites.addTerm(programId, body))) {
      setAdded(`Term ${body.term_number ?? next} added.`);
      setTitle("");
      setNumber("");
    }
  }

  return (
    <form className={own.termForm} onSubmit={submit} noValidate aria-label="Add a term">
      <h3 className={own.addTitle}>Add a term</h3>
      {write.failure && <FormMessage tone="error">{write.failure}</FormMessage>}
      {added && <FormMessage tone="success">{added}</FormMessage>}
      <TermFields
        title={title}
        number={number}
        errors={write.errors}
        onTitle={setTitle}
        onNumber={setNumber}
        numberHint={String(next)}
      />
      <div className={own.formActions}>
        <button type="submit" className={`button ${styles.small}`} disabled={write.busy}>
          {write.busy ? "Adding…" : "Add term"}
        </button>
      </div>
    </form>
  );
}
