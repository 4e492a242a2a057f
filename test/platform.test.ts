import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app, createApp } from "../src/app";
import { BASE, call, callJson, createUser, dbCost, expectProblem, freshIp, signAccessToken } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs a request through a fresh app, optionally with extra routes and a different environment. */
async function fetchApp(
  request: Request,
  options: { env?: Env; extend?: (app: ReturnType<typeof createApp>) => void } = {},
): Promise<Response> {
  const app = createApp();
  options.extend?.(app);
  const ctx = createExecutionContext();
  const res = await app.fetch(request, options.env ?? env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("floor route and health", () => {
  it("serves GET / without touching D1", async () => {
    const res = await callJson("GET", "/");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: "edge-platform", docs: "/docs", openapi: "/openapi.json" });
    expect(dbCost(res)).toEqual({ queries: 0, rowsRead: 0 });
  });

  it("reports healthy after a real D1 query", async () => {
    const res = await callJson("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", checks: { d1: "ok" } });
    expect(dbCost(res).queries).toBe(1);
  });

  it("answers GET /healthz with the status and the service's name, after a real D1 query", async () => {
    const res = await callJson("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", service: "edge-platform" });
    expect(dbCost(res).queries).toBe(1);
  });

  it("answers 503 when D1 fails, without the error's internals", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const failingSession = {
      prepare: () => {
        throw new Error("D1_ERROR: network connection lost to 10.0.0.7");
      },
      getBookmark: () => null,
    };
    const failingD1 = { withSession: () => failingSession } as unknown as D1Database;
    const res = await fetchApp(new Request(`${BASE}/health`), { env: { ...env, DB: failingD1 } });
    const body = await expectProblem(res, 503, "unhealthy");
    expect(JSON.stringify(body)).not.toContain("10.0.0.7");
    expect(body.errors).toEqual([{ path: "checks.d1", message: "error" }]);
  });
});

