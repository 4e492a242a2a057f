import { storedRole } from "../src/auth/guards";
import { isStaff, type Role } from "../src/auth/roles";
import { type ClientMessageOf, send, sendFrame, type WireMessage } from "../src/realtime/messages";
import {
  type Allowance,
  allowance,
  budgetOf,
  type ChatJoin,
  ChatJoinSchema,
  type ChatMessage,
  type ChatSession,
  chatClientMessages,
  HISTORY_ON_JOIN,
  type PostResult,
  presenceTurn,
  RATE_LIMIT,
  RESUME_LOG_LIMIT,
  resumeFrom,
  type Sender,
  SOCKETS_PER_GUEST_ADDRESS,
} from "../src/streams/chat-room";
import {
  type Restriction,
  type RestrictionKind,
  refusalMessage,
  type SendRefusal,
  slowModeWait,
} from "../src/streams/moderation";
import {
  chatRelayOf,
  DEFAULT_ROOM_SOCKETS,
  type ErrorFrame,
  type RelayFrames,
  type RelayJoinAnswer,
  type RelayReport,
  ROOM_FULL,
  type SpeakOutcome,
  socketBound,
} from "../src/streams/relays";
import { isoAt } from "../src/time";
import { bannedFrame, closeQuietly, expel, fanOut, OPEN, STAFF_TAG, tagsOf } from "./chat-sockets";
import { type BroadcastLinks, ChatStore, type KeyedMessage } from "./chat-store";
import { RelayFanout } from "./relay-fanout";
import { Room } from "./room";

/** Per-socket state, kept in the socket's attachment so that it survives hibernation. */
interface ChatAttachment {
  /** Who opened the socket, as the Worker handed it over. */
  session: ChatSession;
  /** Set once "left" has been announced, so a close after an error does not announce it twice. */
  left?: boolean;
}

const CHAT_CLOSED: SpeakOutcome = {
  ok: false,
  error: { type: "error", code: "stream_ended", message: "The stream has ended; the chat is closed." },
  expel: false,
};

const RATE = `At most ${RATE_LIMIT.messages} messages every ${RATE_LIMIT.windowMs / 1000} s`;

/**
 * The chat of one live stream (one object per stream, named by the stream's id: see src/streams/chat-room.ts).
 * Messages, the senders' budgets and the room's counters live in the object's own SQLite storage (./chat-store.ts),
 * so they outlast hibernation, eviction and restarts; sockets use the hibernation API (see Room). The HTTP routes
 * reach the room through the RPC methods below; they answer with result objects rather than throwing across RPC.
 *
 * - Seq: every broadcast carries the next `seq` of the room, so a client that sees a gap knows it missed something.
 * - Resume: every broadcast is also logged as sent, the last `settings.logLimit` of them, so that a client that
 *   reconnects with the last seq it saw gets exactly the frames it missed (see `greet`). Removing a message takes its
 *   frame out of the log: it never comes back to a resuming client, which gets the `deleted` frame instead when it
 *   had the message.
 * - No gap, no duplicate: a broadcast stores, logs and sends in one synchronous step, and a joining socket is
 *   accepted and sent its history or its replay in another; nothing awaits in either. A broadcast therefore happens
 *   wholly before a join (and is in what the newcomer is sent) or wholly after it (and reaches it live), never both
 *   and never neither.
 * - Fan-out: the room holds its first `settings.directSockets` sockets itself (CHAT_ROOM_SOCKETS), so a small room
 *   never uses a relay; past that, joins go to `ChatRelay` objects (see src/streams/relays.ts) and the room pushes
 *   every broadcast once per relay, with its seq, in order (./relay-fanout.ts). Relays join through `joinVia`, which
 *   answers the greeting and the seq it ends at; they forward their clients' messages to `speakVia` with the session
 *   the Worker handed them, and fill gaps from `framesForRelay`. Moderation stays here: a relay's sender is refused
 *   by the same rules, a ban is pushed to the relays as `expel`, the end as `end`.
 */
