import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { config } from "../config";
import { createDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { logInfo } from "./log";
import { ProblemError } from "./problem";

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
 * Gives the request its instrumented database, then reports what the request cost: `Server-Timing` with the D1
 * round trips and rows read, `X-Request-Id`, and one JSON log line.
 */
export const observeRequests: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  const { db, stats } = createDatabase(c.env.DB);
  c.set("db", db);
  c.set("queryStats", stats);

  await next();

  const status = c.res.status;
  // A WebSocket handshake response cannot be rebuilt, and its headers are never read by clients.
  if (status !== 101) {
    setResponseHeader(
      c,
      "Server-Timing",
      `db;dur=${stats.durationMs.toFixed(1)};desc="queries=${stats.queries} rows_read=${stats.rowsRead}"`,
    );
    setResponseHeader(c, "X-Request-Id", c.get("requestId"));
  }
  logInfo("request", {
    method: c.req.method,
    path: c.req.path,
    status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    request_id: c.get("requestId"),
    db_queries: stats.queries,
    db_rows_read: stats.rowsRead,
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
  allowHeaders: ["Authorization", "Content-Type", "If-None-Match", "X-Request-Id", "Last-Event-ID"],
  exposeHeaders: [
    "X-Request-Id",
    "Server-Timing",
    "Retry-After",
    "ETag",
    "Location",
    "Allow",
    "Content-Range",
    "Content-Length",
  ],
  maxAge: 600,
});

/** Bodies sent as an image or as raw bytes are uploads (the upload routes check the bytes themselves). */
export function isUploadContentType(contentType: string | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type.startsWith("image/") || type === "application/octet-stream";
}

/**
 * Refuses request bodies over the limit with a 413 problem, before anything reads them: `MAX_UPLOAD_BYTES` (10 MiB)
 * for uploads, `MAX_BODY_BYTES` (1 MiB) for everything else. Only the upload routes accept such bodies.
 */
export const limitBodySize: MiddlewareHandler<AppEnv> = (c, next) => {
  const { maxBodyBytes, maxUploadBytes } = config(c.env);
  const maxSize = isUploadContentType(c.req.header("Content-Type")) ? maxUploadBytes : maxBodyBytes;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ProblemError(413, "payload_too_large", `The request body is larger than ${maxSize} bytes.`);
    },
  })(c, next);
};
