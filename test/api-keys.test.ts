import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { requestId } from "hono/request-id";
import { beforeAll, describe, expect, it } from "vitest";
import { discoveryKeyOf } from "../src/auth/api-key-access";
import { apiKeys } from "../src/auth/api-key-schema";
import { authenticate } from "../src/auth/caller";
import { handleError } from "../src/http/errors";
import { observeRequests } from "../src/http/middleware";
import { createRouter } from "../src/http/openapi";
import { createProgram } from "./catalog-fixtures";
import { programRow } from "./cms-helpers";
import { dataOf, errorOf, graphql } from "./graphql-helpers";
import {
  BASE,
  callJson,
  createUser,
  db,
  dbCost,
  expectFieldProblem,
  expectProblem,
  freshIp,
  type JsonReply,
  MISSING_ID,
  readJson,
  sleep,
  type TestUser,
  uniqueWord,
  until,
  walkPages,
} from "./helpers";
import { sha256Hex } from "./uploads";

// Storage is shared by every test in this file: each test makes the keys it uses.

let admin: TestUser;
let editor: TestUser;
beforeAll(async () => {
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
});

type Scope = "cms:read" | "cms:write" | "discovery:read";

/** Makes a key as `by` (an admin by default) and answers with what the API showed, the key included. */
async function createKey(scopes: Scope[], by: TestUser = admin, name = `key ${uniqueWord()}`) {
  const res = await callJson("POST", "/auth/api-keys", { token: by.token, body: { name, scopes } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; key: string; prefix: string; name: string; scopes: Scope[] };
}

/** A request with `X-API-Key: key` (and nothing else that authenticates). */
const withKey = (method: string, path: string, key: string, body?: unknown): Promise<JsonReply> =>
  callJson(method, path, { body, headers: { "X-API-Key": key, "CF-Connecting-IP": freshIp() } });

const keyRow = (id: string) => db().select().from(apiKeys).where(eq(apiKeys.id, id)).get();

/** A key of the right shape that was never issued. */
const unissuedKey = () => `epk_${"A".repeat(11)}${crypto.randomUUID().replaceAll("-", "")}`;

const newProgram = (title = `Program ${uniqueWord()}`) => ({
  title,
  description: "Made by a key.",
  language_primary: "te",
});

describe("POST /auth/api-keys", () => {
  it("answers the key once, with its prefix, scopes and maker, and stores only its SHA-256", async () => {
    const res = await callJson("POST", "/auth/api-keys", {
      token: admin.token,
      body: { name: "  Nightly import  ", scopes: ["cms:read", "discovery:read"] },
    });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: "Nightly import",
      scopes: ["cms:read", "discovery:read"],
      prefix: res.body.key.slice(0, 12),
      key: expect.stringMatching(/^epk_[A-Za-z0-9_-]{43}$/),
      created_by: admin.id,
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
    });
    expect(res.headers.get("Location")).toBe(`/auth/api-keys/${res.body.id}`);
    expect(res.headers.get("Cache-Control")).toBe("no-store");

    const row = await keyRow(res.body.id);
    expect(row?.keyHash).toBe(await sha256Hex(res.body.key));
    // Nothing stored holds the key, nor its secret part past the shown prefix.
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(res.body.key);
    expect(stored).not.toContain(res.body.key.slice(12));
  });

  it("never shows the key again: not in the list, not in the key's own page", async () => {
    const made = await createKey(["cms:read"]);

    const pages = await walkPages(admin.token, "/auth/api-keys", { limit: 100 });
    const listed = pages.flatMap((page) => page.data).find((key) => key.id === made.id);
    expect(listed).toEqual({
      id: made.id,
      name: made.name,
      scopes: ["cms:read"],
      prefix: made.prefix,
      created_by: admin.id,
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
    });
    expect(JSON.stringify(pages)).not.toContain(made.key);

    const one = await callJson("GET", `/auth/api-keys/${made.id}`, { token: admin.token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(listed);
  });

  it.each([
    ["an empty name", { name: "  ", scopes: ["cms:read"] }, "name"],
    ["a name of 101 characters", { name: "x".repeat(101), scopes: ["cms:read"] }, "name"],
    ["no scopes", { name: "k", scopes: [] }, "scopes"],
    ["a scope twice", { name: "k", scopes: ["cms:read", "cms:read"] }, "scopes"],
    ["an unknown scope", { name: "k", scopes: ["cms:read", "admin"] }, "scopes.1"],
    ["scopes missing", { name: "k" }, "scopes"],
    ["an unknown field", { name: "k", scopes: ["cms:read"], key: "epk_mine" }, "key"],
  ])("refuses %s with a 400 naming the field, and stores nothing", async (_, body, field) => {
    const before = (await db().select().from(apiKeys)).length;
    const res = await callJson("POST", "/auth/api-keys", { token: admin.token, body });
    expectFieldProblem(res, 400, "validation_failed", field);
    expect((await db().select().from(apiKeys)).length).toBe(before);
  });
});

describe("GET /auth/api-keys", () => {
  it("pages through every key, newest first, in one round trip past the admin's own lookup", async () => {
    const made = [await createKey(["cms:read"]), await createKey(["cms:write"]), await createKey(["discovery:read"])];

    const pages = await walkPages(admin.token, "/auth/api-keys", { limit: 2 });
    const listed = pages.flatMap((page) => page.data);
    expect(new Set(listed.map((key) => key.id)).size).toBe(listed.length);
    const sorted = [...listed].sort((a, b) =>
      a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1,
    );
    expect(listed).toEqual(sorted);
    for (const key of made) expect(listed.map((listedKey) => listedKey.id)).toContain(key.id);

    const res = await callJson("GET", "/auth/api-keys?limit=2", { token: admin.token });
    expect(dbCost(res).queries).toBe(2);
  });
});

describe("who may manage keys", () => {
  const routes = [
    ["POST", "/auth/api-keys", { name: "mine", scopes: ["cms:write"] }],
    ["GET", "/auth/api-keys", undefined],
    ["GET", `/auth/api-keys/${MISSING_ID}`, undefined],
    ["DELETE", `/auth/api-keys/${MISSING_ID}`, undefined],
  ] as const;

  it.each(routes)("%s %s: 401 without a token, 403 for an editor", async (method, path, body) => {
    await expectProblem(await callJson(method, path, { body }), 401, "unauthorized");
    await expectProblem(await callJson(method, path, { body, token: editor.token }), 403, "forbidden");
  });

  it("never to a key: a key cannot make, list or revoke keys (401), even an admin's cms:write key", async () => {
    const { key, id } = await createKey(["cms:write"]);
    const before = (await db().select().from(apiKeys)).length;
    for (const [method, path, body] of routes) {
      const problem = expectProblem(await withKey(method, path, key, body), 401, "api_key_not_accepted");
      expect(problem.detail).toContain("/cms");
    }
    expect(await withKey("DELETE", `/auth/api-keys/${id}`, key)).toMatchObject({ status: 401 });
    expect((await db().select().from(apiKeys)).length).toBe(before);
    expect((await keyRow(id))?.revokedAt).toBeNull();
  });
});

describe("DELETE /auth/api-keys/{id}", () => {
  it("revokes at once: the key is refused on its next request, and stays listed with revoked_at", async () => {
    const { id, key } = await createKey(["cms:read"]);
    expect((await withKey("GET", "/cms/programs", key)).status).toBe(200);

    const res = await callJson("DELETE", `/auth/api-keys/${id}`, { token: admin.token });
    expect(res.status).toBe(204);

    const problem = expectProblem(await withKey("GET", "/cms/programs", key), 401, "invalid_api_key");
    expect(problem.detail).toContain("revoked");
    const shown = await callJson("GET", `/auth/api-keys/${id}`, { token: admin.token });
    expect(shown.body.revoked_at).toEqual(expect.any(String));
  });

  it("answers 409 already_revoked for a revoked key (revoked_at kept) and 404 for an unknown one", async () => {
    const { id } = await createKey(["cms:read"]);
    await callJson("DELETE", `/auth/api-keys/${id}`, { token: admin.token });
    const revokedAt = (await keyRow(id))?.revokedAt;

    await expectProblem(
      await callJson("DELETE", `/auth/api-keys/${id}`, { token: admin.token }),
      409,
      "already_revoked",
    );
    expect((await keyRow(id))?.revokedAt).toBe(revokedAt);
    await expectProblem(
      await callJson("DELETE", `/auth/api-keys/${MISSING_ID}`, { token: admin.token }),
      404,
      "not_found",
    );
  });

  it("goes with its maker: deleting the admin's account removes their keys, which stop working", async () => {
    const maker = await createUser("admin");
    const { id, key } = await createKey(["cms:read"], maker);

    expect((await callJson("DELETE", `/users/${maker.id}`, { token: admin.token })).status).toBe(204);

    expect(await keyRow(id)).toBeUndefined();
    await expectProblem(await withKey("GET", "/cms/programs", key), 401, "invalid_api_key");
    expect((await callJson("GET", `/auth/api-keys/${id}`, { token: admin.token })).status).toBe(404);
  });
});

describe("X-API-Key on the CMS", () => {
  it("cms:read reads programs but cannot create one (403 insufficient_scope naming cms:write)", async () => {
    const program = await createProgram();
    const { key } = await createKey(["cms:read"]);

    const read = await withKey("GET", `/cms/programs/${program.id}`, key);
    expect(read.status).toBe(200);
    expect(read.body.title).toBe(program.title);

    const title = `Refused ${uniqueWord()}`;
    const problem = expectProblem(
      await withKey("POST", "/cms/programs", key, newProgram(title)),
      403,
      "insufficient_scope",
    );
    expect(problem.detail).toContain("cms:write");
    expect(problem.required_scope).toBe("cms:write");
    const listed = await callJson("GET", `/cms/programs?q=${encodeURIComponent(title)}`, { token: editor.token });
    expect(listed.body.data).toEqual([]);
  });

  it("cms:write creates a program as its admin would (and reads too)", async () => {
    const { key } = await createKey(["cms:write"]);
    const title = `Keyed ${uniqueWord()}`;

    const res = await withKey("POST", "/cms/programs", key, newProgram(title));

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ title, description: "Made by a key.", language_primary: "te", status: "draft" });
    const stored = await programRow(res.body.id);
    expect(stored).toMatchObject({ title, languagePrimary: "te", languagesAvailable: ["te"], status: "draft" });
    const read = await withKey("GET", `/cms/programs/${res.body.id}`, key);
    expect(read.status).toBe(200);
    expect(read.body.title).toBe(title);
  });

  it("acts at most as an editor: an admin's cms:write key cannot delete (403), and the program stays", async () => {
    const program = await createProgram();
    const { key } = await createKey(["cms:write"]);

    const problem = expectProblem(await withKey("DELETE", `/cms/programs/${program.id}`, key), 403, "forbidden");
    expect(problem.detail).toContain("admin");
    expect(await programRow(program.id)).toBeDefined();
  });

  it("never above its maker's current role: once the admin is made a viewer, the write key only reads", async () => {
    const maker = await createUser("admin");
    const { key } = await createKey(["cms:write"], maker);
    await callJson("PATCH", `/users/${maker.id}`, { token: admin.token, body: { role: "viewer" } });

    await expectProblem(await withKey("POST", "/cms/programs", key, newProgram()), 403, "forbidden");
    expect((await withKey("GET", "/cms/programs", key)).status).toBe(200);
  });

  it("a discovery:read key is not a CMS key: 403 insufficient_scope", async () => {
    const { key } = await createKey(["discovery:read"]);
    const problem = expectProblem(await withKey("GET", "/cms/programs", key), 403, "insufficient_scope");
    expect(problem.detail).toContain("cms:read");
  });

  it.each([
    ["a well-shaped key never issued", unissuedKey()],
    ["a value that is not a key", "let-me-in"],
    ["an empty value", ""],
  ])("refuses %s with 401 invalid_api_key", async (_, key) => {
    await expectProblem(await withKey("GET", "/cms/programs", key), 401, "invalid_api_key");
  });

  it("refuses a bearer token and a key together (400), rather than guess which was meant", async () => {
    const { key } = await createKey(["cms:write"]);
    const res = await callJson("POST", "/cms/programs", {
      token: editor.token,
      body: newProgram(),
      headers: { "X-API-Key": key },
    });
    expectProblem(res, 400, "conflicting_credentials");
  });

  it("costs the same D1 round trips as a bearer token: one lookup joins the key and its maker", async () => {
    const { key } = await createKey(["cms:read"]);
    const byKey = await withKey("GET", "/cms/programs?limit=5", key);
    const byToken = await callJson("GET", "/cms/programs?limit=5", { token: editor.token });
    expect(byKey.status).toBe(200);
    expect(dbCost(byKey).queries).toBe(dbCost(byToken).queries);
    // Later requests too: recording the use never adds a query to a request.
    expect(dbCost(await withKey("GET", "/cms/programs?limit=5", key)).queries).toBe(dbCost(byToken).queries);
  });
});

