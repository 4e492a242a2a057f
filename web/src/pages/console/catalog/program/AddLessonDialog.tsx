import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { ApiError } from "../../../../api/problem";
import { Field, SelectField } from "../../../../components/Field";
import { FormMessage } from "../../../../components/FormMessage";
import { Modal, ModalActions } from "../../../../components/Modal";
import modal from "../../../../components/Modal.module.css";
import { catalogFieldErrors, catalogWords } from "../../../../console/catalog/problems";
import {
  cmsWrites,
  type NewLesson,
  type ProgramDetail,
  type ProgramTerm,
  refreshCatalog,
} from "../../../../console/catalog/programs";
import styles from "../../../../console/console.module.css";
import { CONTENT_TYPE_WORDS, languageName } from "../../../../format";
import { href } from "../../../../paths";
import { focusFirstProblem } from "./form";

/** The dialog's fields, by the API's paths their problems come at (a language's URL comes at `…by_language.<code>`). */
const FIELD_OF_PATH: [prefix: string, field: string][] = [
  ["title", "title"],
  ["content_type", "content_type"],
  ["duration_ms", "duration"],
  ["content_language_primary", "language"],
  ["content_languages_available", "language"],
  ["content_urls_by_language", "url"],
  ["lesson_number", "lesson_number"],
];

/**
 * Adding a lesson to a term: what it needs to exist (a title, its kind and length, its language and where its content
 * is); the rest is set in the lesson's editor, which opens once the lesson is created.
 */
export function AddLessonDialog({
  program,
  term,
  onClose,
}: {
  program: ProgramDetail;
  term: ProgramTerm;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    title: "",
    content_type: "video" as NewLesson["content_type"],
    minutes: "",
    language: program.language_primary,
    url: "",
    lesson_number: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const bind = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm((current) => ({ ...current, [name]: event.target.value })),
    error: errors[name === "minutes" ? "duration" : name],
  });

  function showProblems(problems: Record<string, string>) {
    setErrors(problems);
    focusFirstProblem(formRef.current);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const local: Record<string, string> = {};
    const minutes = Number(form.minutes.trim());
    if (form.content_type !== "article" && form.minutes.trim() && !(minutes > 0))
      local.duration = "Enter minutes, like 8 or 12.5.";
    if (form.lesson_number.trim() && !/^\d+$/.test(form.lesson_number.trim()))
      local.lesson_number = "Enter a whole number.";
    if (Object.keys(local).length) return showProblems(local);
    setErrors({});
    setBusy(true);
    try {
      const lesson = await cmsWrites.addLesson(term.id, {
        title: form.title,
        description: "",
        is_paid: false,
        subtitle_languages: [],
        subtitle_urls_by_language: {},
        content_type: form.content_type,
        duration_ms: form.content_type === "article" || !form.minutes.trim() ? null : Math.round(minutes * 60_000),
        content_language_primary: form.language,
        content_urls_by_language: form.url.trim() ? { [form.language]: form.url.trim() } : {},
        ...(form.lesson_number.trim() && { lesson_number: Number(form.lesson_number.trim()) }),
      });
      await refreshCatalog(client);
      navigate(href.consoleLesson(lesson.id));
    } catch (error) {
      const fields = lessonProblems(error);
      if (Object.keys(fields).length) showProblems(fields);
      else setFailure(catalogWords(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={`Add a lesson to term ${term.term_number}`} onClose={onClose}>
      <form ref={formRef} className={modal.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <Field label="Lesson title" {...bind("title")} required />
        <div className={styles.row}>
          <SelectField label="Kind" {...bind("content_type")} choices={CONTENT_TYPE_WORDS} />
          {form.content_type !== "article" && (
            <Field label="Length (minutes)" {...bind("minutes")} inputMode="decimal" placeholder="8" />
          )}
        </div>
        <div className={styles.row}>
          <SelectField label="Language" {...bind("language")}>
            {program.languages_available.map((code) => (
              <option key={code} value={code}>
                {languageName(code)}
              </option>
            ))}
          </SelectField>
          <Field
            label="Number"
            {...bind("lesson_number")}
            inputMode="numeric"
            placeholder={String(Math.max(0, ...term.lessons.map((lesson) => lesson.lesson_number)) + 1)}
          />
        </div>
        <Field
          label="Content URL"
          {...bind("url")}
          inputMode="url"
          placeholder="https://cdn.example.com/lessons/intro.m3u8"
          hint="Where the video, audio or article is, in this language. More languages are added in the lesson's editor."
        />
        <ModalActions onCancel={onClose}>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Adding…" : "Add lesson"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}

/** The API's field problems by the dialog's fields; none when the problem is not about a field. */
function lessonProblems(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const problems: Record<string, string> = {};
  for (const [path, words] of Object.entries(catalogFieldErrors(error))) {
    const field = FIELD_OF_PATH.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
    if (field) problems[field] ??= words;
  }
  return problems;
}
