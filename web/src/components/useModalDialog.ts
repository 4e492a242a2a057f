import { type KeyboardEvent, useEffect, useRef } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * What every modal `<dialog>` of the app does: it opens as a modal on mount, focus starts on `initialFocus` (a
 * selector inside it) or else its first field or control, stays inside while it is open (Tab and Shift+Tab wrap
 * around) and goes back to what opened it on close. Put `dialogRef` on the dialog and `keepFocusInside` on its
 * `onKeyDown`.
 *
 * @example
 * const { dialogRef, keepFocusInside } = useModalDialog("input[name=email]");
 * return <dialog ref={dialogRef} onKeyDown={keepFocusInside}>…</dialog>;
 */
export function useModalDialog(initialFocus?: string) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement;
    const dialog = dialogRef.current;
    dialog?.showModal();
    const first =
      (initialFocus ? dialog?.querySelector<HTMLElement>(initialFocus) : null) ??
      dialog?.querySelector<HTMLElement>("input, select, textarea") ??
      dialog?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      dialog?.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      else document.getElementById("main")?.focus();
    };
  }, [initialFocus]);

  function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab" || !dialogRef.current) return;
    // Only what is shown: a hidden control cannot take focus, and wrapping to it would lose the focus.
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (element) => element.offsetParent !== null,
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return { dialogRef, keepFocusInside };
}
