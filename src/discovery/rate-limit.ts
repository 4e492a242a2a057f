import type { Context } from "hono";
import { discoveryKeyOf } from "../auth/api-key-access";
import type { AppEnv } from "../env";
import { clientKey, gatewayRateLimit } from "../http/rate-limit";

/** The policy as wrangler.toml configures DISCOVERY_RATE_LIMITER; keep the two in step. */
export const DISCOVERY_RATE_LIMIT = { name: "discovery", limit: 100, periodSeconds: 60 } as const;

/**
 * Whom a discovery request counts against: the API key with `discovery:read` it carries (a machine client behind a
 * shared address gets its own allowance, and one key spread over many addresses gets one), else the client's address.
 */
export async function discoveryClientOf(c: Context<AppEnv>): Promise<string> {
  const key = await discoveryKeyOf(c);
  return key ? `api-key:${key}` : clientKey(c.req);
}

/** Discovery's public routes: 100 requests a minute per client, with the RateLimit fields (src/http/rate-limit.ts). */
export const discoveryRateLimit = gatewayRateLimit({
  ...DISCOVERY_RATE_LIMIT,
  binding: "DISCOVERY_RATE_LIMITER",
  keyOf: discoveryClientOf,
});
