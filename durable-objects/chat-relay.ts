import type { ClientMessageOf } from "../src/realtime/messages";
import { send, sendError, sendFrame } from "../src/realtime/messages";
import {
  budgetOf,
  type ChatSession,
  chatClientMessages,
  chatRoomOf,
  SOCKETS_PER_GUEST_ADDRESS,
} from "../src/streams/chat-room";
import {
  DEFAULT_RELAY_SOCKETS,
  RELAY_FULL,
  type RelayJoin,
  RelayJoinSchema,
  type RelayPush,
  type RelayReport,
  type SpeakOutcome,
  socketBound,
} from "../src/streams/relays";
import { closeQuietly, expel, fanOut, OPEN, STAFF_TAG, tagsOf } from "./chat-sockets";
import { Room } from "./room";

/** Per-socket state, in the socket's attachment (it survives hibernation). */
interface RelayAttachment {
  /** Who opened the socket, as the Worker handed it over: what the room is told when they speak. */
  session: ChatSession;
  /** Set once the room has been told they left. */
  left?: boolean;
}

const isOpen = (socket: WebSocket) => socket.readyState === OPEN;

/** Who a batch of pushes goes to, listed once for the batch: every socket, whether any is open, and staff's. */
interface Audience {
  all: WebSocket[];
  open: boolean;
  staff: ReadonlySet<WebSocket>;
}

/** Close code that tells a client to reconnect and resume (RFC 6455's "service restart"). */
const RECONNECT = 1012;

/**
 * One relay of a stream's chat (`stream:<id>:relay:<n>`, see src/streams/relays.ts): it holds at most
 * `settings.capacity` viewer sockets (CHAT_RELAY_SOCKETS) through the hibernation API, and broadcasts to them what the
 * room pushes, so that the room sends each frame once per relay instead of once per client.
 *
 * - Order: pushes and joins are handled one at a time (`inTurn`). `cursor` is the last seq delivered, kept in storage
 *   so it outlasts hibernation and restarts; a frame at or below it is a duplicate and skipped; one past the next
 *   means a gap, which is fetched from the room's log (the source of truth) and delivered first. When the room no
 *   longer keeps the gap, the clients are closed with 1012 to reconnect and resume from the room.
 * - Joins: the room counts the newcomer and answers its greeting (history, or the replay for `after_seq`) and the
 *   seq that greeting ends at; the relay first brings its other clients to that seq, then accepts the newcomer and
 *   sends the greeting, so the newcomer's live frames follow without a gap or a duplicate.
 * - Sends go to the room with the session the Worker handed over, never anything the client says about itself; the
 *   room's moderation answers, and a ban reaches here as `expel`.
 * - Loss: a relay that restarts has lost its sockets; its clients reconnect to the same shard and resume from their
 *   last seq through the room's greeting, and the relay's next report corrects the room's count.
 */
export class ChatRelay extends Room<RelayJoin, RelayAttachment, typeof chatClientMessages> {
  /** Tunable per instance, as the room's settings are. */
  readonly settings = { capacity: socketBound(this.env.CHAT_RELAY_SOCKETS, DEFAULT_RELAY_SOCKETS) };
  protected readonly sessionSchema = RelayJoinSchema;
  protected readonly clientMessages = chatClientMessages;
  /** Joins and pushes, one at a time. */
  private turns: Promise<unknown> = Promise.resolve();
  /** Messages from this relay's clients, forwarded one at a time so that each sender's stay in order. */
  private sends: Promise<unknown> = Promise.resolve();
  private lastReport = 0;

  // ---- joins ------------------------------------------------------------------------------------------------------

  protected override join(join: RelayJoin): Promise<Response> {
    return this.inTurn(() => this.admit(join));
  }

  private async admit({ stream_id, relay, session, after_seq }: RelayJoin): Promise<Response> {
    this.remember(stream_id, relay);
    const open = this.openSockets();
    if (open.length >= this.settings.capacity) {
      return this.refuse(503, RELAY_FULL, `This relay holds its ${this.settings.capacity} sockets: try another.`);
    }
    // A sender's sockets share a relay (they hash alike), so a guest's are counted here.
    const key = budgetOf(session);
    if (session.guest && key && this.openSockets(key).length >= SOCKETS_PER_GUEST_ADDRESS) {
      return this.refuse(
        429,
        "too_many_sockets",
        `At most ${SOCKETS_PER_GUEST_ADDRESS} chats may be open from one address; close one first.`,
      );
    }
    const answer = await this.room().joinVia({ session, after_seq }, this.report(open.length + 1));
    if (!answer.ok) return this.refuse(answer.status, answer.code, answer.detail);
    if (answer.banned) {
      const { socket, response } = this.acceptSocket({ session, left: true });
      expel(socket);
      return response;
    }
    if (open.length > 0) await this.catchUp(answer.seq);
    this.setCursor(Math.max(this.cursor() ?? 0, answer.seq));
    const { socket, response } = this.acceptSocket({ session }, tagsOf(session));
    for (const frame of answer.greeting) sendFrame(socket, frame);
    return response;
  }

  // ---- what the room pushes (RPC) ---------------------------------------------------------------------------------

