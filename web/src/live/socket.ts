import { useEffect, useRef, useState } from "react";

/** How a room's socket stands, for a quiet indicator on the page. */
export type ConnectionState = "connecting" | "open" | "reconnecting" | "refused" | "closed";

export interface RoomSocketOptions<Frame> {
  /**
   * Where to connect, asked again before each attempt (so a chat can add `?after_seq=`); a path on this origin such
   * as `/games/x/ws`. Null: do not connect (yet).
   */
  url: () => string | null;
  onFrame: (frame: Frame) => void;
  /**
   * A socket that closed before it ever opened, on its first try: the room refused it (a browser is not told why).
   * Return true to stop there; otherwise it retries like any drop.
   */
  onRefused?: () => boolean;
  /** Changes of `url`'s inputs that need a new connection (a name chosen, a session started). */
  key: string;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const PING_MS = 25_000;

/** Backoff with jitter: 0.5 s, 1 s, 2 s… up to 8 s. */
const delayFor = (attempt: number) =>
  Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt) * (0.75 + Math.random() * 0.5);

/**
 * A WebSocket to a room that reconnects by itself after a drop, with backoff, and at once when the browser comes
 * back online; it pings now and then so a dead connection is noticed. Returns the connection state and `send`.
 *
 * @example
 * const { state } = useRoomSocket({ key: id, url: () => `/games/${id}/ws`, onFrame: (frame) => … });
 */
export function useRoomSocket<Frame>({ url, onFrame, onRefused, key }: RoomSocketOptions<Frame>) {
  const [state, setState] = useState<ConnectionState>("connecting");
  const socketRef = useRef<WebSocket | null>(null);
  const handlers = useRef({ url, onFrame, onRefused });
  handlers.current = { url, onFrame, onRefused };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key is what asks for a new connection
  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let everOpened = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;

    const connect = () => {
      clearTimeout(retry);
      const path = handlers.current.url();
      if (stopped || path === null) return;
      const address = new URL(path, location.href);
      address.protocol = address.protocol === "https:" ? "wss:" : "ws:";
      let opened = false;
      const socket = new WebSocket(address);
      socketRef.current = socket;
      setState(everOpened ? "reconnecting" : "connecting");
      socket.onopen = () => {
        opened = true;
        everOpened = true;
        attempt = 0;
        setState("open");
        ping = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'), PING_MS);
      };
      socket.onmessage = (event) => {
        if (socketRef.current !== socket || typeof event.data !== "string") return;
        try {
          handlers.current.onFrame(JSON.parse(event.data) as Frame);
        } catch (error) {
          console.error(error);
        }
      };
      socket.onclose = () => {
        clearInterval(ping);
        if (socketRef.current !== socket) return;
        socketRef.current = null;
        if (stopped) return;
        if (!opened && !everOpened && attempt === 0 && handlers.current.onRefused?.()) {
          setState("refused");
          return;
        }
        setState("reconnecting");
        retry = setTimeout(connect, delayFor(attempt++));
      };
    };

    const reconnectNow = () => {
      if (!stopped && socketRef.current === null) connect();
    };
    // Offline, the closing handshake cannot finish: the socket is let go at once, and the next try waits its turn.
    const dropOnOffline = () => {
      const socket = socketRef.current;
      if (stopped || !socket) return;
      socketRef.current = null;
      clearInterval(ping);
      socket.close();
      setState("reconnecting");
      retry = setTimeout(connect, delayFor(attempt++));
    };
    window.addEventListener("online", reconnectNow);
    window.addEventListener("offline", dropOnOffline);
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      window.removeEventListener("online", reconnectNow);
      window.removeEventListener("offline", dropOnOffline);
      const socket = socketRef.current;
      socketRef.current = null;
      socket?.close(1000, "page left");
      setState("closed");
    };
  }, [key]);

  /** Sends a frame; false when the socket is not open. */
  const send = (frame: object): boolean => {
    const socket = socketRef.current;
    if (socket?.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };
  return { state, send };
}