describe("X-API-Key where no scope reaches", () => {
  it.each(["/tickets", "/users", "/auth/me", "/catalog/programs"])("GET %s: 401 api_key_not_accepted", async (path) => {
    const { key } = await createKey(["cms:write", "cms:read", "discovery:read"]);
    const problem = expectProblem(await withKey("GET", path, key), 401, "api_key_not_accepted");
    expect(problem.detail).toContain(path);
  });
});

describe("X-API-Key on discovery", () => {
  it("takes a discovery:read key, refuses a CMS-only key (403) and an unknown one (401)", async () => {
    const { key } = await createKey(["discovery:read"]);
    expect([401, 403]).not.toContain((await withKey("GET", "/discovery/featured", key)).status);

    const cmsOnly = await createKey(["cms:read"]);
    await expectProblem(await withKey("GET", "/discovery/featured", cmsOnly.key), 403, "insufficient_scope");
    await expectProblem(await withKey("GET", "/discovery/featured", unissuedKey()), 401, "invalid_api_key");
  });
});

describe("last_used_at", () => {
  it("is recorded after a use, then not rewritten by every request within the minute", async () => {
    const { id, key } = await createKey(["cms:read"]);
    expect((await keyRow(id))?.lastUsedAt).toBeNull();

    const before = Date.now();
    await withKey("GET", "/cms/programs?limit=1", key);
    await until(async () => (await keyRow(id))?.lastUsedAt != null);
    const first = (await keyRow(id))?.lastUsedAt as string;
    expect(Date.parse(first)).toBeGreaterThanOrEqual(before - 1000);

    await withKey("GET", "/cms/programs?limit=1", key);
    await sleep(100);
    expect((await keyRow(id))?.lastUsedAt).toBe(first);
    const listed = await callJson("GET", `/auth/api-keys/${id}`, { token: admin.token });
    expect(listed.body.last_used_at).toBe(first);
  });

  it("is brought up to date when the last record is over a minute old", async () => {
    const { id, key } = await createKey(["cms:read"]);
    const longAgo = new Date(Date.now() - 120_000).toISOString();
    await db().update(apiKeys).set({ lastUsedAt: longAgo }).where(eq(apiKeys.id, id));

    await withKey("GET", "/cms/programs?limit=1", key);
    await until(async () => (await keyRow(id))?.lastUsedAt !== longAgo);
  });
});

