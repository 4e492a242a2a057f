import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../src/auth/roles";
import { users } from "../src/auth/schema";
import { insufficientRoles, invalidCredentials } from "./auth-matrix";
import {
  ACCOUNT_LOOKUP,
  BASE,
  base64Url,
  callJson,
  createUser,
  db,
  dbCost,
  expectProblem,
  type JsonReply,
  login,
  PASSWORD,
  presentedUser,
  type Query,
  readJson,
  sleep,
  type TestUser,
  uniqueWord,
  walkPages,
} from "./helpers";

type User = { id: string; email: string; name: string; role: Role; created_at: string };

// Storage is shared by every test in this file: each test works on accounts it made, found by a word of its own.

let admin: TestUser;
beforeAll(async () => {
  admin = await createUser("admin");
});

const asAdmin = (method: string, path: string, body?: unknown) => callJson(method, path, { token: admin.token, body });

const errorPaths = (res: JsonReply): string[] => (res.body.errors ?? []).map((e: { path: string }) => e.path);

function newAccount(overrides: Record<string, unknown> = {}) {
  return {
    email: `new.${crypto.randomUUID().slice(0, 8)}@example.test`,
    name: "New Person",
    password: "a long enough password",
    role: "viewer",
    ...overrides,
  };
}

/** Inserts accounts straight into D1 with chosen creation times, to set up orderings and ties. */
async function insertAccounts(accounts: { name: string; role: Role; createdAt: string }[]): Promise<string[]> {
  const rows = accounts.map((account) => ({
    id: crypto.randomUUID(),
    email: `${account.name.replace(/\W+/g, ".")}.${crypto.randomUUID().slice(0, 6)}@example.test`.toLowerCase(),
    passwordHash: "not-a-usable-hash",
    ...account,
  }));
  await db().insert(users).values(rows);
  return rows.map((row) => row.id);
}

/** Every page of `GET /users?query`, as the admin sees it. */
const allPages = (query: Query) => walkPages<User>(admin.token, "/users", query);

const storedUser = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0];

