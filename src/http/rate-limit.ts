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
