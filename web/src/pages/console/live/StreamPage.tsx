import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useReducer, useState } from "react";
import { useParams } from "react-router";
import { useSession } from "../../../auth/session";
import { Breadcrumb } from "../../../components/Breadcrumb";
import { FormMessage } from "../../../components/FormMessage";
import { rowsSoFar } from "../../../components/LoadMore";
import { ConsoleLoadError } from "../../../console/ConsoleLoadError";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import { liveRooms, liveWrites, type Restriction, refreshLive } from "../../../console/live/api";
import { PagedTable } from "../../../console/PagedTable";
import { consoleWords } from "../../../console/problems";
import { useRoleAllows } from "../../../console/roles";
import { formatDateTime } from "../../../format";
import { ConnectionBadge } from "../../../live/ConnectionBadge";
import { type ChatMessage, chatReducer, initialChat, slowModeWords } from "../../../live/chat";
import type { ChatFrame } from "../../../live/frames";
import { useRoomSocket } from "../../../live/socket";
import { href } from "../../../paths";
import page from "./live.module.css";

/** Slow-mode choices offered (seconds); the API takes any whole number from 0 to 3600. */
const SLOW_MODE_CHOICES = [0, 5, 10, 30, 60, 120, 300];

const KIND_WORDS: Record<Restriction["kind"], string> = { muted: "Muted", banned: "Banned" };

/**
 * `/console/streams/{id}`: the stream's live chat as staff see it (each message with its sender's key), with delete
 * per message and mute or ban per sender; the list of who is muted or banned, with lift; slow mode; ending the
 * stream. Everything is enforced by the room: the page only asks. Viewers read the chat without controls.
 */
export default function StreamPage() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const canEdit = useRoleAllows("editor");
  const stream = useQuery(liveRooms.stream(id));
  const [confirmEnd, setConfirmEnd] = useState(false);
  const end = useMutation({
    mutationFn: () => liveWrites.endStream(id),
    onSuccess: () => refreshLive(client),
    onSettled: () => setConfirmEnd(false),
  });
  const data = stream.data;
  const live = data?.status === "live";

  return (
    <ConsolePage
      title={data?.title ?? "Stream"}
      breadcrumb={<Breadcrumb trail={[[href.consoleStreams(), "Streams"]]} current={data?.title ?? "Stream"} />}
      lead={
        data && (
          <>
            <span className={`${styles.pill} ${live ? styles.bad : styles.info}`}>{live ? "Live" : "Ended"}</span>{" "}
            <a href={href.live(id)} target="_blank" rel="noreferrer">
              Public page
            </a>
          </>
        )
      }
      actions={
        canEdit &&
        live &&
        (confirmEnd ? (
          <>
            <button type="button" className={`button ${page.danger}`} onClick={() => end.mutate()}>
              {end.isPending ? "Ending…" : "Yes, end the stream"}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setConfirmEnd(false)}>
              Keep it live
            </button>
          </>
        ) : (
          <button type="button" className="button button-quiet" onClick={() => setConfirmEnd(true)}>
            End stream…
          </button>
        ))
      }
    >
      {end.error && <FormMessage tone="error">{consoleWords(end.error)}</FormMessage>}
      {stream.isError ? (
        <ConsoleLoadError error={stream.error} onRetry={() => stream.refetch()} />
      ) : (
        data && <Moderation streamId={id} live={live} canEdit={canEdit} />
      )}
    </ConsolePage>
  );
}

