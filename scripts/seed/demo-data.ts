import { hashPassword } from "../../src/auth/password";
import { users } from "../../src/auth/schema";
import { createDatabase, type Database } from "../../src/db/client";
import { newUnsubscribeToken } from "../../src/subscriptions/models";
import { subscribers } from "../../src/subscriptions/schema";
import { tickets, ticketThread } from "../../src/tickets/schema";
import { seedCalendar } from "./calendar";
import { seedCatalog } from "./catalog";
import { minutesAgo } from "./common";
import { seedGames } from "./games";
import { seedStore } from "./store";
import { seedStreams } from "./streams";
import { DEMO_ASSIGNEES, demoTicketThreads } from "./ticket-threads";

/** Demo accounts for local development only; the README lists them too. Never seed these into production. */
export const DEMO_USERS = [
  { id: "user-admin", email: "admin@example.com", name: "Ada Admin", role: "admin", password: "admin-password" },
  { id: "user-editor", email: "editor@example.com", name: "Eddie Editor", role: "editor", password: "editor-password" },
  { id: "user-viewer", email: "viewer@example.com", name: "Vera Viewer", role: "viewer", password: "viewer-password" },
  {
    id: "user-carol",
    email: "carol@example.com",
    name: "Carol Customer",
    role: "customer",
    password: "carol-password",
  },
  { id: "user-dan", email: "dan@example.com", name: "Dan Customer", role: "customer", password: "dan-password" },
] as const;

function demoTickets(now: Date): (typeof tickets.$inferInsert)[] {
  const ticket = (
    id: string,
    createdBy: string,
    age: number,
    title: string,
    description: string,
    priority: "low" | "normal" | "high",
    closedAge?: number,
  ) => ({
    id,
    title,
    description,
    priority,
    createdBy,
    assignedTo: DEMO_ASSIGNEES[id] ?? null,
    status: closedAge === undefined ? ("open" as const) : ("closed" as const),
    createdAt: minutesAgo(now, age),
    updatedAt: minutesAgo(now, closedAge ?? age),
    closedAt: closedAge === undefined ? null : minutesAgo(now, closedAge),
  });
  return [
    ticket(
      "ticket-1",
      "user-carol",
      60 * 50,
      "Cannot sign in on my phone",
      "The login button does nothing in Safari on iOS.",
      "high",
      60 * 30,
    ),
    ticket(
      "ticket-2",
      "user-dan",
      60 * 26,
      "Invoice shows the wrong currency",
      "My last invoice is in USD but my account is set to EUR.",
      "normal",
    ),
    ticket(
      "ticket-3",
      "user-carol",
      60 * 7,
      "Video lesson stops after ten seconds",
      "Lesson 3 of the Telugu course stops playing every time.",
      "high",
    ),
    ticket("ticket-4", "user-viewer", 90, "Typo on the pricing page", '"Anual plan" should read "Annual plan".', "low"),
    ticket("ticket-5", "user-dan", 15, "Add dark mode to the player", "Watching at night is hard on the eyes.", "low"),
  ];
}

function demoSubscribers(now: Date): (typeof subscribers.$inferInsert)[] {
  return [
    ["subscriber-1", "Grace Hopper", "grace@example.org", 60 * 24 * 9],
    ["subscriber-2", "Alan Turing", "alan@example.org", 60 * 24 * 4],
    ["subscriber-3", "Katherine Johnson", "katherine@example.org", 60 * 5],
    ["subscriber-4", "Linus Torvalds", "linus@example.org", 20],
  ].map(([id, name, email, age]) => ({
    id: id as string,
    name: name as string,
    email: email as string,
    unsubscribeToken: newUnsubscribeToken(),
    createdAt: minutesAgo(now, age as number),
  }));
}

/**
 * Loads the demo accounts, tickets and subscribers into a database without accounts and leaves one with accounts
 * alone, so running it again (every `npm start`) changes nothing. Returns whether it seeded.
 */
export async function seedPeople(db: Database, now = new Date()): Promise<boolean> {
  if (await db.$count(users)) return false;

  const accounts = await Promise.all(
    DEMO_USERS.map(async ({ password, ...user }) => ({
      ...user,
      passwordHash: await hashPassword(password),
      createdAt: minutesAgo(now, 60 * 24 * 30),
    })),
  );
  // One batch: one transaction, so a failure leaves the database empty and the next run tries again.
  await db.batch([
    db.insert(users).values(accounts).onConflictDoNothing(),
    db.insert(tickets).values(demoTickets(now)).onConflictDoNothing(),
    db.insert(ticketThread).values(demoTicketThreads(now)).onConflictDoNothing(),
    db.insert(subscribers).values(demoSubscribers(now)).onConflictDoNothing(),
  ]);
  return true;
}

/** Every module's demo data; each part seeds only where its tables are empty. */
export async function seedDemoData(
  env: { DB: D1Database; MEDIA: R2Bucket; CHAT_ROOM: Env["CHAT_ROOM"] },
  now = new Date(),
): Promise<{
  people: boolean;
  catalog: boolean;
  games: boolean;
  streams: boolean;
  calendar: boolean;
  store: boolean;
}> {
  const { db } = createDatabase(env.DB);
  return {
    people: await seedPeople(db, now),
    catalog: await seedCatalog(db, env.MEDIA, now),
    games: await seedGames(db, now),
    streams: await seedStreams(db, env.CHAT_ROOM, now),
    calendar: await seedCalendar(db, now),
    // After the people: two of the store's customers are the demo customers.
    store: await seedStore(db, env.MEDIA, now),
  };
}
