import { type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";
import styles from "../components/Field.module.css";

interface Labelled {
  label: string;
  name: string;
  /** The problem with this field, in words; shown beside it and announced with it. */
  error?: string;
  hint?: string;
}

/** Label, hint and error around a control, tied together for assistive technology (as `Field` does for inputs). */
function Framed({
  label,
  error,
  hint,
  control,
}: Omit<Labelled, "name"> & { control: (ids: { id: string; describedBy?: string }) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      {control({ id, describedBy: [errorId, hintId].filter(Boolean).join(" ") || undefined })}
      {error && (
        <p id={errorId} className={styles.error}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled select with its hint and error. */
export function SelectField({
  label,
  name,
  error,
  hint,
  children,
  ...select
}: Labelled & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Framed
      label={label}
      error={error}
      hint={hint}
      control={({ id, describedBy }) => (
        <select
          id={id}
          name={name}
          className={styles.input}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...select}
        >
          {children}
        </select>
      )}
    />
  );
}

/** A labelled text area with its hint and error. */
export function TextAreaField({
  label,
  name,
  error,
  hint,
  ...area
}: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Framed
      label={label}
      error={error}
      hint={hint}
      control={({ id, describedBy }) => (
        <textarea
          id={id}
          name={name}
          rows={3}
          className={styles.input}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...area}
        />
      )}
    />
  );
}
