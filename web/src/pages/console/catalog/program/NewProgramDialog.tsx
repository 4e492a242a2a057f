import { FormMessage } from "../../../../components/FormMessage";
import { Modal, ModalActions } from "../../../../components/Modal";
import modal from "../../../../components/Modal.module.css";
import { type CmsProgram, cmsWrites } from "../../../../console/catalog/programs";
import { emptyProgramForm, programBody } from "./form";
import { ProgramFields } from "./ProgramFields";
import { useProgramForm } from "./useProgramForm";

/** Creating a program (a draft): the API's field problems show beside their fields, and focus goes to the first. */
export function NewProgramDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (program: CmsProgram) => void;
}) {
  const program = useProgramForm(emptyProgramForm, async (form) =>
    onCreated(await cmsWrites.createProgram(programBody(form))),
  );
  return (
    <Modal title="New program" onClose={onClose}>
      <form ref={program.formRef} className={modal.form} onSubmit={program.submit} noValidate>
        {program.failure && <FormMessage tone="error">{program.failure}</FormMessage>}
        <ProgramFields form={program.form} onChange={program.setForm} errors={program.errors} />
        <ModalActions onCancel={onClose}>
          <button type="submit" className="button" disabled={program.busy}>
            {program.busy ? "Creating…" : "Create program"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
