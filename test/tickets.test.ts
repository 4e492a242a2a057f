import { beforeAll, describe, expect, it } from "vitest";
import type { Ticket } from "../src/tickets/models";
import { type TicketRow, tickets } from "../src/tickets/schema";
import { invalidCredentials } from "./auth-matrix";
import {
  ACCOUNT_LOOKUP,
  base64Url,
  type CallOptions,
  callJson,
  createUser,
  db,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  idsOf,
  MISSING_ID,
  type Page,
  type Query,
  signAccessToken,
  type TestUser,
  uniqueWord,
  walkPages,
  withQuery,
} from "./helpers";

// Storage is shared by every test in this file: each test makes its own users, and staff-wide listings are narrowed
// to one test's tickets with `?q=<a word no other test uses>`.

// Editors and admins work the desk; viewers read all of it; customers see their own tickets.
const STAFF = ["editor", "admin"] as const;
const NON_STAFF = ["customer", "viewer"] as const;
const READERS = ["viewer", "editor", "admin"] as const;
const CLOSED = { status: "closed", closedAt: "2025-06-01T00:00:00.000Z" } as const;
const newTicket = { title: "Cannot play lesson 3", description: "The video stops after ten seconds." };

// ---- calling the API ------------------------------------------------------------------------------------------------

const as = (user: TestUser, options: Omit<CallOptions, "token"> = {}): CallOptions => ({
  ...options,
  token: user.token,
});

const postTicket = (user: TestUser, body: unknown) => callJson<Ticket>("POST", "/tickets", as(user, { body }));
const getTicket = (user: TestUser, id: string) => callJson<Ticket>("GET", `/tickets/${id}`, as(user));
const patchTicket = (user: TestUser, id: string, body: unknown) =>
  callJson<Ticket>("PATCH", `/tickets/${id}`, as(user, { body }));
const deleteTicket = (user: TestUser, id: string) => callJson<null>("DELETE", `/tickets/${id}`, as(user));

function listTickets(user: TestUser, query: Query = {}) {
  return callJson<Page<Ticket>>("GET", withQuery("/tickets", query), as(user));
}

/** Opens a ticket through the API and returns it. */
async function openTicket(user: TestUser, fields: Partial<typeof newTicket> & { priority?: string } = {}) {
  const res = await postTicket(user, { ...newTicket, ...fields });
  expect(res.status).toBe(201);
  return res.body;
}

/** Every page of `GET /tickets?query` as `user` sees it, first to last; returns each page's items. */
async function ticketPages(user: TestUser, query: Query): Promise<Ticket[][]> {
  return (await walkPages<Ticket>(user.token, "/tickets", query)).map((page) => page.data);
}

// ---- seeding D1 directly (fast set-up only; behaviour is always checked through HTTP) ------------------------------

let clock = Date.parse("2025-01-01T00:00:00.000Z");

/** Tickets in the order the API lists them: newest first, then by id, descending. */
function newestFirst<T extends { createdAt: string; id: string }>(rows: T[]): T[] {
  const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  return [...rows].sort((a, b) => desc(a.createdAt, b.createdAt) || desc(a.id, b.id));
}

/**
 * Inserts `count` tickets by `author`, each a second newer than any seeded before (in the past, so older than any
 * ticket opened through the API). Returns them newest first.
 */
async function seedTickets(
  author: TestUser,
  count: number,
  fields: Partial<typeof tickets.$inferInsert> = {},
): Promise<TicketRow[]> {
  const rows: TicketRow[] = Array.from({ length: count }, (_, i) => {
    clock += 1000;
    const at = new Date(clock).toISOString();
    return {
      id: crypto.randomUUID(),
      title: `Seeded ticket ${i + 1}`,
      description: "Seeded for a test.",
      priority: "normal",
      status: "open",
      createdBy: author.id,
      assignedTo: null,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      ...fields,
    };
  });
  // D1 binds at most 100 parameters per statement: 10 rows of 9 columns at a time.
  for (let i = 0; i < rows.length; i += 10)
    await db()
      .insert(tickets)
      .values(rows.slice(i, i + 10));
  return newestFirst(rows);
}

