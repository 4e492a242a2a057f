import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "../../../api/problem";
import { Field, SelectField } from "../../../components/Field";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import { type NewUser, ROLE_WORDS, type User, userWrites } from "../../../console/admin/users";
import { consoleWords } from "../../../console/problems";

const FIELDS = ["name", "email", "password", "role"] as const;
type Form = Record<(typeof FIELDS)[number], string>;

/** Creating an account: the API's field problems (a taken email, a short password) appear beside their fields. */
export function NewUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (user: User) => void }) {
  const [form, setForm] = useState<Form>({ name: "", email: "", password: "", role: "viewer" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const bind = (name: keyof Form) => ({
    name,
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm((current) => ({ ...current, [name]: event.target.value })),
    error: errors[name],
  });

  // Once the messages are drawn (and the button is enabled again), the first field at fault takes the focus, so it is
  // announced with its problem.
  useEffect(() => {
    if (Object.keys(errors).length) formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [errors]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      onCreated(await userWrites.create(form as NewUser));
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      const placed = Object.keys(fields).filter((path) => (FIELDS as readonly string[]).includes(path));
      if (placed.length) setErrors(fields);
      else setFailure(consoleWords(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="New user" onClose={onClose}>
      <form ref={formRef} className={modal.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <Field label="Name" {...bind("name")} autoComplete="off" required />
        <Field label="Email" {...bind("email")} type="email" autoComplete="off" required />
        <Field
          label="Password"
          {...bind("password")}
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters. Give it to them privately."
          required
        />
        <SelectField label="Role" {...bind("role")} choices={ROLE_WORDS} required />
        <ModalActions onCancel={onClose}>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Creating…" : "Create user"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
