/**
 * The shape every part of the soak's workload has: prepared before the clock starts (sockets opened, data created),
 * run until the deadline, then verified (every write the soak got an acknowledgement for is there, and every client
 * that should have seen it did) and closed.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { isInterrupted } from "../bench/processes";
import { send } from "../bench/requests";
import type { Recorder } from "./recorder";

export interface SoakContext {
  baseUrl: string;
  editorToken: string;
  recorder: Recorder;
}

/** One verification: what was checked, whether it held, and the figures behind it. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Workload {
  /** Runs the load until `until` (a `performance.now()` time). */
  run(until: number): Promise<void>;
  /** Checks once the load has stopped; may wait a little for the last deliveries. */
  verify(): Promise<Check[]>;
  /** Closes sockets and removes what the workload added where that is possible through the API. */
  close(): Promise<void>;
}

/** Runs `body` over and over, with `pauseMs` between runs, until `until` (or an interrupt). */
export async function repeatUntil(until: number, pauseMs: number, body: () => Promise<void>): Promise<void> {
  while (performance.now() < until && !isInterrupted()) {
    await body();
    await sleep(Math.min(pauseMs, Math.max(0, until - performance.now())));
  }
}

/** Waits until `done()` holds or `timeoutMs` has passed; whether it held. */
export async function waitFor(done: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  for (const deadline = performance.now() + timeoutMs; !done(); await sleep(100)) {
    if (performance.now() > deadline) return false;
  }
  return true;
}

export const count = (n: number) => n.toLocaleString("en-US");

/** GETs `path` for a verification (not counted as load); its JSON, or a throw unless it answered 200. */
export async function readJson<T>(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await send(baseUrl, { method: "GET", path, headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Every item of a collection, through its pages (`path` has a query string; `cursor` is added to it). */
export async function readAllPages<T>(baseUrl: string, path: string, headers: () => Record<string, string>) {
  const items: T[] = [];
  let cursor: string | null = "";
  while (cursor !== null) {
    const page: { data: T[]; next_cursor: string | null } = await readJson(
      baseUrl,
      cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path,
      headers(),
    );
    items.push(...page.data);
    cursor = page.next_cursor;
  }
  return items;
}