  /**
   * Delivers the room's pushes to this relay's clients, in seq order; answers how many clients it holds. The room
   * says which of its relays this is, which a relay that lost its storage has forgotten.
   */
  deliver(streamId: string, relay: number, pushes: RelayPush[]): Promise<RelayReport> {
    return this.inTurn(async () => {
      this.remember(streamId, relay);
      // Listed once per batch, not per frame: a relay's hundreds of sockets are its per-frame cost. Nobody joins
      // during a batch (joins take turns with it); a socket closed meanwhile just fails its send.
      const all = this.sockets();
      const audience: Audience = { all, open: all.some(isOpen), staff: new Set(this.sockets(STAFF_TAG)) };
      for (const push of pushes) {
        if (push.kind === "frame") await this.deliverFrame(push, audience);
        else if (push.kind === "expel") for (const socket of this.sockets(push.senderKey)) expel(socket);
        else for (const socket of all) closeQuietly(socket, 1000, "The stream has ended.");
      }
      return this.report(this.openSockets().length);
    });
  }

  private async deliverFrame(push: Extract<RelayPush, { kind: "frame" }>, audience: Audience): Promise<void> {
    const cursor = this.cursor();
    if (cursor !== undefined && push.seq <= cursor) return;
    // Nobody to deliver to: the next newcomer's greeting starts from the room's seq anyway.
    if (audience.open && cursor !== undefined && push.seq > cursor + 1) await this.catchUp(push.seq - 1);
    fanOut(audience.all, audience.staff, push.frame, push.staffFrame);
    this.setCursor(push.seq);
  }

  /**
   * Brings this relay's clients from `cursor` to `upTo` with the frames the room logged (as sent to everyone: staff
   * get them without sender keys, as a resuming client does). If the room no longer has them, or cannot be asked,
   * the clients are closed to reconnect and resume from the room.
   */
  private async catchUp(upTo: number): Promise<void> {
    const cursor = this.cursor();
    if (cursor !== undefined && cursor >= upTo) return;
    try {
      if (cursor === undefined) throw new Error("no cursor");
      const { frames, complete } = await this.room().framesForRelay(cursor, upTo);
      if (!complete) throw new Error("gap no longer kept");
      const sockets = this.sockets();
      for (const { frame } of frames) fanOut(sockets, new Set(), frame);
    } catch {
      for (const socket of this.sockets()) closeQuietly(socket, RECONNECT, "Reconnect with after_seq to resume.");
    }
    this.setCursor(upTo);
  }

  // ---- the clients ------------------------------------------------------------------------------------------------

  protected override onMessage(socket: WebSocket, message: ClientMessageOf<typeof chatClientMessages>): Promise<void> {
    if (message.type === "ping") {
      send(socket, { type: "pong" });
      return Promise.resolve();
    }
    const { session } = this.attachmentOf(socket);
    const sent = this.sends.then(async () => {
      try {
        const outcome: SpeakOutcome = await this.room().speakVia(session, message.content);
        if (outcome.ok) return;
        if (outcome.expel) return expel(socket);
        send(socket, outcome.error);
      } catch {
        sendError(socket, "unavailable", "The chat could not take the message: send it again.");
      }
    });
    this.sends = sent;
    return sent;
  }

  protected override async onLeave(socket: WebSocket): Promise<void> {
    const attachment = this.attachmentOf(socket);
    if (attachment.left) return;
    try {
      socket.serializeAttachment({ ...attachment, left: true } satisfies RelayAttachment);
    } catch {
      // Already gone.
    }
    const viewers = this.openSockets().filter((open) => open !== socket).length;
    try {
      await this.room().leftVia(attachment.session, this.report(viewers));
    } catch {
      // The room is told the count again with this relay's next join or delivery.
    }
  }

  // ---- state ------------------------------------------------------------------------------------------------------

  /** Runs `work` after every join and push before it. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.turns.then(work);
    this.turns = turn.catch(() => {});
    return turn;
  }

  /** Which stream's relay this is, and which of its relays. */
  private remember(streamId: string, relay: number): void {
    if (this.ctx.storage.kv.get("stream_id") !== streamId) this.ctx.storage.kv.put("stream_id", streamId);
    if (this.ctx.storage.kv.get("relay") !== relay) this.ctx.storage.kv.put("relay", relay);
  }

  private room() {
    const streamId = this.ctx.storage.kv.get<string>("stream_id");
    if (streamId === undefined) throw new Error("A relay reached before any join names no stream.");
    return chatRoomOf(this.env, streamId);
  }

  /** This relay's client count for the room, numbered so the room keeps the newest of reports that cross. */
  private report(viewers: number): RelayReport {
    this.lastReport = Math.max(Date.now(), this.lastReport + 1);
    return { relay: this.ctx.storage.kv.get<number>("relay") ?? 0, viewers, report: this.lastReport };
  }

  private cursor(): number | undefined {
    return this.ctx.storage.kv.get<number>("cursor");
  }

  private setCursor(seq: number): void {
    this.ctx.storage.kv.put("cursor", seq);
  }

  /** Open sockets (those with `tag`, if given). */
  private openSockets(tag?: string): WebSocket[] {
    return this.sockets(tag).filter(isOpen);
  }
}
