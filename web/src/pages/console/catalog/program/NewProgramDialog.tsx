import { type FormEvent, useRef, useState } from "react";
import { FormMessage } from "../../../../components/FormMessage";
import { Modal, ModalActions } from "../../../../components/Modal";
import modal from "../../../../components/Modal.module.css";
import { type CmsProgram, cmsWrites } from "../../../../console/catalog/programs";
import { consoleWords } from "../../../../console/problems";
import { emptyProgramForm, focusFirstProblem, PROGRAM_FIELDS, problemsByField, programBody } from "./form";
import { ProgramFields } from "./ProgramFields";

/** Creating a program (a draft): the API's field problems show beside their fields, and focus goes to the first. */
export function NewProgramDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (program: CmsProgram) => void;
}) {
  const [form, setForm] = useState(emptyProgramForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      onCreated(await cmsWrites.createProgram(programBody(form)));
    } catch (error) {
      const problems = problemsByField(error);
      const placed = Object.keys(problems).some((field) => (PROGRAM_FIELDS as readonly string[]).includes(field));
      if (placed) {
        setErrors(problems);
        focusFirstProblem(formRef.current);
      } else setFailure(consoleWords(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="New program" onClose={onClose}>
      <form ref={formRef} className={modal.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <ProgramFields form={form} onChange={setForm} errors={errors} />
        <ModalActions onCancel={onClose}>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Creating…" : "Create program"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
