import { type ReactNode, useState } from "react";
import { SignInDialog } from "./SignInDialog";

/** A button that opens the sign-in dialog; focus comes back to it when the dialog closes. */
export function SignInButton({
  className = "button button-quiet",
  children = "Sign in",
}: {
  className?: string;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)}>
        {children}
      </button>
      {open && <SignInDialog onClose={() => setOpen(false)} />}
    </>
  );
}
