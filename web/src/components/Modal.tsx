import { type ReactNode, useId } from "react";
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
