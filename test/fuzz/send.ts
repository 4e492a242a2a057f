import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../workers/index";
import { BASE, freshIp } from "../helpers";
import type { Draft, FuzzCase, Mutation } from "./cases";
import { wellFormed } from "./values";

// Turns a case into a request, sends it to the Worker and reads the answer fully (or, for an event stream, its first
// chunk), so that no response is left open.
//
// Requests go to the Worker's fetch handler itself, with the test's env and an execution context, rather than
// through `exports.default.fetch` as test/helpers.ts `call` does: in vitest-pool-workers every call through `exports`
// costs a little more than the one before it (workers-sdk issue 15446: ~4 ms for the first calls, ~150 ms after 600
// in one file), which thousands of cases cannot afford. The Worker, its bindings and its Durable Objects are the same.

/** The credentials each caller sends: an Authorization header value, or none. */
export interface Credentials {
  tokens: Record<string, string>;
  /** Authorization header values that are not valid credentials (forged, expired, not a bearer token…). */
  badTokens: string[];
}

/** A request as sent, in a form that can be printed and replayed. */
export interface SentRequest {
  method: string;
  /** Path and query string, exactly as in the URL. */
  target: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  labels: string[];
}

/** The answer: status, headers, and the body as text (for an event stream, its first chunk). */
export interface Outcome {
  status: number;
  headers: Headers;
  text: string;
  /** Set when the request could not even be sent (the Worker threw instead of answering). */
  thrown?: string;
}

const encode = (text: string) => encodeURIComponent(wellFormed(text));

function fillPath(op: FuzzCase["op"], draft: Draft): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const param = draft.pathValues[name];
    if (!param) return "";
    // A parameter whose pattern holds a `/` (the media key) keeps its slashes.
    const slashes = op.params.find((p) => p.name === name)?.schema.pattern?.includes("/");
    return param.raw ? param.value : encode(param.value).replaceAll("%2F", slashes ? "/" : "%2F");
  });
  switch (draft.pathShape) {
    case "trailing slash":
      return `${path}/`;
    case "doubled slash":
      return path.replace("/", "//");
    case "extra segment":
      return `${path}/extra`;
    case "upper case":
      return path.toUpperCase();
    default:
      return path;
  }
}

/** The request `fuzzCase` makes with `mutations` (all of its own by default) applied to its baseline. */
export function requestOf(fuzzCase: FuzzCase, credentials: Credentials, mutations: Mutation[] = fuzzCase.mutations) {
  const draft = structuredClone(fuzzCase.baseline);
  for (const mutation of mutations) mutation.apply(draft);
  const query = draft.query
    .map(({ name, value, raw }) => {
      const key = raw ? name : encode(name);
      if (value === undefined) return key;
      return `${key}=${raw ? value : encode(value)}`;
    })
    .join("&");
  const headers: Record<string, string> = { "cf-connecting-ip": freshIp(), ...draft.headers };
  const { caller } = fuzzCase;
  if (caller === "bad token") {
    headers.authorization = credentials.badTokens[fuzzCase.badToken % credentials.badTokens.length] ?? "";
  } else if (caller !== "anonymous") {
    headers.authorization = `Bearer ${credentials.tokens[caller]}`;
  }
  let body: string | Uint8Array | undefined;
  if (draft.body && draft.method !== "GET" && draft.method !== "HEAD") {
    body = draft.body.raw ?? (draft.body.json === undefined ? undefined : JSON.stringify(draft.body.json));
    if (draft.body.contentType !== null) headers["content-type"] = draft.body.contentType;
  }
  const sent: SentRequest = {
    method: draft.method,
    target: fillPath(fuzzCase.op, draft) + (query ? `?${query}` : ""),
    headers,
    body,
    labels: mutations.map((m) => m.label),
  };
  return sent;
}

/** Reads at most the first chunk of an endless stream (waiting `ms` at most), then cancels it. */
async function firstChunk(body: ReadableStream<Uint8Array>, ms = 2_000): Promise<string> {
  const reader = body.getReader();
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
  const read = await Promise.race([reader.read(), timeout]);
  await reader.cancel().catch(() => {});
  return read?.value ? new TextDecoder().decode(read.value) : "";
}

/** Sends `request` to the Worker and reads its answer; a socket it opens is accepted and closed at once. */
export async function send(request: SentRequest): Promise<Outcome> {
  let res: Response;
  const ctx = createExecutionContext();
  try {
    const req = new Request(`${BASE}${request.target}`, {
      method: request.method,
      headers: request.headers,
      body: request.body as BodyInit | undefined,
    });
    res = await worker.fetch(req as Request<unknown, IncomingRequestCfProperties>, env, ctx);
    await waitOnExecutionContext(ctx);
  } catch (error) {
    return { status: 0, headers: new Headers(), text: "", thrown: String(error) };
  }
  if (res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000, "fuzz");
    return { status: res.status, headers: res.headers, text: "" };
  }
  const type = res.headers.get("Content-Type") ?? "";
  if (type.startsWith("text/event-stream") && res.body) {
    return { status: res.status, headers: res.headers, text: await firstChunk(res.body) };
  }
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Whether `request` can be sent at all: the URL parses and the headers are valid (else it is the suite's fault). */
export function sendable(request: SentRequest): boolean {
  try {
    new Request(`${BASE}${request.target}`, {
      method: request.method,
      headers: request.headers,
      body: request.body as BodyInit | undefined,
    });
    return true;
  } catch {
    return false;
  }
}
