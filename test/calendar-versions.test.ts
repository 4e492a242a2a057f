import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import type { Event } from "../src/calendar/models";
import {
  createEvent,
  deleteEvent,
  fullEvent,
  getEvent,
  newEvent,
  patchEvent,
  postEvent,
  putEvent,
} from "./calendar-fixtures";
import {
  ACCOUNT_LOOKUP,
  BASE,
  call,
  callJson,
  createUser,
  dbCost,
  expectFieldProblem,
  expectProblem,
  type JsonReply,
  MISSING_ID,
  readJson,
  type TestUser,
  until,
} from "./helpers";

// No lost updates: every event answer carries its version as an ETag, and PUT, PATCH and DELETE with If-Match happen
// only while the event is still in the version the client last saw. A client that lost gets a 412 with the event as
// it is now, so it can show what changed instead of overwriting it.

/** The ETag of `event`'s version. */
const etagOf = (event: Pick<Event, "updated_at">) => `"${event.updated_at}"`;
const ifMatch = (value: string) => ({ "If-Match": value });

/** A 412 precondition_failed carrying `current` (the event as it is now) and its ETag. */
function expectStale(res: JsonReply, current: Event) {
  const problem = expectProblem(res, 412, "precondition_failed");
  expect(problem.current).toEqual(current);
  expect(res.headers.get("ETag")).toBe(etagOf(current));
  return problem;
}

/** An event of `user`'s, and a later version of it (changed behind the first version's back). */
async function changedBehindYourBack(user: TestUser) {
  const seen = await createEvent(user, fullEvent);
  const res = await patchEvent(user, seen.id, { name: "Changed by someone else" });
  expect(res.status).toBe(200);
  return { seen, current: res.body };
}

describe("ETag", () => {
  it("comes with every answer of one event: create, read, PUT and PATCH, and moves with each write", async () => {
    const user = await createUser("customer");
    const created = await postEvent(user, newEvent);
    expect(created.headers.get("ETag")).toBe(etagOf(created.body));
    const read = await getEvent(created.body.id);
    expect(read.headers.get("ETag")).toBe(etagOf(created.body));

    const patched = await patchEvent(user, created.body.id, { name: "Renamed" });
    expect(patched.headers.get("ETag")).toBe(etagOf(patched.body));
    expect(patched.headers.get("ETag")).not.toBe(created.headers.get("ETag"));
    const replaced = await putEvent(user, created.body.id, newEvent);
    expect(replaced.headers.get("ETag")).toBe(etagOf(replaced.body));
    expect(replaced.headers.get("ETag")).not.toBe(patched.headers.get("ETag"));
    expect((await getEvent(created.body.id)).headers.get("ETag")).toBe(etagOf(replaced.body));
  });

  it("answers If-None-Match naming the current version with a bodiless 304, and a changed event with 200", async () => {
    const user = await createUser("customer");
    const event = await createEvent(user);
    const same = await call("GET", `/events/${event.id}`, { headers: { "If-None-Match": etagOf(event) } });
    expect(same.status).toBe(304);
    expect(same.headers.get("ETag")).toBe(etagOf(event));
    expect(await same.text()).toBe("");
    expect(dbCost(same).queries).toBe(1);

    const changed = await patchEvent(user, event.id, { name: "New name" });
    const fresh = await call("GET", `/events/${event.id}`, { headers: { "If-None-Match": etagOf(event) } });
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toEqual(changed.body);
  });
});

