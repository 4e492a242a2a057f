import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/problem";
import { SignInButton } from "../auth/SignInButton";
import { session, useSession } from "../auth/session";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { href } from "../paths";
import styles from "./shop/SignUpPage.module.css";

/** Only a path of this app: `?next=//elsewhere.example` must not send a new customer off the site. */
const samePath = (next: string | null) => (next?.startsWith("/") && !next.startsWith("//") ? next : href.shop());

/**
 * A new customer's account: `POST /customers`, then signed in at once with the same email and password
 * (`POST /auth/login`), and on to where they were going (`?next=`, the shop otherwise).
 */
export default function SignUpPage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const current = useSession();
  const next = samePath(search.get("next"));

  const signUp = useMutation({
    mutationFn: async (body: { name: string; email: string; password: string; phone?: string; address?: string }) => {
      await unwrap(api.POST("/customers", { body }));
      try {
        return await unwrap(api.POST("/auth/login", { body: { email: body.email, password: body.password } }));
      } catch {
        // Sending the form again would only hear "email taken": say what happened instead.
        throw ApiError.local(
          "signed_up",
          0,
          "Your account is ready, but signing you in failed. Sign in with your email and password.",
        );
      }
    },
    onSuccess: (login) => {
      session.start(login);
      navigate(next);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    signUp.mutate({
      name: text("name"),
      email: text("email"),
      password: String(form.get("password") ?? ""),
      phone: text("phone") || undefined,
      address: text("address") || undefined,
    });
  }

  const error = signUp.error instanceof ApiError ? signUp.error : null;
  const fieldErrors = error?.fieldErrors() ?? {};
  return (
    <div className="container page">
      <title>Create an account · Shop · Edge platform</title>
      <div className={styles.panel}>
        <h1>Create an account</h1>
        <p className="lead">Check out faster, follow your orders, collect reward points and member discounts.</p>
        {current ? (
          <p className="message message-info">
            You are signed in as {current.user.name}. <Link to={next}>Continue</Link>
          </p>
        ) : (
          <form className={styles.form} onSubmit={submit} noValidate>
            {error && !error.problem.errors?.length && <FormMessage tone="error">{error.words}</FormMessage>}
            <Field label="Name" name="name" autoComplete="name" required error={fieldErrors.name} />
            <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldErrors.email} />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              error={fieldErrors.password}
            />
            <Field label="Phone (optional)" name="phone" type="tel" autoComplete="tel" error={fieldErrors.phone} />
            <Field
              label="Delivery address (optional)"
              name="address"
              autoComplete="street-address"
              error={fieldErrors.address}
            />
            <button type="submit" className="button button-large" disabled={signUp.isPending}>
              {signUp.isPending ? "Creating your account…" : "Create account"}
            </button>
            <p className={styles.signIn}>
              Already have an account? <SignInButton className={styles.linkButton}>Sign in</SignInButton>
            </p>
          </form>
        )}
      </div>
    </div>
  );
}
