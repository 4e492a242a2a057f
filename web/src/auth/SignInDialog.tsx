import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Link, useLocation } from "react-router";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/problem";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import modal from "../components/Modal.module.css";
import { useModalDialog } from "../components/useModalDialog";
import { href } from "../paths";
import styles from "./SignInDialog.module.css";
import { session } from "./session";

/**
 * A modal sign-in form over `POST /auth/login`. The token is kept for this tab's session (see session.ts). Focus
 * starts on the email field, stays inside the dialog while it is open (Tab and Shift+Tab wrap around), and goes back
 * to what opened it on close; Escape closes it.
 */
export function SignInDialog({ onClose }: { onClose: () => void }) {
  const { dialogRef, keepFocusInside } = useModalDialog("input[name=email]");
  const { pathname } = useLocation();

  const signIn = useMutation({
    mutationFn: (body: { email: string; password: string }) => unwrap(api.POST("/auth/login", { body })),
    onSuccess: (login) => {
      session.start(login);
      onClose();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
  }

  const error = signIn.error instanceof ApiError ? signIn.error : null;
  const fieldErrors = error?.fieldErrors() ?? {};
  return (
    <dialog
      ref={dialogRef}
      className={`${modal.dialog} ${modal.narrow}`}
      aria-labelledby="sign-in-title"
      onKeyDown={keepFocusInside}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className={styles.form} onSubmit={submit} noValidate>
        <div className={styles.heading}>
          <h2 id="sign-in-title">Sign in</h2>
          <button type="button" className={modal.close} onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        <p className={styles.lead}>Staff and customers sign in with the email and password of their account.</p>
        {error && !error.problem.errors?.length && <FormMessage tone="error">{error.words}</FormMessage>}
        <Field label="Email" name="email" type="email" autoComplete="username" required error={fieldErrors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldErrors.password}
        />
        <div className={styles.actions}>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={signIn.isPending}>
            {signIn.isPending ? "Signing in…" : "Sign in"}
          </button>
        </div>
        <p className={styles.signUp}>
          New customer?{" "}
          <Link to={href.shopSignUp(pathname)} onClick={onClose}>
            Create an account
          </Link>
        </p>
      </form>
    </dialog>
  );
}
