import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { decode, sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../src/auth/password";
import { users } from "../src/auth/schema";
import { tickets } from "../src/tickets/schema";
import worker from "../workers/index";
import {
  ACCOUNT_LOOKUP,
  BASE,
  base64Url,
  type CallOptions,
  call,
  callJson,
  claimsFor,
  createUser,
  db,
  dbCost,
  expectProblem,
  expiredClaims,
  FORGERS_SECRET,
  freshIp,
  type JsonReply,
  login,
  PASSWORD,
  presentedUser,
  readJson,
  signAccessToken,
  startOfRateLimitWindow,
  type TestUser,
} from "./helpers";

const me = (options: CallOptions) => callJson("GET", "/auth/me", options);

/** Calls the Worker as deployed with another JWT_SECRET (or none), the way a misconfigured deployment would run. */
async function callWithSecret(
  secret: string | undefined,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; ip?: string } = {},
): Promise<JsonReply> {
  const headers = new Headers({ "CF-Connecting-IP": options.ip ?? freshIp() });
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  const request = new Request(`${BASE}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, { ...env, JWT_SECRET: secret } as Env, ctx);
  const reply = await readJson(res);
  await waitOnExecutionContext(ctx);
  return reply;
}

describe("POST /auth/login", () => {
  it("answers with a bearer token, its lifetime and the account, in one D1 round trip", async () => {
    const user = await createUser("editor");
    const res = await login(user.email, PASSWORD);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      user: presentedUser(user),
    });
    expect(new Date(res.body.user.created_at).toISOString()).toBe(res.body.user.created_at);
    expect(dbCost(res).queries).toBe(1);

    const { header, payload } = decode(res.body.access_token);
    expect(header).toMatchObject({ alg: "HS256" });
    expect(payload).toMatchObject({ sub: user.id, email: user.email, name: user.name, role: "editor" });
    expect(payload.iss).toBe("edge-platform");
    expect(payload.exp! - payload.iat!).toBe(res.body.expires_in);

    const account = await me({ token: res.body.access_token });
    expect(account.status).toBe(200);
    expect(account.body).toEqual(res.body.user);
  });

  it("matches the email case-insensitively, ignoring surrounding spaces", async () => {
    const user = await createUser("viewer");
    const [local, domain] = user.email.split("@") as [string, string];
    const typed = `  ${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.toUpperCase()} `;

    const res = await login(typed, PASSWORD);

    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, email: user.email });
    expect((await me({ token: res.body.access_token })).body.id).toBe(user.id);
  });

  it("gives the same 401 for an unknown email as for a wrong password", async () => {
    const user = await createUser("customer");
    const unknownEmail = await login(`nobody.${crypto.randomUUID()}@example.test`, PASSWORD);
    const wrongPassword = await login(user.email, `${PASSWORD}!`);

    for (const res of [unknownEmail, wrongPassword]) {
      expectProblem(res, 401, "invalid_credentials");
      expect(res.body).not.toHaveProperty("access_token");
    }
    const { request_id: _a, ...first } = unknownEmail.body;
    const { request_id: _b, ...second } = wrongPassword.body;
    expect(first).toEqual(second);
  });

  it("rejects a malformed email or an empty password with 400 naming the fields", async () => {
    const res = await login("not-an-email", "");

    expectProblem(res, 400, "validation_failed");
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "password"]);
  });

  it("allows 10 attempts a minute per client, then answers 429 with Retry-After, even for the right password", async () => {
    const user = await createUser("viewer");
    const ip = freshIp();
    await startOfRateLimitWindow();

    const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => login(user.email, `wrong guess ${i}`, ip)));
    expect(guesses.map((res) => res.status)).toEqual(Array(10).fill(401));

    const limited = await login(user.email, PASSWORD, ip);
    expectProblem(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.body).not.toHaveProperty("access_token");

    const otherClient = await login(user.email, PASSWORD, freshIp());
    expect(otherClient.status).toBe(200);
    expect(otherClient.body.user.id).toBe(user.id);
  }, 30_000);

  it("allows 20 attempts a minute per account, whatever addresses they come from, then answers 429", async () => {
    const [user, neighbour] = await Promise.all([createUser("viewer"), createUser("viewer")]);
    await startOfRateLimitWindow();

    // Twenty addresses, one guess each: every one stays under its own address's limit.
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(user.email, `wrong guess ${i}`)));
    expect(guesses.map((res) => res.status)).toEqual(Array(20).fill(401));

    const limited = await login(user.email, PASSWORD);
    expectProblem(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.body).not.toHaveProperty("access_token");

    // The limit is the account's: another account signs in as usual, and the email's case changes nothing.
    expect((await login(neighbour.email, PASSWORD)).status).toBe(200);
    expectProblem(await login(user.email.toUpperCase(), PASSWORD), 429, "rate_limited");
  }, 30_000);
});

describe("without a strong JWT_SECRET", () => {
  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["31 bytes long", "x".repeat(31)],
    ["short", "short"],
  ])("refuses to issue tokens when the secret is %s (503 auth_unavailable)", async (_, secret) => {
    const user = await createUser("editor");

    const res = await callWithSecret(secret, "POST", "/auth/login", {
      body: { email: user.email, password: PASSWORD },
    });

    expectProblem(res, 503, "auth_unavailable");
    expect(res.body).not.toHaveProperty("access_token");
  });

  it.each([
    ["missing, for a token signed with the usual secret", undefined, env.JWT_SECRET],
    ["short, for a token signed with that short secret", "short", "short"],
  ])("does not accept tokens on a guarded route when the secret is %s", async (_, secret, signingSecret) => {
    const user = await createUser("admin");
    const token = await signAccessToken(user, {}, signingSecret);

    const account = await callWithSecret(secret, "GET", "/auth/me", { token });
    const list = await callWithSecret(secret, "GET", "/users", { token });

    expectProblem(account, 503, "auth_unavailable");
    expectProblem(list, 503, "auth_unavailable");
  });

  it("counts the secret's length in bytes: 16 two-byte characters are enough", async () => {
    const secret = "é".repeat(16);
    const user = await createUser("viewer");

    const res = await callWithSecret(secret, "POST", "/auth/login", {
      body: { email: user.email, password: PASSWORD },
    });
    expect(res.status).toBe(200);

    const account = await callWithSecret(secret, "GET", "/auth/me", { token: res.body.access_token });
    expect(account.status).toBe(200);
    expect(account.body.id).toBe(user.id);
  });
});

describe("GET /auth/me", () => {
  it("answers with the account behind the token", async () => {
    const user = await createUser("customer");

    const res = await me({ token: user.token });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(presentedUser(user));
    expect(res.body.role).toBe("customer");
  });

  it("answers 401 once the account has been deleted, though the token has not expired", async () => {
    const user = await createUser("editor");
    await db().delete(users).where(eq(users.id, user.id));

    expectProblem(await me({ token: user.token }), 401, "unauthorized");
  });

  it("costs exactly the account lookup every authenticated request makes", async () => {
    const user = await createUser("viewer");

    const res = await me({ token: user.token });

    expect(res.status).toBe(200);
    expect(dbCost(res)).toEqual(ACCOUNT_LOOKUP);
  });
});

describe("bearer tokens", () => {
  it("accepts a token built here with the claims the server issues (so the refusals below are about the flaw)", async () => {
    const user = await createUser("viewer");
    const res = await me({ token: await signAccessToken(user) });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(user.id);
  });

  it.each(["bearer", "BEARER", "bEaReR"])("accepts the scheme written %j (it is case-insensitive)", async (scheme) => {
    const user = await createUser("viewer");

    const res = await me({ headers: { Authorization: `${scheme} ${user.token}` } });

    expect(res.status).toBe(200);
    expect(res.body.id).toBe(user.id);
  });

  it("answers 401 unauthorized without a token", async () => {
    expectProblem(await me({}), 401, "unauthorized");
  });

  it.each(["Bearer not-a-jwt", "Basic xyz", "Bearer", "Bearer a.b", "Token abc.def.ghi"])(
    "answers 401 for the malformed header %j",
    async (authorization) => {
      expectProblem(await me({ headers: { Authorization: authorization } }), 401, "invalid_token");
    },
  );

  it("answers 401 token_expired for an expired token", async () => {
    const user = await createUser("viewer");
    const token = await signAccessToken(user, expiredClaims());

    expectProblem(await me({ token }), 401, "token_expired");
  });

  it("answers 401 invalid_token for a token signed with another secret", async () => {
    const user = await createUser("viewer");
    const token = await signAccessToken(user, {}, FORGERS_SECRET);

    expectProblem(await me({ token }), 401, "invalid_token");
  });

  it("answers 401 invalid_token, not token_expired, for an expired token signed with another secret", async () => {
    const admin = await createUser("admin");
    const token = await signAccessToken(admin, expiredClaims(), FORGERS_SECRET);

    expectProblem(await me({ token }), 401, "invalid_token");
    expectProblem(await callJson("GET", "/users", { token }), 401, "invalid_token");
  });

  it("answers 401 for an unsigned token (alg none), with or without a borrowed signature", async () => {
    const user = await createUser("admin");
    const unsigned = [{ alg: "none", typ: "JWT" }, claimsFor(user)]
      .map((part) => base64Url(JSON.stringify(part)))
      .join(".");
    const borrowedSignature = (await signAccessToken(user)).split(".")[2];

    for (const token of [`${unsigned}.`, `${unsigned}.${borrowedSignature}`]) {
      const authorization = { headers: { Authorization: `Bearer ${token}` } };
      expectProblem(await me(authorization), 401, "invalid_token");
      expectProblem(await callJson("GET", "/users", authorization), 401, "invalid_token");
    }
  });

  it.each(["HS384", "HS512"] as const)(
    "answers 401 invalid_token for an admin token signed with the server's own secret but %s: only HS256 is taken",
    async (alg) => {
      const admin = await createUser("admin");
      const token = await sign(claimsFor(admin), env.JWT_SECRET, alg);

      expectProblem(await me({ token }), 401, "invalid_token");
      expectProblem(await callJson("GET", "/users", { token }), 401, "invalid_token");
    },
  );

  it("answers 401 when the payload was changed to claim admin, keeping the signature", async () => {
    const viewer = await createUser("viewer");
    const [header, , signature] = (await signAccessToken(viewer)).split(".");
    const forged = `${header}.${base64Url(JSON.stringify(claimsFor({ ...viewer, role: "admin" })))}.${signature}`;

    expectProblem(await callJson("GET", "/users", { token: forged }), 401, "invalid_token");
    expectProblem(await me({ token: forged }), 401, "invalid_token");
  });

  it.each([
    ["from another issuer", { iss: "someone-else" }],
    ["without an issuer", { iss: undefined }],
    ["without a subject", { sub: undefined }],
    ["without an expiry", { exp: undefined }],
  ])("answers 401 invalid_token for a correctly signed token %s", async (_, overrides) => {
    const user = await createUser("viewer");
    const token = await signAccessToken(user, overrides);

    expectProblem(await me({ token }), 401, "invalid_token");
  });
});

// The token says who the caller is; what they may do is what their account says now, not what the token claims.
describe("the stored account, not the token, decides", () => {
  it("takes admin rights away on the very next request once an admin is demoted, and they cannot take them back", async () => {
    const [demoted, other] = await Promise.all([createUser("admin"), createUser("admin")]);
    expect((await callJson("GET", "/users", { token: demoted.token })).status).toBe(200);

    const demotion = await callJson("PATCH", `/users/${demoted.id}`, { token: other.token, body: { role: "viewer" } });
    expect(demotion.status).toBe(200);

    // The same, unexpired token that still says "admin".
    expect(decode(demoted.token).payload.role).toBe("admin");
    expectProblem(await callJson("GET", "/users", { token: demoted.token }), 403, "forbidden");
    const selfPromotion = await callJson("PATCH", `/users/${demoted.id}`, {
      token: demoted.token,
      body: { role: "admin" },
    });
    expectProblem(selfPromotion, 403, "forbidden");

    const account = await me({ token: demoted.token });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ id: demoted.id, role: "viewer" });
    const [stored] = await db().select({ role: users.role }).from(users).where(eq(users.id, demoted.id));
    expect(stored).toEqual({ role: "viewer" });
  });

  it("refuses admin routes with 403 to a customer whose correctly signed token claims admin", async () => {
    const customer = await createUser("customer");
    const token = await signAccessToken(customer, { role: "admin" });

    expectProblem(await callJson("GET", "/users", { token }), 403, "forbidden");
    expectProblem(await callJson("GET", "/subscribers", { token }), 403, "forbidden");
    const promotion = await callJson("PATCH", `/users/${customer.id}`, { token, body: { role: "admin" } });
    expectProblem(promotion, 403, "forbidden");

    const account = await me({ token });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ id: customer.id, role: "customer" });
  });

  it("ignores a role claim the platform does not have, answering with the stored role", async () => {
    const viewer = await createUser("viewer");
    const token = await signAccessToken(viewer, { role: "owner" });

    const account = await me({ token });

    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ id: viewer.id, role: "viewer" });
    expectProblem(await callJson("GET", "/users", { token }), 403, "forbidden");
  });

  it("answers 401 unauthorized on every guarded route once the account is deleted, though its token is valid", async () => {
    const deleted = await createUser("admin");
    await db().delete(users).where(eq(users.id, deleted.id));
    const options = { token: deleted.token };

    const refusals = [
      await me(options),
      await callJson("GET", "/tickets", options),
      await callJson("POST", "/tickets", { ...options, body: { title: "Ghost ticket", description: "From nobody." } }),
      await callJson("GET", "/users", options),
      await callJson("POST", "/users", {
        ...options,
        body: { email: `ghost.${crypto.randomUUID()}@example.test`, name: "Ghost", password: PASSWORD, role: "admin" },
      }),
      await callJson("GET", "/subscribers", options),
    ];

    for (const res of refusals) expectProblem(res, 401, "unauthorized");
    expect(await db().select().from(users).where(eq(users.name, "Ghost"))).toEqual([]);
    expect(await db().select().from(tickets).where(eq(tickets.title, "Ghost ticket"))).toEqual([]);
  });
});

describe("stored passwords", () => {
  const password = "the same password for both";

  async function createThroughApi(admin: TestUser): Promise<string> {
    const res = await callJson("POST", "/users", {
      token: admin.token,
      body: { email: `hash.${crypto.randomUUID()}@example.test`, name: "Hash Check", password, role: "viewer" },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function storedHashes(): Promise<string[]> {
    const admin = await createUser("admin");
    const ids = [await createThroughApi(admin), await createThroughApi(admin)];
    const rows = await db()
      .select({ id: users.id, passwordHash: users.passwordHash })
      .from(users)
      .where(inArray(users.id, ids));
    expect(rows).toHaveLength(2);
    return rows.map((row) => row.passwordHash);
  }

  it("are PBKDF2-SHA256 with at least 100,000 iterations and a salt of each user's own", async () => {
    const hashes = await storedHashes();

    const parts = hashes.map((stored) => {
      expect(stored).not.toContain(password);
      const [scheme, iterations, salt, hash, ...rest] = stored.split("$");
      expect(rest).toEqual([]);
      expect(scheme).toBe("pbkdf2-sha256");
      expect(Number(iterations)).toBeGreaterThanOrEqual(100_000);
      expect(salt!.length).toBeGreaterThanOrEqual(16);
      return { salt, hash };
    });
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(parts[0]!.salt).not.toBe(parts[1]!.salt);
    expect(parts[0]!.hash).not.toBe(parts[1]!.hash);

    // Each stored hash checks out against the password, and only against it.
    for (const stored of hashes) {
      expect(await verifyPassword(password, stored)).toBe(true);
      expect(await verifyPassword(`${password}.`, stored)).toBe(false);
    }
  });

  it("are checked by verifyPassword: the right password passes, a wrong or empty one fails", async () => {
    const user = await createUser("viewer");
    const [row] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    const stored = row!.passwordHash;

    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword(PASSWORD.toUpperCase(), stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
    expect(await verifyPassword(PASSWORD, "plain-text-password")).toBe(false);
  });
});

describe("login request bodies", () => {
  it("answers a body that is not JSON with a 400 problem, not a 500", async () => {
    const res = await call("POST", "/auth/login", {
      body: "{not json",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() },
    });
    await expectProblem(res, 400, "malformed_json");
  });
});
