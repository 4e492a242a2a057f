import type { ChatFrame, ChatFrameMessage } from "./frames";

/** A message of the transcript; on a staff socket, with its sender's key. */
export type ChatMessage = ChatFrameMessage;

/** A line of the transcript: a message, or a note from the room (who joined or left). */
export type ChatLine = { kind: "message"; message: ChatMessage } | { kind: "note"; key: string; text: string };

export interface ChatState {
  lines: ChatLine[];
  viewers: number | null;
  /** The highest `seq` seen: a reconnect asks for what came after it (`?after_seq=`). Null before the history. */
  seq: number | null;
  ended: boolean;
  /** Minimum seconds between one sender's messages (0 = off); null before the room has said. */
  slowModeSeconds: number | null;
  /** Set when the room turned this person away: a moderator banned them, so the page stops reconnecting. */
  banned: boolean;
}

export const initialChat: ChatState = {
  lines: [],
  viewers: null,
  seq: null,
  ended: false,
  slowModeSeconds: null,
  banned: false,
};

const messageLines = (messages: ChatMessage[]): ChatLine[] => messages.map((message) => ({ kind: "message", message }));

/**
 * The transcript after one frame from the room. A broadcast at or below the seq already seen is a repeat (a replay
 * overlapping what arrived live) and changes nothing; `history` replaces the whole transcript (a first join, or
 * after `reset`), so nothing is ever shown twice.
 */
export function chatReducer(state: ChatState, frame: ChatFrame): ChatState {
  switch (frame.type) {
    case "history":
      return {
        ...state,
        lines: messageLines(frame.messages),
        viewers: frame.viewers,
        seq: frame.seq,
        slowModeSeconds: frame.slow_mode_seconds,
      };
    case "resumed":
      return {
        ...state,
        viewers: frame.viewers,
        seq: Math.max(state.seq ?? 0, frame.seq),
        slowModeSeconds: frame.slow_mode_seconds,
      };
    case "error":
      return frame.code === "banned" ? { ...state, banned: true } : state;
    case "reset":
    case "pong":
      return state;
  }
  if (state.seq !== null && frame.seq <= state.seq) return state;
  const next = { ...state, seq: frame.seq };
  switch (frame.type) {
    case "message": {
      const { type: _type, seq: _seq, ...message } = frame;
      if (state.lines.some((line) => line.kind === "message" && line.message.id === message.id)) return next;
      return { ...next, lines: [...state.lines, { kind: "message", message }] };
    }
    case "deleted":
      return {
        ...next,
        lines: state.lines.filter((line) => !(line.kind === "message" && line.message.id === frame.id)),
      };
    case "system":
      if (frame.event === "presence") return { ...next, viewers: frame.viewers };
      return {
        ...next,
        viewers: frame.viewers,
        lines: [...state.lines, { kind: "note", key: `seq-${frame.seq}`, text: frame.text }],
      };
    case "ended":
      return { ...next, ended: true };
    case "slow_mode":
      return { ...next, slowModeSeconds: frame.seconds };
  }
}

const seconds = (count: number) => `${count} ${count === 1 ? "second" : "seconds"}`;

/** The chat's slow mode in words ("Slow mode: one message every 30 seconds"); null when it is off. */
export function slowModeWords(slowModeSeconds: number | null | undefined): string | null {
  if (!slowModeSeconds) return null;
  return `Slow mode: one message every ${seconds(slowModeSeconds)}.`;
}

/** The chat's rule for a message (1–500 characters once trimmed), checked before sending; null when it is fine. */
export function messageProblem(content: string): string | null {
  const trimmed = content.trim();
  if (trimmed.length === 0) return "Write something first: the message is empty.";
  if (trimmed.length > 500) return `Messages are limited to 500 characters; this one has ${trimmed.length}.`;
  return null;
}

/** A guest's name rule (1–50 characters once trimmed, one line); null when it is fine. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return "Choose a name to chat under.";
  if (trimmed.length > 50) return "Please keep your name under 50 characters.";
  if (/\p{Cc}/u.test(trimmed)) return "Please use letters, numbers and spaces.";
  return null;
}

/** How many whole seconds an error frame says to wait (at least 1). */
const waitOf = (frame: Extract<ChatFrame, { type: "error" }>, fallbackMs: number) =>
  Math.max(1, Math.ceil((frame.retry_after_ms ?? fallbackMs) / 1000));

/** What an error frame from the room means for the person typing. */
export function errorWords(frame: Extract<ChatFrame, { type: "error" }>): string {
  switch (frame.code) {
    case "rate_limited":
      return `You are sending messages quickly. Wait ${seconds(waitOf(frame, 10_000))}, then try again.`;
    case "slow_mode":
      return `Slow mode is on. Wait ${seconds(waitOf(frame, 1_000))} before your next message.`;
    case "muted":
      return "A moderator has muted you in this chat: your messages are not shown to anyone.";
    case "banned":
      return "A moderator has removed you from this chat.";
    case "stream_ended":
      return "The stream has ended; the chat is closed.";
    case "invalid_message":
      return frame.message.replace(/^content: /, "");
    default:
      return frame.message || "The chat could not take that message.";
  }
}