describe("the OpenAPI document", () => {
  it("offers the X-API-Key scheme beside the bearer token, with the scope, where keys are taken", async () => {
    const { body: doc } = await callJson("GET", "/openapi.json");
    expect(doc.components.securitySchemes.apiKeyAuth).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "X-API-Key",
    });
    expect(doc.paths["/cms/programs"].get.security).toEqual([{ bearerAuth: [] }, { apiKeyAuth: ["cms:read"] }]);
    expect(doc.paths["/cms/programs"].post.security).toEqual([{ bearerAuth: [] }, { apiKeyAuth: ["cms:write"] }]);
    expect(doc.paths["/discovery/search"].get.security).toEqual([{}, { apiKeyAuth: ["discovery:read"] }]);
    expect(doc.paths["/tickets"].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/auth/api-keys"].post.security).toEqual([{ bearerAuth: [] }]);
  });
});

// `authenticate()` and `discoveryKeyOf()` serve handlers that authenticate by themselves (GraphQL, the discovery rate
// limit): called here from routes of their own, behind the app's request middleware.
describe("authenticate() and discoveryKeyOf()", () => {
  const probe = createRouter()
    .use(requestId())
    .use(observeRequests)
    .get("/caller/:scope", async (c) => {
      const scope = c.req.param("scope");
      const account = await authenticate(c, scope === "none" ? undefined : (scope as Scope));
      return c.json({ id: account?.id ?? null, role: account?.role ?? null });
    })
    .get("/discovery-key", async (c) => c.json({ id: (await discoveryKeyOf(c)) ?? null }))
    .onError(handleError);

  async function ask(path: string, headers: Record<string, string> = {}): Promise<JsonReply> {
    const ctx = createExecutionContext();
    const res = await probe.request(`${BASE}${path}`, { headers }, env, ctx);
    const reply = await readJson(res);
    await waitOnExecutionContext(ctx);
    return reply;
  }

  it("answers nobody without credentials, and the account of a bearer token", async () => {
    expect((await ask("/caller/cms:read")).body).toEqual({ id: null, role: null });
    expect((await ask("/caller/cms:write", { Authorization: `Bearer ${editor.token}` })).body).toEqual({
      id: editor.id,
      role: "editor",
    });
  });

  it("answers a key's maker at the role of the scope asked for, in one D1 round trip", async () => {
    const write = await createKey(["cms:write"]);
    const res = await ask("/caller/cms:read", { "X-API-Key": write.key });
    expect(res.body).toEqual({ id: admin.id, role: "editor" });
    expect(dbCost(res).queries).toBe(1);
    const read = await createKey(["cms:read", "discovery:read"]);
    expect((await ask("/caller/cms:read", { "X-API-Key": read.key })).body).toEqual({ id: admin.id, role: "viewer" });
  });

  it("refuses a key without the scope (403), where no scope is asked (401), with a token too (400), once revoked (401)", async () => {
    const read = await createKey(["cms:read"]);
    expectProblem(await ask("/caller/cms:write", { "X-API-Key": read.key }), 403, "insufficient_scope");
    expectProblem(await ask("/caller/none", { "X-API-Key": read.key }), 401, "api_key_not_accepted");
    expectProblem(
      await ask("/caller/cms:read", { "X-API-Key": read.key, Authorization: `Bearer ${editor.token}` }),
      400,
      "conflicting_credentials",
    );
    await callJson("DELETE", `/auth/api-keys/${read.id}`, { token: admin.token });
    expectProblem(await ask("/caller/cms:read", { "X-API-Key": read.key }), 401, "invalid_api_key");
  });

  it("discoveryKeyOf() names a valid discovery:read key, and nothing else, without throwing", async () => {
    const discovery = await createKey(["discovery:read", "cms:read"]);
    const cms = await createKey(["cms:write"]);
    const revoked = await createKey(["discovery:read"]);
    await callJson("DELETE", `/auth/api-keys/${revoked.id}`, { token: admin.token });

    const keyOf = async (headers: Record<string, string>) => {
      const res = await ask("/discovery-key", headers);
      expect(res.status).toBe(200);
      return res.body.id;
    };
    expect(await keyOf({ "X-API-Key": discovery.key })).toBe(discovery.id);
    expect(await keyOf({ "X-API-Key": cms.key })).toBeNull();
    expect(await keyOf({ "X-API-Key": revoked.key })).toBeNull();
    expect(await keyOf({ "X-API-Key": unissuedKey() })).toBeNull();
    expect(await keyOf({})).toBeNull();
  });
});

