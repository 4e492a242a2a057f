import { and, desc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { accountNamed } from "../auth/queries";
import type { Database } from "../db/client";
import { keysBelow } from "../db/filters";
import { type StreamRow, streams } from "./schema";

export async function insertStream(db: Database, stream: typeof streams.$inferInsert): Promise<StreamRow> {
  const row = await db.insert(streams).values(stream).returning().get();
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

export async function findStream(db: Database, id: string): Promise<StreamRow | undefined> {
  return db.select().from(streams).where(eq(streams.id, id)).get();
}

/**
 * The stream a guest asks to join, and whether the name they gave is an account's, in one statement. The name is
 * looked up only for a live stream: nobody joins the others, and the lookup reads the accounts.
 */
export async function findStreamForGuest(
  db: Database,
  id: string,
  name: string,
): Promise<(StreamRow & { nameTaken: boolean }) | undefined> {
  return db
    .select({
      ...getTableColumns(streams),
      nameTaken: sql`CASE WHEN ${streams.status} = 'live' THEN ${accountNamed(name)} ELSE 0 END`.mapWith(
        (value) => value === 1,
      ),
    })
    .from(streams)
    .where(eq(streams.id, id))
    .get();
}

/** Newest first, `limit + 1` rows (the extra one says another page exists). */
export async function listStreams(
  db: Database,
  filter: { limit: number; after?: readonly [string, string]; status?: StreamRow["status"] },
): Promise<StreamRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.status && eq(streams.status, filter.status),
    filter.after && keysBelow([streams.createdAt, streams.id], filter.after),
  ];
  return db
    .select()
    .from(streams)
    .where(and(...conditions))
    .orderBy(desc(streams.createdAt), desc(streams.id))
    .limit(filter.limit + 1);
}

/**
 * Marks a live stream ended; a stream that has already ended is returned as it is, so ending is safe to repeat.
 * One round trip whatever the state: the update is guarded by the status, and the select reads the result.
 */
export async function endStream(db: Database, id: string, now: string): Promise<StreamRow | undefined> {
  const [, rows] = await db.batch([
    db
      .update(streams)
      .set({ status: "ended", updatedAt: now })
      .where(and(eq(streams.id, id), eq(streams.status, "live"))),
    db.select().from(streams).where(eq(streams.id, id)),
  ]);
  return rows[0];
}
