import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { config } from "../config";
import { createDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { BOOKMARK_HEADER, sessionStartOf } from "./d1-bookmark";
import { logInfo } from "./log";

/** Sets a response header even on responses whose headers are immutable (e.g. ones passed through from `fetch`). */
function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}

/**
 * Gives the request its instrumented database, a D1 session started from the client's bookmark (`X-D1-Bookmark`, see
 * src/http/d1-bookmark.ts), and answers with the session's newest bookmark, read once the handler ran so that a
 * write's bookmark covers that write. Then reports what the request cost: `Server-Timing` with the D1 round trips,
 * rows read and rows written, the edge cache's part, and the time the request spent in the Worker (`total`: the
 * runtime's clock moves only across I/O, so this is time spent waiting on D1, the cache and the like, not CPU), plus
 * `X-Request-Id` and one JSON log line. A client that compares `total` with the latency it saw learns how long the
 * request waited outside the Worker (the bench's latency breakdown does).
 */
export const observeRequests: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  const { db, stats, bookmark } = createDatabase(c.env.DB, sessionStartOf(c.req.method, c.req.header(BOOKMARK_HEADER)));
  c.set("db", db);
  c.set("queryStats", stats);
  c.set("d1Bookmark", bookmark);

  await next();

  const status = c.res.status;
  // A WebSocket handshake response cannot be rebuilt, and its headers are never read by clients.
  if (status !== 101) {
    const cache = c.get("cacheStatus");
    setResponseHeader(
      c,
      "Server-Timing",
      `db;dur=${stats.durationMs.toFixed(1)};desc="queries=${stats.queries} rows_read=${stats.rowsRead} rows_written=${stats.rowsWritten}"` +
        (cache ? `, cache;desc="${cache}"` : "") +
        `, total;dur=${(performance.now() - started).toFixed(1)}`,
    );
    setResponseHeader(c, "X-Request-Id", c.get("requestId"));
    // Null only when no query ran and the client sent none: there is nothing newer than what it holds.
    const newest = bookmark();
    if (newest) setResponseHeader(c, BOOKMARK_HEADER, newest);
  }
  logInfo("request", {
    method: c.req.method,
    path: c.req.path,
    status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    request_id: c.get("requestId"),
    db_queries: stats.queries,
    db_rows_read: stats.rowsRead,
    db_rows_written: stats.rowsWritten,
    cache: c.get("cacheStatus"),
  });
};

/** CORS for the origins listed in `ALLOWED_ORIGINS` ("*" allows any). */
export const corsFromConfig: MiddlewareHandler<AppEnv> = cors({
  origin: (origin, c) => {
    const allowed = config(c.env).allowedOrigins;
    if (allowed.includes("*")) return origin || "*";
    return allowed.includes(origin) ? origin : null;
  },
  allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  allowHeaders: [
    "Authorization",
    "Content-Type",
    "If-Match",
    "If-None-Match",
    "X-Request-Id",
    "Last-Event-ID",
    "Idempotency-Key",
    BOOKMARK_HEADER,
  ],
  exposeHeaders: [
    "X-Request-Id",
    "Server-Timing",
    "Retry-After",
    "RateLimit",
    "RateLimit-Policy",
    "ETag",
    "Location",
    "Allow",
    "Content-Range",
    "Content-Length",
    "Idempotent-Replayed",
    BOOKMARK_HEADER,
  ],
  maxAge: 600,
});
