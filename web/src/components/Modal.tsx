import { type ReactNode, useId } from "react";
import form from "./Form.module.css";
import styles from "./Modal.module.css";
import { useModalDialog } from "./useModalDialog";

/**
 * A modal dialog: focus starts on its first field (or `initialFocus`), stays inside while it is open (Tab and
 * Shift+Tab wrap around) and goes back to what opened it on close; Escape closes it.
 */
export function Modal({
  title,
  onClose,
  children,
  initialFocus,
  tone,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** A selector inside the dialog for the element to focus first. */
  initialFocus?: string;
  tone?: "warning";
}) {
  const { dialogRef, keepFocusInside } = useModalDialog(initialFocus);
  const titleId = useId();

  return (
    <dialog
      ref={dialogRef}
      className={`${styles.dialog} ${tone === "warning" ? styles.warning : ""}`}
      aria-labelledby={titleId}
      onKeyDown={keepFocusInside}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className={styles.heading}>
        <h2 id={titleId}>{title}</h2>
        <button type="button" className={styles.close} onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}

/**
 * The row of buttons at the foot of a dialog: any `first` ones at its start, then at its end the way out (which closes
 * the dialog) and the main action (`children`).
 */
export function ModalActions({
  first,
  cancel = "Cancel",
  onCancel,
  focusCancel,
  children,
}: {
  /** Buttons apart from the way out and the main action: a delete, quick amounts. */
  first?: ReactNode;
  /** The way out's words. */
  cancel?: string;
  onCancel: () => void;
  /** Focus starts on the way out, where the main action cannot be undone. */
  focusCancel?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={form.actions}>
      {first}
      <span className={form.spacer} />
      <button
        type="button"
        className="button button-quiet"
        data-autofocus={focusCancel || undefined}
        onClick={onCancel}
      >
        {cancel}
      </button>
      {children}
    </div>
  );
}
