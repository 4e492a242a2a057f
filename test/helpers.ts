import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { expect } from "vitest";
import { hashPassword } from "../src/auth/password";
import type { Role } from "../src/auth/roles";
import { users } from "../src/auth/schema";
import { issueAccessToken } from "../src/auth/tokens";
import { createDatabase } from "../src/db/client";
import type { ProblemBody } from "../src/http/problem";

export const BASE = "http://platform.test";

export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const MISSING_ID = "00000000-0000-4000-8000-000000000000";

export const idsOf = (items: { id: string }[]) => items.map((item) => item.id);

// ---- calling the Worker -------------------------------------------------------------------------------------------

export interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** A response with its JSON body already read (null for an empty body). */
export interface JsonReply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Query-string parameters, e.g. `{ q: "word", limit: 5 }`. */
export type Query = Record<string, string | number>;

/** `path` with `query` appended (nothing appended for an empty query). */
export function withQuery(path: string, query: Query = {}): string {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();
  return search ? `${path}?${search}` : path;
}

/** Sends a request to the Worker the way a client would. A plain object body is sent as JSON. */
export function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (typeof options.body === "string" || options.body instanceof Uint8Array) {
    body = options.body as BodyInit;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  return exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body }));
}

/** Sends the request and reads the JSON body (204s give null). */
export async function callJson<T = any>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<JsonReply<T>> {
  return readJson<T>(await call(method, path, options));
}

/** Reads `res`'s JSON body (null for an empty body) into a reply. */
export async function readJson<T = any>(res: Response): Promise<JsonReply<T>> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * A client address no other test (in this file or another) uses: rate-limiter state outlives a test and is shared by
 * the files running side by side. Addresses come from the IPv6 documentation range, randomised for that reason.
 */
export const freshIp = () => `2001:db8:${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}::1`;

/** Signs in through the API from a client address of its own (the login rate limit counts per address). */
export function login(email: string, password: string, ip = freshIp()): Promise<JsonReply> {
  return callJson("POST", "/auth/login", { body: { email, password }, headers: { "CF-Connecting-IP": ip } });
}

/**
 * A short word no other test uses (a letter, then 12 hex digits). Storage is shared by the tests of a file: put the
 * word in names, titles or emails and search with `?q=<word>` to see only one test's records.
 */
export const uniqueWord = () => `w${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;

/** Unpadded base64url of `text`, the encoding of the API's cursors (and of JWT parts); for building fakes. */
export const base64Url = (text: string) => btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for `condition` to hold, checking every 10 ms; throws "timed out" after `timeoutMs`. */
export async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(10);
  }
}

/**
 * The rate limiters count in fixed windows aligned to the clock; a burst started just before a window ends would
 * spill into a fresh one. Waits for the next window when fewer than `neededMs` of this one are left.
 */
export async function startOfRateLimitWindow(neededMs = 10_000, periodSeconds = 60): Promise<void> {
  const periodMs = periodSeconds * 1000;
  const left = periodMs - (Date.now() % periodMs);
  if (left < neededMs) await sleep(left + 250);
}

/** `count` GETs from the client address `ip`, twenty at a time, cycling through `paths`: a burst at a rate limit. */
export async function burstFrom(ip: string, paths: string[], count: number): Promise<JsonReply[]> {
  const replies: JsonReply[] = [];
  for (let start = 0; start < count; start += 20) {
    const size = Math.min(20, count - start);
    const calls = Array.from({ length: size }, (_, i) =>
      callJson("GET", paths[(start + i) % paths.length]!, { headers: { "CF-Connecting-IP": ip } }),
    );
    replies.push(...(await Promise.all(calls)));
  }
  return replies;
}

// ---- pagination ---------------------------------------------------------------------------------------------------

/** One page of a collection, as every list route answers it. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * Follows `next_cursor` from the first page of `path?query` to the last, as the holder of `token`. Checks that every
 * page is a 200 of at most `?limit` items and that the walk ends; returns every page.
 */
export async function walkPages<T = any>(token: string, path: string, query: Query = {}): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let cursor: string | null = null;
  do {
    const pagePath = withQuery(path, cursor ? { ...query, cursor } : query);
    const res: JsonReply<Page<T>> = await callJson<Page<T>>("GET", pagePath, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (query.limit !== undefined) expect(res.body.data.length).toBeLessThanOrEqual(Number(query.limit));
    pages.push(res.body);
    cursor = res.body.next_cursor;
    if (pages.length > 100) throw new Error(`pagination of ${path} does not end`);
  } while (cursor !== null);
  return pages;
}

// ---- assertions ---------------------------------------------------------------------------------------------------

/**
 * Checks an RFC 9457 problem with the house fields: the status, `application/problem+json`, the stable `code` with
 * type `urn:problem:<code>`, a title and a detail, and a `request_id` that is the response's `X-Request-Id`. A 401
 * must also challenge with `WWW-Authenticate: Bearer`. Takes a `callJson` reply (and returns its body) or a raw
 * Response (and returns a promise of its body, read here).
 */
export function expectProblem(res: Response, status: number, code: string): Promise<ProblemBody>;
export function expectProblem(res: JsonReply, status: number, code: string): ProblemBody;
export function expectProblem(
  res: Response | JsonReply,
  status: number,
  code: string,
): ProblemBody | Promise<ProblemBody> {
  if (res instanceof Response) return readJson(res).then((reply) => expectProblem(reply, status, code));
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("Content-Type")).toBe("application/problem+json");
  expect(res.headers.get("X-Request-Id")).toBeTruthy();
  expect(res.body).toMatchObject({
    type: `urn:problem:${code}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
    request_id: res.headers.get("X-Request-Id"),
  });
  if (status === 401) expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
  return res.body as ProblemBody;
}