// ---- assertions ----------------------------------------------------------------------------------------------------

/** The ticket as its author now reads it through the API. */
async function storedTicket(author: TestUser, id: string): Promise<Ticket> {
  const res = await getTicket(author, id);
  expect(res.status).toBe(200);
  return res.body;
}

// ---- the routes ----------------------------------------------------------------------------------------------------

describe("POST /tickets", () => {
  it("opens a ticket for a customer: 201, Location, open, authored by the caller, normal priority", async () => {
    const customer = await createUser("customer");
    const res = await postTicket(customer, newTicket);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      ...newTicket,
      priority: "normal",
      status: "open",
      created_by: customer.id,
      author_name: customer.name,
      assigned_to: null,
      assignee_name: null,
      reply_count: 0,
      created_at: expect.stringMatching(ISO_UTC),
      updated_at: res.body.created_at,
      closed_at: null,
    });
    expect(res.headers.get("Location")).toBe(`/tickets/${res.body.id}`);

    const stored = await callJson<Ticket>("GET", res.headers.get("Location")!, as(customer));
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(res.body);
  });

  it.each(["viewer", "editor", "admin"] as const)("lets a %s open a ticket too", async (role) => {
    const user = await createUser(role);
    const ticket = await openTicket(user);
    expect(ticket).toMatchObject({ status: "open", created_by: user.id });
  });

  it("keeps the priority the caller chose", async () => {
    const customer = await createUser("customer");
    const ticket = await openTicket(customer, { priority: "high" });
    expect(ticket.priority).toBe("high");
    expect((await storedTicket(customer, ticket.id)).priority).toBe("high");
  });

  it("accepts a title of 200 and a description of 5000 characters", async () => {
    const customer = await createUser("customer");
    const ticket = await openTicket(customer, { title: "t".repeat(200), description: "d".repeat(5000) });
    expect(ticket.title).toHaveLength(200);
    expect(ticket.description).toHaveLength(5000);
  });

  it.each([
    { problem: "a whitespace-only title", body: { ...newTicket, title: "   \t " }, path: "title" },
    { problem: "an empty description", body: { ...newTicket, description: "" }, path: "description" },
    { problem: "a 201-character title", body: { ...newTicket, title: "t".repeat(201) }, path: "title" },
    {
      problem: "a 5001-character description",
      body: { ...newTicket, description: "d".repeat(5001) },
      path: "description",
    },
    { problem: "an unknown priority", body: { ...newTicket, priority: "urgent" }, path: "priority" },
    { problem: "no title", body: { description: newTicket.description }, path: "title" },
    { problem: "a status (not the caller's to choose)", body: { ...newTicket, status: "closed" }, path: "status" },
    { problem: "another author", body: { ...newTicket, created_by: MISSING_ID }, path: "created_by" },
  ])("refuses $problem with 400 naming the field, and stores nothing", async ({ body, path }) => {
    const customer = await createUser("customer");
    expectFieldProblem(await postTicket(customer, body), 400, "validation_failed", path);
    expect((await listTickets(customer)).body.data).toEqual([]);
  });
});

