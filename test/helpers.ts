import { env, exports } from "cloudflare:workers";
import { hashPassword } from "../src/auth/password";
import type { Role } from "../src/auth/roles";
import { users } from "../src/auth/schema";
import { issueAccessToken } from "../src/auth/tokens";
import { createDatabase } from "../src/db/client";

export const BASE = "http://platform.test";

export interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
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
): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await call(method, path, options);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** The D1 round trips and rows read a response reports in `Server-Timing`. */
export function dbCost(res: { headers: Headers }): { queries: number; rowsRead: number } {
  const timing = res.headers.get("Server-Timing") ?? "";
  const match = /queries=(\d+) rows_read=(\d+)/.exec(timing);
  if (!match) throw new Error(`no db cost in Server-Timing: ${timing}`);
  return { queries: Number(match[1]), rowsRead: Number(match[2]) };
}

export const db = () => createDatabase(env.DB).db;

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

/** A distinct client address, so that per-client rate limits of one test do not touch another. */
export const clientIp = () => `203.0.113.${++counter % 250}`;
