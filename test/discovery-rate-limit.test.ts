import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DISCOVERY_RATE_LIMIT } from "../src/discovery/rate-limit";
import { handleError } from "../src/http/errors";
import { createRouter } from "../src/http/openapi";
import { gatewayRateLimit } from "../src/http/rate-limit";
import { createPublishedProgram } from "./catalog-fixtures";
import { burstFrom, callJson, createUser, expectProblem, freshIp, startOfRateLimitWindow } from "./helpers";

// Discovery's public routes take 100 requests a minute per client address (DISCOVERY_RATE_LIMITER), told to clients
// with the RateLimit fields, as the store's are. The limiter's counts outlive a test and are shared by every test
// file, so each test calls from addresses of its own.

const POLICY = '"discovery";q=100;w=60';

const from = (ip: string, path: string, token?: string) =>
  callJson("GET", path, { token, headers: { "CF-Connecting-IP": ip } });

describe("the discovery rate limit", () => {
  it("states the policy on every discovery answer, errors included, and not on the CMS's featured list", async () => {
    await createPublishedProgram();
    const ip = freshIp();
    const editor = await createUser("editor");
    for (const [path, token] of [
      ["/discovery/featured"],
      ["/discovery/featured?limit=0"],
      ["/discovery/search?q=anything"],
      ["/discovery/analytics"],
      ["/discovery/analytics", editor.token],
    ] as const) {
      const res = await from(ip, path, token);
      expect(res.headers.get("RateLimit-Policy"), path).toBe(POLICY);
      expect(res.headers.get("RateLimit"), path).toBeNull();
    }
    for (const path of ["/cms/featured", "/catalog/programs"]) {
      expect((await from(ip, path, editor.token)).headers.get("RateLimit-Policy"), path).toBeNull();
    }
  });

  it("answers the 101st request of a minute from one address with a 429; other addresses go on", async () => {
    await createPublishedProgram();
    const ip = freshIp();
    await startOfRateLimitWindow(20_000);

    const replies = await burstFrom(
      ip,
      ["/discovery/featured", "/discovery/featured?limit=3", "/discovery/search?q=x"],
      100,
    );
    expect(replies.filter((res) => res.status === 429)).toEqual([]);

    const limited = await from(ip, "/discovery/featured");
    expectProblem(limited, 429, "rate_limited");
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(limited.headers.get("RateLimit")).toBe('"discovery";r=0;t=60');
    expect(limited.headers.get("RateLimit-Policy")).toBe(POLICY);

    const other = await from(freshIp(), "/discovery/featured");
    expect(other.status).toBe(200);
    expect(other.headers.get("RateLimit-Policy")).toBe(POLICY);
    expect((await from(ip, "/catalog/programs")).status).toBe(200);
  }, 60_000);

  it("counts a discovery:read API key's requests against the key, whichever addresses they come from", async () => {
    await createPublishedProgram();
    const admin = await createUser("admin");
    const made = await callJson("POST", "/auth/api-keys", {
      token: admin.token,
      body: { name: "crawler", scopes: ["discovery:read"] },
    });
    expect(made.status).toBe(201);
    const withKey = (ip: string) =>
      callJson("GET", "/discovery/featured", { headers: { "CF-Connecting-IP": ip, "X-API-Key": made.body.key } });
    await startOfRateLimitWindow(20_000);

    // 100 requests, each from an address never seen before: the key's allowance, not any address's, runs out.
    for (let start = 0; start < 100; start += 20) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => withKey(freshIp())));
      expect(replies.map((res) => res.status)).toEqual(Array(20).fill(200));
    }
    expectProblem(await withKey(freshIp()), 429, "rate_limited");
    // The addresses themselves are untouched: without the key, the same kind of request goes through.
    expect((await from(freshIp(), "/discovery/featured")).status).toBe(200);
  }, 60_000);

  it("counts against whatever keyOf names: two addresses with one key share a limit", async () => {
    const key = `key-${crypto.randomUUID()}`;
    const app = createRouter()
      .use(
        gatewayRateLimit({
          ...DISCOVERY_RATE_LIMIT,
          binding: "DISCOVERY_RATE_LIMITER",
          keyOf: (c) => c.req.header("X-Client") ?? "none",
        }),
      )
      .get("/limited", (c) => c.text("ok"));
    app.onError(handleError);
    await startOfRateLimitWindow(20_000);
    const call = async (ip: string) => {
      const res = await app.request("/limited", { headers: { "X-Client": key, "CF-Connecting-IP": ip } }, env);
      await res.text();
      return res.status;
    };
    const statuses = [];
    for (let i = 0; i < 100; i++) statuses.push(await call(freshIp()));
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(await call(freshIp())).toBe(429);
  }, 60_000);
});
