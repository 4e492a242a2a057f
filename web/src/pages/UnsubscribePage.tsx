import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/problem";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { href } from "../paths";

/** Leaving the mailing list with the token from the sign-up (`/unsubscribe?token=…`), or one pasted in. */
export default function UnsubscribePage() {
  const [search] = useSearchParams();
  const [token, setToken] = useState(search.get("token") ?? "");
  const unsubscribe = useMutation({
    mutationFn: (body: { token: string }) => unwrap(api.POST("/unsubscribe", { body })),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    unsubscribe.mutate({ token: token.trim() });
  }

  const error = unsubscribe.error instanceof ApiError ? unsubscribe.error : null;
  const fieldErrors = error?.fieldErrors() ?? {};
  return (
    <div className="container page narrow">
      <title>Unsubscribe · Edge platform</title>
      <h1>Leave the newsletter</h1>
      {unsubscribe.isSuccess ? (
        <FormMessage tone="success">
          You have left the list; no more newsletters will come. <Link to={href.home()}>Back to the home page</Link>
        </FormMessage>
      ) : (
        <>
          <p className="lead">
            Sorry to see you go. The link in every newsletter fills in your code; you can also paste it here.
          </p>
          {error && !fieldErrors.token && <FormMessage tone="error">{error.words}</FormMessage>}
          <form onSubmit={submit} noValidate className="stack">
            <Field
              label="Unsubscribe code"
              name="token"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              error={fieldErrors.token}
            />
            <p>
              <button type="submit" className="button" disabled={unsubscribe.isPending}>
                {unsubscribe.isPending ? "Unsubscribing…" : "Unsubscribe"}
              </button>
            </p>
          </form>
        </>
      )}
    </div>
  );
}