describe("If-Match on PUT, PATCH and DELETE", () => {
  it("lets a write through when it names the current version: same answer and the same query budget as without", async () => {
    const user = await createUser("customer");
    const event = await createEvent(user, fullEvent);
    const patched = await patchEvent(user, event.id, { name: "Moved" }, ifMatch(etagOf(event)));
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ name: "Moved" });
    expect(dbCost(patched).queries).toBe(ACCOUNT_LOOKUP.queries + 2);

    const replaced = await putEvent(user, event.id, newEvent, ifMatch(etagOf(patched.body)));
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(dbCost(replaced).queries).toBe(ACCOUNT_LOOKUP.queries + 2);

    const deleted = await deleteEvent(user, event.id, ifMatch(etagOf(replaced.body)));
    expect(deleted.status).toBe(204);
    expect(dbCost(deleted).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
    expectProblem(await getEvent(event.id), 404, "not_found");
  });

  it.each([
    ["PATCH", (user: TestUser, id: string, h: Record<string, string>) => patchEvent(user, id, { name: "Mine" }, h)],
    ["PUT", (user: TestUser, id: string, h: Record<string, string>) => putEvent(user, id, newEvent, h)],
    ["DELETE", (user: TestUser, id: string, h: Record<string, string>) => deleteEvent(user, id, h)],
  ])(
    "refuses a %s whose If-Match names an older version: 412 with the event as it is now, nothing changed",
    async (_method, write) => {
      const user = await createUser("customer");
      const { seen, current } = await changedBehindYourBack(user);
      const res = await write(user, seen.id, ifMatch(etagOf(seen)));
      const problem = expectStale(res, current);
      expect(problem.detail).toEqual(expect.any(String));
      // The version check needs no read beyond the one that finds the event.
      expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
      expect((await getEvent(seen.id)).body).toEqual(current);
    },
  );

  it("reports a stale If-Match before the body's problems: the client's first problem is the other writer", async () => {
    const user = await createUser("customer");
    const { seen, current } = await changedBehindYourBack(user);
    expectStale(await patchEvent(user, seen.id, { name: "" }, ifMatch(etagOf(seen))), current);
  });

  it("takes `*` as any version of an event that exists, and a list that names the current version", async () => {
    const user = await createUser("customer");
    const { seen, current } = await changedBehindYourBack(user);
    const any = await patchEvent(user, seen.id, { name: "Whatever the version" }, ifMatch("*"));
    expect(any.status).toBe(200);
    const listed = await patchEvent(
      user,
      seen.id,
      { name: "Listed" },
      ifMatch(`${etagOf(current)}, ${etagOf(any.body)}`),
    );
    expect(listed.status).toBe(200);
    expectProblem(await deleteEvent(user, MISSING_ID, ifMatch("*")), 404, "not_found");
  });

  it("compares strongly: a weak tag never matches, even of the current version", async () => {
    const user = await createUser("customer");
    const event = await createEvent(user);
    expectStale(await patchEvent(user, event.id, { name: "x" }, ifMatch(`W/${etagOf(event)}`)), event);
  });

  it.each([
    ["an unquoted tag", "2025-12-11T12:00:00.000Z"],
    ["an unterminated tag", '"2025-12-11'],
    ["a bare W/", "W/"],
    ["commas only", ",,,"],
    ["a star in a list", `*, "x"`],
  ])("answers a malformed If-Match (%s) with a 400 naming if-match, and changes nothing", async (_what, header) => {
    const user = await createUser("customer");
    const event = await createEvent(user);
    expectFieldProblem(
      await patchEvent(user, event.id, { name: "x" }, ifMatch(header)),
      400,
      "validation_failed",
      "if-match",
    );
    expectFieldProblem(await deleteEvent(user, event.id, ifMatch(header)), 400, "validation_failed", "if-match");
    expect((await getEvent(event.id)).body).toEqual(event);
  });

  it("answers 404 for an unknown event and 403 for someone else's, whatever If-Match says", async () => {
    const owner = await createUser("customer");
    const other = await createUser("customer");
    const event = await createEvent(owner);
    expectProblem(await patchEvent(other, MISSING_ID, { name: "x" }, ifMatch('"stale"')), 404, "not_found");
    expectProblem(await patchEvent(other, event.id, { name: "x" }, ifMatch('"stale"')), 403, "forbidden");
    expectProblem(await deleteEvent(other, event.id, ifMatch("bad")), 403, "forbidden");
  });
});

describe("two writers with the same If-Match", () => {
  it("let exactly one of them win, however their requests interleave; the other gets the winner's version", async () => {
    const user = await createUser("customer");
    for (let round = 0; round < 6; round++) {
      const event = await createEvent(user, fullEvent);
      const tag = ifMatch(etagOf(event));
      const answers = await Promise.all([
        patchEvent(user, event.id, { name: `Alice ${round}` }, tag),
        round % 2 === 0
          ? patchEvent(user, event.id, { name: `Bob ${round}`, max_attendees: 20 }, tag)
          : putEvent(user, event.id, { ...newEvent, name: `Bob ${round}` }, tag),
      ]);
      expect(answers.map((res) => res.status).sort(), JSON.stringify(answers.map((res) => res.body))).toEqual([
        200, 412,
      ]);
      const winner = answers.find((res) => res.status === 200)!;
      const loser = answers.find((res) => res.status === 412)!;
      expectStale(loser, winner.body);
      expect((await getEvent(event.id)).body).toEqual(winner.body);
    }
  });

  it("let one delete win over a change, and one of two deletes", async () => {
    const user = await createUser("customer");
    const event = await createEvent(user);
    const tag = ifMatch(etagOf(event));
    const [patched, deleted] = await Promise.all([
      patchEvent(user, event.id, { name: "Still here?" }, tag),
      deleteEvent(user, event.id, tag),
    ]);
    if (deleted.status === 204) {
      // The change lost to the delete: the event is gone, so there is no version to show.
      expectProblem(patched, 404, "not_found");
      expectProblem(await getEvent(event.id), 404, "not_found");
    } else {
      expect(patched.status).toBe(200);
      expectStale(deleted, patched.body);
    }

    const another = await createEvent(user);
    const both = await Promise.all([
      deleteEvent(user, another.id, ifMatch(etagOf(another))),
      deleteEvent(user, another.id, ifMatch(etagOf(another))),
    ]);
    expect(both.map((res) => res.status).sort()).toEqual([204, 404]);
  });
});

