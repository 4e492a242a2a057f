import type { AcceptedApiKey } from "./auth/api-key-access";
import type { Account } from "./auth/schema";
import type { Database, QueryStats } from "./db/client";
import type { CacheStatus } from "./http/edge-cache";

/** The Hono environment shared by every module: bindings from wrangler, plus per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** Drizzle over the instrumented D1 binding; every query is counted in `queryStats`. */
    db: Database;
    queryStats: QueryStats;
    /**
     * The newest bookmark of the request's D1 session (sent back in `X-D1-Bookmark`), null before any query; set by
     * `observeRequests`, so absent from an app built without it.
     */
    d1Bookmark?: () => string | null;
    /** Whether the edge cache answered (`hit`), was filled (`miss`) or was passed by; set by cached routes only. */
    cacheStatus?: CacheStatus;
    /** The signed-in account, as currently stored; set by `guarded` routes (src/auth/guards.ts). */
    user: Account;
    /** The API key the request came with, once accepted (src/auth/api-key-access.ts); `user` is then its creator. */
    apiKey?: AcceptedApiKey;
  };
};
