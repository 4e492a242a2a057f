import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../../../api/problem";
import { FormMessage } from "../../../components/FormMessage";
import { rowsSoFar } from "../../../components/LoadMore";
import { type ApiKey, apiKeys, apiKeyWrites, refreshApiKeys } from "../../../console/admin/api-keys";
import { ConfirmDialog } from "../../../console/ConfirmDialog";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import { PagedTable } from "../../../console/PagedTable";
import { consoleWords } from "../../../console/problems";
import { formatDateTime } from "../../../format";
import keys from "./Admin.module.css";
import { NewApiKeyDialog } from "./NewApiKeyDialog";

/** A revoke the API refused as done before (409 `already_revoked`) is not a failure to the person asking. */
const revokeWords = (error: unknown) =>
  error instanceof ApiError && error.code === "already_revoked"
    ? "This key was already revoked, by someone else or in another tab."
    : consoleWords(error);

/**
 * `/console/api-keys` (admins): keys for machine clients. A new key is shown once; the list has each key's scopes, its
 * prefix to tell it apart, when it was last used, and a revoke (asked first) that stops it at once.
 */
export default function ApiKeysPage() {
  const client = useQueryClient();
  const list = useInfiniteQuery(apiKeys.list());
  const shown = rowsSoFar(list);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <ConsolePage
      title="API keys"
      lead="Keys let other systems call the CMS and discovery. Each acts for the admin who made it, at most as its scopes allow."
      actions={
        <button type="button" className="button" onClick={() => setCreating(true)}>
          <span aria-hidden="true">+</span> New API key
        </button>
      }
    >
      {notice && <FormMessage tone="success">{notice}</FormMessage>}
      <PagedTable
        list={list}
        rows={shown.length}
        noun="key"
        caption="API keys"
        empty="No API keys yet."
        more="More keys"
        head={
          <>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </>
        }
      >
        {shown.map((key) => (
          <tr key={key.id}>
            <th scope="row">{key.name}</th>
            <td className={styles.nowrap}>
              <code className={styles.code}>{key.prefix}…</code>
            </td>
            <td>
              <span className={keys.scopes}>
                {key.scopes.map((scope) => (
                  <span key={scope} className={`${styles.pill} ${styles.info}`}>
                    {scope}
                  </span>
                ))}
              </span>
            </td>
            <td className={styles.nowrap}>{formatDateTime(key.created_at)}</td>
            <td className={styles.nowrap}>{key.last_used_at ? formatDateTime(key.last_used_at) : "Never"}</td>
            <td>
              {key.revoked_at ? (
                <span className={`${styles.pill} ${styles.bad}`}>Revoked</span>
              ) : (
                <span className={`${styles.pill} ${styles.good}`}>Active</span>
              )}
              {key.revoked_at && <span className={styles.sub}>{formatDateTime(key.revoked_at)}</span>}
            </td>
            <td>
              {!key.revoked_at && (
                <button
                  type="button"
                  className={`button button-quiet button-danger ${styles.small}`}
                  onClick={() => setRevoking(key)}
                  aria-label={`Revoke ${key.name}`}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </PagedTable>

      {creating && (
        <NewApiKeyDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setNotice(null);
            void refreshApiKeys(client);
          }}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          action="Revoke"
          busyAction="Revoking…"
          run={() => apiKeyWrites.revoke(revoking.id)}
          words={revokeWords}
          onClose={() => {
            setRevoking(null);
            void refreshApiKeys(client);
          }}
          onDone={() => {
            setRevoking(null);
            setNotice(`${revoking.name} is revoked: it stopped working at once.`);
            void refreshApiKeys(client);
          }}
        >
          <p>
            Whatever uses the key <code className={styles.code}>{revoking.prefix}…</code> stops working at once. This
            cannot be undone; it stays listed as revoked.
          </p>
        </ConfirmDialog>
      )}
    </ConsolePage>
  );
}
