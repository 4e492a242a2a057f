import { useState } from "react";
import { FormMessage } from "../../../../components/FormMessage";
import { Modal, ModalActions } from "../../../../components/Modal";
import modal from "../../../../components/Modal.module.css";
import type { Lesson } from "../../../../console/catalog/lessons";
import { lessonActionWords } from "./action-words";

/** Archiving a lesson, once the editor confirms: it leaves the catalog, and cannot be published again. */
export function ArchiveDialog({
  lesson,
  onClose,
  onArchive,
}: {
  lesson: Lesson;
  onClose: () => void;
  /** Archives; rejects with the API's error, which the dialog shows. */
  onArchive: () => Promise<void>;
}) {
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function archive() {
    setBusy(true);
    setFailure(null);
    try {
      await onArchive();
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <Modal title={`Archive ${lesson.title}?`} onClose={onClose} initialFocus="button[data-autofocus]" tone="warning">
      <div className={modal.form}>
        {failure ? <FormMessage tone="error">{lessonActionWords(failure)}</FormMessage> : null}
        <p>
          {lesson.status === "published"
            ? "It leaves the public catalog at once."
            : "It will not be published, now or by its schedule."}{" "}
          An archived lesson stays in the console but cannot be published again.
        </p>
        <ModalActions onCancel={onClose} focusCancel>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void archive()}>
            {busy ? "Archiving…" : "Archive lesson"}
          </button>
        </ModalActions>
      </div>
    </Modal>
  );
}
