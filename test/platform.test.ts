import { describe, expect, it } from "vitest";
import { call, callJson, dbCost } from "./helpers";

describe("platform", () => {
  it("serves the floor route without touching D1", async () => {
    const res = await callJson("GET", "/");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "edge-platform" });
    expect(dbCost(res)).toEqual({ queries: 0, rowsRead: 0 });
  });

  it("reports health after a real D1 query", async () => {
    const res = await callJson("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", checks: { d1: "ok" } });
    expect(dbCost(res).queries).toBe(1);
  });

  it("answers unknown routes with a 404 problem", async () => {
    const res = await call("GET", "/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    const body = await res.json<any>();
    expect(body).toMatchObject({ status: 404, code: "not_found" });
    expect(body.request_id).toBe(res.headers.get("X-Request-Id"));
  });
});
