/**
 * A WebSocket client of the Worker for the tests of its socket routes (games, the scoreboard, the chat): it opens a
 * socket the way a browser would, through the Worker's own fetch, and keeps every frame the server sends.
 */
import { afterEach, expect } from "vitest";
import { call, type Query, withQuery } from "./helpers";

/** A frame the server sent: a JSON object with a `type`. */
export type Frame = { type: string } & Record<string, any>;

/** How the socket was closed: the close frame's code and reason. */
export interface Closed {
  code: number;
  reason: string;
}

/** How long a read waits before it fails, unless told otherwise. */
export const FRAME_TIMEOUT_MS = 5000;

/**
 * A real WebSocket client of the Worker. It keeps every frame it receives in `frames`, in order, and offers two ways
 * of reading them:
 * - in sequence: `next()` and `take(n)` return the frames not read that way yet, one after another;
 * - by content: `waitFor(match)`, `collect(type, count)` and `first(type)` look at every frame received, whether or
 *   not `next()` has already returned it.
 */
export class SocketClient {
  /** Every frame received, oldest first. */
  readonly frames: Frame[] = [];
  /** Set once the socket has closed, from either side. */
  closed: Closed | undefined;
  /** How many frames `next()` has returned. */
  private read = 0;
  private waiters: (() => void)[] = [];

  /** Wraps the client end of a 101 response's socket, and accepts it. */
  constructor(readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => {
      this.frames.push(JSON.parse(String(event.data)));
      this.wake();
    });
    socket.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
    socket.accept();
  }

  /** The next frame not read by `next()` yet, waiting up to `timeoutMs` for it. */
  next(timeoutMs = FRAME_TIMEOUT_MS): Promise<Frame> {
    return this.until(() => (this.read < this.frames.length ? this.frames[this.read++] : undefined), {
      timeoutMs,
      waitingFor: "a frame",
    });
  }

  /** The next `n` frames not read by `next()` yet. */
  async take(n: number, timeoutMs = FRAME_TIMEOUT_MS): Promise<Frame[]> {
    const frames: Frame[] = [];
    for (let i = 0; i < n; i++) frames.push(await this.next(timeoutMs));
    return frames;
  }

  /** The first frame, already received or still to come, that `match`es. */
  waitFor(match: (frame: Frame) => boolean, timeoutMs = FRAME_TIMEOUT_MS): Promise<Frame> {
    return this.until(() => this.frames.find(match), { timeoutMs, waitingFor: "a matching frame" });
  }

  /** Waits until `count` frames of `type` have arrived, and returns every frame of that type. */
  collect(type: string, count: number, timeoutMs = FRAME_TIMEOUT_MS): Promise<Frame[]> {
    return this.until(
      () => {
        const frames = this.ofType(type);
        return frames.length >= count ? frames : undefined;
      },
      { timeoutMs, waitingFor: `${count} "${type}" frames` },
    );
  }

  /** The frames of `type` received so far, in order. */
  ofType(type: string): Frame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** The first frame of `type` received so far; throws if none has come. */
  first(type: string): Frame {
    const frame = this.frames.find((f) => f.type === type);
    if (!frame) throw new Error(`no "${type}" frame; got ${JSON.stringify(this.frames)}`);
    return frame;
  }

  /** Sends `message`: a string or binary data as it is, anything else as JSON. */
  send(message: unknown): void {
    this.socket.send(
      typeof message === "string" || message instanceof ArrayBuffer || ArrayBuffer.isView(message)
        ? (message as string | ArrayBuffer | ArrayBufferView)
        : JSON.stringify(message),
    );
  }

  /** Sends `message` and waits for the error frame it must cause, with the code `code`; returns that frame. */
  async expectError(message: unknown, code: string): Promise<Frame> {
    const before = this.ofType("error").length;
    this.send(message);
    const error = (await this.collect("error", before + 1))[before]!;
    expect(error).toMatchObject({ type: "error", code, message: expect.any(String) });
    return error;
  }

  /** Waits for the socket to close (the server closing it, say); returns how it closed. */
  waitForClose(timeoutMs = FRAME_TIMEOUT_MS): Promise<Closed> {
    return this.until(() => this.closed, { timeoutMs, waitingFor: "the socket to close", evenIfClosed: true });
  }

  /** Closes the socket (1000) and waits, up to `timeoutMs`, for the server to close its side too. */
  async close(timeoutMs = 1000): Promise<void> {
    if (!this.closed) {
      try {
        this.socket.close(1000, "test over");
      } catch {
        // Already closing.
      }
    }
    await this.waitForClose(timeoutMs).catch(() => undefined);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves with what `check` finds, checking again on every frame and on the close; throws when time runs out. */
  private async until<T>(
    check: () => T | undefined,
    options: { timeoutMs: number; waitingFor: string; evenIfClosed?: boolean },
  ): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (this.closed && !options.evenIfClosed) {
        throw new Error(`socket closed (${this.closed.code}) while waiting for ${options.waitingFor}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`waited ${options.timeoutMs} ms for ${options.waitingFor}; got ${JSON.stringify(this.frames)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

// ---- opening sockets ------------------------------------------------------------------------------------------------

/** What an upgrade request carries besides `Upgrade: websocket`. */
export interface UpgradeOptions {
  /** Query-string parameters, e.g. `{ name: "Priya" }` or `{ access_token: token }`. */
  query?: Query;
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

/** Asks the Worker to upgrade `path` to a WebSocket, as a browser would; the raw response (a 101, or a problem). */
export function requestUpgrade(path: string, options: UpgradeOptions = {}): Promise<Response> {
  return call("GET", withQuery(path, options.query), {
    token: options.token,
    headers: { Upgrade: "websocket", ...options.headers },
  });
}

const openSockets: SocketClient[] = [];

/**
 * Opens a socket to the Worker at `path`: expects a 101, and returns the accepted client. Every socket opened this
 * way is closed by `closeOpenSockets()`.
 */
export async function openSocket(path: string, options: UpgradeOptions = {}): Promise<SocketClient> {
  const res = await requestUpgrade(path, options);
  if (res.status !== 101) expect(res.status, await res.text()).toBe(101);
  if (!res.webSocket) throw new Error("101 without a socket");
  const client = new SocketClient(res.webSocket);
  openSockets.push(client);
  return client;
}

/** Closes every socket `openSocket` has opened and not closed yet, and waits for the server's side of each. */
export async function closeOpenSockets(): Promise<void> {
  await Promise.all(openSockets.splice(0).map((client) => client.close()));
}

/** Registers an `afterEach` that closes the sockets each test opened (call it once, at the top of a test file). */
export function closeSocketsAfterEach(): void {
  afterEach(closeOpenSockets);
}
