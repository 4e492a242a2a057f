import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { containsText, keysBelow } from "../db/filters";
import { type SubscriberRow, subscribers } from "./schema";

/**
 * Adds the subscriber unless the email is already on the list; `undefined` means it was. One statement, so of any
 * number of simultaneous sign-ups with the same email exactly one succeeds.
 */
export async function insertSubscriber(db: Database, subscriber: SubscriberRow): Promise<SubscriberRow | undefined> {
  return db.insert(subscribers).values(subscriber).onConflictDoNothing({ target: subscribers.email }).returning().get();
}

export async function findSubscriber(db: Database, id: string): Promise<SubscriberRow | undefined> {
  return db.select().from(subscribers).where(eq(subscribers.id, id)).get();
}

export async function listSubscribers(
  db: Database,
  filter: { limit: number; after?: readonly [string, string]; q?: string },
): Promise<SubscriberRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.after && keysBelow([subscribers.createdAt, subscribers.id], filter.after),
    filter.q ? containsText(filter.q, subscribers.name, subscribers.email) : undefined,
  ];
  return db
    .select()
    .from(subscribers)
    .where(and(...conditions))
    .orderBy(desc(subscribers.createdAt), desc(subscribers.id))
    .limit(filter.limit + 1);
}

export async function deleteSubscriber(db: Database, id: string): Promise<boolean> {
  const deleted = await db.delete(subscribers).where(eq(subscribers.id, id)).returning({ id: subscribers.id });
  return deleted.length > 0;
}

export async function deleteSubscriberByToken(db: Database, token: string): Promise<void> {
  await db.delete(subscribers).where(eq(subscribers.unsubscribeToken, token));
}
