import { beforeAll, describe, expect, it } from "vitest";
import { base64Url, callJson, createUser, expectFieldProblem, type TestUser, uniqueWord, withQuery } from "./helpers";

// A `next_cursor` is opaque and tamper-evident: only a cursor this API issued, for this very list, is taken back.

let admin: TestUser;
let word: string;

beforeAll(async () => {
  [admin] = await Promise.all([createUser("admin"), createUser("viewer")]);
  word = uniqueWord();
  for (let i = 0; i < 3; i++) {
    const res = await callJson("POST", "/tickets", {
      token: admin.token,
      body: { title: `${word} ${i}`, description: "." },
    });
    expect(res.status).toBe(201);
  }
});

const ticketsPage = (query: Record<string, string | number>) =>
  callJson("GET", withQuery("/tickets", { q: word, limit: 1, ...query }), { token: admin.token });

describe("cursors", () => {
  it("walks a list with the cursors it hands out", async () => {
    const first = await ticketsPage({});
    const second = await ticketsPage({ cursor: first.body.next_cursor });
    expect(second.status).toBe(200);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
  });

  it("refuses a hand-built cursor of the right shape", async () => {
    const first = await ticketsPage({});
    const ticket = first.body.data[0];
    // The position just past the first ticket, so that the page would start at it.
    const forged = base64Url(JSON.stringify([ticket.created_at, `${ticket.id}~`]));
    expectFieldProblem(await ticketsPage({ cursor: forged }), 400, "invalid_cursor", "cursor");
    const { next_cursor } = first.body;
    const [, signature] = String(next_cursor).split(".");
    expectFieldProblem(await ticketsPage({ cursor: `${forged}.${signature}` }), 400, "invalid_cursor", "cursor");
  });

  it("refuses a cursor that was altered by one character", async () => {
    const cursor = String((await ticketsPage({})).body.next_cursor);
    const last = cursor.at(-1) === "A" ? "B" : "A";
    expectFieldProblem(await ticketsPage({ cursor: `${cursor.slice(0, -1)}${last}` }), 400, "invalid_cursor", "cursor");
  });

  it("refuses a cursor another list handed out, though its position has the same shape", async () => {
    const users = await callJson("GET", withQuery("/users", { limit: 1 }), { token: admin.token });
    expect(users.body.next_cursor).toEqual(expect.any(String));
    expectFieldProblem(await ticketsPage({ cursor: users.body.next_cursor }), 400, "invalid_cursor", "cursor");
  });
});
