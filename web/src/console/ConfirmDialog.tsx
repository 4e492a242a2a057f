import { type ReactNode, useState } from "react";
import { FormMessage } from "../components/FormMessage";
import { Modal, ModalActions } from "../components/Modal";
import modal from "../components/Modal.module.css";
import { consoleWords } from "./problems";

/**
 * Asks before a write that cannot be undone (delete, revoke): focus starts on the way out; the write's failure shows
 * in the dialog, in words (`words` may say more for a code than `consoleWords` does).
 *
 * @example
 * <ConfirmDialog title="Delete Grace?" action="Delete" run={() => remove(id)} onDone={close} onClose={close}>
 *   <p>She leaves the mailing list.</p>
 * </ConfirmDialog>
 */
export function ConfirmDialog({
  title,
  action,
  busyAction,
  run,
  onDone,
  onClose,
  words = consoleWords,
  children,
}: {
  title: string;
  /** The button's words: "Delete", "Revoke". */
  action: string;
  /** While it runs: "Deleting…". */
  busyAction: string;
  run: () => Promise<unknown>;
  onDone: () => void;
  onClose: () => void;
  words?: (error: unknown) => string;
  /** What the action does, said before it is done. */
  children: ReactNode;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setFailure(null);
    try {
      await run();
      onDone();
    } catch (error) {
      setFailure(words(error));
      setBusy(false);
    }
  }

  return (
    <Modal title={title} onClose={onClose} tone="warning" initialFocus="button[data-autofocus]">
      <div className={modal.form}>
        {failure ? <FormMessage tone="error">{failure}</FormMessage> : children}
        <ModalActions onCancel={onClose} focusCancel>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void confirm()}>
            {busy ? busyAction : action}
          </button>
        </ModalActions>
      </div>
    </Modal>
  );
}
