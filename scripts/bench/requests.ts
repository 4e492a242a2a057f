/**
 * The requests the bench sends to the API, besides autocannon's: signing in, checking the data is the seeded one,
 * and sign-ups that differ every time. Each client gets an address of its own (`CF-Connecting-IP`), because the
 * per-client rate limits would otherwise answer 429 instead of the route.
 */
import { randomBytes, randomInt } from "node:crypto";
import { DEMO_USERS } from "../seed/demo-data";

export interface HttpRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Marks the subscribers the bench adds, so that they can be removed afterwards. */
export const BENCH_EMAIL_DOMAIN = "bench.invalid";

const EDITOR = DEMO_USERS.find((user) => user.role === "editor")!;
const runId = randomBytes(4).toString("hex");
let clientSeq = randomInt(1 << 24);
let subscriberSeq = 0;

export async function send(baseUrl: string, request: HttpRequest): Promise<Response> {
  const { method, headers, body } = request;
  try {
    return await fetch(baseUrl + request.path, { method, headers, body, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    // fetch() says "fetch failed"; the cause says why (ECONNREFUSED, timeout).
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error;
    throw new Error(`${method} ${baseUrl}${request.path} failed: ${String(reason)}`);
  }
}

/** The headers of a JSON request as the holder of `token`. */
export const json = (token: string) => ({ "content-type": "application/json", authorization: `Bearer ${token}` });

/** POSTs `body` as JSON with `token` and returns the answer's JSON; throws unless the answer is a success (2xx). */
export async function postJson<T>(baseUrl: string, path: string, token: string, body: unknown): Promise<T> {
  const response = await send(baseUrl, { method: "POST", path, headers: json(token), body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * A client address not used before in this run: per-client rate limits and the chat's socket cap per guest address
 * key on `CF-Connecting-IP`.
 */
export function nextClientIp(): string {
  const n = clientSeq++ % (1 << 24);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** A new mailing-list sign-up from a new client, so neither UNIQUE(email) nor the 5-a-minute limit answers. */
export function nextSubscription(): HttpRequest {
  const n = ++subscriberSeq;
  return {
    method: "POST",
    path: "/subscribe",
    headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
    body: JSON.stringify({ name: `Bench ${n}`, email: `${runId}-${n}@${BENCH_EMAIL_DOMAIN}` }),
  };
}

/** Signs in as the seeded demo editor and returns the access token. */
export async function logInAsEditor(baseUrl: string): Promise<string> {
  const response = await send(baseUrl, {
    method: "POST",
    path: "/auth/login",
    headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
    body: JSON.stringify({ email: EDITOR.email, password: EDITOR.password }),
  });
  const text = await response.text();
  const token = response.status === 200 ? (JSON.parse(text) as { access_token?: string }).access_token : undefined;
  if (!token) {
    throw new Error(
      `POST /auth/login as ${EDITOR.email} answered ${response.status}: ${text.slice(0, 300)}` +
        " (are migrations applied and the demo data seeded? `npm run dev:prepare`)",
    );
  }
  return token;
}

/** How many tickets the first page shows: none means the server does not run on the seeded local D1. */
export async function countVisibleTickets(baseUrl: string, accessToken: string): Promise<number> {
  const headers = { authorization: `Bearer ${accessToken}` };
  const response = await send(baseUrl, { method: "GET", path: "/tickets", headers });
  const page = (await response.json()) as { data?: unknown[] };
  return page.data?.length ?? 0;
}

/** The ETag a GET of `path` answers with now, for the revalidation routes. */
export async function currentEtag(baseUrl: string, path: string): Promise<string> {
  const response = await send(baseUrl, { method: "GET", path, headers: {} });
  await response.arrayBuffer();
  const etag = response.headers.get("etag");
  if (response.status !== 200 || !etag) throw new Error(`GET ${path} answered ${response.status} without an ETag`);
  return etag;
}
