import { gatewayRateLimit } from "../http/rate-limit";

/** The policy as wrangler.toml configures the binding; keep the two in step. */
export const STORE_RATE_LIMIT = { name: "store", limit: 100, periodSeconds: 60 } as const;

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

/** The store's gateway rule: 100 requests a minute per client address (STORE_RATE_LIMITER), with RateLimit fields. */
export const storeRateLimit = gatewayRateLimit({ ...STORE_RATE_LIMIT, binding: "STORE_RATE_LIMITER" });
