import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { logError } from "../http/log";
import { createRouter, jsonContent, problems } from "../http/openapi";
import { ProblemError } from "../http/problem";

/** The service's name, as `/` and `/healthz` say it. */
const SERVICE_NAME = "edge-platform" as const;

const ServiceSchema = z.object({ name: z.string(), docs: z.string(), openapi: z.string() }).openapi("Service");

const HealthSchema = z.object({ status: z.literal("ok"), checks: z.object({ d1: z.literal("ok") }) }).openapi("Health");

const ServiceHealthSchema = z
  .object({ status: z.literal("ok"), service: z.literal(SERVICE_NAME) })
  .openapi("ServiceHealth");

const service = createRoute({
  method: "get",
  path: "/",
  tags: ["Platform"],
  summary: "What this service is and where its documentation lives",
  responses: { 200: jsonContent(ServiceSchema, "Service description") },
});

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Platform"],
  summary: "The same readiness check, in the shape deployment scripts wait for",
  responses: { 200: jsonContent(ServiceHealthSchema, "Healthy"), ...problems(503) },
});

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["Platform"],
  summary: "Readiness: answers 200 only after a real D1 query succeeds",
  responses: { 200: jsonContent(HealthSchema, "Healthy"), ...problems(503) },
});

/** Answers only after a real D1 query succeeds; a 503 problem (without the error's internals) otherwise. */
async function checkDatabase(c: Context<AppEnv>): Promise<void> {
  try {
    await c.var.db.run(sql`SELECT 1`);
  } catch (error) {
    logError("health_check_failed", error, { request_id: c.var.requestId, check: "d1" });
    throw new ProblemError(503, "unhealthy", "The database is not answering.", {
      errors: [{ path: "checks.d1", message: "error" }],
      headers: { "Retry-After": "5" },
    });
  }
}

export const platformRoutes = createRouter()
  .openapi(service, (c) => c.json({ name: SERVICE_NAME, docs: "/docs", openapi: "/openapi.json" }, 200))
  .openapi(health, async (c) => {
    await checkDatabase(c);
    return c.json({ status: "ok" as const, checks: { d1: "ok" as const } }, 200);
  })
  .openapi(healthz, async (c) => {
    await checkDatabase(c);
    return c.json({ status: "ok" as const, service: SERVICE_NAME }, 200);
  });
