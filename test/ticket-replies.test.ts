/**
 * The desk's side of a ticket: its thread (public replies, internal notes the customer never sees, and events for
 * close, reopen, assignment and priority), assignment to staff with the "mine" and "unassigned" views, and who may do
 * which of these. Every refusal is checked to have changed nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ThreadEntry, Ticket } from "../src/tickets/models";
import {
  ACCOUNT_LOOKUP,
  type CallOptions,
  callJson,
  createUser,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  idsOf,
  MISSING_ID,
  type Page,
  type Query,
  type TestUser,
  uniqueWord,
  walkPages,
  withQuery,
} from "./helpers";

// Storage is shared by every test in this file: each test makes its own users and tickets, and desk-wide listings
// are narrowed to one test's tickets with `?q=<a word no other test uses>`.

const as = (user: TestUser, options: Omit<CallOptions, "token"> = {}): CallOptions => ({
  ...options,
  token: user.token,
});

const getTicket = (user: TestUser, id: string) => callJson<Ticket>("GET", `/tickets/${id}`, as(user));
const patchTicket = (user: TestUser, id: string, body: unknown) =>
  callJson<Ticket>("PATCH", `/tickets/${id}`, as(user, { body }));
const listTickets = (user: TestUser, query: Query = {}) =>
  callJson<Page<Ticket>>("GET", withQuery("/tickets", query), as(user));
const getThread = (user: TestUser, id: string, query: Query = {}) =>
  callJson<Page<ThreadEntry>>("GET", withQuery(`/tickets/${id}/thread`, query), as(user));
const postToThread = (user: TestUser, id: string, body: unknown) =>
  callJson<ThreadEntry>("POST", `/tickets/${id}/thread`, as(user, { body }));

async function openTicket(user: TestUser, title = `Cannot play lesson 3 ${uniqueWord()}`): Promise<Ticket> {
  const res = await callJson<Ticket>(
    "POST",
    "/tickets",
    as(user, { body: { title, description: "The video stops after ten seconds." } }),
  );
  expect(res.status).toBe(201);
  return res.body;
}

async function reply(user: TestUser, id: string, body: string, internal = false): Promise<ThreadEntry> {
  const res = await postToThread(user, id, { body, internal });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** The whole thread as `user` reads it, oldest first. */
async function threadOf(user: TestUser, id: string): Promise<ThreadEntry[]> {
  return (await walkPages<ThreadEntry>(user.token, `/tickets/${id}/thread`, { limit: 100 })).flatMap(
    (page) => page.data,
  );
}

/** What each entry of a thread says, in a line: `reply: Hello`, `note: …`, `event closed by Eddie`. */
const summary = (entries: ThreadEntry[]) =>
  entries.map((entry) =>
    entry.kind === "event"
      ? `event ${entry.event}${entry.value ? ` ${entry.value}` : ""} by ${entry.author_name}`
      : `${entry.kind}: ${entry.body}`,
  );

let customer: TestUser;
let otherCustomer: TestUser;
let viewer: TestUser;
let editor: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [customer, otherCustomer, viewer, editor, admin] = await Promise.all([
    createUser("customer", "Carol Customer"),
    createUser("customer"),
    createUser("viewer", "Vera Viewer"),
    createUser("editor", "Eddie Editor"),
    createUser("admin", "Ada Admin"),
  ]);
});

