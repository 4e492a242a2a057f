import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DEMO_USERS, seedDemoData } from "../scripts/seed/demo-data";
import { users } from "../src/auth/schema";
import { subscribers } from "../src/subscriptions/schema";
import { tickets } from "../src/tickets/schema";
import { callJson, db, login } from "./helpers";

const tableSizes = async () => {
  const [[u], [t], [s]] = await Promise.all([
    db().select({ n: count() }).from(users),
    db().select({ n: count() }).from(tickets),
    db().select({ n: count() }).from(subscribers),
  ]);
  return { users: u?.n, tickets: t?.n, subscribers: s?.n };
};

describe("demo seed", () => {
  it("loads one admin, editor and viewer, two customers, 5 tickets and 4 subscribers into an empty database", async () => {
    expect(await seedDemoData(db())).toBe(true);
    expect(await tableSizes()).toEqual({ users: 5, tickets: 5, subscribers: 4 });
    const roles = (await db().select({ role: users.role }).from(users)).map((u) => u.role).sort();
    expect(roles).toEqual(["admin", "customer", "customer", "editor", "viewer"]);
  });

  it("changes nothing when run again", async () => {
    const before = await db().select().from(tickets);
    expect(await seedDemoData(db())).toBe(false);
    expect(await tableSizes()).toEqual({ users: 5, tickets: 5, subscribers: 4 });
    expect(await db().select().from(tickets)).toEqual(before);
  });

  it("lets the demo accounts sign in with the documented passwords", async () => {
    const editor = DEMO_USERS.find((u) => u.role === "editor")!;
    const signedIn = await login(editor.email, editor.password);
    expect(signedIn.status).toBe(200);
    const list = await callJson("GET", "/tickets", { token: signedIn.body.access_token });
    expect(list.body.data).toHaveLength(5);
    expect(list.body.data[0].title).toBe("Add dark mode to the player");
  });
});