function Moderation({ streamId, live, canEdit }: { streamId: string; live: boolean; canEdit: boolean }) {
  const current = useSession();
  const client = useQueryClient();
  const [chat, apply] = useReducer(chatReducer, initialChat);
  const { state } = useRoomSocket<ChatFrame>({
    key: live ? `${streamId}|${current?.user.id}` : "ended",
    // No `after_seq`: a fresh history after each reconnect carries every message's sender key; a replay would not.
    url: () =>
      live && current
        ? `/streams/${encodeURIComponent(streamId)}/ws?${new URLSearchParams({ access_token: current.token })}`
        : null,
    onFrame: (frame) => {
      apply(frame);
      if (frame.type === "ended") void refreshLive(client);
    },
  });
  const restrictions = useInfiniteQuery({ ...liveRooms.restrictions(streamId), enabled: canEdit });
  const restricted = new Map(rowsSoFar(restrictions).map((row) => [row.sender_key, row.kind]));
  const [notice, setNotice] = useState<{ tone: "success" | "error"; words: string } | null>(null);
  const act = useMutation({
    mutationFn: async (action: Action) => {
      switch (action.kind) {
        case "delete":
          return liveWrites.deleteMessage(streamId, action.message.id);
        case "muted":
        case "banned":
          return liveWrites.restrict(streamId, action.senderKey, action.kind);
        case "lift":
          return liveWrites.lift(streamId, action.senderKey);
        case "slow":
          return liveWrites.setSlowMode(streamId, action.seconds);
      }
    },
    onSuccess: async (_, action) => {
      setNotice({ tone: "success", words: doneWords(action) });
      await refreshLive(client);
    },
    onError: (error) => setNotice({ tone: "error", words: consoleWords(error) }),
  });

  // Newest first: what needs a moderator's eye is at the top.
  const messages = chat.lines.flatMap((line) => (line.kind === "message" ? [line.message] : [])).reverse();
  const slowMode = chat.slowModeSeconds ?? 0;
  return (
    <div className={page.split}>
      <section className={`${styles.panel} ${page.chat}`} aria-labelledby="staff-chat-title">
        <div className={page.chatHeader}>
          <h2 id="staff-chat-title">Chat</h2>
          {live && <ConnectionBadge state={state} label="Chat" />}
          {chat.viewers !== null && <span className={styles.sub}>{chat.viewers} watching</span>}
        </div>
        {!live && <p className="muted">This stream has ended; its chat is closed.</p>}
        {notice && <FormMessage tone={notice.tone}>{notice.words}</FormMessage>}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached and scrolled by keyboard */}
        <ol className={page.messages} aria-label="Messages, newest first" tabIndex={0}>
          {live && messages.length === 0 && <li className="muted">No messages yet.</li>}
          {messages.map((message) => (
            <MessageRow
              key={message.id}
              message={message}
              restriction={message.sender_key ? restricted.get(message.sender_key) : undefined}
              canEdit={canEdit}
              busy={act.isPending}
              onAct={(action) => act.mutate(action)}
            />
          ))}
        </ol>
      </section>
      {canEdit && (
        <div className={page.side}>
          <section className={styles.panel} aria-labelledby="slow-mode-title">
            <h2 id="slow-mode-title">Slow mode</h2>
            <p className="muted">{slowModeWords(slowMode) ?? "Off: senders are held only by the rate limit."}</p>
            {live && (
              <div className={styles.inlineForm}>
                <label htmlFor="slow-mode" className="visually-hidden">
                  Slow mode setting
                </label>
                <select
                  id="slow-mode"
                  className={styles.control}
                  value={slowMode}
                  disabled={act.isPending || chat.slowModeSeconds === null}
                  onChange={(event) => act.mutate({ kind: "slow", seconds: Number(event.target.value) })}
                >
                  {[...new Set([...SLOW_MODE_CHOICES, slowMode])]
                    .sort((a, b) => a - b)
                    .map((seconds) => (
                      <option key={seconds} value={seconds}>
                        {seconds === 0 ? "Off" : `One message every ${seconds} s`}
                      </option>
                    ))}
                </select>
              </div>
            )}
            <p className={styles.sub}>Editors and admins are never slowed.</p>
          </section>
          <section className={styles.panel} aria-labelledby="restrictions-title">
            <h2 id="restrictions-title">Muted and banned</h2>
            <PagedTable
              list={restrictions}
              rows={restricted.size}
              caption="Muted and banned senders"
              empty="Nobody is muted or banned."
              more="More"
              head={
                <>
                  <th scope="col">Sender</th>
                  <th scope="col">Status</th>
                  <th scope="col">Lift</th>
                </>
              }
            >
              {rowsSoFar(restrictions).map((row) => (
                <tr key={row.sender_key}>
                  <th scope="row">
                    {row.name ?? "Unknown name"}
                    <span className={styles.sub}>{senderWords(row.sender_key)}</span>
                  </th>
                  <td>
                    <span className={`${styles.pill} ${row.kind === "banned" ? styles.bad : styles.warn}`}>
                      {KIND_WORDS[row.kind]}
                    </span>
                    <span className={styles.sub}>since {formatDateTime(row.created_at)}</span>
                  </td>
                  <td>
                    <button
                      type="button"
                      className={`button button-quiet ${styles.small}`}
                      disabled={act.isPending}
                      aria-label={`${row.kind === "muted" ? "Unmute" : "Unban"} ${row.name ?? senderWords(row.sender_key)}`}
                      onClick={() => act.mutate({ kind: "lift", senderKey: row.sender_key, name: row.name })}
                    >
                      {row.kind === "muted" ? "Unmute" : "Unban"}
                    </button>
                  </td>
                </tr>
              ))}
            </PagedTable>
          </section>
        </div>
      )}
    </div>
  );
}

