import { type FormEvent, useId, useState } from "react";
import type { Schemas } from "../../../api/client";
import { ApiError } from "../../../api/problem";
import { Field } from "../../../components/Field";
import fieldStyles from "../../../components/Field.module.css";
import form from "../../../components/Form.module.css";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import { type ApiKeyScope, apiKeyWrites, SCOPE_WORDS } from "../../../console/admin/api-keys";
import styles from "../../../console/console.module.css";
import { consoleWords } from "../../../console/problems";
import keys from "./Admin.module.css";

/**
 * Creating an API key: its name and scopes (problems beside them), then the key itself, shown this once with a copy
 * button and said so.
 */
export function NewApiKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Schemas["NewApiKey"] | null>(null);
  const scopesErrorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      setCreated(await apiKeyWrites.create({ name, scopes }));
      onCreated();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      // The API names a scope's problem at `scopes` or at `scopes.<index>`: both belong beside the scopes.
      const scopeError = Object.entries(fields).find(([path]) => path.startsWith("scopes"))?.[1];
      if (fields.name || scopeError) setErrors({ name: fields.name ?? "", scopes: scopeError ?? "" });
      else setFailure(consoleWords(error));
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <Modal title={`Key for ${created.name}`} onClose={onClose} initialFocus="button[data-copy]">
        <div className={modal.form}>
          <FormMessage tone="success">
            <p>
              <strong>Copy this key now: it will not be shown again.</strong> Only its hash is kept, so a lost key
              cannot be recovered; revoke it and make a new one.
            </p>
          </FormMessage>
          <ShownOnce secret={created.key} />
          <p className={styles.sub}>
            Send it as the <code className={styles.code}>X-API-Key</code> header. It acts for you, at most as the role
            its scopes grant.
          </p>
          <div className={form.actions}>
            <span className={form.spacer} />
            <button type="button" className="button" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="New API key" onClose={onClose}>
      <form className={modal.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <Field
          label="Name"
          name="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name || undefined}
          hint="What it is for, such as “Nightly import”"
          autoComplete="off"
          required
        />
        <fieldset
          className={styles.fieldset}
          aria-invalid={errors.scopes ? true : undefined}
          aria-describedby={errors.scopes ? scopesErrorId : undefined}
        >
          <legend>Scopes</legend>
          {(Object.keys(SCOPE_WORDS) as ApiKeyScope[]).map((scope) => (
            <label key={scope} className={styles.check}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) =>
                  setScopes((current) =>
                    event.target.checked ? [...current, scope] : current.filter((held) => held !== scope),
                  )
                }
              />
              <span>
                <code className={styles.code}>{scope}</code>
                <span className={styles.sub}>{SCOPE_WORDS[scope]}</span>
              </span>
            </label>
          ))}
          {errors.scopes && (
            <p id={scopesErrorId} className={fieldStyles.error}>
              <span aria-hidden="true">⚠ </span>
              {errors.scopes}
            </p>
          )}
        </fieldset>
        <ModalActions onCancel={onClose}>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Creating…" : "Create key"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}

/** The key in a read-only field (selectable by hand) and a button that copies it, saying whether it did. */
function ShownOnce({ secret }: { secret: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }
  return (
    <div className={keys.secret}>
      <Field
        label="API key"
        name="key"
        value={secret}
        readOnly
        className={keys.secretField}
        onFocus={(event) => event.target.select()}
      />
      <button type="button" className="button button-quiet" data-copy onClick={() => void copy()}>
        Copy
      </button>
      <p className={keys.copied} role="status">
        {copied === "yes" && "Copied."}
        {copied === "no" && "The browser did not allow copying: select the key and copy it."}
      </p>
    </div>
  );
}
