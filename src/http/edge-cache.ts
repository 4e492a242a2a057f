import type { Context, MiddlewareHandler } from "hono";
import { config } from "../config";
import type { AppEnv } from "../env";
import { ifNoneMatchNames } from "./conditional";
import { logError } from "./log";

/**
 * Public answers served from the Workers Cache API (the cache of the Cloudflare location that answers), so that a hit
 * costs no D1 round trip.
 *
 * - **What is cached:** GET answers (200) of routes that opt in, for anyone who sends no `Authorization`: a request
 *   that carries credentials neither reads nor fills the cache, whatever the route. The key is the path with every
 *   query parameter (sorted), so two requests share an answer only when they ask for the same thing; no header
 *   splits it (a client's D1 bookmark neither, and no cached copy carries one).
 * - **Fresh after writes:** keys carry their scope's version (`catalog`, `calendar`), itself kept in the cache.
 *   Every write that changes what a scope answers gives it a new version, which makes every answer cached under the
 *   old one unreachable at once, in this location; nothing stale can be filled in afterwards either, since a fill
 *   under the old version is never read. Other locations are reached by Cloudflare's purge-by-tag API (answers carry
 *   `Cache-Tag`) when the deployment has `CACHE_PURGE_ZONE_ID` and `CACHE_PURGE_API_TOKEN`; otherwise their copies
 *   live out the TTL (`CACHE_TTL_SECONDS`, 60 by default).
 * - **Never older than the last write here:** a read may be served by a D1 replica a moment behind the primary; a
 *   new version remembers the bookmark of the write that made it, and an answer read from an older state is served
 *   but not cached under it, so a writer's next read (bookmark or not) never meets a cached copy without its write.
 * - **What the answer says:** `Server-Timing: cache;desc="hit"|"miss"|"bypass"`, beside the `db` entry; a hit with
 *   an If-None-Match that names its ETag is a 304, also without D1.
 */

/** The sets of answers one kind of write changes together. */
export type CacheScope = "catalog" | "calendar" | "store";

export type CacheStatus = "hit" | "miss" | "bypass";

/** Keys live under a host of their own, which no request can ask for. */
const KEY_ORIGIN = "https://edge-cache.internal";
/** How long a scope's version is kept; when it is gone, a new one is made, and the scope starts afresh. */
const VERSION_TTL_SECONDS = 86_400;
/** The tag purge-by-tag uses for a scope's answers everywhere. */
export const cacheTagOf = (scope: CacheScope) => `edge-platform-${scope}`;

/** Where the answer's own Cache-Control (for browsers) waits while the cached copy carries the edge's TTL. */
const CLIENT_CACHE_CONTROL = "Edge-Client-Cache-Control";
/**
 * Headers that belong to one request and its caller, never to a cached answer (a D1 bookmark is the session of the
 * request that filled it: replayed, it would move another client's reads back or forth). `Vary` too: the key already
 * says what the answer depends on, and every answer gets its `Vary` again on the way out.
 */
const PER_REQUEST = /^(access-control-|x-request-id$|x-d1-bookmark$|server-timing$|set-cookie$|vary$)/i;

const versionKey = (scope: CacheScope) => `${KEY_ORIGIN}/versions/${scope}`;

/** Where a version keeps the D1 bookmark of the write that made it: answers read from older states are not cached. */
const WRITTEN_AT = "Edge-Written-Bookmark";

interface ScopeVersion {
  version: string;
  /** The bookmark of the write that made this version, when it had one. */
  writtenAt: string | null;
}

/** The scope's current version in this location, made on first use (or after eviction). */
async function scopeVersion(cache: Cache, scope: CacheScope): Promise<ScopeVersion> {
  const found = await cache.match(versionKey(scope));
  if (found) return { version: await found.text(), writtenAt: found.headers.get(WRITTEN_AT) };
  return newVersion(cache, scope, null);
}

async function newVersion(cache: Cache, scope: CacheScope, writtenAt: string | null): Promise<ScopeVersion> {
  const version = crypto.randomUUID();
  const headers = new Headers({ "Cache-Control": `public, max-age=${VERSION_TTL_SECONDS}` });
  if (writtenAt) headers.set(WRITTEN_AT, writtenAt);
  await cache.put(versionKey(scope), new Response(version, { headers }));
  return { version, writtenAt };
}

/** Bookmarks sort oldest to newest; an answer whose session saw no bookmark cannot prove it is recent enough. */
const readSince = (readAt: string | null, writtenAt: string | null) =>
  writtenAt === null || (readAt !== null && readAt >= writtenAt);

/** The cache key of a request: scope, version, path and every query parameter, in a stable order. */
function keyOf(url: URL, scope: CacheScope, version: string): string {
  const query = [...url.searchParams.entries()].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  const search = new URLSearchParams(query).toString();
  return `${KEY_ORIGIN}/${scope}/${version}${url.pathname}${search ? `?${search}` : ""}`;
}

/** The copy to store: without what belongs to this request, with the edge's TTL and the scope's tag. */
function storable(response: Response, scope: CacheScope, ttlSeconds: number): Response {
  const headers = new Headers();
  for (const [name, value] of response.headers) if (!PER_REQUEST.test(name)) headers.set(name, value);
  const clientCacheControl = response.headers.get("Cache-Control");
  if (clientCacheControl) headers.set(CLIENT_CACHE_CONTROL, clientCacheControl);
  headers.set("Cache-Control", `public, max-age=${ttlSeconds}`);
  headers.set("Cache-Tag", cacheTagOf(scope));
  return new Response(response.body, { status: response.status, headers });
}

