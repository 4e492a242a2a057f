import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";
import styles from "./Field.module.css";

/** What every field has around its control. */
interface Labelled {
  label: string;
  name: string;
  /** The problem with this field, in words (from `ApiError.fieldErrors()`); shown beside it and announced with it. */
  error?: string;
  hint?: string;
}

/** The attributes that tie a control to its label, hint and error. */
interface ControlProps {
  id: string;
  name: string;
  className: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/**
 * The label, hint and error around one control, tied together for assistive technology: the one frame that `Field`,
 * `SelectField` and `TextAreaField` share, so that every kind of field reads and behaves alike.
 */
function FieldFrame({
  label,
  name,
  error,
  hint,
  className,
  control,
}: Labelled & { className?: string; control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`${styles.field} ${className ?? ""}`}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      {hint && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      {control({
        id,
        name,
        className: styles.input ?? "",
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [errorId, hintId].filter(Boolean).join(" ") || undefined,
      })}
      {error && (
        <p id={errorId} className={styles.error}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

/** Splits a field's props into its frame's and its control's. */
function framed<P extends Labelled & { className?: string }>({ label, name, error, hint, className, ...control }: P) {
  return [{ label, name, error, hint, className }, control] as const;
}

/** A labelled input with its hint and its error beside it. */
export function Field(props: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  const [frame, input] = framed(props);
  return <FieldFrame {...frame} control={(ids) => <input {...ids} {...input} />} />;
}

/**
 * A labelled select with its hint and error. `choices` (value → words, such as `CATEGORY_WORDS`) become its options,
 * after `blank` (the option for no choice) where there is one, and after any options given as children.
 */
export function SelectField(
  props: Labelled &
    SelectHTMLAttributes<HTMLSelectElement> & { blank?: string; choices?: Readonly<Record<string, string>> },
) {
  const [frame, { blank, choices, children, ...select }] = framed(props);
  return (
    <FieldFrame
      {...frame}
      control={(ids) => (
        <select {...ids} {...select}>
          {blank !== undefined && <option value="">{blank}</option>}
          {children}
          {choices &&
            Object.entries(choices).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
        </select>
      )}
    />
  );
}

/** A labelled text area with its hint and error. */
export function TextAreaField(props: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const [frame, area] = framed(props);
  return <FieldFrame {...frame} control={(ids) => <textarea rows={3} {...ids} {...area} />} />;
}
