import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { CalendarEvent } from "./dates";
import { heldEvent, storeEvent } from "./events";

/** An `update` frame of `GET /events/stream` (README, "Live feed"): the event as `GET /events/{id}` answers it. */
interface FeedUpdate {
  type: "insert" | "update" | "delete";
  id: string;
  event: CalendarEvent | null;
}

export type FeedState = "connecting" | "live" | "reconnecting";

/**
 * Keeps the events the page holds up to date with the calendar's live feed. EventSource reconnects by itself after a
 * dropped connection and sends `Last-Event-ID`, so the feed replays what was missed; `reset` (too much was missed)
 * reloads the events instead.
 */
export function useLiveEvents(): FeedState {
  const client = useQueryClient();
  const [state, setState] = useState<FeedState>("connecting");
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      source = new EventSource("/events/stream");
      source.addEventListener("open", () => setState("live"));
      source.addEventListener("error", () => {
        setState("reconnecting");
        // EventSource retries a dropped stream by itself; an answer that was not a stream ends it for good.
        if (source?.readyState === EventSource.CLOSED) {
          clearTimeout(retry);
          retry = setTimeout(() => {
            void client.invalidateQueries({ queryKey: ["events", "range"] });
            connect();
          }, 5_000);
        }
      });
      source.addEventListener("update", (message) => {
        const update = JSON.parse((message as MessageEvent<string>).data) as FeedUpdate;
        const held = heldEvent(client, update.id);
        // This page's own write may have brought a newer version than the frame carries.
        if (update.event && held && held.updated_at > update.event.updated_at) return;
        storeEvent(client, update.id, update.type === "delete" ? null : update.event);
      });
      source.addEventListener("reset", () => {
        void client.invalidateQueries({ queryKey: ["events", "range"] });
      });
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [client]);
  return state;
}