/** A cached copy as the client gets it: its own Cache-Control back, or a 304 when its If-None-Match names the ETag. */
function fromCache(c: Context<AppEnv>, cached: Response): Response {
  const headers = new Headers(cached.headers);
  const clientCacheControl = headers.get(CLIENT_CACHE_CONTROL);
  headers.delete(CLIENT_CACHE_CONTROL);
  if (clientCacheControl) headers.set("Cache-Control", clientCacheControl);
  else headers.delete("Cache-Control");
  const etag = headers.get("ETag");
  const ifNoneMatch = c.req.header("If-None-Match");
  if (etag && ifNoneMatch !== undefined && ifNoneMatchNames(ifNoneMatch, etag)) {
    cached.body?.cancel();
    for (const name of ["Content-Type", "Content-Length"]) headers.delete(name);
    return new Response(null, { status: 304, headers });
  }
  return new Response(cached.body, { status: cached.status, headers });
}

/**
 * Serves the route's public answers from the edge cache (see the module comment), filling it on a miss. `when`
 * narrows it to some requests of the route (e.g. the calendar's ranges); the others bypass the cache.
 *
 * @example
 * createRoute({ method: "get", path: "/catalog/programs", middleware: [servedFromEdgeCache("catalog")], ... });
 */
export function servedFromEdgeCache(
  scope: CacheScope,
  when: (c: Context<AppEnv>) => boolean = () => true,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Anything that carries credentials may be answered for its caller alone: it never reads or fills the cache.
    if (c.req.method !== "GET" || c.req.header("Authorization") !== undefined || !when(c)) {
      c.set("cacheStatus", "bypass");
      await next();
      return varyByCaller(c);
    }
    const cache = caches.default;
    const { version, writtenAt } = await scopeVersion(cache, scope);
    const key = keyOf(new URL(c.req.url), scope, version);
    const cached = await cache.match(key);
    if (cached) {
      c.set("cacheStatus", "hit");
      c.res = fromCache(c, cached);
      return varyByCaller(c);
    }
    c.set("cacheStatus", "miss");
    await next();
    varyByCaller(c);
    if (c.res.status !== 200 || !readSince(bookmarkOf(c), writtenAt)) return;
    c.res.headers.set("Cache-Tag", cacheTagOf(scope));
    // Awaited, so that the next request finds it; a miss is the slow path anyway.
    await cache.put(key, storable(c.res.clone(), scope, config(c.env).cacheTtlSeconds));
  };
}

/**
 * Tells the caches between the client and us (a browser's, a shared proxy's) what the answer depends on besides the
 * URL: the credentials (a signed-in caller's answer is never another's, even where `Cache-Control` says `public`) and
 * the origin, whose CORS grant the answer carries. The edge cache itself keeps callers apart by bypassing credentials
 * and storing no grant.
 */
function varyByCaller(c: Context<AppEnv>): void {
  const vary = new Set(
    (c.res.headers.get("Vary") ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean),
  );
  for (const name of ["Authorization", "Origin"]) vary.add(name);
  c.res.headers.set("Vary", [...vary].join(", "));
}

/**
 * Makes every answer of `scope` stale: here at once (a new version), and in every location through Cloudflare's
 * purge-by-tag API when the deployment is configured for it (in the background: `waitUntil`, when there is one).
 * `writtenAt` is the writer's D1 bookmark once it wrote (its `DatabaseSession.bookmark()`): answers read from a
 * replica that has not reached it are then not cached here.
 *
 * @example
 * await purgeEdgeCache(c.env, "store", waitUntilOf(c), bookmarkOf(c));
 */
export async function purgeEdgeCache(
  env: Env,
  scope: CacheScope,
  waitUntil?: (promise: Promise<unknown>) => void,
  writtenAt: string | null = null,
): Promise<void> {
  await newVersion(caches.default, scope, writtenAt);
  const everywhere = purgeByTag(env, scope);
  if (waitUntil) waitUntil(everywhere);
  else await everywhere;
}

/** Cloudflare's purge by tag, for the zone the deployment names; a failure is logged, never the writer's problem. */
async function purgeByTag(env: Env, scope: CacheScope): Promise<void> {
  const { cachePurgeZoneId, cachePurgeApiToken } = config(env);
  if (!cachePurgeZoneId || !cachePurgeApiToken) return;
  try {
    const res = await fetch(`https://api.cloudflare.com/client/v4/zones/${cachePurgeZoneId}/purge_cache`, {
      method: "POST",
      headers: { Authorization: `Bearer ${cachePurgeApiToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ tags: [cacheTagOf(scope)] }),
    });
    if (!res.ok) throw new Error(`purge by tag answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  } catch (error) {
    logError("cache_purge_failed", error, { scope });
  }
}

/**
 * Middleware for a module's write routes: once a write has succeeded (2xx), every cached answer of `scope` is made
 * stale before the response goes out, so the writer's next read (and anyone's) shows the change.
 */
export function purgesEdgeCache(scope: CacheScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.res.status >= 300) return;
    await purgeEdgeCache(c.env, scope, waitUntilOf(c), bookmarkOf(c));
  };
}

/** The newest bookmark of the request's D1 session, for `purgeEdgeCache`'s `writtenAt` (null before any query). */
export const bookmarkOf = (c: Context<AppEnv>): string | null => c.var.d1Bookmark?.() ?? null;

/** The request's `waitUntil`, if it has an execution context (an app called directly in a test may not). */
export function waitUntilOf(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    return undefined;
  }
}
