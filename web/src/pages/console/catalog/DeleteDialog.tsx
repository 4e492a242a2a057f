import { type ReactNode, useState } from "react";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import { catalogWords } from "../../../console/catalog/problems";

/**
 * Asks before deleting something of the catalog for good (admins only): what goes with it, then the delete, with the
 * API's refusal in words. Focus starts on the way out.
 *
 * @example
 * <DeleteDialog title="Delete Cooking?" action="Delete topic" remove={() => cmsWrites.deleteTopic(id)} …>
 *   Programs filed under it lose this topic.
 * </DeleteDialog>
 */
export function DeleteDialog({
  title,
  action,
  remove,
  onClose,
  onDeleted,
  children,
}: {
  title: string;
  /** The delete button's words: "Delete program". */
  action: string;
  remove: () => Promise<unknown>;
  onClose: () => void;
  onDeleted: () => void;
  /** What is lost with it, and what to do instead. */
  children: ReactNode;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setFailure(null);
    try {
      await remove();
      onDeleted();
    } catch (error) {
      setFailure(catalogWords(error));
      setBusy(false);
    }
  }

  return (
    <Modal title={title} onClose={onClose} tone="warning">
      <div className={modal.form}>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <p>{children}</p>
        <ModalActions onCancel={onClose} focusCancel>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void confirm()}>
            {busy ? "Deleting…" : action}
          </button>
        </ModalActions>
      </div>
    </Modal>
  );
}