/** A `status` `code` problem whose `errors` name `path` (and maybe others). */
export function expectFieldProblem(res: JsonReply, status: number, code: string, path: string) {
  const problem = expectProblem(res, status, code);
  expect(problem.errors).toEqual(expect.arrayContaining([{ path, message: expect.any(String) }]));
  return problem;
}

// ---- Durable Objects ----------------------------------------------------------------------------------------------

/**
 * Evicts the object behind `stub` as a restart would: the instance is thrown away, its storage kept. (workerd logs the
 * abort as an "uncaught exception"; that line is expected.) `abortAllDurableObjects()` would do it too, but for every
 * object of the test run, including other files' rooms.
 */
export async function evict(stub: Parameters<typeof runInDurableObject>[0]): Promise<void> {
  await expect(
    runInDurableObject(stub, (_instance, state) => {
      state.abort("evicted by a test");
    }),
  ).rejects.toThrow("evicted by a test");
}

// ---- D1 -----------------------------------------------------------------------------------------------------------

/** What a response reports in `Server-Timing` that it cost D1. */
export interface DbCost {
  queries: number;
  rowsRead: number;
}

/**
 * The D1 round trips and rows read a response reports in `Server-Timing`; with `{ rowsWritten: true }`, the rows
 * written too (left out by default, so that budgets written as `{ queries, rowsRead }` still compare equal).
 *
 * @example
 * expect(dbCost(res, { rowsWritten: true })).toEqual({ queries: 2, rowsRead: 1, rowsWritten: 1 });
 */
export function dbCost(res: { headers: Headers }): DbCost;
export function dbCost(res: { headers: Headers }, options: { rowsWritten: true }): DbCost & { rowsWritten: number };
export function dbCost(res: { headers: Headers }, options?: { rowsWritten: true }): DbCost & { rowsWritten?: number } {
  const timing = res.headers.get("Server-Timing") ?? "";
  const match = /queries=(\d+) rows_read=(\d+)(?: rows_written=(\d+))?/.exec(timing);
  if (!match) throw new Error(`no db cost in Server-Timing: ${timing}`);
  const cost = { queries: Number(match[1]), rowsRead: Number(match[2]) };
  if (!options?.rowsWritten) return cost;
  if (match[3] === undefined) throw new Error(`no rows written in Server-Timing: ${timing}`);
  return { ...cost, rowsWritten: Number(match[3]) };
}

/**
 * What every authenticated request costs before its route runs: `requireAuth` reads the signed-in account (one
 * primary-key read), so that a demotion or a deletion takes effect at once. A guarded route's query budget is its own
 * cost plus this.
 */
export const ACCOUNT_LOOKUP = { queries: 1, rowsRead: 1 } as const;

export const db = () => createDatabase(env.DB).db;

// ---- accounts and tokens ------------------------------------------------------------------------------------------

export const PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;
let counter = 0;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  token: string;
}

/** Creates an account directly in D1 (password: PASSWORD) and an access token for it. */
export async function createUser(role: Role, name = `${role} ${++counter}`): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const user = {
    id: crypto.randomUUID(),
    email: `${role}.${counter}.${crypto.randomUUID().slice(0, 8)}@example.test`,
    name,
    role,
  };
  await db()
    .insert(users)
    .values({ ...user, passwordHash: await passwordHash, createdAt: new Date().toISOString() });
  const { token } = await issueAccessToken(env, user);
  return { ...user, token };
}

/** The account as the API shows it (`/auth/me`, `/users/:id`, a login's `user`): no password hash. */
export function presentedUser(user: Pick<TestUser, "id" | "email" | "name" | "role">) {
  return { id: user.id, email: user.email, name: user.name, role: user.role, created_at: expect.any(String) };
}

/** A secret other than the server's, long enough to be a real one: a token signed with it is a forgery. */
export const FORGERS_SECRET = "a-different-secret-of-32-bytes-or-more";

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The claims src/auth/tokens.ts puts in an access token, valid for an hour from now unless overridden. */
export function claimsFor(
  user: Pick<TestUser, "id" | "email" | "name" | "role">,
  overrides: Record<string, unknown> = {},
) {
  const now = nowSeconds();
  return {
    sub: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    iss: "edge-platform",
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

/** Claims of a token issued two hours ago that expired a minute ago. */
export function expiredClaims(): { iat: number; exp: number } {
  const now = nowSeconds();
  return { iat: now - 7200, exp: now - 60 };
}

/**
 * Signs an access token the way the server does (HS256, `claimsFor`), with `overrides` applied (an `undefined`
 * value drops the claim) and, unless told otherwise, the server's own secret.
 */
export function signAccessToken(
  user: Pick<TestUser, "id" | "email" | "name" | "role">,
  overrides: Record<string, unknown> = {},
  secret: string = env.JWT_SECRET,
): Promise<string> {
  return sign(claimsFor(user, overrides), secret, "HS256");
}
