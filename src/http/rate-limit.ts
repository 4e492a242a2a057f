import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { rateLimited } from "./problem";

type LimiterName = { [K in keyof Env]-?: Env[K] extends RateLimit ? K : never }[keyof Env];

/** The caller's address as Cloudflare's edge saw it; `wrangler dev` sets it too. */
export function clientKey(headers: { header(name: string): string | undefined }): string {
  return headers.header("CF-Connecting-IP") ?? "unknown-client";
}

/**
 * Counts one request against `key` with a Workers Rate Limiting binding (configured in wrangler.toml); over the
 * limit, a 429 problem with `Retry-After` set to the binding's period (and `headers`, if any).
 */
export async function countAgainstLimit(
  env: Env,
  binding: LimiterName,
  key: string,
  periodSeconds: number,
  headers?: Record<string, string>,
) {
  const { success } = await env[binding].limit({ key });
  if (!success) throw rateLimited(periodSeconds, headers);
}

/** Middleware limiting requests per client address (see `countAgainstLimit`). */
export function rateLimitPerClient(binding: LimiterName, periodSeconds: number) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await countAgainstLimit(c.env, binding, clientKey(c.req), periodSeconds);
    await next();
  });
}

/** A gateway rule: `limit` requests per `periodSeconds` per key, as the `binding` is configured in wrangler.toml. */
export interface GatewayRateLimit {
  /** The policy's name in the RateLimit fields, e.g. "store". */
  name: string;
  binding: LimiterName;
  /** Keep both in step with the binding's `simple = { limit, period }`: the binding itself does not say them. */
  limit: number;
  periodSeconds: number;
  /** Whom a request counts against; the client's address unless told otherwise (e.g. an API key's id). */
  keyOf?: (c: Context<AppEnv>) => string | Promise<string>;
}

// Gateway rules are told to clients with the fields of draft-ietf-httpapi-ratelimit-headers (-11, structured fields):
//   RateLimit-Policy: "store";q=100;w=60      on every answer the rule covers
//   RateLimit: "store";r=0;t=60               with a 429, beside Retry-After: 60
// The binding only answers allowed or not, never how much is left, so an allowed request carries no RateLimit field
// (its `r` would be invented). `t` and Retry-After are the whole period: the binding does not say when its window
// ends, and a wait that long is never too short.

/**
 * Middleware enforcing a gateway rule: counts the request against its key; over the limit, a 429 problem with
 * `Retry-After` and the RateLimit fields. Every answer that gets through states the policy (`RateLimit-Policy`).
 *
 * @example
 * const limited = gatewayRateLimit({ name: "store", binding: "STORE_RATE_LIMITER", limit: 100, periodSeconds: 60 });
 * router.use("/products/*", limited);
 */
export function gatewayRateLimit(rule: GatewayRateLimit): MiddlewareHandler<AppEnv> {
  const { name, binding, limit, periodSeconds, keyOf = (c) => clientKey(c.req) } = rule;
  const policy = `"${name}";q=${limit};w=${periodSeconds}`;
  const exhausted = { "RateLimit-Policy": policy, RateLimit: `"${name}";r=0;t=${periodSeconds}` };
  return createMiddleware<AppEnv>(async (c, next) => {
    await countAgainstLimit(c.env, binding, await keyOf(c), periodSeconds, exhausted);
    await next();
    c.res.headers.set("RateLimit-Policy", policy);
  });
}
