import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { logError } from "../http/log";
import { createRouter, jsonContent, problems } from "../http/openapi";
import { ProblemError } from "../http/problem";

const ServiceSchema = z.object({ name: z.string(), docs: z.string(), openapi: z.string() }).openapi("Service");

const HealthSchema = z.object({ status: z.literal("ok"), checks: z.object({ d1: z.literal("ok") }) }).openapi("Health");

const service = createRoute({
  method: "get",
  path: "/",
  tags: ["Platform"],
  summary: "What this service is and where its documentation lives",
  responses: { 200: jsonContent(ServiceSchema, "Service description") },
});

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["Platform"],
  summary: "Readiness: answers 200 only after a real D1 query succeeds",
  responses: { 200: jsonContent(HealthSchema, "Healthy"), ...problems(503) },
});

export const platformRoutes = createRouter()
  .openapi(service, (c) => c.json({ name: "edge-platform", docs: "/docs", openapi: "/openapi.json" }, 200))
  .openapi(health, async (c) => {
    try {
      await c.var.db.run(sql`SELECT 1`);
    } catch (error) {
      logError("health_check_failed", error, { request_id: c.var.requestId, check: "d1" });
      throw new ProblemError(503, "unhealthy", "The database is not answering.", {
        errors: [{ path: "checks.d1", message: "error" }],
        headers: { "Retry-After": "5" },
      });
    }
    return c.json({ status: "ok" as const, checks: { d1: "ok" as const } }, 200);
  });
