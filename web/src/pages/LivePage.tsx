import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useLayoutEffect, useReducer, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { api, type Schemas, unwrap } from "../api/client";
import { live } from "../api/live";
import { ApiError } from "../api/problem";
import { type Session, useSession } from "../auth/session";
import { Breadcrumb } from "../components/Breadcrumb";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { LoadError } from "../components/LoadError";
import { ConnectionBadge } from "../live/ConnectionBadge";
import {
  type ChatLine,
  type ChatMessage,
  chatReducer,
  errorWords,
  initialChat,
  messageProblem,
  nameProblem,
  slowModeWords,
} from "../live/chat";
import type { ChatFrame } from "../live/frames";
import { canEdit } from "../live/roles";
import { useRoomSocket } from "../live/socket";
import { href } from "../paths";
import styles from "./LivePage.module.css";

/** `/live/{id}`: a live stream's video beside its chat. */
export default function LivePage() {
  const { id = "" } = useParams();
  const stream = useQuery(live.stream(id));
  if (stream.isError) {
    return (
      <div className="container page narrow">
        <title>Live · Edge platform</title>
        <h1>Live</h1>
        <LoadError error={stream.error} onRetry={() => stream.refetch()} />
        <p>
          <Link to={href.streams()}>All streams</Link>
        </p>
      </div>
    );
  }
  const data = stream.data;
  return (
    <div className={`container page ${styles.page}`}>
      <title>{data ? `${data.title} · Live` : "Live · Edge platform"}</title>
      <Breadcrumb trail={[[href.streams(), "Live"]]} current={data?.title ?? "Stream"} />
      <div className={styles.layout}>
        <div className={styles.watch}>
          <div className={styles.video}>
            {data && (
              <iframe
                src={data.video_url}
                title={`Video: ${data.title}`}
                sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
                allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
                allowFullScreen
                referrerPolicy="strict-origin-when-cross-origin"
              />
            )}
          </div>
          <div className={styles.about}>
            <div className={styles.titleRow}>
              <h1>{data?.title ?? "Live"}</h1>
              {data && (
                <span className={`badge ${data.status === "live" ? styles.onAir : ""}`}>
                  {data.status === "live" ? "Live" : "Ended"}
                </span>
              )}
            </div>
            {data?.description && <p className="muted">{data.description}</p>}
          </div>
        </div>
        {data ? <Chat stream={data} /> : <div className={styles.chat} aria-busy="true" />}
      </div>
    </div>
  );
}

const NAME_KEY = "edge-platform.chat-name";

function storedName(): string {
  try {
    return sessionStorage.getItem(NAME_KEY) ?? "";
  } catch {
    return "";
  }
}

function storeName(name: string | null): void {
  try {
    if (name) sessionStorage.setItem(NAME_KEY, name);
    else sessionStorage.removeItem(NAME_KEY);
  } catch {
    // Not remembered, then.
  }
}

/** Where this person joins as: the account (its token), or a guest under a name. */
function joinPath(streamId: string, current: Session | null, name: string, afterSeq: number | null): string | null {
  const query = new URLSearchParams();
  if (current) query.set("access_token", current.token);
  else if (name) query.set("name", name);
  else return null;
  if (afterSeq !== null) query.set("after_seq", String(afterSeq));
  return `/streams/${encodeURIComponent(streamId)}/ws?${query}`;
}

