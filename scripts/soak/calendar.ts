/**
 * Calendar writes under a live feed: SSE subscribers on `GET /events/stream`, and writers that each create an event
 * and then edit it twice (`PATCH`), one write after another.
 *
 * Verified afterwards: every acknowledged write is stored (each event reads back at the version its last write was
 * acknowledged with), and every subscriber saw it: for each acknowledged write, the subscriber's newest version of
 * that event is that one or newer. (The feed may skip a version already overtaken by a newer one of the same event,
 * as the README says; it never leaves a subscriber on an older one.) Delivery latency is from sending a write to a
 * subscriber receiving that very version. The events are deleted at the end.
 */
import { setMaxListeners } from "node:events";
import { json } from "../bench/requests";
import { benchEvent, deleteEvents, openSubscribers } from "../bench/sse";
import type { Recorder } from "./recorder";
import { type Check, count, readJson, repeatUntil, type SoakContext, type Workload, waitFor } from "./workload";

interface AckedWrite {
  id: string;
  updatedAt: string;
  sentAt: number;
}

export async function prepareCalendar(
  { baseUrl, editorToken, recorder }: SoakContext,
  subscribers: number,
  writers: number,
  pauseMs: number,
): Promise<Workload> {
  const connections = new AbortController();
  setMaxListeners(subscribers + 10, connections.signal);
  /** Per subscriber: event id → newest `updated_at` seen. */
  const newest = Array.from({ length: subscribers }, () => new Map<string, string>());
  /** `id@updated_at` → when each subscriber received that version. */
  const arrivals = new Map<string, number[]>();
  await openSubscribers(`${baseUrl}/events/stream`, subscribers, connections.signal, (subscriber, change, at) => {
    if (change.updatedAt === null) return; // a delete: the soak deletes only after verifying
    const seen = newest[subscriber] as Map<string, string>;
    if ((seen.get(change.id) ?? "") < change.updatedAt) seen.set(change.id, change.updatedAt);
    const key = `${change.id}@${change.updatedAt}`;
    arrivals.set(key, [...(arrivals.get(key) ?? []), at]);
  });

  const acked: AckedWrite[] = [];
  const created: string[] = [];
  let events = 0;
  const write = async (method: "POST" | "PATCH", path: string, body: unknown) => {
    const sentAt = performance.now();
    const request = { method, path, headers: json(editorToken), body: JSON.stringify(body) };
    const answer = await recorder.send("calendar write", baseUrl, request, method === "POST" ? 201 : 200);
    if (answer?.status !== (method === "POST" ? 201 : 200)) return undefined;
    const event = JSON.parse(answer.text) as { id: string; updated_at: string };
    acked.push({ id: event.id, updatedAt: event.updated_at, sentAt });
    return event.id;
  };
  const createAndEdit = async (until: number) => {
    const n = ++events;
    const id = await write("POST", "/events", benchEvent(n));
    if (id === undefined) return;
    created.push(id);
    for (let edit = 1; edit <= 2; edit++) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      if (performance.now() >= until) return;
      await write("PATCH", `/events/${id}`, { name: `Bench event ${n}, edit ${edit}` });
    }
  };

  const seenBy = (subscriber: number, write: AckedWrite) =>
    (newest[subscriber]?.get(write.id) ?? "") >= write.updatedAt;
  const unseen = () => acked.filter((write) => newest.some((_, i) => !seenBy(i, write)));

  return {
    run: async (until) => {
      await Promise.all(Array.from({ length: writers }, () => repeatUntil(until, pauseMs, () => createAndEdit(until))));
    },
    verify: async (): Promise<Check[]> => {
      await waitFor(() => unseen().length === 0);
      recordDeliveries(recorder, acked, arrivals);
      const lastVersion = new Map<string, string>();
      for (const write of acked)
        if ((lastVersion.get(write.id) ?? "") < write.updatedAt) lastVersion.set(write.id, write.updatedAt);
      const notStored: string[] = [];
      for (const [id, updatedAt] of lastVersion) {
        const event = await readJson<{ updated_at: string }>(baseUrl, `/events/${id}`).catch(() => undefined);
        if (event?.updated_at !== updatedAt) notStored.push(`${id} (${event?.updated_at ?? "missing"} ≠ ${updatedAt})`);
      }
      const missed = unseen();
      return [
        {
          name: "every acknowledged calendar write is stored",
          ok: notStored.length === 0,
          detail: `${count(acked.length)} writes to ${count(lastVersion.size)} events; ${notStored.length} not as acknowledged${notStored.length ? `: ${notStored.slice(0, 5).join(", ")}` : ""}`,
        },
        {
          name: `every SSE subscriber (${subscribers}) saw every acknowledged write`,
          ok: missed.length === 0,
          detail: `${missed.length} writes missed by some subscriber${
            missed.length
              ? `: ${missed
                  .slice(0, 5)
                  .map((w) => `${w.id}@${w.updatedAt}`)
                  .join(", ")}`
              : ""
          }`,
        },
      ];
    },
    close: async () => {
      connections.abort();
      await deleteEvents(baseUrl, editorToken, created);
    },
  };
}

/** Each subscriber's receipt of each acknowledged version, timed from the sending of its write. */
function recordDeliveries(recorder: Recorder, acked: AckedWrite[], arrivals: Map<string, number[]>): void {
  for (const write of acked) {
    for (const at of arrivals.get(`${write.id}@${write.updatedAt}`) ?? []) {
      recorder.latency("calendar delivery (SSE)", at - write.sentAt, write.sentAt);
    }
  }
}