describe("GET /tickets", () => {
  describe("who sees what", () => {
    const word = uniqueWord();
    const users = {} as Record<"customer" | "otherCustomer" | "viewer" | "editor" | "admin", TestUser>;
    const opened = {} as Record<keyof typeof users, Ticket>;

    beforeAll(async () => {
      for (const [key, role] of [
        ["customer", "customer"],
        ["otherCustomer", "customer"],
        ["viewer", "viewer"],
        ["editor", "editor"],
        ["admin", "admin"],
      ] as const) {
        users[key] = await createUser(role);
        opened[key] = await openTicket(users[key], { title: `${word} opened by ${key}` });
      }
    });

    const visibleTo = async (user: TestUser) => {
      const res = await listTickets(user, { q: word });
      expect(res.status).toBe(200);
      return idsOf(res.body.data).sort();
    };

    it.each(READERS)("shows a %s every author's tickets", async (role) => {
      expect(await visibleTo(users[role])).toEqual(idsOf(Object.values(opened)).sort());
    });

    it("shows a customer only their own tickets", async () => {
      expect(await visibleTo(users.customer)).toEqual([opened.customer.id]);
    });
  });

  it("lists newest first, with every field of each ticket", async () => {
    const customer = await createUser("customer");
    const seeded = await seedTickets(customer, 4);
    const latest = await openTicket(customer, { title: "The newest one" });

    const res = await listTickets(customer);
    expect(res.status).toBe(200);
    expect(idsOf(res.body.data)).toEqual([latest.id, ...idsOf(seeded)]);
    expect(res.body.data[0]).toEqual(latest);
    expect(res.body.data[1]).toEqual({
      id: seeded[0]!.id,
      title: seeded[0]!.title,
      description: seeded[0]!.description,
      priority: "normal",
      status: "open",
      created_by: customer.id,
      author_name: customer.name,
      assigned_to: null,
      assignee_name: null,
      reply_count: 0,
      created_at: seeded[0]!.createdAt,
      updated_at: seeded[0]!.updatedAt,
      closed_at: null,
    });
  });

  it("filters by ?status=open and ?status=closed", async () => {
    const customer = await createUser("customer");
    const open = await seedTickets(customer, 3);
    const closed = await seedTickets(customer, 2, CLOSED);

    const onlyClosed = await listTickets(customer, { status: "closed" });
    expect(idsOf(onlyClosed.body.data)).toEqual(idsOf(closed));
    expect(onlyClosed.body.data.every((t) => t.status === "closed" && t.closed_at !== null)).toBe(true);
    expect(idsOf((await listTickets(customer, { status: "open" })).body.data)).toEqual(idsOf(open));
  });

  it("refuses an unknown ?status with 400", async () => {
    const customer = await createUser("customer");
    expectFieldProblem(await listTickets(customer, { status: "pending" }), 400, "validation_failed", "status");
  });

  describe("?q= search", () => {
    let customer: TestUser;
    const found: Record<string, Ticket> = {};

    beforeAll(async () => {
      customer = await createUser("customer");
      const texts = {
        fire: { title: "Printer on FIRE", description: "Smoke everywhere" },
        percent: { title: "Refund please", description: "I was charged 100% twice" },
        hundred: { title: "Billing 100 percent wrong", description: "An invoice problem" },
        underscore: { title: "Login broken", description: "The user_name field is rejected" },
        plain: { title: "Login still broken", description: "The username field is rejected" },
      };
      for (const [key, fields] of Object.entries(texts)) found[key] = await openTicket(customer, fields);
    });

    const search = async (q: string) => {
      const res = await listTickets(customer, { q });
      expect(res.status).toBe(200);
      return idsOf(res.body.data).sort();
    };
    const idsFor = (...keys: string[]) => keys.map((key) => found[key]!.id).sort();

    it("matches the title, case-insensitively", async () => {
      expect(await search("on fire")).toEqual(idsFor("fire"));
    });

    it("matches the description, case-insensitively", async () => {
      expect(await search("SMOKE")).toEqual(idsFor("fire"));
      expect(await search("field is REJECTED")).toEqual(idsFor("underscore", "plain"));
    });

    it("takes % literally", async () => {
      expect(await search("100%")).toEqual(idsFor("percent"));
      expect(await search("%")).toEqual(idsFor("percent"));
    });

    it("takes _ literally", async () => {
      expect(await search("user_name")).toEqual(idsFor("underscore"));
      expect(await search("_")).toEqual(idsFor("underscore"));
    });

    it("finds nothing when nothing matches", async () => {
      expect(await search("no such words anywhere")).toEqual([]);
    });
  });

  describe("pagination", () => {
    it("answers an empty collection with no data and no cursor", async () => {
      const customer = await createUser("customer");
      const res = await listTickets(customer);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: [], next_cursor: null });
    });

    it("gives no next_cursor when the items exactly fill one page", async () => {
      const customer = await createUser("customer");
      const seeded = await seedTickets(customer, 3);
      const res = await listTickets(customer, { limit: 3 });
      expect(idsOf(res.body.data)).toEqual(idsOf(seeded));
      expect(res.body.next_cursor).toBeNull();
    });

    it("walks every ticket exactly once, in order, ending with next_cursor null", async () => {
      const customer = await createUser("customer");
      const seeded = await seedTickets(customer, 7);
      const pages = await ticketPages(customer, { limit: 3 });
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(idsOf(pages.flat())).toEqual(idsOf(seeded));
    });

    it("walks tickets opened in the same instant exactly once, ordered by id", async () => {
      const customer = await createUser("customer");
      clock += 1000;
      const sameInstant = new Date(clock).toISOString();
      const seeded = await seedTickets(customer, 5, { createdAt: sameInstant, updatedAt: sameInstant });
      const pages = await ticketPages(customer, { limit: 2 });
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(idsOf(pages.flat())).toEqual(idsOf(seeded));
    });

    it("keeps ?status and ?q across pages", async () => {
      const customer = await createUser("customer");
      const word = uniqueWord();
      const wanted = await seedTickets(customer, 5, { title: `Wanted ${word}` });
      await seedTickets(customer, 2, { ...CLOSED, title: `Closed ${word}` });
      await seedTickets(customer, 2, { title: "Unrelated" });

      const pages = await ticketPages(customer, { status: "open", q: word, limit: 2 });
      expect(idsOf(pages.flat())).toEqual(idsOf(wanted));
    });

    it("walks staff pages across every author, exactly once each", async () => {
      const [editor, first, second] = await Promise.all([
        createUser("editor"),
        createUser("customer"),
        createUser("customer"),
      ]);
      const word = uniqueWord();
      const seeded = newestFirst([
        ...(await seedTickets(first, 4, { title: `Staff walk ${word}` })),
        ...(await seedTickets(second, 4, { title: `Staff walk ${word}` })),
      ]);
      const pages = await ticketPages(editor, { q: word, limit: 3 });
      expect(idsOf(pages.flat())).toEqual(idsOf(seeded));
    });

    it("pages 20 tickets by default", async () => {
      const customer = await createUser("customer");
      const seeded = await seedTickets(customer, 25);
      const first = await listTickets(customer);
      expect(idsOf(first.body.data)).toEqual(idsOf(seeded.slice(0, 20)));
      expect(first.body.next_cursor).toEqual(expect.any(String));

      const second = await listTickets(customer, { cursor: first.body.next_cursor! });
      expect(idsOf(second.body.data)).toEqual(idsOf(seeded.slice(20)));
      expect(second.body.next_cursor).toBeNull();
    });

    it("accepts ?limit=100", async () => {
      const customer = await createUser("customer");
      const res = await listTickets(customer, { limit: 100 });
      expect(res.status).toBe(200);
    });

    it.each(["0", "101", "-1", "2.5", "ten"])("refuses ?limit=%s with 400", async (limit) => {
      const customer = await createUser("customer");
      expectFieldProblem(await listTickets(customer, { limit }), 400, "validation_failed", "limit");
    });

    describe("a cursor the API did not issue", () => {
      let customer: TestUser;
      let issued: string;

      beforeAll(async () => {
        customer = await createUser("customer");
        await seedTickets(customer, 3);
        issued = (await listTickets(customer, { limit: 1 })).body.next_cursor!;
      });

      it.each([
        { kind: "garbage", cursor: () => "not-a-cursor!" },
        { kind: "a truncated cursor", cursor: () => issued.slice(0, 12) },
        { kind: "a cursor with a non-base64 character", cursor: () => `${issued.slice(0, -3)}*${issued.slice(-2)}` },
        { kind: "valid JSON of the wrong shape", cursor: () => base64Url('{"created_at":"2025-01-01T00:00:00.000Z"}') },
        { kind: "a position that is not a time", cursor: () => base64Url('["yesterday","abc"]') },
      ])("refuses $kind with 400 invalid_cursor", async ({ cursor }) => {
        const res = await listTickets(customer, { cursor: cursor() });
        expectFieldProblem(res, 400, "invalid_cursor", "cursor");
      });

      it("still accepts the cursor it did issue", async () => {
        const res = await listTickets(customer, { limit: 1, cursor: issued });
        expect(res.status).toBe(200);
        expect(res.body.data).toHaveLength(1);
      });
    });
  });
});