describe("request ids", () => {
  it("generates one when the client sends none, and echoes it", async () => {
    const res = await call("GET", "/");
    await res.body?.cancel();
    expect(res.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("accepts a sane incoming X-Request-Id", async () => {
    const res = await call("GET", "/nope", { headers: { "X-Request-Id": "trace-abc_123" } });
    const body = await res.json<{ request_id: string }>();
    expect(res.headers.get("X-Request-Id")).toBe("trace-abc_123");
    expect(body.request_id).toBe("trace-abc_123");
  });

  it("replaces an incoming id that is too long or has unsafe characters", async () => {
    for (const unsafe of ["a".repeat(201), "<script>", "id with spaces", "x\\u0000y"]) {
      const res = await call("GET", "/", { headers: { "X-Request-Id": unsafe } });
      await res.body?.cancel();
      expect(res.headers.get("X-Request-Id")).not.toBe(unsafe);
      expect(res.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("observability", () => {
  it("writes one JSON log line per request with status, duration, request id and D1 cost", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const res = await call("GET", "/health", { headers: { "X-Request-Id": "log-check-1" } });
    await res.body?.cancel();
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    const mine = lines.filter((line) => line.request_id === "log-check-1");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      path: "/health",
      status: 200,
      db_queries: 1,
    });
    expect(typeof mine[0].duration_ms).toBe("number");
  });

  it("reports D1 round trips, rows read and rows written in Server-Timing", async () => {
    const res = await call("GET", "/health");
    await res.body?.cancel();
    expect(res.headers.get("Server-Timing")).toMatch(
      /^db;dur=\d+(\.\d)?;desc="queries=1 rows_read=\d+ rows_written=0", total;dur=\d+(\.\d)?$/,
    );
  });

  it("counts the rows a write stores, and none for a read", async () => {
    const email = `${crypto.randomUUID()}@example.com`;
    const signUp = await callJson("POST", "/subscribe", {
      body: { name: "Writer", email },
      headers: { "CF-Connecting-IP": freshIp() },
    });
    expect(signUp.status).toBe(201);
    // The subscriber's row, and its entry in each index on the table.
    expect(dbCost(signUp, { rowsWritten: true }).rowsWritten).toBeGreaterThan(0);

    const read = await callJson("GET", "/tickets", { token: (await createUser("viewer")).token });
    expect(read.status).toBe(200);
    expect(dbCost(read, { rowsWritten: true })).toMatchObject({ rowsWritten: 0 });
    expect(dbCost(read, { rowsWritten: true }).queries).toBeGreaterThan(0);
  });

  it("sets security headers", async () => {
    const res = await call("GET", "/");
    await res.body?.cancel();
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(res.headers.get("Strict-Transport-Security")).toContain("max-age=");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
  });
});

describe("CORS", () => {
  // The API takes bearer tokens, never cookies: any origin may call it by default, without credentials.
  const frontEnd = "http://localhost:8080";
  const narrowed = { ...env, ALLOWED_ORIGINS: "http://127.0.0.1:8787, http://localhost:8787" };

  it("lets any origin call the API by default, and exposes the observability headers", async () => {
    const res = await call("GET", "/", { headers: { Origin: frontEnd } });
    await res.body?.cancel();
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(frontEnd);
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain("X-Request-Id");
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain("Server-Timing");
  });

  it("grants CORS on error responses too, so browsers can read the problem", async () => {
    const res = await call("GET", "/tickets", { headers: { Origin: frontEnd } });
    await res.body?.cancel();
    expect(res.status).toBe(401);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(frontEnd);
  });

  it("answers a front end's preflight for a signed-in write out of the box", async () => {
    const res = await call("OPTIONS", "/events", {
      headers: {
        Origin: frontEnd,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    await res.body?.cancel();
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(frontEnd);
    expect(res.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    expect(res.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
  });

  it("narrows to the origins ALLOWED_ORIGINS lists: those get the grant, others none", async () => {
    const allowed = await fetchApp(new Request(`${BASE}/`, { headers: { Origin: "http://localhost:8787" } }), {
      env: narrowed,
    });
    await allowed.body?.cancel();
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
    const other = await fetchApp(new Request(`${BASE}/`, { headers: { Origin: "https://evil.example" } }), {
      env: narrowed,
    });
    await other.body?.cancel();
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it.each(["", "*", " * "])("allows any origin when ALLOWED_ORIGINS is %j", async (setting) => {
    const res = await fetchApp(new Request(`${BASE}/`, { headers: { Origin: "https://app.example" } }), {
      env: { ...env, ALLOWED_ORIGINS: setting },
    });
    await res.body?.cancel();
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://app.example");
  });
});

describe("errors are problem+json", () => {
  it("404 for an unknown route", async () => {
    await expectProblem(await call("GET", "/no/such/route"), 404, "not_found");
  });

  it("405 with Allow for a wrong method on a known path", async () => {
    const collection = await call("PUT", "/tickets");
    expect(collection.headers.get("Allow")).toBe("POST, GET, HEAD");
    await expectProblem(collection, 405, "method_not_allowed");

    const item = await call("POST", "/tickets/some-id");
    expect(item.headers.get("Allow")?.split(", ").sort()).toEqual(["DELETE", "GET", "HEAD", "PATCH"]);
    await expectProblem(item, 405, "method_not_allowed");
  });

  it("400 malformed_json for a body that is not JSON", async () => {
    const res = await call("POST", "/subscribe", {
      body: '{"name": "Ada", "email": ',
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() },
    });
    await expectProblem(res, 400, "malformed_json");
  });

  it("400 validation_failed listing every field at fault", async () => {
    const res = await call("POST", "/subscribe", {
      body: { name: "", email: "not-an-email", colour: "blue" },
      headers: { "CF-Connecting-IP": freshIp() },
    });
    const body = await expectProblem(res, 400, "validation_failed");
    const paths = (body.errors ?? []).map((e) => e.path).sort();
    expect(paths).toEqual(["colour", "email", "name"]);
  });

  it("413 for a body over the limit, before anything reads it", async () => {
    const res = await call("POST", "/subscribe", {
      body: JSON.stringify({ name: "x".repeat(1024 * 1024), email: "big@example.com" }),
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() },
    });
    await expectProblem(res, 413, "payload_too_large");
  });

  it("415 for a body that is not application/json", async () => {
    const res = await call("POST", "/subscribe", {
      body: "name=Ada&email=ada@example.com",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshIp() },
    });
    await expectProblem(res, 415, "unsupported_media_type");
  });

  it("500 without internals, logged with the request id", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await fetchApp(new Request(`${BASE}/boom`, { headers: { "X-Request-Id": "boom-1" } }), {
      extend: (app) =>
        app.get("/boom", () => {
          throw new Error("password=hunter2 at db.internal:5432");
        }),
    });
    const body = await expectProblem(res, 500, "internal_error");
    expect(JSON.stringify(body)).not.toContain("hunter2");
    const line = JSON.parse(String(logged.mock.calls[0]?.[0]));
    expect(line).toMatchObject({
      level: "error",
      request_id: "boom-1",
      error: "password=[redacted] at db.internal:5432",
    });
    expect(String(logged.mock.calls[0]?.[0])).not.toContain("hunter2");
  });

  it("logs the cause chain of a 500, without the bound values of a failed query or any token", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const token = await signAccessToken({ id: "u-1", email: "a@example.com", name: "A", role: "admin" });
    const res = await fetchApp(new Request(`${BASE}/boom`, { headers: { "X-Request-Id": "boom-2" } }), {
      extend: (app) =>
        app.get("/boom", () => {
          const d1 = new Error("D1_ERROR: database is locked: SQLITE_BUSY");
          throw new Error(
            "Failed query: insert into users (id, email, password_hash) values (?, ?, ?)\n" +
              "params: u-1,ada@example.com,pbkdf2-sha256$100000$c2FsdA==$aGFzaA==",
            { cause: new Error(`while signing in with Bearer ${token}`, { cause: d1 }) },
          );
        }),
    });
    await expectProblem(res, 500, "internal_error");
    const text = String(logged.mock.calls[0]?.[0]);
    const line = JSON.parse(text);
    expect(line.error).toBe(
      "Failed query: insert into users (id, email, password_hash) values (?, ?, ?)\nparams: [redacted]",
    );
    expect(line.causes).toEqual([
      "Error: while signing in with Bearer [redacted]",
      "Error: D1_ERROR: database is locked: SQLITE_BUSY",
    ]);
    for (const secret of ["ada@example.com", "pbkdf2", "aGFzaA", token, token.split(".")[1]!]) {
      expect(text).not.toContain(secret);
    }
  });

  it("maps a constraint the database enforces to a 4xx, never a 500", async () => {
    const res = await fetchApp(new Request(`${BASE}/dupe`, { method: "POST" }), {
      extend: (app) =>
        app.post("/dupe", async (c) => {
          const insert =
            "INSERT INTO subscribers (id, name, email, unsubscribe_token, created_at) VALUES (?, ?, ?, ?, ?)";
          const row = ["s-dupe", "Dupe", "dupe@example.com", "t-dupe", new Date().toISOString()];
          await c.env.DB.prepare(insert)
            .bind(...row)
            .run();
          await c.env.DB.prepare(insert)
            .bind(...row)
            .run();
          return c.body(null, 204);
        }),
    });
    await expectProblem(res, 409, "conflict");

    const check = await fetchApp(new Request(`${BASE}/bad-check`, { method: "POST" }), {
      extend: (app) =>
        app.post("/bad-check", async (c) => {
          await c.env.DB.prepare(
            "INSERT INTO subscribers (id, name, email, unsubscribe_token, created_at) VALUES ('s2', 'X', 'UPPER@EXAMPLE.COM', 't2', '2026-01-01T00:00:00.000Z')",
          ).run();
          return c.body(null, 204);
        }),
    });
    await expectProblem(check, 422, "constraint_violation");
  });
});

describe("OpenAPI and docs", () => {
  it("documents every route with its schemas at /openapi.json", async () => {
    const res = await callJson("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Every route the app answers, as OpenAPI spells it (`:id` → `{id}`, `:key{.+}` → `{key}`), except the two
    // routes that serve the documentation itself.
    const routed = app.routes
      .filter((route) => route.method !== "ALL" && !["/openapi.json", "/docs"].includes(route.path))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`);
    expect(new Set(documented)).toEqual(new Set(routed));
    expect(documented).toEqual(
      expect.arrayContaining([
        "POST /auth/login",
        "DELETE /users/{id}",
        "PATCH /tickets/{id}",
        "POST /subscribe",
        "POST /cms/lessons/{id}/schedule",
        "PUT /cms/lessons/{id}/thumbnails/{language}/{variant}",
        "GET /catalog/programs/{id}",
        "GET /media/{key}",
      ]),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Problem.required).toContain("code");
    const createTicket = doc.paths["/tickets"].post;
    expect(createTicket.security).toEqual([{ bearerAuth: [] }]);
    expect(createTicket.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/CreateTicketRequest",
    );
    expect(Object.keys(createTicket.responses)).toEqual(expect.arrayContaining(["201", "400", "401"]));
  });

  it("serves a docs page that loads the OpenAPI document", async () => {
    const res = await call("GET", "/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(await res.text()).toContain("/openapi.json");
  });
});

describe("the web app on the API's paths", () => {
  const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  /** A stand-in for the static assets: answers with the app's shell and records what it was asked. */
  function fakeAssets() {
    const asked: Request[] = [];
    const ASSETS = {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        asked.push(new Request(input, init));
        return new Response('<!doctype html><div id="root"></div>', {
          headers: { "Content-Type": "text/html; charset=utf-8", ETag: '"shell"' },
        });
      },
    } as unknown as Fetcher;
    return { asked, env: { ...env, ASSETS } };
  }

  it("gives a browser the app at / and /unsubscribe, with the pages' Content-Security-Policy", async () => {
    for (const path of ["/", "/unsubscribe?token=abc"]) {
      const assets = fakeAssets();
      const res = await fetchApp(new Request(`${BASE}${path}`, { headers: { Accept: BROWSER_ACCEPT } }), assets);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
      expect(res.headers.get("Vary")).toContain("Accept");
      expect(res.headers.get("X-Request-Id")).toBeTruthy();
      // The shell is the app's index, whatever the page path.
      expect(assets.asked.map((request) => new URL(request.url).pathname)).toEqual(["/"]);
    }
  });

  it("keeps the API's answers there for API clients", async () => {
    const assets = fakeAssets();
    const root = await fetchApp(new Request(`${BASE}/`, { headers: { Accept: "application/json" } }), assets);
    expect(await root.json()).toEqual({ name: "edge-platform", docs: "/docs", openapi: "/openapi.json" });
    expect(root.headers.get("Vary")).toContain("Accept");
    const anyType = await fetchApp(new Request(`${BASE}/`, { headers: { Accept: "*/*" } }), assets);
    expect(await anyType.json()).toMatchObject({ name: "edge-platform" });
    // GET /unsubscribe is not an API route: API clients still get the 405 with Allow.
    await expectProblem(
      await fetchApp(new Request(`${BASE}/unsubscribe`, { headers: { Accept: "application/json" } }), assets),
      405,
      "method_not_allowed",
    );
    // A browser's POST is the API's, not a page.
    const post = await fetchApp(
      new Request(`${BASE}/unsubscribe`, {
        method: "POST",
        headers: { Accept: BROWSER_ACCEPT, "Content-Type": "application/json" },
        body: JSON.stringify({ token: "short" }),
      }),
      assets,
    );
    await expectProblem(post, 400, "validation_failed");
    expect(assets.asked).toEqual([]);
  });

  it("serves the API reference with its own scripts only", async () => {
    const res = await call("GET", "/docs");
    const html = await res.text();
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self';");
    expect(html).toContain('src="/vendor/swagger-ui/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/https?:\/\//);
  });
});
