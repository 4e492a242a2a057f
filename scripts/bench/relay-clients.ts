/**
 * One share of the relay bench's clients, in a process of its own (forked by `benchChatRelays` in ./fanout.ts), so
 * that parsing their frames uses more than the bench's one core and the figures measure the server, not the client.
 * Over IPC: `join` opens the share's sockets (in waves) and answers `joined`; `measure` starts counting this
 * process's CPU time; `count` answers how many deliveries so far; `collect` answers what the clients saw (see
 * `ShareFigures`) and closes them.
 */
import type WebSocket from "ws";
import { closeAll, openClients } from "./fanout";

export type ShareCommand =
  | { type: "join"; url: string; first: number; count: number; wave: number; compression: boolean }
  | { type: "measure" }
  | { type: "count" }
  | { type: "collect"; messages: number };

/** What one share's clients saw of the bench's messages. */
export interface ShareFigures {
  type: "figures";
  /** Each delivery's delay from the POST being sent to the client having it, in ms. */
  delays: number[];
  /** Each delivery's delay from the room storing the message (its `created_at`) to the client having it, in ms. */
  afterStored: number[];
  /** Each message's delay from the POST being sent to the room storing it, in ms (once per message). */
  beforeStored: number[];
  /** Clients that got every message, and every frame after their greeting once, in seq order. */
  complete: number;
  /** CPU time this process used since `measure`, in ms. */
  cpuMs: number;
}

export type ShareReply =
  | { type: "joined" }
  | { type: "count"; deliveries: number }
  | { type: "failed"; error: string }
  | ShareFigures;

/** The bench's messages say when they were sent: `bench <n> sent at <epoch ms>`, the same clock in every process. */
const sentAtOf = (content: string) => Number(/ sent at ([\d.]+)$/.exec(content)?.[1]);

/** Now, in epoch ms with sub-millisecond precision, comparable across processes. */
const epochNow = () => performance.timeOrigin + performance.now();

interface ClientTrack {
  seq: number;
  broken: boolean;
  got: number;
}

function runShare(): void {
  const delays: number[] = [];
  const afterStored: number[] = [];
  const beforeStored = new Map<string, number>();
  const tracks: ClientTrack[] = [];
  const sockets: WebSocket[] = [];
  let cpuFrom = process.cpuUsage();
  const reply = (message: ShareReply) => process.send?.(message);

  const track = (client: number, frame: { type: string } & Record<string, unknown>) => {
    const now = epochNow();
    const seen = tracks[client];
    if (!seen) return;
    if (frame.type === "history" || frame.type === "resumed") seen.seq = Number(frame.seq);
    else if (typeof frame.seq === "number") {
      if (frame.seq !== seen.seq + 1) seen.broken = true;
      seen.seq = frame.seq;
    }
    if (frame.type !== "message" || typeof frame.content !== "string") return;
    const sent = sentAtOf(frame.content);
    if (!Number.isFinite(sent)) return;
    const stored = Date.parse(String(frame.created_at));
    delays.push(now - sent);
    afterStored.push(now - stored);
    beforeStored.set(frame.content, stored - sent);
    seen.got++;
  };

  process.on("message", (command: ShareCommand) => {
    if (command.type === "join") {
      void (async () => {
        for (let from = 0; from < command.count; from += command.wave) {
          const count = Math.min(command.wave, command.count - from);
          for (let i = 0; i < count; i++) tracks.push({ seq: -1, broken: false, got: 0 });
          const base = from;
          sockets.push(
            ...(await openClients(command.url, count, "history", (i, frame) => track(base + i, frame), {
              addressOf: (i) => benchAddress(command.first + base + i),
              compression: command.compression,
            })),
          );
        }
        reply({ type: "joined" });
      })().catch((error: unknown) => reply({ type: "failed", error: String(error) }));
    } else if (command.type === "measure") {
      cpuFrom = process.cpuUsage();
    } else if (command.type === "count") {
      reply({ type: "count", deliveries: delays.length });
    } else {
      const cpu = process.cpuUsage(cpuFrom);
      reply({
        type: "figures",
        delays,
        afterStored,
        beforeStored: [...beforeStored.values()],
        complete: tracks.filter((t) => !t.broken && t.got === command.messages).length,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
      // Closed, but not disconnected: a large reply still on its way would be lost. The bench ends this process.
      closeAll(sockets);
    }
  });
}

/** The address of the bench's client `n`, distinct across the shares (the chat caps sockets per guest address). */
export const benchAddress = (n: number) => `10.${200 + ((n >> 16) & 31)}.${(n >> 8) & 255}.${n & 255}`;

if (process.send) runShare();