describe("GET /tickets/:id", () => {
  it("returns the ticket to its author", async () => {
    const customer = await createUser("customer");
    const ticket = await openTicket(customer);
    const res = await getTicket(customer, ticket.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(ticket);
  });

  it.each(READERS)("returns anyone's ticket to a %s", async (role) => {
    const [customer, staff] = await Promise.all([createUser("customer"), createUser(role)]);
    const ticket = await openTicket(customer);
    const res = await getTicket(staff, ticket.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(ticket);
  });

  it("answers 404 when a customer asks for someone else's ticket", async () => {
    const [author, other] = await Promise.all([createUser("customer"), createUser("customer")]);
    const ticket = await openTicket(author);
    expectProblem(await getTicket(other, ticket.id), 404, "not_found");
  });

  it("answers 404 for a ticket that does not exist", async () => {
    const admin = await createUser("admin");
    expectProblem(await getTicket(admin, MISSING_ID), 404, "not_found");
  });
});

describe("PATCH /tickets/:id", () => {
  it("lets the author change title, description and priority, and stores the change", async () => {
    const customer = await createUser("customer");
    const [before] = await seedTickets(customer, 1);
    const changes = { title: "Lesson 3 fails on Safari", description: "Only on Safari 17.", priority: "high" };

    const res = await patchTicket(customer, before!.id, changes);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...changes, status: "open", created_at: before!.createdAt, closed_at: null });
    expect(res.body.updated_at).toMatch(ISO_UTC);
    expect(res.body.updated_at > before!.updatedAt).toBe(true);
    expect(await storedTicket(customer, before!.id)).toEqual(res.body);
  });

  it("changes only the fields sent", async () => {
    const customer = await createUser("customer");
    const ticket = await openTicket(customer, { priority: "low" });
    const res = await patchTicket(customer, ticket.id, { title: "Just the title" });
    expect(res.status).toBe(200);
    expect(await storedTicket(customer, ticket.id)).toMatchObject({
      title: "Just the title",
      description: ticket.description,
      priority: "low",
    });
  });

  it.each(STAFF)("lets a %s edit someone else's ticket", async (role) => {
    const [customer, staff] = await Promise.all([createUser("customer"), createUser(role)]);
    const ticket = await openTicket(customer);
    const res = await patchTicket(staff, ticket.id, { priority: "low" });
    expect(res.status).toBe(200);
    expect((await storedTicket(customer, ticket.id)).priority).toBe("low");
  });

  describe("closing and reopening", () => {
    it.each(STAFF)("lets a %s close a ticket, stamping closed_at, and reopen it, clearing closed_at", async (role) => {
      const [customer, staff] = await Promise.all([createUser("customer"), createUser(role)]);
      const [ticket] = await seedTickets(customer, 1);

      const closed = await patchTicket(staff, ticket!.id, { status: "closed" });
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe("closed");
      expect(closed.body.closed_at).toMatch(ISO_UTC);
      expect(closed.body.closed_at).toBe(closed.body.updated_at);
      expect(closed.body.updated_at > ticket!.updatedAt).toBe(true);
      expect(await storedTicket(customer, ticket!.id)).toEqual(closed.body);

      const reopened = await patchTicket(staff, ticket!.id, { status: "open" });
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ status: "open", closed_at: null });
      expect(await storedTicket(customer, ticket!.id)).toEqual(reopened.body);
    });

    it("keeps the original closed_at when an already-closed ticket is closed again", async () => {
      const [customer, editor] = await Promise.all([createUser("customer"), createUser("editor")]);
      const closedAt = "2025-03-01T12:00:00.000Z";
      const [ticket] = await seedTickets(customer, 1, { status: "closed", closedAt, updatedAt: closedAt });

      const res = await patchTicket(editor, ticket!.id, { status: "closed" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: "closed", closed_at: closedAt });
      expect(res.body.updated_at > closedAt).toBe(true);
      expect((await storedTicket(customer, ticket!.id)).closed_at).toBe(closedAt);
    });

    it.each(NON_STAFF)("forbids a %s author to change the status, and changes nothing", async (role) => {
      const author = await createUser(role);
      const ticket = await openTicket(author);
      expectProblem(await patchTicket(author, ticket.id, { status: "closed", title: "Sneaky" }), 403, "forbidden");
      expect(await storedTicket(author, ticket.id)).toEqual(ticket);
    });
  });

  it("answers 404 to a customer who is not the author, and changes nothing", async () => {
    const [author, other] = await Promise.all([createUser("customer"), createUser("customer")]);
    const ticket = await openTicket(author);
    expectProblem(await patchTicket(other, ticket.id, { title: "Not yours" }), 404, "not_found");
    expectProblem(await patchTicket(other, ticket.id, { status: "closed" }), 404, "not_found");
    expect(await storedTicket(author, ticket.id)).toEqual(ticket);
  });

  it("forbids a viewer, who reads every ticket, to change someone else's, and changes nothing", async () => {
    const [author, viewer] = await Promise.all([createUser("customer"), createUser("viewer")]);
    const ticket = await openTicket(author);
    for (const body of [{ title: "Not yours" }, { priority: "high" }, { status: "closed" }, { assigned_to: null }]) {
      expectProblem(await patchTicket(viewer, ticket.id, body), 403, "forbidden");
    }
    expect(await storedTicket(author, ticket.id)).toEqual(ticket);
  });

  it("answers 404 for a ticket that does not exist", async () => {
    const admin = await createUser("admin");
    expectProblem(await patchTicket(admin, MISSING_ID, { title: "Anyone there?" }), 404, "not_found");
  });

  it.each([
    { problem: "an empty body", body: {}, path: "(body)" },
    { problem: "a whitespace-only title", body: { title: "  " }, path: "title" },
    { problem: "a 201-character title", body: { title: "t".repeat(201) }, path: "title" },
    { problem: "a 5001-character description", body: { description: "d".repeat(5001) }, path: "description" },
    { problem: "an unknown status", body: { status: "pending" }, path: "status" },
    { problem: "an unknown field", body: { title: "Fine", closed_at: null }, path: "closed_at" },
  ])("refuses $problem with 400, and changes nothing", async ({ body, path }) => {
    const [author, editor] = await Promise.all([createUser("customer"), createUser("editor")]);
    const ticket = await openTicket(author);
    expectFieldProblem(await patchTicket(editor, ticket.id, body), 400, "validation_failed", path);
    expect(await storedTicket(author, ticket.id)).toEqual(ticket);
  });
});