type Action =
  | { kind: "delete"; message: ChatMessage }
  | { kind: "muted" | "banned"; senderKey: string; name: string }
  | { kind: "lift"; senderKey: string; name: string | null }
  | { kind: "slow"; seconds: number };

function doneWords(action: Action): string {
  switch (action.kind) {
    case "delete":
      return `Message from ${action.message.sender.name} deleted.`;
    case "muted":
      return `${action.name} is muted in this chat.`;
    case "banned":
      return `${action.name} is banned from this chat and was disconnected.`;
    case "lift":
      return `${action.name ?? "The sender"} may chat again.`;
    case "slow":
      return slowModeWords(action.seconds) ?? "Slow mode is off.";
  }
}

/** A sender key as staff read it: "Guest at 203.0.113.7" or "Account". */
const senderWords = (key: string) => (key.startsWith("guest:") ? `Guest at ${key.slice("guest:".length)}` : "Account");

function MessageRow({
  message,
  restriction,
  canEdit,
  busy,
  onAct,
}: {
  message: ChatMessage;
  restriction?: Restriction["kind"];
  canEdit: boolean;
  busy: boolean;
  onAct: (action: Action) => void;
}) {
  const name = message.sender.name;
  const key = message.sender_key;
  return (
    <li className={page.message}>
      <div className={page.meta}>
        <strong>{name}</strong>
        {message.sender.guest && <span className={styles.sub}>guest</span>}
        {restriction && (
          <span className={`${styles.pill} ${restriction === "banned" ? styles.bad : styles.warn}`}>
            {KIND_WORDS[restriction]}
          </span>
        )}
        <time dateTime={message.created_at} className={styles.sub}>
          {new Date(message.created_at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}
        </time>
      </div>
      <p className={page.content}>{message.content}</p>
      {canEdit && (
        <div className={`${styles.rowActions} ${page.actions}`}>
          <button
            type="button"
            className={`button button-quiet ${styles.small}`}
            disabled={busy}
            aria-label={`Delete message from ${name}`}
            onClick={() => onAct({ kind: "delete", message })}
          >
            Delete
          </button>
          {key && restriction !== "muted" && restriction !== "banned" && (
            <button
              type="button"
              className={`button button-quiet ${styles.small}`}
              disabled={busy}
              aria-label={`Mute ${name}`}
              onClick={() => onAct({ kind: "muted", senderKey: key, name })}
            >
              Mute
            </button>
          )}
          {key && restriction !== "banned" && (
            <button
              type="button"
              className={`button button-quiet ${styles.small}`}
              disabled={busy}
              aria-label={`Ban ${name}`}
              onClick={() => onAct({ kind: "banned", senderKey: key, name })}
            >
              Ban
            </button>
          )}
        </div>
      )}
    </li>
  );
}