describe("the thread", () => {
  it("holds the customer's and the staff's replies in order, and staff notes only staff read", async () => {
    const ticket = await openTicket(customer);
    const asked = await reply(editor, ticket.id, "Which browser do you use?");
    const note = await reply(editor, ticket.id, "Looks like the Safari autoplay bug again.", true);
    const answered = await reply(customer, ticket.id, "Safari 17 on a Mac.");

    expect(asked).toEqual({
      id: expect.any(String),
      kind: "reply",
      body: "Which browser do you use?",
      event: null,
      value: null,
      author_id: editor.id,
      author_name: "Eddie Editor",
      from_staff: true,
      created_at: expect.stringMatching(ISO_UTC),
    });
    expect(note).toMatchObject({ kind: "note", from_staff: true });
    expect(answered).toMatchObject({ kind: "reply", author_id: customer.id, from_staff: false });

    for (const staff of [viewer, editor, admin]) {
      expect(await threadOf(staff, ticket.id)).toEqual([asked, note, answered]);
    }
    expect(await threadOf(customer, ticket.id)).toEqual([asked, answered]);
  });

  it("never shows the customer an internal note, in any answer the API gives them", async () => {
    const secret = `secret${uniqueWord()}`;
    const ticket = await openTicket(customer);
    await reply(editor, ticket.id, "We are on it.");
    await reply(admin, ticket.id, `Refund them quietly ${secret}`, true);

    const answers = [
      await getTicket(customer, ticket.id),
      await listTickets(customer),
      await getThread(customer, ticket.id),
      await patchTicket(customer, ticket.id, { priority: "high" }),
      await postToThread(customer, ticket.id, { body: "Thanks" }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      expect(JSON.stringify(answer.body)).not.toContain(secret);
      expect(JSON.stringify(answer.body)).not.toContain('"note"');
    }
    // Staff read it, and a search of the desk does not find tickets by their notes' text either.
    expect(summary(await threadOf(viewer, ticket.id))).toContain(`note: Refund them quietly ${secret}`);
    expect((await listTickets(editor, { q: secret })).body.data).toEqual([]);
  });

  it("counts public replies only, in the ticket and in the list", async () => {
    const ticket = await openTicket(customer);
    await reply(customer, ticket.id, "Any news?");
    await reply(editor, ticket.id, "Checking.");
    await reply(editor, ticket.id, "Internal: ask the video team.", true);

    expect((await getTicket(customer, ticket.id)).body.reply_count).toBe(2);
    const listed = (await listTickets(editor, { q: ticket.title })).body.data;
    expect(listed.map((t) => [t.id, t.reply_count])).toEqual([[ticket.id, 2]]);
  });

  it("marks the ticket updated by a reply", async () => {
    const ticket = await openTicket(customer);
    const entry = await reply(editor, ticket.id, "On it.");
    expect((await getTicket(customer, ticket.id)).body.updated_at).toBe(entry.created_at);
  });

  it("pages a long thread oldest first, each entry exactly once", async () => {
    const ticket = await openTicket(customer);
    const written: string[] = [];
    for (let i = 1; i <= 7; i++) written.push((await reply(i % 2 ? customer : editor, ticket.id, `Reply ${i}`)).id);
    const pages = await walkPages<ThreadEntry>(customer.token, `/tickets/${ticket.id}/thread`, { limit: 3 });
    expect(pages.map((page) => page.data.length)).toEqual([3, 3, 1]);
    expect(idsOf(pages.flatMap((page) => page.data))).toEqual(written);
  });

  it("trims a reply and keeps a 5000-character one", async () => {
    const ticket = await openTicket(customer);
    expect((await reply(customer, ticket.id, "  Hello  ")).body).toBe("Hello");
    expect((await reply(editor, ticket.id, "r".repeat(5000))).body).toHaveLength(5000);
  });

  describe("refusals, each changing nothing", () => {
    let ticket: Ticket;
    let before: ThreadEntry[];

    beforeAll(async () => {
      ticket = await openTicket(customer);
      await reply(customer, ticket.id, "First words.");
      before = await threadOf(admin, ticket.id);
    });

    const unchanged = async () => {
      expect(await threadOf(admin, ticket.id)).toEqual(before);
      expect((await getTicket(admin, ticket.id)).body.updated_at).toBe(before[0]!.created_at);
    };

    it("forbids the customer an internal note", async () => {
      expectProblem(
        await postToThread(customer, ticket.id, { body: "Note to self", internal: true }),
        403,
        "forbidden",
      );
      await unchanged();
    });

    it("forbids a viewer, who reads the thread, to reply or add a note", async () => {
      expectProblem(await postToThread(viewer, ticket.id, { body: "Hello" }), 403, "forbidden");
      expectProblem(await postToThread(viewer, ticket.id, { body: "Hmm", internal: true }), 403, "forbidden");
      await unchanged();
    });

    it("answers 404 to another customer, for the thread and a reply", async () => {
      expectProblem(await getThread(otherCustomer, ticket.id), 404, "not_found");
      expectProblem(await postToThread(otherCustomer, ticket.id, { body: "Me too" }), 404, "not_found");
      await unchanged();
    });

    it("answers 404 for a ticket that does not exist", async () => {
      expectProblem(await getThread(admin, MISSING_ID), 404, "not_found");
      expectProblem(await postToThread(admin, MISSING_ID, { body: "Anyone?" }), 404, "not_found");
    });

    it.each([
      { problem: "an empty reply", body: { body: "" }, path: "body" },
      { problem: "a whitespace-only reply", body: { body: "  \n " }, path: "body" },
      { problem: "a 5001-character reply", body: { body: "r".repeat(5001) }, path: "body" },
      { problem: "no body", body: { internal: false }, path: "body" },
      { problem: "internal as a string", body: { body: "Hi", internal: "yes" }, path: "internal" },
      { problem: "an unknown field", body: { body: "Hi", kind: "event" }, path: "kind" },
    ])("refuses $problem with 400 naming the field", async ({ body, path }) => {
      expectFieldProblem(await postToThread(editor, ticket.id, body), 400, "validation_failed", path);
      await unchanged();
    });
  });

  describe("on a closed ticket", () => {
    it("refuses public replies with 409 ticket_closed, from the customer and from staff, storing nothing", async () => {
      const ticket = await openTicket(customer);
      await patchTicket(editor, ticket.id, { status: "closed" });
      const before = await threadOf(admin, ticket.id);

      const refused = expectProblem(
        await postToThread(customer, ticket.id, { body: "Still broken" }),
        409,
        "ticket_closed",
      );
      expect(refused.detail).toMatch(/open a new ticket/);
      expect(expectProblem(await postToThread(editor, ticket.id, { body: "Hi" }), 409, "ticket_closed").detail).toMatch(
        /reopen it/,
      );
      expect(await threadOf(admin, ticket.id)).toEqual(before);
    });

    it("still takes internal notes, and replies again once reopened", async () => {
      const ticket = await openTicket(customer);
      await patchTicket(editor, ticket.id, { status: "closed" });
      await reply(editor, ticket.id, "Closed as a duplicate of the Safari bug.", true);
      await patchTicket(editor, ticket.id, { status: "open" });
      await reply(customer, ticket.id, "It happened again.");
      expect(summary(await threadOf(editor, ticket.id))).toEqual([
        "event closed by Eddie Editor",
        "note: Closed as a duplicate of the Safari bug.",
        "event reopened by Eddie Editor",
        "reply: It happened again.",
      ]);
    });
  });
});

describe("events in the thread", () => {
  it("records who closed, reopened, prioritised and assigned, each once; the customer sees only close and reopen", async () => {
    const ticket = await openTicket(customer);
    await patchTicket(editor, ticket.id, { assigned_to: editor.id });
    await patchTicket(editor, ticket.id, { assigned_to: editor.id }); // no change: no event
    await patchTicket(admin, ticket.id, { priority: "high" });
    await patchTicket(admin, ticket.id, { priority: "high", title: "Lesson 3 stops" }); // priority unchanged
    await patchTicket(editor, ticket.id, { status: "closed" });
    await patchTicket(admin, ticket.id, { status: "closed" }); // already closed
    await patchTicket(admin, ticket.id, { status: "open", assigned_to: null });

    const thread = await threadOf(viewer, ticket.id);
    expect(summary(thread)).toEqual([
      "event assigned Eddie Editor by Eddie Editor",
      "event prioritised high by Ada Admin",
      "event closed by Eddie Editor",
      // Sent together: one statement's events, in either order.
      ...summary(thread.slice(3)).sort(),
    ]);
    expect(summary(thread.slice(3)).sort()).toEqual(["event reopened by Ada Admin", "event unassigned by Ada Admin"]);
    expect(thread.every((entry) => entry.body === null && entry.from_staff)).toBe(true);
    expect(summary(await threadOf(customer, ticket.id))).toEqual([
      "event closed by Eddie Editor",
      "event reopened by Ada Admin",
    ]);
  });

  it("records the customer's own priority change, by the customer", async () => {
    const ticket = await openTicket(customer);
    await patchTicket(customer, ticket.id, { priority: "low" });
    expect(summary(await threadOf(editor, ticket.id))).toEqual(["event prioritised low by Carol Customer"]);
  });

  it("records one close when two editors close the ticket at once", async () => {
    const ticket = await openTicket(customer);
    const [first, second] = await Promise.all([
      patchTicket(editor, ticket.id, { status: "closed" }),
      patchTicket(admin, ticket.id, { status: "closed" }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(summary(await threadOf(admin, ticket.id)).filter((line) => line.startsWith("event closed"))).toHaveLength(1);
  });
});

describe("assignment", () => {
  it("assigns a ticket to an editor, naming them, and unassigns it with null", async () => {
    const ticket = await openTicket(customer);
    const assigned = await patchTicket(admin, ticket.id, { assigned_to: editor.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assigned_to: editor.id, assignee_name: "Eddie Editor" });
    expect((await getTicket(customer, ticket.id)).body).toEqual(assigned.body);

    const unassigned = await patchTicket(editor, ticket.id, { assigned_to: null });
    expect(unassigned.body).toMatchObject({ assigned_to: null, assignee_name: null });
  });

  it("lets an editor assign a ticket to an admin, or to themselves", async () => {
    const ticket = await openTicket(customer);
    expect((await patchTicket(editor, ticket.id, { assigned_to: admin.id })).body.assignee_name).toBe("Ada Admin");
    expect((await patchTicket(editor, ticket.id, { assigned_to: editor.id })).body.assignee_name).toBe("Eddie Editor");
  });

  it.each([
    { whom: "a customer", assignee: () => customer.id, message: /editor or an admin/ },
    { whom: "a viewer", assignee: () => viewer.id, message: /editor or an admin/ },
    { whom: "an unknown user", assignee: () => MISSING_ID, message: /No such user/ },
  ])("refuses to assign to $whom with 400 on assigned_to, changing nothing", async ({ assignee, message }) => {
    const ticket = await openTicket(customer);
    const problem = expectFieldProblem(
      await patchTicket(editor, ticket.id, { assigned_to: assignee(), priority: "high" }),
      400,
      "validation_failed",
      "assigned_to",
    );
    expect(problem.errors?.[0]?.message).toMatch(message);
    expect((await getTicket(admin, ticket.id)).body).toEqual(ticket);
    expect(await threadOf(admin, ticket.id)).toEqual([]);
  });

  it.each([
    { who: "the customer who wrote it", user: () => customer },
    { who: "a viewer", user: () => viewer },
  ])("forbids $who to assign or close, changing nothing", async ({ user }) => {
    const ticket = await openTicket(customer);
    expectProblem(await patchTicket(user(), ticket.id, { assigned_to: editor.id }), 403, "forbidden");
    expectProblem(await patchTicket(user(), ticket.id, { assigned_to: null }), 403, "forbidden");
    expectProblem(await patchTicket(user(), ticket.id, { status: "closed" }), 403, "forbidden");
    expect((await getTicket(admin, ticket.id)).body).toEqual(ticket);
    expect(await threadOf(admin, ticket.id)).toEqual([]);
  });

  it("puts an assigned ticket back in unassigned when its assignee's account is deleted", async () => {
    const leaving = await createUser("editor");
    const ticket = await openTicket(customer);
    await patchTicket(admin, ticket.id, { assigned_to: leaving.id });
    expect((await callJson("DELETE", `/users/${leaving.id}`, as(admin))).status).toBe(204);
    expect((await getTicket(admin, ticket.id)).body).toMatchObject({ assigned_to: null, assignee_name: null });
    // The thread keeps the name it showed.
    expect(summary(await threadOf(admin, ticket.id))).toEqual([`event assigned ${leaving.name} by Ada Admin`]);
  });
});

describe("the desk's views: GET /tickets?assigned_to=&priority=", () => {
  const word = uniqueWord();
  let colleague: TestUser;
  const opened = {} as Record<"mine" | "theirs" | "nobodys" | "urgent", Ticket>;

  beforeAll(async () => {
    colleague = await createUser("admin");
    for (const key of ["mine", "theirs", "nobodys", "urgent"] as const) {
      opened[key] = await openTicket(customer, `${word} ${key}`);
    }
    await patchTicket(editor, opened.mine.id, { assigned_to: editor.id });
    await patchTicket(editor, opened.theirs.id, { assigned_to: colleague.id });
    await patchTicket(editor, opened.urgent.id, { priority: "high" });
  });

  const view = async (user: TestUser, query: Query) => {
    const res = await listTickets(user, { q: word, ...query });
    expect(res.status).toBe(200);
    return res.body.data.map((ticket) => ticket.title.replace(`${word} `, "")).sort();
  };

  it("answers mine, unassigned and someone's tickets", async () => {
    expect(await view(editor, { assigned_to: "me" })).toEqual(["mine"]);
    expect(await view(colleague, { assigned_to: "me" })).toEqual(["theirs"]);
    expect(await view(viewer, { assigned_to: "me" })).toEqual([]);
    expect(await view(editor, { assigned_to: "unassigned" })).toEqual(["nobodys", "urgent"]);
    expect(await view(viewer, { assigned_to: colleague.id })).toEqual(["theirs"]);
    expect(await view(editor, { assigned_to: MISSING_ID })).toEqual([]);
  });

  it("filters by priority, with the other filters", async () => {
    expect(await view(editor, { priority: "high" })).toEqual(["urgent"]);
    expect(await view(editor, { priority: "normal", assigned_to: "unassigned" })).toEqual(["nobodys"]);
    expect(await view(editor, { priority: "high", status: "closed" })).toEqual([]);
  });

  it("names the author and the assignee of each ticket", async () => {
    const [listed] = (await listTickets(viewer, { q: `${word} theirs` })).body.data;
    expect(listed).toMatchObject({
      author_name: "Carol Customer",
      assigned_to: colleague.id,
      assignee_name: colleague.name,
    });
  });

  it("keeps a customer to their own tickets whatever the filter", async () => {
    expect(await view(otherCustomer, { assigned_to: "unassigned" })).toEqual([]);
    expect(await view(otherCustomer, { assigned_to: colleague.id })).toEqual([]);
  });

  it.each<{ query: Query; path: string }>([
    { query: { priority: "urgent" }, path: "priority" },
    { query: { assigned_to: "" }, path: "assigned_to" },
  ])("refuses $query with 400", async ({ query, path }) => {
    expectFieldProblem(await listTickets(editor, query), 400, "validation_failed", path);
  });
});

describe("deleting a ticket", () => {
  it("deletes its thread with it", async () => {
    const ticket = await openTicket(customer);
    await reply(editor, ticket.id, "Hello");
    await reply(editor, ticket.id, "Spam", true);
    expect((await callJson("DELETE", `/tickets/${ticket.id}`, as(admin))).status).toBe(204);
    expectProblem(await getThread(admin, ticket.id), 404, "not_found");
  });
});

// Every request here is signed in, so each budget is the route's own cost plus the account lookup of `requireAuth`.
describe("query budgets (D1 round trips from Server-Timing)", () => {
  it.each([3, 25])(
    "GET /tickets costs 1 round trip of its own for %i tickets with replies and assignees",
    async (count) => {
      const word = uniqueWord();
      for (let i = 0; i < count; i++) {
        const ticket = await openTicket(customer, `Budget ${word} ${i}`);
        await reply(customer, ticket.id, "Hello");
        await reply(editor, ticket.id, "Note", true);
        await patchTicket(editor, ticket.id, { assigned_to: editor.id });
      }
      const res = await listTickets(viewer, { q: word, limit: count });
      expect(res.body.data).toHaveLength(count);
      expect(res.body.data.every((t) => t.reply_count === 1 && t.assignee_name === "Eddie Editor")).toBe(true);
      expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    },
  );

  it("GET thread costs 1 of its own, a reply or note 2, an assigning and closing PATCH 2", async () => {
    const ticket = await openTicket(customer);
    const replied = await postToThread(customer, ticket.id, { body: "Hello" });
    const noted = await postToThread(editor, ticket.id, { body: "Note", internal: true });
    const patched = await patchTicket(editor, ticket.id, { assigned_to: editor.id, status: "closed", priority: "low" });
    const read = await getThread(viewer, ticket.id);

    expect([replied, noted, patched, read].map((res) => res.status)).toEqual([201, 201, 200, 200]);
    expect(read.body.data).toHaveLength(5);
    expect([replied, noted, patched, read].map((res) => dbCost(res).queries)).toEqual(
      [2, 2, 2, 1].map((own) => ACCOUNT_LOOKUP.queries + own),
    );
  });
});
