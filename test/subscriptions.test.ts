import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { subscribers } from "../src/subscriptions/schema";
import { insufficientRoles, invalidCredentials } from "./auth-matrix";
import {
  ACCOUNT_LOOKUP,
  base64Url,
  call,
  callJson,
  createUser,
  db,
  dbCost,
  expectProblem,
  freshIp,
  ISO_UTC,
  type JsonReply,
  type Page,
  type Query,
  sleep,
  startOfRateLimitWindow,
  type TestUser,
  uniqueWord,
  walkPages,
  withQuery,
} from "./helpers";

// The mailing list: public sign-up and unsubscribe, admin-only listing and removal.

interface Subscriber {
  id: string;
  name: string;
  email: string;
  created_at: string;
}

interface Subscription extends Subscriber {
  unsubscribe_token: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------------------------------------------

/** An address no other test uses; the unique word in it also finds the subscriber with `?q=`. */
const uniqueEmail = (label = "reader") => `${label}.${uniqueWord()}@example.org`;

function subscribe(body: unknown, ip = freshIp()): Promise<JsonReply> {
  return callJson("POST", "/subscribe", { body, headers: { "CF-Connecting-IP": ip } });
}

/** Signs up and insists it worked. */
async function subscribed(name: string, email: string, ip?: string): Promise<Subscription> {
  const res = await subscribe({ name, email }, ip);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Subscription;
}

function unsubscribe(body: unknown): Promise<JsonReply> {
  return callJson("POST", "/unsubscribe", { body });
}

function listSubscribers(token: string, query: Query = {}): Promise<JsonReply<Page<Subscriber>>> {
  return callJson<Page<Subscriber>>("GET", withQuery("/subscribers", query), { token });
}

/** Every page of `GET /subscribers`, `limit` at a time, as the admin sees it; and their items in order. */
async function allPages(query: Query, limit: number) {
  const pages = await walkPages<Subscriber>(admin.token, "/subscribers", { ...query, limit });
  return { pages, items: pages.flatMap((page) => page.data) };
}

/** The fields a 400 validation problem names, sorted. */
function faultyFields(res: JsonReply): string[] {
  const problem = expectProblem(res, 400, "validation_failed");
  return (problem.errors ?? []).map((error) => error.path).sort();
}

const storedWithEmail = (email: string) => db().select().from(subscribers).where(eq(subscribers.email, email)).all();
const storedWithId = (id: string) => db().select().from(subscribers).where(eq(subscribers.id, id)).get();

/**
 * Writes subscribers straight to D1 with chosen `created_at` values, for list tests that need a known order (or
 * identical timestamps) without spending sign-ups against the rate limit.
 */
async function seedSubscribers(tag: string, createdAts: string[]): Promise<Subscriber[]> {
  const rows = createdAts.map((createdAt, i) => ({
    id: crypto.randomUUID(),
    name: `Seeded ${i} ${tag}`,
    email: `seed${i}.${tag}@example.org`,
    unsubscribeToken: crypto.randomUUID() + crypto.randomUUID(),
    createdAt,
  }));
  // D1 binds at most 100 parameters per statement: 5 columns, so 20 rows a statement, all in one batch.
  const database = db();
  const inserts = [];
  for (let i = 0; i < rows.length; i += 20) inserts.push(database.insert(subscribers).values(rows.slice(i, i + 20)));
  const [first, ...rest] = inserts;
  if (first) await database.batch([first, ...rest]);
  return rows.map(({ id, name, email, createdAt }) => ({ id, name, email, created_at: createdAt }));
}

/** Newest first, ties broken by id (descending), as the API documents. */
const newestFirst = (a: Subscriber, b: Subscriber) =>
  a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1;

let admin: TestUser;
beforeAll(async () => {
  admin = await createUser("admin");
});

// ---------------------------------------------------------------------------------------------------------------
// POST /subscribe
// ---------------------------------------------------------------------------------------------------------------

describe("POST /subscribe", () => {
  it("signs up without authentication: 201, Location, the subscriber and an unsubscribe token", async () => {
    const email = uniqueEmail("ada");
    const before = Date.now();
    const res = await subscribe({ name: "Ada Lovelace", email });

    expect(res.status).toBe(201);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = res.body as Subscription;
    expect(Object.keys(body).sort()).toEqual(["created_at", "email", "id", "name", "unsubscribe_token"]);
    expect(body).toMatchObject({ name: "Ada Lovelace", email });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.created_at).toMatch(ISO_UTC);
    expect(Date.parse(body.created_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(body.created_at)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(body.unsubscribe_token.length).toBeGreaterThanOrEqual(43);
    expect(res.headers.get("Location")).toBe(`/subscribers/${body.id}`);

    // What was stored is what was answered.
    const [row] = await storedWithEmail(email);
    expect(row).toEqual({
      id: body.id,
      name: "Ada Lovelace",
      email,
      unsubscribeToken: body.unsubscribe_token,
      createdAt: body.created_at,
    });
  });

  it("points Location at a resource an admin can fetch", async () => {
    const res = await subscribe({ name: "Mary Somerville", email: uniqueEmail("mary") });
    expect(res.status).toBe(201);
    const location = res.headers.get("Location");
    expect(location).not.toBeNull();

    const fetched = await callJson("GET", location!, { token: admin.token });
    expect(fetched.status).toBe(200);
    const { unsubscribe_token: _token, ...subscriber } = res.body as Subscription;
    expect(fetched.body).toEqual(subscriber);
  });

  it("stores the email trimmed and lower-cased, and the name trimmed", async () => {
    const tag = uniqueWord();
    const res = await subscribe({ name: "  Grace Hopper  ", email: `  Grace.${tag}@Example.ORG ` });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "Grace Hopper", email: `grace.${tag}@example.org` });
    const rows = await storedWithEmail(`grace.${tag}@example.org`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Grace Hopper", email: `grace.${tag}@example.org` });
  });

  it("gives every subscriber a different unsubscribe token", async () => {
    const a = await subscribed("Token A", uniqueEmail("a"));
    const b = await subscribed("Token B", uniqueEmail("b"));
    expect(a.unsubscribe_token).not.toBe(b.unsubscribe_token);
    expect(a.id).not.toBe(b.id);
  });

  it("accepts a name of exactly 100 characters", async () => {
    const name = "n".repeat(100);
    const res = await subscribe({ name, email: uniqueEmail("long") });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe(name);
  });

  it("answers a duplicate email with 409 already_subscribed on the email field, keeping the first sign-up", async () => {
    const email = uniqueEmail("dup");
    const first = await subscribed("First", email);

    const again = await subscribe({ name: "Second", email });
    const problem = expectProblem(again, 409, "already_subscribed");
    expect(problem.errors).toEqual([{ path: "email", message: expect.any(String) }]);
    expect(again.headers.get("Location")).toBeNull();

    const rows = await storedWithEmail(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, name: "First", unsubscribeToken: first.unsubscribe_token });
  });

  it("treats an email differing only in case or surrounding whitespace as a duplicate", async () => {
    const tag = uniqueWord();
    const email = `grace.${tag}@example.org`;
    await subscribed("Grace", ` Grace.${tag}@Example.ORG `);

    for (const variant of [email, `GRACE.${tag}@EXAMPLE.ORG`, `\t${email}  `]) {
      const res = await subscribe({ name: "Grace again", email: variant });
      const problem = expectProblem(res, 409, "already_subscribed");
      expect(problem.errors?.map((error) => error.path)).toEqual(["email"]);
    }
    expect(await storedWithEmail(email)).toHaveLength(1);
  });

  it("lets exactly one of ten simultaneous sign-ups with one address through", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => subscribe({ name: `Racer ${i}`, email }, freshIp())),
    );