describe("API keys on /graphql", () => {
  const programsQuery = "query { programs(first: 1) { edges { node { id } } } }";
  const createMutation = `mutation($input: ProgramInput!) { createProgram(input: $input) { id title } }`;
  const input = { title: "Made with a key", language_primary: "en" };

  it("read with cms:read, write with cms:write, and are refused past their scope with REST's codes", async () => {
    const read = await createKey(["cms:read"]);
    const write = await createKey(["cms:write"]);
    const discovery = await createKey(["discovery:read"]);
    const asKey = (key: string) => ({ headers: { "X-API-Key": key } });

    expect(dataOf(await graphql(programsQuery, {}, asKey(read.key))).programs.edges).toBeInstanceOf(Array);
    errorOf(await graphql(createMutation, { input }, asKey(read.key)), "insufficient_scope");
    errorOf(await graphql(programsQuery, {}, asKey(discovery.key)), "insufficient_scope");

    const made = dataOf(await graphql(createMutation, { input }, asKey(write.key))).createProgram;
    expect(made.title).toBe("Made with a key");
    errorOf(
      await graphql(`mutation($id: ID!) { deleteProgram(id: $id) }`, { id: made.id }, asKey(write.key)),
      "forbidden",
    );

    await callJson("DELETE", `/auth/api-keys/${write.id}`, { token: admin.token });
    errorOf(await graphql(programsQuery, {}, asKey(write.key)), "invalid_api_key");
  });
});