describe("DELETE /tickets/:id", () => {
  it("lets an admin delete a ticket: 204, then it is gone for everyone", async () => {
    const [customer, admin] = await Promise.all([createUser("customer"), createUser("admin")]);
    const ticket = await openTicket(customer);

    const res = await deleteTicket(admin, ticket.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expectProblem(await getTicket(admin, ticket.id), 404, "not_found");
    expectProblem(await getTicket(customer, ticket.id), 404, "not_found");
    expect((await listTickets(customer)).body.data).toEqual([]);
    expectProblem(await deleteTicket(admin, ticket.id), 404, "not_found");
  });

  it.each(["editor", "viewer", "customer"] as const)("forbids a %s, even as the author", async (role) => {
    const user = await createUser(role);
    const ticket = await openTicket(user);
    expectProblem(await deleteTicket(user, ticket.id), 403, "forbidden");
    expect(await storedTicket(user, ticket.id)).toEqual(ticket);
  });

  it("answers 404 for a ticket that does not exist", async () => {
    const admin = await createUser("admin");
    expectProblem(await deleteTicket(admin, MISSING_ID), 404, "not_found");
  });
});

// ---- cross-cutting -------------------------------------------------------------------------------------------------

describe("authentication on every tickets route", () => {
  const rejectedTitle = `Rejected ${uniqueWord()}`;
  let author: TestUser;
  let admin: TestUser;
  let ticket: Ticket;

  beforeAll(async () => {
    [author, admin] = await Promise.all([createUser("customer"), createUser("admin")]);
    ticket = await openTicket(author);
  });

  const routes = [
    { route: "POST /tickets", method: "POST", path: () => "/tickets", body: { ...newTicket, title: rejectedTitle } },
    { route: "GET /tickets", method: "GET", path: () => "/tickets" },
    { route: "GET /tickets/:id", method: "GET", path: () => `/tickets/${ticket.id}` },
    { route: "PATCH /tickets/:id", method: "PATCH", path: () => `/tickets/${ticket.id}`, body: { title: "Changed" } },
    { route: "DELETE /tickets/:id", method: "DELETE", path: () => `/tickets/${ticket.id}` },
  ];

  it("accepts a token built the same way with the real secret (so the 401s below are about the token)", async () => {
    const res = await callJson("GET", `/tickets/${ticket.id}`, { token: await signAccessToken(admin) });
    expect(res.status).toBe(200);
  });

  describe.each(routes)("$route", ({ method, path, body }) => {
    it.each(invalidCredentials(() => admin))(
      "answers $status $code to $sent, and changes nothing",
      async ({ status, code, headers }) => {
        const res = await callJson(method, path(), { body, headers: await headers() });
        expectProblem(res, status, code);

        expect(await storedTicket(author, ticket.id)).toEqual(ticket);
        expect((await listTickets(admin, { q: rejectedTitle })).body.data).toEqual([]);
      },
    );
  });
});

describe("request bodies", () => {
  const word = uniqueWord();
  const wellFormed = JSON.stringify({ ...newTicket, title: `Rejected body ${word}` });
  let author: TestUser;
  let editor: TestUser;
  let ticket: Ticket;

  beforeAll(async () => {
    [author, editor] = await Promise.all([createUser("customer"), createUser("editor")]);
    ticket = await openTicket(author, { title: `Body target ${word}` });
  });

  const writes = [
    { route: "POST /tickets", method: "POST", path: () => "/tickets" },
    { route: "PATCH /tickets/:id", method: "PATCH", path: () => `/tickets/${ticket.id}` },
  ];
  const bodies = [
    { sent: "malformed JSON", status: 400, code: "malformed_json", type: "application/json", body: '{"title": "x",' },
    {
      sent: "a 1.1 MiB JSON body",
      status: 413,
      code: "payload_too_large",
      type: "application/json",
      body: JSON.stringify({ title: `Rejected body ${word}`, description: "x".repeat(Math.ceil(1.1 * 1024 * 1024)) }),
    },
    { sent: "a text/plain body", status: 415, code: "unsupported_media_type", type: "text/plain", body: wellFormed },
  ];

  describe.each(writes)("$route", ({ method, path }) => {
    it.each(bodies)("answers $status $code to $sent, and stores nothing", async ({ status, code, type, body }) => {
      const res = await callJson(method, path(), as(editor, { body, headers: { "Content-Type": type } }));
      expectProblem(res, status, code);
      expect(await storedTicket(author, ticket.id)).toEqual(ticket);
      expect(idsOf((await listTickets(editor, { q: word })).body.data)).toEqual([ticket.id]);
    });
  });

  it("accepts the same well-formed body as application/json (so the 415 is about the media type)", async () => {
    const headers = { "Content-Type": "application/json" };
    const res = await callJson("POST", "/tickets", as(editor, { body: wellFormed, headers }));
    expect(res.status).toBe(201);
    expect(res.body.title).toBe(`Rejected body ${word}`);
    expect((await deleteTicket(await createUser("admin"), res.body.id)).status).toBe(204);
  });
});

// Every request here is signed in, so each budget is the route's own cost plus the account lookup of `requireAuth`.
describe("query budgets (D1 round trips from Server-Timing)", () => {
  it.each([3, 30])("GET /tickets costs 1 round trip of its own for a page of %i tickets", async (count) => {
    const customer = await createUser("customer");
    await seedTickets(customer, count);
    const res = await listTickets(customer, { limit: count });
    expect(res.body.data).toHaveLength(count);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
  });

  it("GET /tickets costs 1 round trip of its own for staff, with filters and a cursor", async () => {
    const [editor, customer] = await Promise.all([createUser("editor"), createUser("customer")]);
    const word = uniqueWord();
    await seedTickets(customer, 12, { title: `Budget ${word}` });
    const first = await listTickets(editor, { q: word, status: "open", limit: 5 });
    const second = await listTickets(editor, { q: word, status: "open", limit: 5, cursor: first.body.next_cursor! });
    expect(second.body.data).toHaveLength(5);
    expect([dbCost(first).queries, dbCost(second).queries]).toEqual([1, 1].map((own) => ACCOUNT_LOOKUP.queries + own));
  });

  it("GET /tickets/:id costs 1 of its own, POST 1, PATCH 2, DELETE 1", async () => {
    const [customer, admin] = await Promise.all([createUser("customer"), createUser("admin")]);
    const created = await postTicket(customer, newTicket);
    const read = await getTicket(customer, created.body.id);
    const edited = await patchTicket(customer, created.body.id, { priority: "high" });
    const closed = await patchTicket(admin, created.body.id, { status: "closed" });
    const deleted = await deleteTicket(admin, created.body.id);

    expect([created, read, edited, closed, deleted].map((res) => res.status)).toEqual([201, 200, 200, 200, 204]);
    expect([created, read, edited, closed, deleted].map((res) => dbCost(res).queries)).toEqual(
      [1, 1, 2, 2, 1].map((own) => ACCOUNT_LOOKUP.queries + own),
    );
  });

  describe("a page of 5 among 60 tickets is an index seek, not a scan", () => {
    const limit = 5;
    let customer: TestUser;
    let editor: TestUser;

    beforeAll(async () => {
      [customer, editor] = await Promise.all([createUser("customer"), createUser("editor")]);
      await seedTickets(customer, 50, { assignedTo: editor.id });
      await seedTickets(customer, 10, { ...CLOSED, assignedTo: editor.id });
    });

    // Each ticket shown or looked ahead at is one row, plus its author's and its assignee's (primary-key probes).
    const rowsPerTicket = 3;

    const readers: { who: string; user: () => TestUser; query: Query }[] = [
      { who: "the author, own tickets", user: () => customer, query: {} },
      { who: "staff, all tickets", user: () => editor, query: {} },
      { who: "staff, open tickets", user: () => editor, query: { status: "open" } },
      { who: "staff, closed tickets", user: () => editor, query: { status: "closed" } },
      { who: "staff, assigned to them", user: () => editor, query: { assigned_to: "me" } },
    ];

    // 5 shown + 1 look-ahead.
    it.each(readers)("first page for $who reads at most 6 tickets of its own", async ({ user, query }) => {
      const res = await listTickets(user(), { ...query, limit });
      expect(res.body.data).toHaveLength(limit);
      expect(dbCost(res).rowsRead).toBeLessThanOrEqual(ACCOUNT_LOOKUP.rowsRead + (limit + 1) * rowsPerTicket);
    });

    // SQLite seeks a row-value bound `(created_at, id) < cursor` to the cursor's own row and steps past it, so a
    // later page also reads that one row: 5 shown + 1 look-ahead + 1 boundary. A scan would read dozens.
    it.each(readers)("a later page for $who reads at most 7 tickets of its own", async ({ user, query }) => {
      const first = await listTickets(user(), { ...query, limit });
      const second = await listTickets(user(), { ...query, limit, cursor: first.body.next_cursor! });
      expect(second.body.data).toHaveLength(limit);
      expect(dbCost(second).rowsRead).toBeLessThanOrEqual(ACCOUNT_LOOKUP.rowsRead + (limit + 1) * rowsPerTicket + 1);
    });
  });
});