export class ChatRoom extends Room<ChatJoin, ChatAttachment, typeof chatClientMessages> {
  /** Tunable per instance; tests shorten the log through `runInDurableObject` (a new instance starts from these). */
  readonly settings = {
    logLimit: RESUME_LOG_LIMIT,
    /** Sockets the room holds itself; joins past it go through relays. Tests set 0 to send every join there. */
    directSockets: socketBound(this.env.CHAT_ROOM_SOCKETS, DEFAULT_ROOM_SOCKETS),
  };
  protected readonly sessionSchema = ChatJoinSchema;
  protected readonly clientMessages = chatClientMessages;
  private readonly store: ChatStore;
  private readonly relays: RelayFanout;
  /** Whether the chat has ended, once known (see `hasEnded`). */
  private ended: boolean | undefined;
  /** Socket messages are handled one at a time, in arrival order, even while one waits for a role check. */
  private turns: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ChatStore(ctx.storage.sql);
    this.relays = new RelayFanout(
      ctx.storage.sql,
      (streamId, relay, pushes) => chatRelayOf(env, streamId, relay).deliver(streamId, relay, pushes),
      (work) => ctx.waitUntil(work),
    );
  }

  // ---- sockets ----------------------------------------------------------------------------------------------------

  /**
   * The Worker hands `GET /streams/:id/ws` over once it has checked the stream and who is asking, and where they
   * resume from (`after_seq`) if they are reconnecting.
   */
  protected override async join({ session, after_seq }: ChatJoin): Promise<Response> {
    if (this.hasEnded()) return this.refuse(409, "stream_ended", "The stream has ended; its chat is closed.");
    const key = budgetOf(session);
    if (key && this.store.restriction(key) === "banned") return this.turnAway(session);
    if (session.guest && key && this.openSockets({ tag: key }).length >= SOCKETS_PER_GUEST_ADDRESS) {
      return this.refuse(
        429,
        "too_many_sockets",
        `At most ${SOCKETS_PER_GUEST_ADDRESS} chats may be open from one address; close one first.`,
      );
    }

    if (this.openSockets().length >= this.settings.directSockets) {
      return this.refuse(503, ROOM_FULL, "The room holds all the sockets it can: join through a relay.");
    }

    const { socket, response } = this.acceptSocket({ session }, tagsOf(session));
    const viewers = this.viewers();
    // The newcomer first learns where the room stands (history or what it missed, presence, the current seq), then
    // everyone, the newcomer included, gets the "joined" message with the next seq: no client sees a gap.
    for (const frame of this.greeting(session, after_seq, viewers).frames) sendFrame(socket, frame);
    await this.presenceChanged(session, "joined", viewers);
    return response;
  }

  /**
   * A banned sender is told so on a socket that closes at once (code BANNED_CLOSE_CODE): a browser learns why, which
   * it would not from a refused upgrade. The socket never counts as a viewer, nor is its coming or going announced.
   */
  private turnAway(session: ChatSession): Response {
    const { socket, response } = this.acceptSocket({ session, left: true });
    expel(socket);
    return response;
  }

  /**
   * What a newcomer is sent before any live frame, and the seq it brings them to. A client reconnecting with the last
   * seq it saw (`afterSeq`) gets every frame broadcast since, as it was sent (the messages removed since left out),
   * then `resumed` with the seq it is now at. When the room cannot replay that (see `resumeFrom`), or for a first
   * join, it gets the last messages in a `history` frame instead, after a `reset` saying why if it asked to resume.
   * Synchronous: see the class comment.
   */
  private greeting(session: ChatSession, afterSeq: number | null, viewers: number): { frames: string[]; seq: number } {
    const seq = this.store.currentSeq();
    const slow_mode_seconds = this.store.slowModeSeconds();
    const frames: string[] = [];
    if (afterSeq !== null) {
      const resume = resumeFrom(afterSeq, seq, this.store.keptFrom());
      if (resume.kind === "replay") {
        frames.push(...this.store.framesAfter(afterSeq));
        frames.push(JSON.stringify({ type: "resumed", after_seq: afterSeq, seq, viewers, slow_mode_seconds }));
        return { frames, seq };
      }
      frames.push(JSON.stringify({ type: "reset", reason: resume.reason, after_seq: afterSeq, seq }));
    }
    const messages = this.store.newest(undefined, HISTORY_ON_JOIN, session.staff).reverse();
    frames.push(JSON.stringify({ type: "history", messages, viewers, seq, slow_mode_seconds }));
    return { frames, seq };
  }

  protected override onMessage(
    socket: WebSocket,
    message: ClientMessageOf<typeof chatClientMessages>,
  ): Promise<void> | void {
    if (message.type === "ping") {
      this.send(socket, { type: "pong" });
      return;
    }
    const turn = this.turns.then(() => this.speak(socket, message.content));
    this.turns = turn.catch(() => {});
    return turn;
  }

  protected override async onLeave(socket: WebSocket): Promise<void> {
    const attachment = this.attachmentOf(socket);
    // Once the stream has ended every socket is being closed: nobody is left to tell.
    if (attachment.left || this.hasEnded()) return;
    try {
      socket.serializeAttachment({ ...attachment, left: true } satisfies ChatAttachment);
    } catch {
      // Already gone: the flag only matters while the socket is still listed.
    }
    const viewers = this.openSockets({ leaving: socket }).length + this.relays.viewers();
    await this.presenceChanged(attachment.session, "left", viewers);
  }

  /** The end of a presence window (see `presenceChanged`): one frame tells everyone where the count stands. */
  override async alarm(): Promise<void> {
    const window = this.store.presenceWindow();
    if (window) this.store.savePresenceWindow({ ...window, flushAt: null });
    if (this.hasEnded()) return;
    const viewers = this.viewers();
    this.broadcastNext({ type: "system", event: "presence", text: `${viewers} watching`, viewers });
  }

  // ---- RPC for the HTTP routes ------------------------------------------------------------------------------------

  /**
   * Stores a message and broadcasts it. With `limited`, the message comes out of the sender's budget (the one its
   * sockets share); staff post without it. `at` backdates seeded messages.
   */
  postMessage(sender: Sender, content: string, options: { limited?: boolean; at?: string } = {}): PostResult {
    if (this.hasEnded()) return { ok: false, code: "stream_ended" };
    const now = Date.now();
    const key = budgetOf(sender);
    const restriction = key && this.store.restriction(key);
    if (restriction) return { ok: false, code: restriction === "muted" ? "muted" : "banned" };
    if (options.limited) {
      const refusal = this.pace(key, now);
      if (refusal) {
        return {
          ok: false,
          code: refusal.code,
          retryAfterSeconds: Math.max(1, Math.ceil(refusal.retryAfterMs / 1000)),
        };
      }
    }
    const { sender_key: _key, ...message } = this.store.insert(sender, key, content, options.at ?? isoAt(now));
    this.publish(message, key);
    return { ok: true, message };
  }

  /** Up to `limit` + 1 messages older than `before` (all if unset), newest first; the extra one says more exist. */
  messagesBefore(before: number | undefined, limit: number): ChatMessage[] {
    return this.store.newest(before, limit + 1);
  }

  message(id: number): ChatMessage | null {
    return this.store.message(id);
  }

  /**
   * Removes a message for good and tells every client; false when there is no such message. Its frame leaves the
   * broadcast log, so that a client resuming from before it never gets it back.
   */
  deleteMessage(id: number): boolean {
    if (!this.store.delete(id)) return false;
    this.broadcastNext({ type: "deleted", id }, { removesSeq: this.store.unlogMessage(id) });
    return true;
  }

  /** Open WebSocket connections (a person with two tabs counts twice). */
  viewerCount(): number {
    return this.viewers();
  }

  /** What the stream's page shows of the room: who is watching, and the slow mode. */
  status(): { viewers: number; slowModeSeconds: number } {
    return { viewers: this.viewers(), slowModeSeconds: this.store.slowModeSeconds() };
  }

  // ---- the relays (RPC for the Worker and durable-objects/chat-relay.ts) -------------------------------------------

  /** The shard count joins past the room's own sockets are routed by (see src/streams/relays.ts). */
  relayShards(streamId: string): number {
    return this.relays.shards(streamId);
  }

  /** One shard more, after a relay answered `relay_full` to a caller who saw `seen` shards; the count now. */
  growRelays(streamId: string, seen: number): number {
    return this.relays.grow(streamId, seen);
  }

  /** Each relay's client count, as last reported. */
  relayCensus(): Record<number, number> {
    return this.relays.census();
  }

  /**
   * Someone joins through a relay, which counts them in `from`: refused as a join here would be, turned away if
   * banned, else answered what to send them first and the seq that brings them to, then announced to everyone (the
   * `joined` frame is pushed to the relay too, after the greeting's seq). Synchronous up to the announcement, as
   * `join` is.
   */
  async joinVia({ session, after_seq }: ChatJoin, from: RelayReport): Promise<RelayJoinAnswer> {
    if (this.hasEnded()) {
      return { ok: false, status: 409, code: "stream_ended", detail: "The stream has ended; its chat is closed." };
    }
    const key = budgetOf(session);
    if (key && this.store.restriction(key) === "banned") return { ok: true, banned: true };
    this.relays.report(from);
    const viewers = this.viewers();
    const { frames, seq } = this.greeting(session, after_seq, viewers);
    await this.presenceChanged(session, "joined", viewers);
    return { ok: true, banned: false, greeting: frames, seq };
  }

  /** Someone left a relay, which no longer counts them in `from`. */
  async leftVia(session: ChatSession, from: RelayReport): Promise<void> {
    this.relays.report(from);
    if (!this.hasEnded()) await this.presenceChanged(session, "left", this.viewers());
  }

  /** A relay's client count, when it has nothing else to say (e.g. it lost its clients). */
  relayReport(from: RelayReport): void {
    this.relays.report(from);
  }

  /** A message sent on a relay's socket, by the session the Worker handed that relay; in turn with the room's own. */
  speakVia(session: ChatSession, content: string): Promise<SpeakOutcome> {
    const turn = this.turns.then(() => this.speakAs(session, content, () => this.stillStaff(session)));
    this.turns = turn.then(
      () => {},
      () => {},
    );
    return turn;
  }

  /** The logged frames after `afterSeq` up to `upTo`, for a relay that missed them (see `framesAfter`). */
  framesForRelay(afterSeq: number, upTo: number): RelayFrames {
    const complete = resumeFrom(afterSeq, this.store.currentSeq(), this.store.keptFrom()).kind === "replay";
    return { frames: complete ? this.store.loggedBetween(afterSeq, upTo) : [], complete };
  }

  // ---- moderation (RPC for src/streams/moderation-routes.ts) -------------------------------------------------------

  /**
   * Mutes or bans a sender (see `budgetOf`) in this room, or changes which. A ban closes the sender's open sockets
   * at once (each told why first); a mute refuses their next messages. Named by what they last chatted under here.
   */
  restrict(senderKey: string, kind: RestrictionKind): Restriction {
    const sockets = this.sockets(senderKey);
    const name = this.store.lastNameOf(senderKey) ?? (sockets[0] ? this.attachmentOf(sockets[0]).session.name : null);
    const restriction = this.store.restrict(senderKey, kind, name, isoAt(Date.now()));
    if (kind === "banned") {
      for (const socket of sockets) expel(socket);
      this.relays.push({ kind: "expel", senderKey });
    }
    return restriction;
  }

  /** Lifts a mute or ban; false when the sender was neither. */
  lift(senderKey: string): boolean {
    return this.store.lift(senderKey);
  }

  /** Up to `limit` + 1 restrictions after `after`, newest first; the extra one says more exist. */
  restrictions(after: readonly [string, string] | undefined, limit: number): Restriction[] {
    return this.store.restrictions(after, limit + 1);
  }

  /** Sets the slow mode (0 = off) and tells every client, when it changes. Answers the seconds now in force. */
  setSlowMode(seconds: number): number {
    if (seconds !== this.store.slowModeSeconds() && !this.hasEnded()) {
      this.store.setSlowMode(seconds);
      this.broadcastNext({ type: "slow_mode", seconds });
    }
    return this.store.slowModeSeconds();
  }

  /** Closes the chat: every client is told, then disconnected; later messages are refused. Safe to repeat. */
  end(): void {
    if (!this.hasEnded()) {
      this.store.markEnded();
      this.ended = true;
      this.broadcastNext({ type: "ended" });
    }
    this.relays.push({ kind: "end" });
    for (const socket of this.sockets()) closeQuietly(socket, 1000, "The stream has ended.");
  }

  // ---- the rules, applied -----------------------------------------------------------------------------------------

  /** A message from one of the room's own sockets (see `speakAs`); a demotion is remembered in its attachment. */
  private async speak(socket: WebSocket, content: string): Promise<void> {
    const { session } = this.attachmentOf(socket);
    const outcome = await this.speakAs(session, content, () =>
      this.stillStaff(session, () => {
        // Read again: the attachment may have changed while D1 answered.
        const now = this.attachmentOf(socket);
        socket.serializeAttachment({ ...now, session: { ...now.session, staff: false } } satisfies ChatAttachment);
      }),
    );
    if (outcome.ok) return;
    if (outcome.expel) return expel(socket);
    send(socket, outcome.error);
  }

  /**
   * A message from `session`, on a socket of the room's or of a relay's: refused if its sender is banned (the socket
   * is to be closed) or muted; else stored and broadcast if slow mode and the sender's budget allow it, or they are
   * still staff.
   */
  private async speakAs(
    session: ChatSession,
    content: string,
    stillStaff: () => Promise<boolean>,
  ): Promise<SpeakOutcome> {
    if (this.hasEnded()) return CHAT_CLOSED;
    const key = budgetOf(session);
    const restriction = key && this.store.restriction(key);
    if (restriction === "banned") return { ok: false, error: bannedFrame(), expel: true };
    if (restriction === "muted") return this.refusal({ code: "muted" });
    const refusal = this.pace(key, Date.now());
    if (refusal) {
      if (!(await stillStaff())) return this.refusal(refusal);
      // The role check let other events in: the stream may have ended meanwhile.
      if (this.hasEnded()) return CHAT_CLOSED;
    }
    this.publish(this.store.insert(session, key, content, isoAt(Date.now())), key);
    return { ok: true };
  }

  /**
   * Whether the sender (see `budgetOf`) may send at `now` as slow mode and the rate limit pace them; if so, the send
   * is counted. Staff are let past a refusal by the caller.
   */
  private pace(key: string | undefined, now: number): Extract<SendRefusal, { retryAfterMs: number }> | undefined {
    if (key === undefined) return undefined;
    const wait = slowModeWait(this.store.lastSend(key), now, this.store.slowModeSeconds());
    if (wait > 0) return { code: "slow_mode", retryAfterMs: wait };
    const allowed: Allowance = allowance(this.store.recentSends(key, now), now);
    if (!allowed.ok) return { code: "rate_limited", retryAfterMs: allowed.retryAfterMs };
    this.store.recordSend(key, now);
    return undefined;
  }

  /** Refuses a message with an `error` frame saying why (and when to retry, if it can work later). */
  private refusal(refusal: SendRefusal): SpeakOutcome {
    const message = refusalMessage(refusal, { slowModeSeconds: this.store.slowModeSeconds(), rate: RATE });
    const error: ErrorFrame = {
      type: "error",
      code: refusal.code,
      message,
      ...("retryAfterMs" in refusal ? { retry_after_ms: refusal.retryAfterMs } : {}),
    };
    return { ok: false, error, expel: false };
  }

  /**
   * Whether the session's account may go past the limit as staff. The role it opened with is a first filter (guests
   * and viewers are refused without a query); then, as with the HTTP guards, the stored account decides, so a
   * demotion takes effect on the socket's next message past the limit (`demoted` remembers it). When D1 cannot say,
   * the limit holds.
   */
  private async stillStaff(session: ChatSession, demoted: () => void = () => {}): Promise<boolean> {
    if (!session.staff || session.userId === null) return false;
    let role: Role | null;
    try {
      role = await storedRole(this.env, session.userId);
    } catch {
      return false;
    }
    if (role && isStaff(role)) return true;
    demoted();
    return false;
  }

  /**
   * Someone joined or left: announced on its own while the presence window's budget lasts, else held back until
   * the window ends, when the alarm sends one `presence` frame (see `presenceTurn`).
   */
  private async presenceChanged(sender: Sender, event: "joined" | "left", viewers: number): Promise<void> {
    const turn = presenceTurn(this.store.presenceWindow(), Date.now());
    this.store.savePresenceWindow(turn.window);
    if (turn.announce) {
      this.broadcastNext({
        type: "system",
        event,
        name: sender.name,
        guest: sender.guest,
        text: `${sender.name} ${event}`,
        viewers,
      });
    }
    if (turn.schedule !== undefined) await this.ctx.storage.setAlarm(turn.schedule);
  }

  // ---- broadcasting -----------------------------------------------------------------------------------------------

  /**
   * Broadcasts a message: staff sockets get it with its sender's key (to mute or ban them), everyone else without.
   * The log keeps the public frame, so a resuming client never learns a key.
   */
  private publish(message: ChatMessage | KeyedMessage, senderKey: string | undefined): void {
    const { sender_key: _key, ...shown } = message as KeyedMessage;
    const seq = this.store.nextSeq();
    const frame = { type: "message", ...shown, seq };
    const publicFrame = JSON.stringify(frame);
    const staffFrame = JSON.stringify({ ...frame, sender_key: senderKey ?? null });
    fanOut(this.sockets(), new Set(this.sockets(STAFF_TAG)), publicFrame, staffFrame);
    this.store.logBroadcast(seq, publicFrame, { messageId: message.id }, this.settings.logLimit);
    this.relays.push({ kind: "frame", seq, frame: publicFrame, staffFrame });
  }

  /** Broadcasts with the room's next seq, and logs the frame as sent for clients that resume. */
  private broadcastNext(message: WireMessage, links: BroadcastLinks = {}): void {
    const seq = this.store.nextSeq();
    const frame = this.broadcast({ ...message, seq });
    this.store.logBroadcast(seq, frame, links, this.settings.logLimit);
    this.relays.push({ kind: "frame", seq, frame });
  }

  /** Everyone watching: the room's own open sockets and the relays' clients. */
  private viewers(): number {
    return this.openSockets().length + this.relays.viewers();
  }

  /** Read from storage once per instance (a woken or restarted room starts unknown); only `end` changes it. */
  private hasEnded(): boolean {
    this.ended ??= this.store.ended();
    return this.ended;
  }

  /** Sockets still open (those with `tag`, if given), leaving out `leaving` (whose close is being handled). */
  private openSockets(options: { tag?: string; leaving?: WebSocket } = {}): WebSocket[] {
    return this.sockets(options.tag).filter((socket) => socket !== options.leaving && socket.readyState === OPEN);
  }
}
