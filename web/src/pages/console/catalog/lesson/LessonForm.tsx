import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../../../../api/problem";
import { Field, SelectField, TextAreaField } from "../../../../components/Field";
import { FormMessage } from "../../../../components/FormMessage";
import { type Lesson, lessonWrites } from "../../../../console/catalog/lessons";
import consoleStyles from "../../../../console/console.module.css";
import { consoleWords } from "../../../../console/problems";
import { CONTENT_TYPE_WORDS, languageName } from "../../../../format";
import { type LessonForm as Form, lessonChanges, lessonForm, lessonFormProblems } from "./form";
import { LanguageRows } from "./LanguageRows";
import styles from "./Lesson.module.css";

/** The API's paths the form shows beside a field or a list; anything else shows above the form. */
const PLACED =
  /^(title|description|content_type|duration_ms|is_paid|lesson_number|content_language_primary|(content_languages_available|content_urls_by_language|subtitle_languages|subtitle_urls_by_language)(\..+)?)$/;

/**
 * A lesson's content as the model has it: title, description, kind and length, paid or free, its number in the term,
 * its content per language with the primary one, and subtitles per language. Saving sends what changed; every problem
 * the API names shows beside its field, and focus goes to the first. A role that may not edit reads the same fields.
 */
export function LessonForm({
  lesson,
  canEdit,
  onSaved,
}: {
  lesson: Lesson;
  canEdit: boolean;
  onSaved: (saved: Lesson) => void;
}) {
  const [form, setForm] = useState<Form>(() => lessonForm(lesson));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "error"; words: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const readOnly = !canEdit;

  const set = <K extends keyof Form>(name: K, value: Form[K]) => setForm((current) => ({ ...current, [name]: value }));
  const text = (name: "title" | "description" | "duration" | "lesson_number", path: string = name) => ({
    name: path,
    value: form[name],
    onChange: (event: { target: { value: string } }) => set(name, event.target.value),
    error: errors[path],
    readOnly,
  });

  function showProblems(problems: Record<string, string>) {
    setErrors(problems);
    // After React has drawn the messages, so the field is announced with its description.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const problems = lessonFormProblems(form);
    if (Object.keys(problems).length) return showProblems(problems);
    const changes = lessonChanges(form, lesson);
    if (Object.keys(changes).length === 0) {
      setErrors({});
      setNotice({ tone: "success", words: "Nothing has changed since the last save." });
      return;
    }
    setBusy(true);
    try {
      const saved = await lessonWrites.change(lesson.id, changes);
      setErrors({});
      setForm(lessonForm(saved));
      setNotice({ tone: "success", words: "Saved." });
      onSaved(saved);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      if (Object.keys(fields).length) {
        showProblems(fields);
        setNotice({ tone: "error", words: "The lesson was not saved: see the fields marked below." });
      } else setNotice({ tone: "error", words: consoleWords(error) });
    } finally {
      setBusy(false);
    }
  }

  const unplaced = Object.entries(errors).filter(([path]) => !PLACED.test(path));
  const languages = [...new Set([...form.content.map((row) => row.language.trim()), form.content_language_primary])];
  return (
    <form
      ref={formRef}
      className={`${consoleStyles.panel} ${styles.form}`}
      onSubmit={submit}
      noValidate
      aria-label="Lesson"
    >
      <h2>Content</h2>
      {notice && <FormMessage tone={notice.tone}>{notice.words}</FormMessage>}
      {unplaced.length > 0 && (
        <FormMessage tone="error">
          {unplaced.map(([path, words]) => (
            <p key={path}>{path && path !== "(body)" ? `${path}: ${words}` : words}</p>
          ))}
        </FormMessage>
      )}
      <Field label="Title" {...text("title")} required />
      <TextAreaField label="Description" {...text("description")} />
      <div className={consoleStyles.row}>
        <SelectField
          label="Content type"
          name="content_type"
          value={form.content_type}
          onChange={(event) => set("content_type", event.target.value as Form["content_type"])}
          choices={CONTENT_TYPE_WORDS}
          error={errors.content_type}
          disabled={readOnly}
        />
        <Field
          label="Duration (minutes)"
          {...text("duration", "duration_ms")}
          inputMode="decimal"
          hint={form.content_type === "article" ? "Optional for articles" : "Like 8 or 7.5"}
        />
        <Field label="Lesson number" {...text("lesson_number")} inputMode="numeric" hint="Its place in the term" />
      </div>
      <label className={consoleStyles.check}>
        <input
          type="checkbox"
          name="is_paid"
          checked={form.is_paid}
          onChange={(event) => set("is_paid", event.target.checked)}
          disabled={readOnly}
        />
        Paid lesson (for subscribers only)
      </label>
      <LanguageRows
        legend="Content per language"
        noun="Content"
        rows={form.content}
        onChange={(rows) => set("content", rows)}
        errors={errors}
        listPath="content_languages_available"
        urlPath="content_urls_by_language"
        hint="The languages the lesson is offered in, each with the address of its video, audio or article."
        readOnly={readOnly}
      />
      <SelectField
        label="Primary language"
        name="content_language_primary"
        value={form.content_language_primary}
        onChange={(event) => set("content_language_primary", event.target.value)}
        error={errors.content_language_primary}
        hint="It needs a content URL, and its thumbnails are the ones publishing requires."
        disabled={readOnly}
      >
        {languages
          .filter((code) => code)
          .map((code) => (
            <option key={code} value={code}>
              {`${languageName(code)} (${code})`}
            </option>
          ))}
      </SelectField>
      <LanguageRows
        legend="Subtitles"
        noun="Subtitle"
        rows={form.subtitles}
        onChange={(rows) => set("subtitles", rows)}
        errors={errors}
        listPath="subtitle_languages"
        urlPath="subtitle_urls_by_language"
        hint="A subtitle file (WebVTT) for each language offered."
        readOnly={readOnly}
      />
      {canEdit && (
        <div className={styles.saveBar}>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </button>
        </div>
      )}
    </form>
  );
}
