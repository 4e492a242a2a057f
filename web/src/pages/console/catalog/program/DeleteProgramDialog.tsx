import { useState } from "react";
import { FormMessage } from "../../../../components/FormMessage";
import { Modal, ModalActions } from "../../../../components/Modal";
import modal from "../../../../components/Modal.module.css";
import { catalogWords } from "../../../../console/catalog/problems";
import { cmsWrites, type ProgramDetail } from "../../../../console/catalog/programs";
import { plural } from "../../../../format";

/** Deleting a program for good, with its terms, lessons and posters (admins only); archiving is the way to undo. */
export function DeleteProgramDialog({
  program,
  onClose,
  onDeleted,
}: {
  program: ProgramDetail;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lessons = program.terms.reduce((sum, term) => sum + term.lessons.length, 0);

  async function remove() {
    setBusy(true);
    setFailure(null);
    try {
      await cmsWrites.deleteProgram(program.id);
      onDeleted();
    } catch (error) {
      setFailure(catalogWords(error));
      setBusy(false);
    }
  }

  return (
    <Modal title={`Delete ${program.title}?`} onClose={onClose} tone="warning">
      <div className={modal.form}>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <p>
          It is removed for good with its {plural(program.terms.length, "term")}, {plural(lessons, "lesson")} and
          posters, from the console and the public catalog. To take it off the catalog but keep it, archive it instead.
        </p>
        <ModalActions onCancel={onClose} focusCancel>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void remove()}>
            {busy ? "Deleting…" : "Delete program"}
          </button>
        </ModalActions>
      </div>
    </Modal>
  );
}
