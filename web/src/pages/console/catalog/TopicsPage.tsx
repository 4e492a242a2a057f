import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { Link } from "react-router";
import { FormMessage } from "../../../components/FormMessage";
import { rowsSoFar } from "../../../components/LoadMore";
import { ConsolePage } from "../../../console/ConsolePage";
import { catalogFieldErrors, catalogWords } from "../../../console/catalog/problems";
import { cms, cmsWrites, refreshCatalog, type Topic } from "../../../console/catalog/programs";
import styles from "../../../console/console.module.css";
import { PagedTable } from "../../../console/PagedTable";
import { useRoleAllows } from "../../../console/roles";
import { formatDate } from "../../../format";
import { href } from "../../../paths";
import { DeleteDialog } from "./DeleteDialog";
import own from "./TopicsPage.module.css";

/** `/console/topics`: the topics programs are filed under, by name; editors add and rename them, admins delete them. */
export default function TopicsPage() {
  const client = useQueryClient();
  const canEdit = useRoleAllows("editor");
  const canDelete = useRoleAllows("admin");
  const topics = useInfiniteQuery(cms.topicsPaged());
  const shown = rowsSoFar(topics);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Topic | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const done = (words: string) => {
    setNotice(words);
    void refreshCatalog(client);
  };

  return (
    <ConsolePage title="Topics" lead="What programs are filed under: the public catalog filters by them.">
      {canEdit && (
        <section className={styles.panel} aria-labelledby="new-topic">
          <h2 id="new-topic">New topic</h2>
          <TopicForm
            label="New topic"
            submit="Add topic"
            save={(name) => cmsWrites.createTopic(name)}
            onSaved={(topic) => done(`${topic.name} added.`)}
            clearOnSave
          />
        </section>
      )}
      {notice && <FormMessage tone="success">{notice}</FormMessage>}
      <PagedTable
        list={topics}
        rows={shown.length}
        noun="topic"
        caption="Topics"
        empty="No topics yet."
        more="More topics"
        head={
          <>
            <th scope="col">Name</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </>
        }
      >
        {shown.map((topic) => (
          <tr key={topic.id}>
            {renaming === topic.id ? (
              <td colSpan={3}>
                <TopicForm
                  label={`New name for ${topic.name}`}
                  submit="Save"
                  initial={topic.name}
                  save={(name) => cmsWrites.renameTopic(topic.id, name)}
                  onSaved={(saved) => {
                    setRenaming(null);
                    done(`${topic.name} is now ${saved.name}.`);
                  }}
                  onCancel={() => setRenaming(null)}
                />
              </td>
            ) : (
              <>
                <th scope="row">
                  <Link to={href.consolePrograms({ topic: topic.id })}>{topic.name}</Link>
                </th>
                <td className={styles.nowrap}>{formatDate(topic.created_at)}</td>
                <td>
                  <div className={own.actions}>
                    {canEdit && (
                      <button
                        type="button"
                        className={`button button-quiet ${styles.small}`}
                        aria-label={`Rename ${topic.name}`}
                        onClick={() => setRenaming(topic.id)}
                      >
                        Rename
                      </button>
                    )}
                    {canDelete && (
                      <button
                        type="button"
                        className={`button button-quiet button-danger ${styles.small}`}
                        aria-label={`Delete ${topic.name}`}
                        onClick={() => setDeleting(topic)}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </>
            )}
          </tr>
        ))}
      </PagedTable>
      {deleting && (
        <DeleteDialog
          title={`Delete ${deleting.name}?`}
          action="Delete topic"
          remove={() => cmsWrites.deleteTopic(deleting.id)}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            done(`${deleting.name} deleted.`);
          }}
        >
          Programs filed under it lose this topic and keep their others. The programs themselves stay.
        </DeleteDialog>
      )}
    </ConsolePage>
  );
}

/** A topic's name, as a one-field form: the API's refusal (a name taken) shows beside the field. */
function TopicForm({
  label,
  submit,
  initial = "",
  save,
  onSaved,
  onCancel,
  clearOnSave,
}: {
  label: string;
  submit: string;
  initial?: string;
  save: (name: string) => Promise<Topic>;
  onSaved: (topic: Topic) => void;
  onCancel?: () => void;
  clearOnSave?: boolean;
}) {
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problemId = useId();

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const saved = await save(name);
      if (clearOnSave) setName("");
      onSaved(saved);
    } catch (error) {
      setProblem(catalogFieldErrors(error).name ?? catalogWords(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.inlineForm} onSubmit={send} noValidate aria-label={label}>
      <input
        className={`${styles.control} ${own.name}`}
        aria-label={label}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          setProblem(null);
        }}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? problemId : undefined}
        // biome-ignore lint/a11y/noAutofocus: renaming starts in the field the button opened
        autoFocus={Boolean(onCancel)}
        placeholder="e.g. Language learning"
      />
      <button type="submit" className={`button ${styles.small}`} disabled={busy}>
        {busy ? "Saving…" : submit}
      </button>
      {onCancel && (
        <button type="button" className={`button button-quiet ${styles.small}`} onClick={onCancel}>
          Cancel
        </button>
      )}
      {problem && (
        <p id={problemId} className={styles.inlineError} role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
