import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useRef, useState } from "react";
import { Link } from "react-router";
import { FormMessage } from "../../../components/FormMessage";
import { ConsoleLoadError } from "../../../console/ConsoleLoadError";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import {
  type EditorsList,
  type EditorsPick,
  featured,
  featuredWrites,
  moved,
  refreshDiscovery,
} from "../../../console/discovery/featured";
import { statusWords } from "../../../console/format";
import { consoleWords } from "../../../console/problems";
import { useRoleAllows } from "../../../console/roles";
import { href } from "../../../paths";
import css from "./Featured.module.css";
import { FeatureFinder } from "./FeatureFinder";

/**
 * `/console/featured`: the editors' picks, which lead the home page's Featured row in this order. Editors reorder
 * them by dragging or with each entry's Move up / Move down buttons, feature another program and unfeature one. Each
 * change shows at once and is saved; if the API refuses it, the list goes back and the page says why.
 */
export default function FeaturedPage() {
  const client = useQueryClient();
  const canEdit = useRoleAllows("editor");
  const list = useQuery(featured.editorsList());
  const key = featured.editorsList().queryKey;
  const [failure, setFailure] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const picks = list.data?.data ?? [];

  /** Shows `next` at once, saves it with `save`, and puts the list back (saying why) if the API refuses. */
  async function change(next: EditorsPick[], save: () => Promise<EditorsList | undefined>, done: string) {
    await client.cancelQueries({ queryKey: key });
    const before = client.getQueryData(key);
    client.setQueryData(key, { data: next.map((pick, i) => ({ ...pick, position: i + 1 })) });
    setFailure(null);
    try {
      const stored = await save();
      if (stored) client.setQueryData(key, stored);
      setAnnouncement(done);
    } catch (error) {
      client.setQueryData(key, before);
      setFailure(`Not saved: ${consoleWords(error)} The list is as it was.`);
      setAnnouncement("");
    } finally {
      // The public featured row, and the list as others may have changed it meanwhile.
      void refreshDiscovery(client);
    }
  }

  function move(from: number, to: number, focusAfter?: "up" | "down") {
    const pick = picks[from];
    if (!pick || to < 0 || to >= picks.length || from === to) return;
    const next = moved(picks, from, to);
    void change(
      next,
      () => featuredWrites.reorder(next.map((entry) => entry.program_id)),
      `${pick.title} moved to position ${to + 1} of ${picks.length}.`,
    );
    if (focusAfter) {
      // Keep the keyboard on the moved entry: its same button, or the other one once it reached an end.
      const button = to === 0 ? "down" : to === picks.length - 1 ? "up" : focusAfter;
      requestAnimationFrame(() =>
        listRef.current
          ?.querySelector<HTMLButtonElement>(`[data-program="${CSS.escape(pick.program_id)}"] [data-move="${button}"]`)
          ?.focus(),
      );
    }
  }

  function unfeature(pick: EditorsPick) {
    void change(
      picks.filter((entry) => entry.program_id !== pick.program_id),
      async () => {
        await featuredWrites.unfeature(pick.program_id);
        return undefined;
      },
      `${pick.title} is no longer featured.`,
    );
  }

  const dragProps = (index: number) =>
    canEdit
      ? {
          draggable: true,
          onDragStart: (event: DragEvent) => {
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", String(index));
            setDragFrom(index);
          },
          onDragOver: (event: DragEvent) => {
            if (dragFrom === null) return;
            event.preventDefault();
            setDropAt(index);
          },
          onDrop: (event: DragEvent) => {
            event.preventDefault();
            if (dragFrom !== null) move(dragFrom, index);
            setDragFrom(null);
            setDropAt(null);
          },
          onDragEnd: () => {
            setDragFrom(null);
            setDropAt(null);
          },
        }
      : {};

  return (
    <ConsolePage
      title="Featured"
      lead={
        canEdit
          ? "Editors' picks lead the home page's Featured row in this order. Drag a program to reorder, or use its Move up and Move down buttons."
          : "Editors' picks lead the home page's Featured row in this order."
      }
    >
      {canEdit && (
        <FeatureFinder
          featuredIds={new Set(picks.map((pick) => pick.program_id))}
          onFeatured={(stored, title) => {
            client.setQueryData(key, stored);
            setFailure(null);
            setAnnouncement(`${title} is featured, at position ${stored.data.length}.`);
            void refreshDiscovery(client);
          }}
        />
      )}
      <h2>In order</h2>
      {failure && <FormMessage tone="error">{failure}</FormMessage>}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {list.isError ? (
        <ConsoleLoadError error={list.error} onRetry={() => list.refetch()} />
      ) : list.isSuccess && picks.length === 0 ? (
        <p className={`${styles.panel} ${styles.empty}`}>
          Nothing is featured: the home page shows the newest programs instead.
        </p>
      ) : (
        <ol ref={listRef} className={css.list} aria-label="Featured programs" aria-busy={list.isPending}>
          {picks.map((pick, index) => (
            <li
              key={pick.program_id}
              data-program={pick.program_id}
              className={`${css.pick} ${dragFrom === index ? css.dragging : ""} ${
                dropAt === index && dragFrom !== index ? css.dropTarget : ""
              }`}
              {...dragProps(index)}
            >
              {canEdit && (
                <span className={css.handle} aria-hidden="true">
                  ⋮⋮
                </span>
              )}
              <span className={css.rank}>{index + 1}</span>
              <span className={css.what}>
                <Link className={css.title} to={href.consoleProgram(pick.program_id)}>
                  {pick.title}
                </Link>
                {pick.status !== "published" && (
                  <span className={styles.sub}>
                    <span className={`${styles.pill} ${styles.warn}`}>{statusWords(pick.status)}</span> Not on the home
                    page until it is published.
                  </span>
                )}
              </span>
              {canEdit && (
                <span className={css.actions}>
                  <button
                    type="button"
                    className={`button button-quiet ${styles.small}`}
                    data-move="up"
                    disabled={index === 0}
                    aria-label={`Move ${pick.title} up`}
                    onClick={() => move(index, index - 1, "up")}
                  >
                    <span aria-hidden="true">↑</span> Up
                  </button>
                  <button
                    type="button"
                    className={`button button-quiet ${styles.small}`}
                    data-move="down"
                    disabled={index === picks.length - 1}
                    aria-label={`Move ${pick.title} down`}
                    onClick={() => move(index, index + 1, "down")}
                  >
                    <span aria-hidden="true">↓</span> Down
                  </button>
                  <button
                    type="button"
                    className={`button button-quiet button-danger ${styles.small}`}
                    aria-label={`Unfeature ${pick.title}`}
                    onClick={() => unfeature(pick)}
                  >
                    Unfeature
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </ConsolePage>
  );
}