    const created = results.filter((res) => res.status === 201);
    const conflicts = results.filter((res) => res.status === 409);
    expect(results.map((res) => res.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    for (const res of conflicts) expectProblem(res, 409, "already_subscribed");

    const rows = await storedWithEmail(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(created[0]?.body.id);
  });

  describe("validation", () => {
    it("requires a name", async () => {
      expect(faultyFields(await subscribe({ email: uniqueEmail() }))).toEqual(["name"]);
    });

    it("refuses an empty or blank name", async () => {
      expect(faultyFields(await subscribe({ name: "", email: uniqueEmail() }))).toEqual(["name"]);
      expect(faultyFields(await subscribe({ name: "   ", email: uniqueEmail() }))).toEqual(["name"]);
    });

    it("refuses a name longer than 100 characters", async () => {
      const email = uniqueEmail("toolong");
      expect(faultyFields(await subscribe({ name: "n".repeat(101), email }))).toEqual(["name"]);
      expect(await storedWithEmail(email)).toHaveLength(0);
    });

    it("refuses an invalid or missing email", async () => {
      for (const email of ["not-an-email", "a@", "@example.org", "two words@example.org", ""]) {
        expect(faultyFields(await subscribe({ name: "Someone", email })), email).toEqual(["email"]);
      }
      expect(faultyFields(await subscribe({ name: "Someone" }))).toEqual(["email"]);
    });

    it("refuses fields it does not know", async () => {
      const email = uniqueEmail("extra");
      const res = await subscribe({ name: "Someone", email, role: "admin" });
      expect(faultyFields(res)).toEqual(["role"]);
      expect(await storedWithEmail(email)).toHaveLength(0);
    });

    it("lists every field at fault at once", async () => {
      const res = await subscribe({ name: "n".repeat(101), email: "nope", admin: true, id: "x" });
      expect(faultyFields(res)).toEqual(["admin", "email", "id", "name"]);
    });

    it("refuses a body that is not an object", async () => {
      const res = await subscribe(["Ada", "ada@example.org"]);
      expectProblem(res, 400, "validation_failed");
    });

    it("answers malformed JSON with 400 malformed_json", async () => {
      const res = await callJson("POST", "/subscribe", {
        body: '{"name": "Ada", "email": ',
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() },
      });
      expectProblem(res, 400, "malformed_json");
    });

    it("answers a body that is not JSON with 415", async () => {
      const email = uniqueEmail("form");
      const res = await callJson("POST", "/subscribe", {
        body: `name=Ada&email=${encodeURIComponent(email)}`,
        headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshIp() },
      });
      expectProblem(res, 415, "unsupported_media_type");

      const text = await callJson("POST", "/subscribe", {
        body: JSON.stringify({ name: "Ada", email }),
        headers: { "Content-Type": "text/plain", "CF-Connecting-IP": freshIp() },
      });
      expectProblem(text, 415, "unsupported_media_type");
      expect(await storedWithEmail(email)).toHaveLength(0);
    });
  });

  describe("rate limit (5 a minute per client IP)", () => {
    it("refuses the 6th sign-up within a minute from one client with 429 and Retry-After", {
      timeout: 30_000,
    }, async () => {
      await startOfRateLimitWindow();
      const ip = freshIp();
      for (let i = 0; i < 5; i++) {
        const res = await subscribe({ name: `Burst ${i}`, email: uniqueEmail(`burst${i}`) }, ip);
        expect(res.status, `sign-up ${i + 1}`).toBe(201);
      }

      const email = uniqueEmail("sixth");
      const sixth = await subscribe({ name: "Burst 6", email }, ip);
      expectProblem(sixth, 429, "rate_limited");
      const retryAfter = sixth.headers.get("Retry-After");
      expect(retryAfter).toMatch(/^[1-9]\d*$/);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      // Refused before it reached the database: nothing stored, no query spent.
      expect(dbCost(sixth).queries).toBe(0);
      expect(await storedWithEmail(email)).toHaveLength(0);

      // Another client is not affected.
      const other = await subscribe({ name: "Someone else", email: uniqueEmail("other") }, freshIp());
      expect(other.status).toBe(201);
    });

    it("counts attempts, not successes: invalid sign-ups use up the allowance too", { timeout: 30_000 }, async () => {
      await startOfRateLimitWindow();
      const ip = freshIp();
      for (let i = 0; i < 5; i++) {
        const res = await subscribe({ name: "", email: "nope" }, ip);
        expect(res.status).toBe(400);
      }
      const res = await subscribe({ name: "Valid", email: uniqueEmail("valid") }, ip);
      expectProblem(res, 429, "rate_limited");
    });
  });

  describe("query budget", () => {
    it("costs one D1 round trip for a new subscriber and one for a duplicate", async () => {
      const email = uniqueEmail("budget");
      const created = await subscribe({ name: "Budget", email });
      expect(created.status).toBe(201);
      expect(dbCost(created).queries).toBe(1);

      const duplicate = await subscribe({ name: "Budget", email: email.toUpperCase() });
      expect(duplicate.status).toBe(409);
      expect(dbCost(duplicate).queries).toBe(1);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// GET /subscribers
// ---------------------------------------------------------------------------------------------------------------

describe("GET /subscribers", () => {
  it("lists subscribers newest first", async () => {
    const tag = uniqueWord();
    const created: Subscription[] = [];
    for (const name of ["Older", "Middle", "Newest"]) {
      created.push(await subscribed(`${name} ${tag}`, uniqueEmail(name.toLowerCase())));
      await sleep(5); // distinct created_at values, so the order is decided by time alone
    }
    expect(new Set(created.map((s) => s.created_at)).size).toBe(3);

    const res = await listSubscribers(admin.token, { q: tag });
    expect(res.status).toBe(200);
    expect(res.body.data.map((s) => s.name)).toEqual([`Newest ${tag}`, `Middle ${tag}`, `Older ${tag}`]);
    expect(res.body.next_cursor).toBeNull();
  });

  it("shows each subscriber as {id, name, email, created_at} and never its unsubscribe token", async () => {
    const tag = uniqueWord();
    const subscription = await subscribed(`Private ${tag}`, uniqueEmail(tag));

    const res = await call("GET", `/subscribers?q=${tag}`, { token: admin.token });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(subscription.unsubscribe_token);
    expect(text).not.toContain("unsubscribe");

    const page = JSON.parse(text) as Page<Subscriber>;
    const { unsubscribe_token: _token, ...visible } = subscription;
    expect(page).toEqual({ data: [visible], next_cursor: null });
  });

  it("answers a search that matches nothing with an empty page", async () => {
    const res = await listSubscribers(admin.token, { q: `nobody-${uniqueWord()}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], next_cursor: null });
  });

  it("finds subscribers by part of the name or of the email, ignoring case", async () => {
    const tag = uniqueWord();
    const byName = await subscribed(`Katherine ${tag.toUpperCase()} Johnson`, uniqueEmail("katherine"));
    const byEmail = await subscribed("Dorothy Vaughan", `dorothy.${tag}@Example.org`);
    await subscribed("Mary Jackson", uniqueEmail("mary"));

    for (const q of [tag, tag.toUpperCase(), ` ${tag} `]) {
      const res = await listSubscribers(admin.token, { q });
      expect(res.status).toBe(200);
      expect(res.body.data.map((s) => s.id).sort(), q).toEqual([byName.id, byEmail.id].sort());
    }

    const onlyEmail = await listSubscribers(admin.token, { q: `DOROTHY.${tag}@EXAMPLE` });
    expect(onlyEmail.body.data.map((s) => s.id)).toEqual([byEmail.id]);
  });

  it("takes % and _ in the search literally", async () => {
    const tag = uniqueWord();
    const percent = await subscribed(`100%${tag}`, uniqueEmail("percent"));
    await subscribed(`100x${tag}`, uniqueEmail("plain"));
    const underscore = await subscribed(`a_${tag}`, uniqueEmail("underscore"));
    await subscribed(`ab${tag}`, uniqueEmail("noscore"));

    const byPercent = await listSubscribers(admin.token, { q: `%${tag}` });
    expect(byPercent.body.data.map((s) => s.id)).toEqual([percent.id]);
    const byUnderscore = await listSubscribers(admin.token, { q: `_${tag}` });
    expect(byUnderscore.body.data.map((s) => s.id)).toEqual([underscore.id]);
  });

  describe("pagination", () => {
    const times = (n: number) =>
      Array.from({ length: n }, (_, i) => new Date(Date.UTC(2025, 0, 1, 12, 0, i)).toISOString());

    it("walks every page once, newest first, with next_cursor null on the last", async () => {
      const tag = uniqueWord();
      const seeded = await seedSubscribers(tag, times(7));

      const { pages, items } = await allPages({ q: tag }, 3);
      expect(pages.map((page) => page.data.length)).toEqual([3, 3, 1]);
      expect(pages.slice(0, -1).every((page) => typeof page.next_cursor === "string")).toBe(true);
      expect(items).toEqual([...seeded].sort(newestFirst));
    });

    it("ends with next_cursor null when the last page is exactly full", async () => {
      const tag = uniqueWord();
      await seedSubscribers(tag, times(4));

      const whole = await listSubscribers(admin.token, { q: tag, limit: 4 });
      expect(whole.body.data).toHaveLength(4);
      expect(whole.body.next_cursor).toBeNull();

      const { pages } = await allPages({ q: tag }, 2);
      expect(pages.map((page) => page.data.length)).toEqual([2, 2]);
    });

    it("neither skips nor repeats subscribers that share a created_at", async () => {
      const tag = uniqueWord();
      const sameMoment = "2025-02-02T02:02:02.022Z";
      const seeded = await seedSubscribers(tag, Array<string>(5).fill(sameMoment));

      const { items } = await allPages({ q: tag }, 2);
      expect(items.map((s) => s.id)).toEqual([...seeded].sort(newestFirst).map((s) => s.id));
      expect(new Set(items.map((s) => s.id)).size).toBe(5);
    });

    it("pages through the whole unfiltered list without losing anyone", async () => {
      const tag = uniqueWord();
      const mine = await subscribed(`Somewhere ${tag}`, uniqueEmail(tag));
      const total = (await db().select({ id: subscribers.id }).from(subscribers).all()).length;

      const { items } = await allPages({}, 7);
      expect(items).toHaveLength(total);
      expect(new Set(items.map((s) => s.id)).size).toBe(total);
      expect(items.map((s) => s.id)).toContain(mine.id);
      expect(items).toEqual([...items].sort(newestFirst));
    });

    it("defaults to 20 per page and refuses a limit outside 1–100", async () => {
      const tag = uniqueWord();
      await seedSubscribers(tag, times(21));
      const first = await listSubscribers(admin.token, { q: tag });
      expect(first.body.data).toHaveLength(20);
      expect(first.body.next_cursor).not.toBeNull();

      for (const limit of [0, 101, -1, "ten", 2.5]) {
        expect(faultyFields(await listSubscribers(admin.token, { limit })), String(limit)).toEqual(["limit"]);
      }
    });

    it("refuses a tampered cursor with 400 invalid_cursor", async () => {
      const tag = uniqueWord();
      await seedSubscribers(tag, times(3));
      const first = await listSubscribers(admin.token, { q: tag, limit: 1 });
      const cursor = first.body.next_cursor;
      expect(cursor).not.toBeNull();

      const tampered = [
        `x${cursor}`,
        "not-a-cursor",
        base64Url("{not json"),
        base64Url(JSON.stringify({ created_at: "2025-01-01T00:00:00.000Z", id: "x" })),
        base64Url(JSON.stringify(["yesterday", "some-id"])),
        base64Url(JSON.stringify(["2025-01-01T00:00:00.000Z", 42])),
      ];
      for (const bad of tampered) {
        const res = await listSubscribers(admin.token, { q: tag, limit: 1, cursor: bad });
        const problem = expectProblem(res, 400, "invalid_cursor");
        expect(
          problem.errors?.map((error) => error.path),
          bad,
        ).toEqual(["cursor"]);
      }
    });
  });

  describe("query budget", () => {
    it("costs one D1 round trip of its own whatever the page size, first page or later", async () => {
      const tag = uniqueWord();
      await seedSubscribers(
        tag,
        Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2025, 2, 3, 0, 0, i)).toISOString()),
      );

      const total = (await db().select({ id: subscribers.id }).from(subscribers).all()).length;
      for (const limit of [1, 10, 100]) {
        const res = await listSubscribers(admin.token, { limit });
        expect(res.status).toBe(200);
        expect(res.body.data).toHaveLength(Math.min(limit, total));
        expect(dbCost(res).queries, `limit=${limit}`).toBe(ACCOUNT_LOOKUP.queries + 1);
      }
      const filtered = await listSubscribers(admin.token, { q: tag, limit: 25 });
      expect(filtered.body.data).toHaveLength(25);
      expect(dbCost(filtered).queries).toBe(ACCOUNT_LOOKUP.queries + 1);

      const next = await listSubscribers(admin.token, { q: tag, limit: 25, cursor: filtered.body.next_cursor! });
      expect(next.body.data).toHaveLength(5);
      expect(dbCost(next).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// GET /subscribers/:id
// ---------------------------------------------------------------------------------------------------------------

describe("GET /subscribers/:id", () => {
  it("shows one subscriber without the unsubscribe token", async () => {
    const subscription = await subscribed("Hedy Lamarr", uniqueEmail("hedy"));
    const res = await callJson("GET", `/subscribers/${subscription.id}`, { token: admin.token });

    expect(res.status).toBe(200);
    const { unsubscribe_token: _token, ...visible } = subscription;
    expect(res.body).toEqual(visible);
  });

  it("answers an unknown id with 404 not_found", async () => {
    const res = await callJson("GET", `/subscribers/${crypto.randomUUID()}`, { token: admin.token });
    expectProblem(res, 404, "not_found");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// DELETE /subscribers/:id
// ---------------------------------------------------------------------------------------------------------------

describe("DELETE /subscribers/:id", () => {
  it("removes the subscriber: 204, then gone from lookups and the list, and 404 on a second delete", async () => {
    const tag = uniqueWord();
    const doomed = await subscribed(`Doomed ${tag}`, uniqueEmail(tag));
    const kept = await subscribed(`Kept ${tag}`, uniqueEmail(tag));

    const res = await call("DELETE", `/subscribers/${doomed.id}`, { token: admin.token });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);

    expect(await storedWithId(doomed.id)).toBeUndefined();
    expect(await storedWithId(kept.id)).toBeDefined();
    const lookup = await callJson("GET", `/subscribers/${doomed.id}`, { token: admin.token });
    expectProblem(lookup, 404, "not_found");
    const list = await listSubscribers(admin.token, { q: tag });
    expect(list.body.data.map((s) => s.id)).toEqual([kept.id]);

    const again = await callJson("DELETE", `/subscribers/${doomed.id}`, { token: admin.token });
    expectProblem(again, 404, "not_found");
  });

  it("answers an unknown id with 404 and deletes nothing", async () => {
    const before = (await db().select({ id: subscribers.id }).from(subscribers).all()).length;
    const res = await callJson("DELETE", `/subscribers/${crypto.randomUUID()}`, { token: admin.token });
    expectProblem(res, 404, "not_found");
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expect((await db().select({ id: subscribers.id }).from(subscribers).all()).length).toBe(before);
  });

  it("frees the email to sign up again", async () => {
    const email = uniqueEmail("back");
    const first = await subscribed("Back Again", email);
    const removed = await call("DELETE", `/subscribers/${first.id}`, { token: admin.token });
    expect(removed.status).toBe(204);
    await removed.text();

    const second = await subscribed("Back Again", email);
    expect(second.id).not.toBe(first.id);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// POST /unsubscribe
// ---------------------------------------------------------------------------------------------------------------

describe("POST /unsubscribe", () => {
  it("removes the subscriber holding the token: 204, gone from the list, in one D1 round trip", async () => {
    const tag = uniqueWord();
    const leaving = await subscribed(`Leaving ${tag}`, uniqueEmail(tag));
    const staying = await subscribed(`Staying ${tag}`, uniqueEmail(tag));

    const res = await unsubscribe({ token: leaving.unsubscribe_token });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect(res.body).toBeNull();
    expect(dbCost(res).queries).toBe(1);

    expect(await storedWithId(leaving.id)).toBeUndefined();
    const list = await listSubscribers(admin.token, { q: tag });
    expect(list.body.data.map((s) => s.id)).toEqual([staying.id]);
  });

  it("is idempotent: the same token again answers 204 and removes nobody else", async () => {
    const tag = uniqueWord();
    const leaving = await subscribed(`Twice ${tag}`, uniqueEmail(tag));
    const staying = await subscribed(`Bystander ${tag}`, uniqueEmail(tag));

    const first = await unsubscribe({ token: leaving.unsubscribe_token });
    expect(first.status, JSON.stringify(first.body)).toBe(204);
    const second = await unsubscribe({ token: leaving.unsubscribe_token });
    expect(second.status, JSON.stringify(second.body)).toBe(204);
    expect(dbCost(second).queries).toBe(1);

    expect(await storedWithId(leaving.id)).toBeUndefined();
    expect(await storedWithId(staying.id)).toBeDefined();
  });

  it("lets the same email subscribe again afterwards, and the old token does not remove the new subscription", async () => {
    const email = uniqueEmail("return");
    const first = await subscribed("Returning", email);
    const left = await unsubscribe({ token: first.unsubscribe_token });
    expect(left.status, JSON.stringify(left.body)).toBe(204);

    const back = await subscribe({ name: "Returning", email: email.toUpperCase() });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body.unsubscribe_token).not.toBe(first.unsubscribe_token);

    const stale = await unsubscribe({ token: first.unsubscribe_token });
    expect(stale.status, JSON.stringify(stale.body)).toBe(204);
    const rows = await storedWithEmail(email);
    expect(rows.map((row) => row.id)).toEqual([back.body.id]);
  });

  it("answers 204 for a well-formed token that was never issued, changing nothing", async () => {
    const before = (await db().select({ id: subscribers.id }).from(subscribers).all()).length;
    const res = await unsubscribe({ token: "A".repeat(43) });
    expect(res.status).toBe(204);
    expect((await db().select({ id: subscribers.id }).from(subscribers).all()).length).toBe(before);
  });

  it("refuses a malformed, missing or extra-field body with 400 validation_failed and removes nobody", async () => {
    const keeper = await subscribed("Keeper", uniqueEmail("keeper"));

    for (const token of ["abc", "", `${"A".repeat(42)}!`, "A".repeat(44), "A".repeat(200)]) {
      expect(faultyFields(await unsubscribe({ token })), token).toEqual(["token"]);
    }
    expect(faultyFields(await unsubscribe({}))).toEqual(["token"]);
    expect(faultyFields(await unsubscribe({ token: 42 }))).toEqual(["token"]);
    expect(faultyFields(await unsubscribe({ token: "A".repeat(43), email: keeper.email }))).toEqual(["email"]);
    expect(await storedWithId(keeper.id)).toBeDefined();
  });

  it("answers malformed JSON with 400 and a non-JSON body with 415", async () => {
    const malformed = await callJson("POST", "/unsubscribe", {
      body: '{"token": ',
      headers: { "Content-Type": "application/json" },
    });
    expectProblem(malformed, 400, "malformed_json");

    const form = await callJson("POST", "/unsubscribe", {
      body: `token=${"A".repeat(43)}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expectProblem(form, 415, "unsupported_media_type");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Who may use the admin routes
// ---------------------------------------------------------------------------------------------------------------

describe("admin routes refuse everyone but admins", () => {
  let target: Subscription;
  let someAdmin: TestUser;

  beforeAll(async () => {
    target = await subscribed("Protected", uniqueEmail("protected"));
    someAdmin = await createUser("admin");
  });

  const routes = [
    { route: "GET /subscribers", method: "GET", path: (_id: string) => "/subscribers", success: 200 },
    { route: "GET /subscribers/:id", method: "GET", path: (id: string) => `/subscribers/${id}`, success: 200 },
    { route: "DELETE /subscribers/:id", method: "DELETE", path: (id: string) => `/subscribers/${id}`, success: 204 },
  ];

  describe.each(routes)("$route", ({ method, path, success }) => {
    it.each([...invalidCredentials(() => someAdmin), ...insufficientRoles("admin")])(
      "refuses $sent with $status $code",
      async ({ status, code, headers }) => {
        const res = await callJson(method, path(target.id), { headers: await headers() });

        const problem = expectProblem(res, status, code);
        expect(JSON.stringify(problem)).not.toContain(target.email);
        // A refused request changes nothing.
        expect(await storedWithId(target.id)).toBeDefined();
      },
    );

    it(`lets an admin through with ${success}`, async () => {
      const subject = await subscribed("Admin's business", uniqueEmail("adminok"));
      const res = await callJson(method, path(subject.id), { token: admin.token });
      expect(res.status, JSON.stringify(res.body)).toBe(success);
    });
  });
});