function Chat({ stream }: { stream: Schemas["StreamWithViewers"] }) {
  const current = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(storedName);
  const [nameError, setNameError] = useState<string | null>(null);
  const [chat, apply] = useReducer(chatReducer, initialChat);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const lastSent = useRef("");
  const seq = useRef<number | null>(null);
  seq.current = chat.seq;

  const ended = stream.status === "ended" || chat.ended;
  // A banned person is told once why, then the page stops knocking.
  const closed = ended || chat.banned;
  const who = current ? `account:${current.user.id}` : name ? `guest:${name}` : "";
  const { state, send } = useRoomSocket<ChatFrame>({
    key: closed ? "closed" : `${stream.id}|${who}`,
    url: () => (closed ? null : joinPath(stream.id, current, name, seq.current)),
    onFrame: (frame) => {
      apply(frame);
      if (frame.type === "ended") void queryClient.invalidateQueries({ queryKey: ["streams"] });
      if (frame.type === "error") {
        setNotice(errorWords(frame));
        if (frame.code === "rate_limited") setDraft((text) => text || lastSent.current);
      }
    },
    onRefused: () => {
      if (current) return false;
      // A browser is not told why a socket was refused; for a guest, with a name that passed the same checks as the
      // API's, it is the name: one of an account (409 name_taken). An ended stream is told apart by reading it again.
      setNameError(`“${name}” is the name of an account: choose another, or sign in.`);
      setName("");
      storeName(null);
      void queryClient.invalidateQueries({ queryKey: ["streams", stream.id] });
      return true;
    },
  });

  // Before a guest has a name (or for an ended stream), the transcript is read over HTTP.
  const joined = chat.seq !== null;
  const transcript = useQuery({ ...live.messages(stream.id), enabled: !joined });
  const lines: ChatLine[] = joined
    ? chat.lines
    : [...(transcript.data?.data ?? [])].reverse().map((message) => ({ kind: "message", message }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = messageProblem(draft);
    if (problem) return setNotice(problem);
    if (!send({ type: "message", content: draft.trim() })) {
      return setNotice("Not connected just now, so the message was not sent. It will go once we are back.");
    }
    lastSent.current = draft;
    setDraft("");
    setNotice(null);
  }

  function join(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    const problem = nameProblem(chosen);
    if (problem) return setNameError(problem);
    setNameError(null);
    storeName(chosen);
    setName(chosen);
  }

  const viewers = chat.viewers ?? stream.viewer_count;
  const slowMode = ended ? null : slowModeWords(chat.slowModeSeconds ?? stream.slow_mode_seconds);
  return (
    <section className={styles.chat} aria-labelledby="chat-title">
      <header className={styles.chatHeader}>
        <h2 id="chat-title">Chat</h2>
        <span className={styles.viewers}>
          {!ended && (
            <>
              <svg aria-hidden="true" viewBox="0 0 20 20" className={styles.eye}>
                <path d="M10 4C5.5 4 2 10 2 10s3.5 6 8 6 8-6 8-6-3.5-6-8-6Zm0 9.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7Z" />
              </svg>
              {viewers} watching
            </>
          )}
        </span>
        {!closed && (current || name) && <ConnectionBadge state={state} label="Chat" />}
      </header>
      {slowMode && (
        <p className={styles.slowMode} role="status">
          {slowMode}
        </p>
      )}
      <Transcript
        lines={lines}
        streamId={stream.id}
        moderator={canEdit(current)}
        loading={!joined && transcript.isPending}
      />
      {ended ? (
        <p className={styles.ended} role="status">
          This stream has ended. The chat is closed; thanks for watching.
        </p>
      ) : chat.banned ? (
        <p className={styles.ended} role="alert">
          {notice}
        </p>
      ) : current || name ? (
        <form className={styles.compose} onSubmit={submit} noValidate>
          <label htmlFor="chat-message" className="visually-hidden">
            Message
          </label>
          <p className={styles.as}>
            Chatting as <strong>{current ? current.user.name : name}</strong>
            {!current && (
              <button
                type="button"
                className={styles.linkButton}
                onClick={() => {
                  storeName(null);
                  setName("");
                }}
              >
                change name
              </button>
            )}
          </p>
          <div className={styles.composeRow}>
            <textarea
              id="chat-message"
              name="content"
              rows={2}
              value={draft}
              placeholder="Say something nice…"
              aria-invalid={notice ? true : undefined}
              aria-describedby={notice ? "chat-notice" : undefined}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
            />
            <button type="submit" className="button">
              Send
            </button>
          </div>
          <p id="chat-notice" className={styles.notice} role="alert">
            {notice}
          </p>
          {draft.length > 400 && <p className={styles.count}>{draft.trim().length} / 500</p>}
        </form>
      ) : (
        <form className={styles.compose} onSubmit={join} noValidate>
          <p className={styles.as}>Join the chat as a guest, or sign in to chat under your account.</p>
          <div className={styles.composeRow}>
            <Field
              label="Your name"
              name="name"
              autoComplete="nickname"
              error={nameError ?? undefined}
              className={styles.nameField}
            />
            <button type="submit" className="button">
              Join chat
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * The messages, oldest first. It follows new ones while the reader is at the bottom; a reader scrolled up to older
 * ones stays where they are, with a button down to what came since.
 */
function Transcript({
  lines,
  streamId,
  moderator,
  loading,
}: {
  lines: ChatLine[];
  streamId: string;
  moderator: boolean;
  loading: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [newBelow, setNewBelow] = useState(false);
  const remove = useMutation({
    mutationFn: (message: ChatMessage) =>
      unwrap(
        api.DELETE("/streams/{id}/messages/{message_id}", {
          params: { path: { id: streamId, message_id: message.id } },
        }),
      ),
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the lines change, which is what it follows
  useLayoutEffect(() => {
    const list = ref.current;
    if (!list) return;
    if (atBottom.current) list.scrollTop = list.scrollHeight;
    else setNewBelow(true);
  }, [lines]);

  // The box shrinks when a notice appears below it (and grows on a wider window): a reader at the bottom stays there.
  useLayoutEffect(() => {
    const list = ref.current;
    if (!list) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) list.scrollTop = list.scrollHeight;
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  const toBottom = () => {
    const list = ref.current;
    if (list) list.scrollTop = list.scrollHeight;
    setNewBelow(false);
  };

  return (
    <div className={styles.transcriptWrap}>
      <div
        ref={ref}
        className={styles.transcript}
        role="log"
        aria-label="Messages"
        aria-busy={loading}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached and scrolled by keyboard
        tabIndex={0}
        onScroll={(event) => {
          const list = event.currentTarget;
          atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
          if (atBottom.current) setNewBelow(false);
        }}
      >
        <ol className={styles.lines}>
          {lines.length === 0 && !loading && <li className={styles.note}>No messages yet. Say hello!</li>}
          {lines.map((line) =>
            line.kind === "note" ? (
              <li key={line.key} className={styles.note}>
                {line.text}
              </li>
            ) : (
              <li key={line.message.id} className={styles.message}>
                <div className={styles.meta}>
                  <span className={styles.sender}>{line.message.sender.name}</span>
                  {line.message.sender.guest && <span className={styles.guest}>guest</span>}
                  <time dateTime={line.message.created_at} className={styles.time}>
                    {new Date(line.message.created_at).toLocaleTimeString(undefined, {
                      hour: "2-digit",
                      minute: "2-digit",
                    })}
                  </time>
                  {moderator && (
                    <button
                      type="button"
                      className={styles.delete}
                      aria-label={`Delete message from ${line.message.sender.name}`}
                      disabled={remove.isPending && remove.variables?.id === line.message.id}
                      onClick={() => remove.mutate(line.message)}
                    >
                      Delete
                    </button>
                  )}
                </div>
                <p className={styles.content}>{line.message.content}</p>
              </li>
            ),
          )}
        </ol>
      </div>
      {newBelow && (
        <button type="button" className={`button ${styles.newBelow}`} onClick={toBottom}>
          New messages <span aria-hidden="true">↓</span>
        </button>
      )}
      {remove.error instanceof ApiError && <FormMessage tone="error">{remove.error.words}</FormMessage>}
    </div>
  );
}
