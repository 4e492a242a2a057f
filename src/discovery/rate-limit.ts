import type { Context } from "hono";
import type { AppEnv } from "../env";
import { clientKey, gatewayRateLimit } from "../http/rate-limit";

/** The policy as wrangler.toml configures DISCOVERY_RATE_LIMITER; keep the two in step. */
export const DISCOVERY_RATE_LIMIT = { name: "discovery", limit: 100, periodSeconds: 60 } as const;

/**
 * Whom a discovery request counts against: the client's address. (A machine client sending an API key with
 * `discovery:read` is to count per key instead: this is where its id takes the address's place.)
 */
export const discoveryClientOf = (c: Context<AppEnv>): string => clientKey(c.req);

/** Discovery's public routes: 100 requests a minute per client, with the RateLimit fields (src/http/rate-limit.ts). */
export const discoveryRateLimit = gatewayRateLimit({
  ...DISCOVERY_RATE_LIMIT,
  binding: "DISCOVERY_RATE_LIMITER",
  keyOf: discoveryClientOf,
});
