import { describe, expect, it } from "vitest";
import { burstFrom, callJson, expectProblem, freshIp, MISSING_ID, startOfRateLimitWindow } from "./helpers";
import { insertProduct } from "./store-fixtures";

// The store's gateway rule: 100 requests a minute per client address on every store path, with the RateLimit fields
// of draft-ietf-httpapi-ratelimit-headers. The limiter's counts outlive a test and are shared by every test file, so
// each test calls from addresses of its own.

const POLICY = '"store";q=100;w=60';

const from = (ip: string, path: string, method = "GET", headers: Record<string, string> = {}) =>
  callJson(method, path, { headers: { "CF-Connecting-IP": ip, ...headers } });

describe("the store's rate limit", () => {
  it("states the policy on every store path's answer, errors included, and on no other path", async () => {
    const product = await insertProduct();
    const ip = freshIp();
    for (const [method, path] of [
      ["GET", "/products"],
      ["GET", `/products/${product.id}`],
      ["GET", `/products/${MISSING_ID}`],
      ["POST", "/products"],
      ["GET", "/customers"],
      ["GET", `/customers/${MISSING_ID}`],
      ["GET", "/cart"],
      ["POST", "/checkout"],
      ["GET", "/orders"],
      ["GET", "/recommendations"],
      ["GET", "/store/low-stock-alerts"],
    ] as const) {
      const res = await from(ip, path, method);
      expect(res.headers.get("RateLimit-Policy"), `${method} ${path}`).toBe(POLICY);
      // The binding says allowed or not, never how much is left: no RateLimit field on an allowed request.
      expect(res.headers.get("RateLimit"), `${method} ${path}`).toBeNull();
    }
    for (const path of ["/tickets", "/catalog/programs", "/productsx", "/health"]) {
      expect((await from(ip, path)).headers.get("RateLimit-Policy"), path).toBeNull();
    }
  });

  it("answers the 101st request of a minute from one address with a 429, across store paths; others go on", async () => {
    const product = await insertProduct();
    const ip = freshIp();
    await startOfRateLimitWindow(20_000);

    const replies = await burstFrom(ip, ["/products", `/products/${product.id}`, `/customers/${MISSING_ID}`], 100);
    expect(replies.filter((res) => res.status === 429)).toEqual([]);

    const limited = await from(ip, `/products/${product.id}`);
    expectProblem(limited, 429, "rate_limited");
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(limited.headers.get("RateLimit")).toBe('"store";r=0;t=60');
    expect(limited.headers.get("RateLimit-Policy")).toBe(POLICY);
    expectProblem(await from(ip, "/cart"), 429, "rate_limited");

    // Another address, and another part of the API from the same address, are not held back.
    const other = await from(freshIp(), `/products/${product.id}`);
    expect(other.status).toBe(200);
    expect((await from(ip, "/catalog/programs")).status).toBe(200);
  }, 60_000);

  it("lets browsers read the fields across origins", async () => {
    const res = await from(freshIp(), "/products", "GET", { Origin: "https://shop.example" });
    expect(res.headers.get("Access-Control-Expose-Headers")).toMatch(/RateLimit-Policy/);
    expect(res.headers.get("Access-Control-Expose-Headers")).toMatch(/(^|, ?)RateLimit(,|$)/);
  });
});
