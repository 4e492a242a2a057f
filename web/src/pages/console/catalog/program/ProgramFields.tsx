import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useId } from "react";
import { Link } from "react-router";
import { Field, SelectField, TextAreaField } from "../../../../components/Field";
import fieldStyles from "../../../../components/Field.module.css";
import { withChosen } from "../../../../console/catalog/languages";
import { cms } from "../../../../console/catalog/programs";
import styles from "../../../../console/console.module.css";
import { languageName } from "../../../../format";
import { href } from "../../../../paths";
import type { ProgramForm } from "./form";
import own from "./ProgramFields.module.css";

/**
 * A program's title, description, languages and topics, each with the API's problem beside it: the same fields for a
 * new program and an existing one.
 */
export function ProgramFields({
  form,
  onChange,
  errors,
}: {
  form: ProgramForm;
  onChange: (form: ProgramForm) => void;
  /** Problems by field (see `problemsByField`). */
  errors: Record<string, string>;
}) {
  const topics = useQuery(cms.topicChoices());
  const languages = withChosen([form.language_primary, ...form.languages_available]);
  const set = (changes: Partial<ProgramForm>) => onChange({ ...form, ...changes });
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((item) => item !== value);

  return (
    <>
      <Field
        label="Title"
        name="title"
        value={form.title}
        onChange={(event) => set({ title: event.target.value })}
        error={errors.title}
        required
      />
      <TextAreaField
        label="Description"
        name="description"
        value={form.description}
        onChange={(event) => set({ description: event.target.value })}
        error={errors.description}
        rows={4}
      />
      <div className={styles.row}>
        <SelectField
          label="Primary language"
          name="language_primary"
          value={form.language_primary}
          onChange={(event) => {
            const primary = event.target.value;
            // The primary language is always one of those offered.
            set({
              language_primary: primary,
              languages_available: toggle(form.languages_available, primary, false).concat(primary),
            });
          }}
          error={errors.language_primary}
          hint="Posters in it are needed to publish"
        >
          {languages.map((code) => (
            <option key={code} value={code}>
              {languageName(code)}
            </option>
          ))}
        </SelectField>
      </div>
      <Choices
        legend="Offered in"
        hint="Lessons and posters can be in these languages."
        error={errors.languages_available}
      >
        {languages.map((code) => (
          <label key={code} className={own.choice}>
            <input
              type="checkbox"
              checked={code === form.language_primary || form.languages_available.includes(code)}
              disabled={code === form.language_primary}
              onChange={(event) =>
                set({ languages_available: toggle(form.languages_available, code, event.target.checked) })
              }
            />
            {languageName(code)}
          </label>
        ))}
      </Choices>
      <Choices legend="Topics" error={errors.topic_ids}>
        {topics.data?.data.map((topic) => (
          <label key={topic.id} className={own.choice}>
            <input
              type="checkbox"
              checked={form.topic_ids.includes(topic.id)}
              onChange={(event) => set({ topic_ids: toggle(form.topic_ids, topic.id, event.target.checked) })}
            />
            {topic.name}
          </label>
        ))}
        {topics.data?.data.length === 0 && (
          <p className={own.hint}>
            No topics yet: <Link to={href.consoleTopics()}>add them</Link>.
          </p>
        )}
        {topics.isError && <p className={own.hint}>The topics could not be loaded.</p>}
      </Choices>
    </>
  );
}

/** A group of checkboxes with its name, hint and the API's problem, announced with the group. */
function Choices({
  legend,
  hint,
  error,
  children,
}: {
  legend: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset
      className={`${styles.fieldset} ${own.fieldset}`}
      aria-invalid={error ? true : undefined}
      aria-describedby={[error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ") || undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className={own.hint}>
          {hint}
        </p>
      )}
      <div className={own.choices}>{children}</div>
      {error && (
        <p id={`${id}-error`} className={fieldStyles.error}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </fieldset>
  );
}
