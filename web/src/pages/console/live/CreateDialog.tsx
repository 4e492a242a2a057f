import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../../../api/problem";
import { Field, TextAreaField } from "../../../components/Field";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import { consoleWords } from "../../../console/problems";

/** One field of a create form: its name is the API's field name, so the API's problems land beside it. */
export interface CreateField {
  name: string;
  label: string;
  hint?: string;
  long?: boolean;
  required?: boolean;
}

/**
 * A small dialog that creates one thing (a game, a stream) from a few text fields: required fields are checked
 * before sending, the API's field problems appear beside their fields, and focus goes to the first of them.
 */
export function CreateDialog<T>({
  title,
  fields,
  submitLabel,
  create,
  onClose,
  onCreated,
}: {
  title: string;
  fields: CreateField[];
  submitLabel: string;
  create: (values: Record<string, string>) => Promise<T>;
  onClose: () => void;
  onCreated: (created: T) => void;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  function showProblems(problems: Record<string, string>) {
    setErrors(problems);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = Object.fromEntries(fields.map((field) => [field.name, String(data.get(field.name) ?? "").trim()]));
    const missing = Object.fromEntries(
      fields.filter((field) => field.required && !values[field.name]).map((field) => [field.name, "Required."]),
    );
    if (Object.keys(missing).length) return showProblems(missing);
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      onCreated(await create(values));
    } catch (error) {
      const problems = error instanceof ApiError ? error.fieldErrors() : {};
      if (Object.keys(problems).length) showProblems(problems);
      else setFailure(consoleWords(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={title} onClose={onClose}>
      <form ref={formRef} className={modal.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        {fields.map((field) => {
          const props = {
            label: field.label,
            name: field.name,
            hint: field.hint,
            required: field.required,
            error: errors[field.name],
          };
          return field.long ? <TextAreaField key={field.name} {...props} /> : <Field key={field.name} {...props} />;
        })}
        <ModalActions onCancel={onClose}>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Creating…" : submitLabel}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
