import { asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { keysAbove } from "../../db/filters";
import { type TopicRow, topics } from "../schema";

/** A topic as programs list it. */
export type TopicRef = { id: string; name: string };

/** Topics by name, regardless of case. Rows carry `nameKey`, SQLite's own lower(name), for the page cursor. */
export async function listTopics(db: Database, filter: { limit: number; after?: readonly [string, string] }) {
  const nameKey = sql<string>`lower(${topics.name})`;
  return db
    .select({ ...getTableColumns(topics), nameKey })
    .from(topics)
    .where(filter.after ? keysAbove([nameKey, topics.id], filter.after) : undefined)
    .orderBy(asc(nameKey), asc(topics.id))
    .limit(filter.limit + 1);
}

export const findTopic = (db: Database, id: string) => db.select().from(topics).where(eq(topics.id, id)).get();

/** Inserts the topic unless one with that name (in any case) exists; `undefined` means it did. */
export async function insertTopic(db: Database, topic: TopicRow): Promise<TopicRow | undefined> {
  return db.insert(topics).values(topic).onConflictDoNothing().returning().get();
}

export const renameTopic = (db: Database, id: string, name: string) =>
  db.update(topics).set({ name }).where(eq(topics.id, id)).returning().get();

export async function deleteTopic(db: Database, id: string): Promise<boolean> {
  return (await db.delete(topics).where(eq(topics.id, id)).returning({ id: topics.id })).length > 0;
}

/** The topics among `ids` that exist, by name regardless of case (as programs list their topics). */
export const existingTopics = (db: Database, ids: string[]): Promise<TopicRef[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .select({ id: topics.id, name: topics.name })
        .from(topics)
        .where(inArray(topics.id, ids))
        .orderBy(sql`lower(${topics.name})`);
