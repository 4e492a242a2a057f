import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field } from "../../components/Field";
import { FormMessage } from "../../components/FormMessage";
import { formatDateTime } from "../../format";
import styles from "../console.module.css";
import { useRoleAllows } from "../roles";
import { cms, refreshCatalog } from "./programs";
import own from "./Revisions.module.css";
import {
  type ContentVersion,
  fieldWords,
  type PendingChanges,
  type RevisionKind,
  revisions,
  revisionWords,
  revisionWrites,
} from "./revisions";

const ACTION_WORDS: Record<ContentVersion["action"], string> = {
  original: "Original",
  edited: "Edited",
  pending_edit: "Edited (waiting to be published)",
  published: "Published",
  discarded: "Changes discarded",
  restored: "Restored",
};

/** A field's value as an editor reads it: lists joined, maps one "key: value" a line, yes/no, a dash for none. */
function valueWords(value: unknown, topicNames: Map<string, string>, field: string): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "topic_ids" && Array.isArray(value))
    return value.map((id) => topicNames.get(String(id)) ?? id).join(", ") || "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.join(", ") || "—";
  if (typeof value === "object") {
    const lines = Object.entries(value as Record<string, unknown>).map(([key, v]) => `${key}: ${String(v)}`);
    return lines.join("\n") || "—";
  }
  return String(value);
}

/** `2026-12-01T10:00` typed in the editor's time zone, as an ISO instant. */
const localToIso = (local: string) => new Date(local).toISOString();

/**
 * A published program's or lesson's changes waiting to be published (what differs from what the public sees), and its
 * version history with who changed what, each restorable. Editors' pages place it below their form. Renders nothing
 * for an item with neither.
 */
export function Revisions({ kind, id }: { kind: RevisionKind; id: string }) {
  const canEdit = useRoleAllows("editor");
  const client = useQueryClient();
  const changes = useQuery(revisions.changes(kind, id));
  const versions = useInfiniteQuery(revisions.versions(kind, id));
  const topics = useQuery({ ...cms.topicChoices(), enabled: kind === "program" });
  const topicNames = new Map((topics.data?.data ?? []).map((topic) => [topic.id, topic.name]));
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [publishAt, setPublishAt] = useState("");

  const act = useMutation({
    mutationFn: (run: { action: () => Promise<PendingChanges>; success: string }) => run.action(),
    onMutate: () => {
      setProblem(null);
      setDone(null);
    },
    onSuccess: (_answer, run) => setDone(run.success),
    onError: (error) => setProblem(revisionWords(error)),
    onSettled: () => refreshCatalog(client),
  });

  const history = versions.data?.pages.flatMap((page) => page.data) ?? [];
  const pending = changes.data;
  if (!pending || (!pending.has_pending_changes && history.length === 0)) return null;

  const schedule = (event: FormEvent) => {
    event.preventDefault();
    if (!publishAt) return setProblem("Choose when to publish the changes.");
    act.mutate({
      action: () => revisionWrites.schedule(kind, id, localToIso(publishAt)),
      success: `Changes scheduled for ${formatDateTime(localToIso(publishAt))}.`,
    });
  };

  return (
    <section aria-labelledby={`revisions-${id}`}>
      <div className={styles.panel}>
        <h2 id={`revisions-${id}`}>Changes waiting to be published</h2>
        {pending.has_pending_changes ? (
          <>
            <p className={styles.lead}>
              The public sees the published version until these changes are published.
              {pending.publish_at && ` Scheduled for ${formatDateTime(pending.publish_at)}.`}
            </p>
            <div className={styles.tableWrap}>
              <table className={styles.table}>
                <caption className="visually-hidden">Pending changes</caption>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Published</th>
                    <th scope="col">New</th>
                    <th scope="col">Changed by</th>
                  </tr>
                </thead>
                <tbody>
                  {pending.changes.map((change) => (
                    <tr key={change.field}>
                      <th scope="row">{fieldWords(change.field)}</th>
                      <td className={`${own.value} ${own.old}`}>
                        {valueWords(change.published_value, topicNames, change.field)}
                      </td>
                      <td className={own.value}>{valueWords(change.pending_value, topicNames, change.field)}</td>
                      <td>
                        {change.changed_by?.name ?? "A deleted account"}
                        <div className={styles.sub}>{formatDateTime(change.changed_at)}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {canEdit && (
              <div className={own.actions}>
                <button
                  type="button"
                  className="button"
                  disabled={act.isPending}
                  onClick={() =>
                    act.mutate({ action: () => revisionWrites.publish(kind, id), success: "Changes published." })
                  }
                >
                  Publish changes
                </button>
                <form className={own.schedule} onSubmit={schedule}>
                  <Field
                    label="Publish at (your time)"
                    name="publish_at"
                    type="datetime-local"
                    value={publishAt}
                    onChange={(event) => setPublishAt(event.target.value)}
                  />
                  <button type="submit" className="button button-quiet" disabled={act.isPending}>
                    Schedule changes
                  </button>
                </form>
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={act.isPending}
                  onClick={() =>
                    act.mutate({ action: () => revisionWrites.discard(kind, id), success: "Changes discarded." })
                  }
                >
                  Discard changes
                </button>
              </div>
            )}
          </>
        ) : (
          <p className={styles.empty}>Nothing is waiting: the public sees the current version.</p>
        )}
        {problem && <FormMessage tone="error">{problem}</FormMessage>}
        {done && <FormMessage tone="success">{done}</FormMessage>}
      </div>

      <div className={styles.panel}>
        <h2>Version history</h2>
        <ol className={styles.history} aria-label="Versions, newest first">
          {history.map((version) => (
            <li key={version.version}>
              <div className={own.versionLine}>
                <span>
                  <strong>Version {version.version}</strong> · {ACTION_WORDS[version.action]}
                  {version.restored_from !== null && ` from version ${version.restored_from}`}
                </span>
                {canEdit && (
                  <button
                    type="button"
                    className={`button button-quiet ${styles.small}`}
                    disabled={act.isPending}
                    aria-label={`Restore version ${version.version}`}
                    onClick={() =>
                      act.mutate({
                        action: () => revisionWrites.restore(kind, id, version.version),
                        success: `Version ${version.version} restored.`,
                      })
                    }
                  >
                    Restore
                  </button>
                )}
              </div>
              <div className={styles.sub}>
                {version.changed_by?.name ??
                  (version.action === "original" ? "Before its history began" : "A deleted account")}{" "}
                · {formatDateTime(version.changed_at)}
                {version.changed_fields.length > 0 && ` · ${version.changed_fields.map(fieldWords).join(", ")}`}
              </div>
            </li>
          ))}
        </ol>
        {versions.hasNextPage && (
          <button type="button" className="button button-quiet" onClick={() => versions.fetchNextPage()}>
            Show older versions
          </button>
        )}
      </div>
    </section>
  );
}
