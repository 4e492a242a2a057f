/**
 * Chat on a live stream, through the public API only (`/streams/{id}/ws` and `/streams/{id}/messages`): guest
 * viewers, guest senders chatting over their sockets within the chat's limit (5 messages per 10 s per sender), and
 * the editor posting over HTTP (staff are not rate-limited). A socket message is acknowledged when the room
 * broadcasts it back to its sender (with its id and seq), an HTTP one by its 201.
 *
 * Verified afterwards: every acknowledged message is in the stream's history (by id, with its content); every
 * viewer's socket stayed open, received every acknowledged message, and saw the room's seq without a gap. Delivery
 * latency is from sending a message to a viewer receiving it.
 */
import WebSocket from "ws";
import { closeAll, createStream, openClients, wsUrl } from "../bench/fanout";
import { json, postJson } from "../bench/requests";
import { type Check, count, readAllPages, repeatUntil, type SoakContext, type Workload, waitFor } from "./workload";

/** Over 10 s a sender sends at most 4 this far apart, under the room's 5. */
export const GUEST_SEND_EVERY_MS = 2_600;

interface MessageFrame {
  type: string;
  id?: number;
  content?: string;
  seq?: number;
  code?: string;
}

interface StoredMessage {
  id: number;
  content: string;
}

export async function prepareChat(
  { baseUrl, editorToken, recorder }: SoakContext,
  viewers: number,
  senders: number,
  editorPauseMs: number,
): Promise<Workload> {
  const streamId = await createStream(baseUrl, editorToken, "Soak stream", "Chat under a soak");
  const sentAt = new Map<string, number>();
  /** Acknowledged messages: id → content. */
  const acked = new Map<number, string>();
  const received = Array.from({ length: viewers }, () => new Set<number>());
  const lastSeq = new Array<number | undefined>(viewers).fill(undefined);
  let gaps = 0;
  const viewerSockets = await openClients(
    wsUrl(baseUrl, `/streams/${streamId}/ws?name=viewer`),
    viewers,
    "history",
    (viewer, frame: MessageFrame) => {
      if (typeof frame.seq === "number") {
        const last = lastSeq[viewer];
        // `history` carries the room's current seq; every later frame the next one.
        if (last !== undefined && frame.type !== "history" && frame.seq !== last + 1) gaps++;
        lastSeq[viewer] = frame.seq;
      }
      if (frame.type !== "message" || typeof frame.id !== "number") return;
      received[viewer]?.add(frame.id);
      const sent = frame.content === undefined ? undefined : sentAt.get(frame.content);
      if (sent !== undefined) recorder.latency("chat delivery (WebSocket)", performance.now() - sent, sent);
    },
  );

  // Each sender waits for its own message to come back before sending the next.
  const pending = new Map<string, (frame: MessageFrame | undefined) => void>();
  const senderSockets = await openClients(
    wsUrl(baseUrl, `/streams/${streamId}/ws?name=sender`),
    senders,
    "history",
    (sender, frame: MessageFrame) => {
      const waiting = pending.get(`sender-${sender}`);
      if (frame.type === "error") {
        recorder.problem(`chat sender ${sender} got error ${frame.code}`);
        waiting?.(frame);
      } else if (frame.type === "message" && frame.content?.startsWith(`sender ${sender} `)) waiting?.(frame);
    },
  );
  let closing = false;
  let dropped = 0;
  for (const socket of [...viewerSockets, ...senderSockets]) {
    socket.on("close", (code) => {
      if (closing) return;
      dropped++;
      recorder.problem(`a chat socket closed during the run (code ${code})`);
    });
  }

  let sent = 0;
  const sendOverSocket = async (socket: WebSocket, sender: number) => {
    const content = `sender ${sender} message ${++sent}`;
    const started = performance.now();
    sentAt.set(content, started);
    const echo = await new Promise<MessageFrame | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 10_000);
      pending.set(`sender-${sender}`, (frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "message", content }));
    });
    pending.delete(`sender-${sender}`);
    const outcome = echo === undefined ? "no echo in 10 s" : echo.type === "error" ? `error ${echo.code}` : "echoed";
    recorder.status("chat send", outcome);
    if (echo?.type === "message" && typeof echo.id === "number") {
      acked.set(echo.id, content);
      recorder.latency("chat send", performance.now() - started, started);
    }
  };
  const postOverHttp = async () => {
    const content = `editor message ${++sent}`;
    sentAt.set(content, performance.now());
    const request = { method: "POST" as const, path: `/streams/${streamId}/messages`, headers: json(editorToken) };
    const answer = await recorder.send("chat send", baseUrl, { ...request, body: JSON.stringify({ content }) }, 201);
    if (answer?.status === 201) acked.set((JSON.parse(answer.text) as { id: number }).id, content);
  };

  const missedBy = (viewer: number) => [...acked.keys()].filter((id) => !received[viewer]?.has(id)).length;
  return {
    run: async (until) => {
      await Promise.all([
        repeatUntil(until, editorPauseMs, postOverHttp),
        ...senderSockets.map((socket, i) => repeatUntil(until, GUEST_SEND_EVERY_MS, () => sendOverSocket(socket, i))),
      ]);
    },
    verify: async (): Promise<Check[]> => {
      await waitFor(() => received.every((_, viewer) => missedBy(viewer) === 0));
      const messages = await readAllPages<StoredMessage>(
        baseUrl,
        `/streams/${streamId}/messages?limit=100`,
        () => ({}),
      );
      const stored = new Map(messages.map((message) => [message.id, message.content]));
      const lost = [...acked].filter(([id, content]) => stored.get(id) !== content).map(([id]) => id);
      const viewersMissing = received.filter((_, viewer) => missedBy(viewer) > 0).length;
      return [
        {
          name: "every acknowledged chat message is in the history",
          ok: lost.length === 0,
          detail: `${count(acked.size)} acknowledged, ${count(stored.size)} stored, ${lost.length} missing${lost.length ? `: ids ${lost.slice(0, 10).join(", ")}` : ""}`,
        },
        {
          name: `every chat viewer (${viewers}) stayed connected and got every message, seq without gaps`,
          ok: dropped === 0 && viewersMissing === 0 && gaps === 0,
          detail: `${dropped} sockets dropped, ${viewersMissing} viewers missing messages, ${gaps} seq gaps`,
        },
      ];
    },
    close: async () => {
      closing = true;
      closeAll([...viewerSockets, ...senderSockets]);
      await postJson(baseUrl, `/streams/${streamId}/end`, editorToken, {}).catch(() => undefined);
    },
  };
}
