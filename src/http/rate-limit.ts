import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { rateLimited } from "./problem";

type LimiterName = { [K in keyof Env]: Env[K] extends RateLimit ? K : never }[keyof Env];

/** The caller's address as Cloudflare's edge saw it; `wrangler dev` sets it too. */
export function clientKey(headers: { header(name: string): string | undefined }): string {
  return headers.header("CF-Connecting-IP") ?? "unknown-client";
}

/**
 * Limits requests per client with a Workers Rate Limiting binding (configured in wrangler.toml); over the limit the
 * caller gets a 429 problem with `Retry-After` set to the binding's period.
 */
export function rateLimitPerClient(binding: LimiterName, periodSeconds: number) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { success } = await c.env[binding].limit({ key: clientKey(c.req) });
    if (!success) throw rateLimited(periodSeconds);
    await next();
  });
}