describe("GET /users", () => {
  const tag = uniqueWord();
  let ids: string[];
  beforeAll(async () => {
    // Three accounts share a creation time, so the id must break the tie, also across a page boundary.
    ids = await insertAccounts([
      { name: `${tag} oldest`, role: "viewer", createdAt: "2020-01-01T00:00:01.000Z" },
      { name: `${tag} tie a`, role: "editor", createdAt: "2020-01-01T00:00:02.000Z" },
      { name: `${tag} tie b`, role: "customer", createdAt: "2020-01-01T00:00:02.000Z" },
      { name: `${tag} tie c`, role: "editor", createdAt: "2020-01-01T00:00:02.000Z" },
      { name: `${tag} newest`, role: "viewer", createdAt: "2020-01-01T00:00:03.000Z" },
    ]);
  });

  const newestFirst = () => {
    const [oldest, a, b, c, newest] = ids as [string, string, string, string, string];
    return [newest, ...[a, b, c].sort().reverse(), oldest];
  };

  it("lists accounts newest first, a page at a time, until next_cursor is null", async () => {
    const pages = await allPages({ q: tag, limit: 2 });

    expect(pages.map((page) => page.data.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.data.map((user) => user.id))).toEqual(newestFirst());
    expect(pages.at(-1)!.next_cursor).toBeNull();
    expect(pages[0]!.data[0]).toEqual({
      id: ids[4],
      email: expect.stringContaining("@example.test"),
      name: `${tag} newest`,
      role: "viewer",
      created_at: "2020-01-01T00:00:03.000Z",
    });
  });

  it("ends with next_cursor null when the last page is exactly full", async () => {
    const pages = await allPages({ q: tag, limit: 5 });

    expect(pages).toHaveLength(1);
    expect(pages[0]!.data).toHaveLength(5);
    expect(pages[0]!.next_cursor).toBeNull();
  });

  it("filters by role", async () => {
    const pages = await allPages({ q: tag, role: "editor", limit: 1 });
    const found = pages.flatMap((page) => page.data);

    expect(found.map((user) => user.name).sort()).toEqual([`${tag} tie a`, `${tag} tie c`]);
    expect(found.every((user) => user.role === "editor")).toBe(true);
  });

  it("finds text in the email or the name, case-insensitively", async () => {
    const byName = await asAdmin("GET", `/users?q=${encodeURIComponent(`${tag.toUpperCase()} TIE B`)}`);
    expect(byName.status).toBe(200);
    expect(byName.body.data.map((user: User) => user.id)).toEqual([ids[2]]);

    const email: string = byName.body.data[0].email;
    const byEmail = await asAdmin("GET", `/users?q=${encodeURIComponent(email.toUpperCase())}`);
    expect(byEmail.body.data.map((user: User) => user.id)).toEqual([ids[2]]);
  });

  it.each(["%", "_"])("takes %j in q literally, not as a wildcard", async (wildcard) => {
    const [withIt] = await insertAccounts([
      { name: `${uniqueWord()} 100${wildcard} sure`, role: "viewer", createdAt: new Date().toISOString() },
    ]);

    const found = (await allPages({ q: wildcard, limit: 100 })).flatMap((page) => page.data);

    expect(found.map((user) => user.id)).toContain(withIt);
    for (const user of found) expect(`${user.email} ${user.name}`).toContain(wildcard);
  });

  it("costs one D1 round trip of its own, also for a filtered later page", async () => {
    const first = await asAdmin("GET", `/users?q=${tag}&role=editor&limit=1`);
    const next = await asAdmin("GET", `/users?q=${tag}&role=editor&limit=1&cursor=${first.body.next_cursor}`);
    const everyone = await asAdmin("GET", "/users?limit=100");

    for (const res of [first, next, everyone]) {
      expect(res.status).toBe(200);
      expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    }
  });

  it.each([
    ["garbage", () => "not a cursor!"],
    ["cut short", (real: string) => real.slice(0, -3)],
    ["a forged position", () => base64Url(JSON.stringify(["yesterday", 1]))],
    ["an object", () => base64Url(JSON.stringify({ created_at: "2020-01-01T00:00:00.000Z" }))],
  ])("answers 400 invalid_cursor for a cursor that is %s", async (_, tamper) => {
    const real: string = (await asAdmin("GET", `/users?q=${tag}&limit=1`)).body.next_cursor;

    const res = await asAdmin("GET", `/users?q=${tag}&limit=1&cursor=${encodeURIComponent(tamper(real))}`);

    expectProblem(res, 400, "invalid_cursor");
    expect(errorPaths(res)).toEqual(["cursor"]);
  });

  it.each([
    ["role=owner", "role"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["q=", "q"],
  ])("answers 400 for ?%s, naming the parameter", async (query, path) => {
    const res = await asAdmin("GET", `/users?${query}`);

    expectProblem(res, 400, "validation_failed");
    expect(errorPaths(res)).toEqual([path]);
  });
});

describe("GET /users/:id", () => {
  it("answers with the account", async () => {
    const user = await createUser("customer");

    const res = await asAdmin("GET", `/users/${user.id}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(presentedUser(user));
    expect(res.body.role).toBe("customer");
  });

  it("answers 404 for an unknown id", async () => {
    expectProblem(await asAdmin("GET", `/users/${crypto.randomUUID()}`), 404, "not_found");
  });
});

describe("POST /users", () => {
  it("creates the account (201 with Location) in one round trip of its own, and the new user can sign in", async () => {
    const email = `  Fresh.${uniqueWord()}@Example.TEST `;
    const account = newAccount({ email, name: " Grace Hopper ", role: "editor" });

    const res = await asAdmin("POST", "/users", account);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: account.email.trim().toLowerCase(),
      name: "Grace Hopper",
      role: "editor",
      created_at: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain(account.password);
    expect(res.headers.get("Location")).toBe(`/users/${res.body.id}`);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);

    const fetched = await asAdmin("GET", res.headers.get("Location")!);
    expect(fetched.body).toEqual(res.body);

    const signedIn = await login(res.body.email, account.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toEqual(res.body);
  });

  it("answers 409 email_taken for an email that differs only in case, and keeps the first account", async () => {
    const first = await asAdmin("POST", "/users", newAccount());
    const again = await asAdmin("POST", "/users", newAccount({ email: first.body.email.toUpperCase(), name: "Twin" }));

    expectProblem(again, 409, "email_taken");
    expect(errorPaths(again)).toEqual(["email"]);
    const stored = await db().select().from(users).where(eq(users.email, first.body.email));
    expect(stored.map((row) => [row.id, row.name])).toEqual([[first.body.id, "New Person"]]);
  });

  it.each([
    ["an unknown role", { role: "owner" }, ["role"]],
    ["a password under 8 characters", { password: "seven77" }, ["password"]],
    ["an unknown field", { nickname: "Ada" }, ["nickname"]],
    ["a malformed email", { email: "ada-at-example.test" }, ["email"]],
    ["an empty name", { name: "  " }, ["name"]],
    [
      "several problems at once",
      { role: "owner", password: "short", nickname: "Ada" },
      ["nickname", "password", "role"],
    ],
  ])("answers 400 for %s, naming the fields, and creates nothing", async (_, overrides, paths) => {
    const account = newAccount(overrides);

    const res = await asAdmin("POST", "/users", account);

    expectProblem(res, 400, "validation_failed");
    expect(errorPaths(res).sort()).toEqual(paths);
    expect(await db().select().from(users).where(eq(users.email, account.email))).toEqual([]);
  });
});

describe("PATCH /users/:id", () => {
  it("changes the role and name, and stores the change", async () => {
    const user = await createUser("viewer");

    const res = await asAdmin("PATCH", `/users/${user.id}`, { role: "editor", name: "  Promoted Person " });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, email: user.email, role: "editor", name: "Promoted Person" });
    expect(await storedUser(user.id)).toMatchObject({ role: "editor", name: "Promoted Person" });
  });

  it("changes only what was sent", async () => {
    const user = await createUser("customer");

    const res = await asAdmin("PATCH", `/users/${user.id}`, { name: "Renamed" });

    expect(res.status).toBe(200);
    expect(await storedUser(user.id)).toMatchObject({ role: "customer", name: "Renamed", email: user.email });
  });

  it.each([
    ["an empty body", {}],
    ["an unknown role", { role: "owner" }],
    ["a field that cannot be changed here", { email: "other@example.test" }],
    ["a password", { password: "a new long password" }],
  ])("answers 400 for %s and changes nothing", async (_, body) => {
    const user = await createUser("viewer");
    const before = await storedUser(user.id);

    expectProblem(await asAdmin("PATCH", `/users/${user.id}`, body), 400, "validation_failed");
    expect(await storedUser(user.id)).toEqual(before);
  });

  it("answers 404 for an unknown id", async () => {
    expectProblem(await asAdmin("PATCH", `/users/${crypto.randomUUID()}`, { name: "Nobody" }), 404, "not_found");
  });
});

describe("DELETE /users/:id", () => {
  it("deletes the account: 204, then 404, and it can no longer sign in", async () => {
    const user = await createUser("editor");

    const res = await asAdmin("DELETE", `/users/${user.id}`);

    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectProblem(await asAdmin("GET", `/users/${user.id}`), 404, "not_found");
    expectProblem(await asAdmin("DELETE", `/users/${user.id}`), 404, "not_found");
    expectProblem(await login(user.email, PASSWORD), 401, "invalid_credentials");
  });

  it("keeps the account's tickets, without an author", async () => {
    const customer = await createUser("customer");
    const opened = await callJson("POST", "/tickets", {
      token: customer.token,
      body: { title: "Cannot play lesson 3", description: "The video stops after ten seconds." },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.created_by).toBe(customer.id);

    expect((await asAdmin("DELETE", `/users/${customer.id}`)).status).toBe(204);

    const ticket = await asAdmin("GET", `/tickets/${opened.body.id}`);
    expect(ticket.status).toBe(200);
    expect(ticket.body).toMatchObject({ id: opened.body.id, title: "Cannot play lesson 3", created_by: null });
  });
});

describe("only admins manage users", () => {
  let target: TestUser;
  const refusedEmail = `refused.${uniqueWord()}@example.test`;
  const routes = [
    { route: "GET /users", method: "GET", path: (_id: string) => "/users" },
    { route: "GET /users/:id", method: "GET", path: (id: string) => `/users/${id}` },
    {
      route: "POST /users",
      method: "POST",
      path: (_id: string) => "/users",
      body: newAccount({ email: refusedEmail, role: "admin" }),
    },
    { route: "PATCH /users/:id", method: "PATCH", path: (id: string) => `/users/${id}`, body: { role: "admin" } },
    { route: "DELETE /users/:id", method: "DELETE", path: (id: string) => `/users/${id}` },
  ];

  beforeAll(async () => {
    target = await createUser("viewer");
  });

  describe.each(routes)("$route", ({ method, path, body }) => {
    it.each([...invalidCredentials(() => admin), ...insufficientRoles("admin")])(
      "refuses $sent with $status $code",
      async ({ status, code, headers }) => {
        expectProblem(await callJson(method, path(target.id), { body, headers: await headers() }), status, code);
      },
    );
  });

  it("changed nothing on those refusals", async () => {
    expect(await storedUser(target.id)).toMatchObject({ role: "viewer", name: target.name });
    expect(await db().select().from(users).where(eq(users.email, refusedEmail))).toEqual([]);
  });
});

// Runs last in this file: it reduces the platform to a single admin.
describe("the last admin", () => {
  const admins = async () =>
    (await db().select({ id: users.id }).from(users).where(eq(users.role, "admin"))).map((row) => row.id);
  const tokenOf = new Map<string, string>();

  beforeAll(async () => {
    tokenOf.set(admin.id, admin.token);
    // Other tests made admins of their own; remove them through the API until `admin` is the only one.
    const everyAdmin = (await allPages({ role: "admin", limit: 100 })).flatMap((page) => page.data);
    const others = everyAdmin.filter((u) => u.id !== admin.id);
    for (const other of others) expect((await asAdmin("DELETE", `/users/${other.id}`)).status).toBe(204);
    expect(await admins()).toEqual([admin.id]);
  });

  it("cannot be demoted", async () => {
    for (const role of ["editor", "viewer", "customer"]) {
      expectProblem(await asAdmin("PATCH", `/users/${admin.id}`, { role }), 409, "last_admin");
    }
    expect(await storedUser(admin.id)).toMatchObject({ role: "admin" });
  });

  it("cannot be deleted", async () => {
    expectProblem(await asAdmin("DELETE", `/users/${admin.id}`), 409, "last_admin");
    expect(await admins()).toEqual([admin.id]);
  });

  it("can still be renamed, or 'promoted' to admin again", async () => {
    expect((await asAdmin("PATCH", `/users/${admin.id}`, { name: "The Only Admin" })).status).toBe(200);
    expect((await asAdmin("PATCH", `/users/${admin.id}`, { role: "admin" })).status).toBe(200);
    expect(await storedUser(admin.id)).toMatchObject({ role: "admin", name: "The Only Admin" });
  });

  it("can be demoted or deleted once there is another admin", async () => {
    const second = await asAdmin("POST", "/users", newAccount({ role: "admin" }));
    const third = await asAdmin("POST", "/users", newAccount({ role: "admin" }));

    expect((await asAdmin("PATCH", `/users/${second.body.id}`, { role: "editor" })).status).toBe(200);
    expect((await asAdmin("DELETE", `/users/${third.body.id}`)).status).toBe(204);
    expect(await admins()).toEqual([admin.id]);
  });

  /**
   * Sends the requests together and holds their bodies back until all of them have been received, so that the
   * handlers reach the database side by side rather than one after the other.
   */
  async function simultaneously(requests: { method: string; path: string; token: string; body: unknown }[]) {
    const bodies = requests.map(() => new TransformStream<Uint8Array, Uint8Array>());
    const responses = requests.map((request, i) =>
      exports.default.fetch(
        new Request(`${BASE}${request.path}`, {
          method: request.method,
          headers: { Authorization: `Bearer ${request.token}`, "Content-Type": "application/json" },
          body: bodies[i]!.readable,
        }),
      ),
    );
    await sleep(50);
    const writers = bodies.map((body, i) => {
      const writer = body.writable.getWriter();
      return Promise.all([writer.write(new TextEncoder().encode(JSON.stringify(requests[i]!.body))), writer.close()]);
    });
    await Promise.all(writers);
    return Promise.all(responses.map(async (pending) => readJson(await pending)));
  }

  /**
   * Two admins act on each other at the same moment, a few times over: exactly one of them may succeed, one admin
   * must remain, and the other request is refused with one of `refusals` (status → code). Which refusal depends on
   * timing: if both requests were authenticated before either change, the database's guard refuses the second
   * (409 last_admin); if the loser's account had already been changed when its request was authenticated, the
   * guard in front of the route refuses it.
   */
  async function raceTwoAdmins(
    method: "PATCH" | "DELETE",
    body: unknown,
    success: number,
    refusals: Record<number, string>,
  ) {
    for (let round = 0; round < 3; round++) {
      const [survivor, ...more] = await admins();
      expect(more).toEqual([]);
      const other = await createUser("admin");
      tokenOf.set(other.id, other.token);

      const results = await simultaneously([
        { method, path: `/users/${other.id}`, token: tokenOf.get(survivor!)!, body },
        { method, path: `/users/${survivor}`, token: other.token, body },
      ]);

      const statuses = results.map((res) => res.status);
      expect(
        statuses.filter((status) => status === success),
        JSON.stringify(statuses),
      ).toHaveLength(1);
      const refused = results.find((res) => res.status !== success)!;
      expect(Object.keys(refusals).map(Number), JSON.stringify(refused.body)).toContain(refused.status);
      expectProblem(refused, refused.status, refusals[refused.status]!);
      expect(await admins()).toHaveLength(1);
    }
  }

  it("survives two admins demoting each other at the same moment", async () => {
    // The loser may be refused as an admin no longer (403) if its demotion came first.
    await raceTwoAdmins("PATCH", { role: "viewer" }, 200, { 403: "forbidden", 409: "last_admin" });
  });

  it("survives two admins deleting each other at the same moment", async () => {
    // The loser may be refused as an account no longer (401) if its deletion came first.
    await raceTwoAdmins("DELETE", {}, 204, { 401: "unauthorized", 409: "last_admin" });
  });
});
