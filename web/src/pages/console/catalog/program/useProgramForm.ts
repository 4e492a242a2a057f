import { type FormEvent, useRef, useState } from "react";
import { catalogWords } from "../../../../console/catalog/problems";
import { focusFirstProblem, PROGRAM_FIELDS, type ProgramForm, problemsByField } from "./form";

/**
 * The state of a program form and its sending: `send` gets the form's values; when the API refuses, its field
 * problems show beside their fields (focus on the first), anything else above the form.
 *
 * @example
 * const program = useProgramForm(emptyProgramForm(), (form) => cmsWrites.createProgram(programBody(form)));
 * <form ref={program.formRef} onSubmit={program.submit}>…</form>
 */
export function useProgramForm(
  initial: ProgramForm | (() => ProgramForm),
  send: (form: ProgramForm) => Promise<unknown>,
) {
  const [form, setForm] = useState(initial);
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
      await send(form);
    } catch (error) {
      const problems = problemsByField(error);
      if (Object.keys(problems).some((field) => (PROGRAM_FIELDS as readonly string[]).includes(field))) {
        setErrors(problems);
        focusFirstProblem(formRef.current);
      } else setFailure(catalogWords(error));
    } finally {
      setBusy(false);
    }
  }

  return { form, setForm, errors, failure, busy, formRef, submit };
}
