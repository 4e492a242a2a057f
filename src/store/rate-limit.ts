import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { clientKey, countAgainstLimit } from "../http/rate-limit";

// The store's gateway rule: 100 requests a minute per client address (STORE_RATE_LIMITER in wrangler.toml), told to
// clients with the fields of draft-ietf-httpapi-ratelimit-headers (-11, structured fields):
//   RateLimit-Policy: "store";q=100;w=60      on every answer of a store path
//   RateLimit: "store";r=0;t=60               with a 429, beside Retry-After: 60
// The binding only answers allowed or not, never how much is left, so an allowed request carries no RateLimit field
// (its `r` would be invented). `t` and Retry-After are the whole period: the binding does not say when its window
// ends, and a wait that long is never too short.

/** The policy as wrangler.toml configures the binding; keep the two in step. */
export const STORE_RATE_LIMIT = { name: "store", limit: 100, periodSeconds: 60 } as const;

const POLICY = `"${STORE_RATE_LIMIT.name}";q=${STORE_RATE_LIMIT.limit};w=${STORE_RATE_LIMIT.periodSeconds}`;
const EXHAUSTED = `"${STORE_RATE_LIMIT.name}";r=0;t=${STORE_RATE_LIMIT.periodSeconds}`;

/** The store's paths, as Hono patterns (each `/x/*` also matches `/x`). */
export const STORE_PATHS = [
  "/products/*",
  "/customers/*",
  "/cart/*",
  "/checkout",
  "/orders/*",
  "/recommendations/*",
  "/store/*",
] as const;

/**
 * Counts the request against the caller's address; over the limit, a 429 problem with `Retry-After` and the
 * RateLimit fields. Every answer that gets through says the policy.
 */
export const storeRateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const { periodSeconds } = STORE_RATE_LIMIT;
  await countAgainstLimit(c.env, "STORE_RATE_LIMITER", clientKey(c.req), periodSeconds, {
    "RateLimit-Policy": POLICY,
    RateLimit: EXHAUSTED,
  });
  await next();
  c.res.headers.set("RateLimit-Policy", POLICY);
});