/**
 * The D1 binding with every UPDATE and DELETE of an event held until `release()`: a test can put another write
 * between a change's read of the event and its own write, as two racing clients may.
 */
function holdingEventWrites(db: D1Database) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let waiting = 0;
  const statement = (inner: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const held = /^(update|delete from) "events"/i.test(sql);
    const after = async <T>(call: () => Promise<T>) => {
      if (held) {
        waiting++;
        await released;
      }
      return call();
    };
    return {
      bind: (...values: unknown[]) => statement(inner.bind(...values), sql),
      all: () => after(() => inner.all()),
      run: () => after(() => inner.run()),
      raw: () => after(() => inner.raw()),
      first: () => after(() => inner.first()),
    } as unknown as D1PreparedStatement;
  };
  // The app reads and writes through a D1 session (src/db/client.ts): hold that session's statements.
  const session = {
    prepare: (sql: string) => statement(db.prepare(sql), sql),
    batch: db.batch.bind(db),
    getBookmark: () => null,
  };
  return { binding: { withSession: () => session } as unknown as D1Database, release, waiting: () => waiting };
}

/** Starts `method` on the event through an app whose event writes wait for `release()`; resolves to its answer. */
function slowWrite(user: TestUser, method: string, id: string, headers: Record<string, string>, body?: unknown) {
  const held = holdingEventWrites(env.DB);
  const ctx = createExecutionContext();
  const request = new Request(`${BASE}/events/${id}`, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = Promise.resolve(createApp().fetch(request, { ...env, DB: held.binding }, ctx)).then(async (res) => {
    const reply = await readJson(res);
    await waitOnExecutionContext(ctx);
    return reply;
  });
  return { answer, held };
}

describe("a write that slips in between a change's read and its write", () => {
  it.each([
    ["PATCH", { name: "Slow writer" }],
    ["PUT", newEvent],
    ["DELETE", undefined],
  ])(
    "wins over a %s whose If-Match it made stale: the check is part of the write, and the loser sees the winner",
    async (method, body) => {
      const user = await createUser("customer");
      const event = await createEvent(user, fullEvent);
      const slow = slowWrite(user, method, event.id, ifMatch(etagOf(event)), body);
      // The slow request has read the event, found its If-Match current, and is about to write.
      await until(() => slow.held.waiting() === 1);
      const fast = await patchEvent(user, event.id, { name: "Fast writer" }, ifMatch(etagOf(event)));
      expect(fast.status).toBe(200);
      slow.held.release();
      const res = await slow.answer;
      expectStale(res, fast.body);
      // Its read, its conditional write (no row), and the read of the version that won.
      expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 3);
      expect((await getEvent(event.id)).body).toEqual(fast.body);
    },
  );

  it("is overwritten by a write without If-Match, as before: the last write wins", async () => {
    const user = await createUser("customer");
    const event = await createEvent(user, fullEvent);
    const slow = slowWrite(user, "PATCH", event.id, {}, { name: "Last writer" });
    await until(() => slow.held.waiting() === 1);
    expect((await patchEvent(user, event.id, { name: "First writer" })).status).toBe(200);
    slow.held.release();
    const res = await slow.answer;
    expect(res.status).toBe(200);
    expect((await getEvent(event.id)).body.name).toBe("Last writer");
  });

  it("answers 404 to a change whose event was deleted in between", async () => {
    const user = await createUser("customer");
    const event = await createEvent(user);
    const slow = slowWrite(user, "PATCH", event.id, ifMatch(etagOf(event)), { name: "Too late" });
    await until(() => slow.held.waiting() === 1);
    expect((await deleteEvent(user, event.id)).status).toBe(204);
    slow.held.release();
    expectProblem(await slow.answer, 404, "not_found");
  });
});

describe("the OpenAPI document", () => {
  it("documents the ETag of event answers, If-Match on each write and its 412 with the current event", async () => {
    const doc = (await callJson("GET", "/openapi.json")).body;
    const item = doc.paths["/events/{id}"];
    for (const method of ["put", "patch", "delete"]) {
      const parameters = item[method].parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`);
      expect(parameters, method).toContain("header:if-match");
      expect(Object.keys(item[method].responses), method).toEqual(expect.arrayContaining(["400", "404", "412"]));
      expect(JSON.stringify(item[method].responses["412"]), method).toContain("EventChangedProblem");
    }
    expect(Object.keys(item.get.responses["200"].headers)).toEqual(["ETag"]);
    expect(Object.keys(item.get.responses)).toContain("304");
    expect(Object.keys(doc.paths["/events"].post.responses["201"].headers)).toEqual(["ETag"]);
    const changed = doc.components.schemas.EventChangedProblem;
    expect(JSON.stringify(changed)).toContain('"current"');
    const event = doc.components.schemas.Event;
    expect(event.required).toEqual(expect.arrayContaining(["time_zone", "all_day"]));
  });
});
