import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { containsText, keysBelow } from "../db/filters";
import type { TicketChanges } from "./models";
import { type TicketRow, tickets } from "./schema";

export async function insertTicket(db: Database, ticket: typeof tickets.$inferInsert): Promise<TicketRow> {
  const row = await db.insert(tickets).values(ticket).returning().get();
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

export async function findTicket(db: Database, id: string): Promise<TicketRow | undefined> {
  return db.select().from(tickets).where(eq(tickets.id, id)).get();
}

export async function listTickets(
  db: Database,
  filter: {
    limit: number;
    after?: readonly [string, string];
    /** Only this author's tickets; unset for staff, who see all. */
    createdBy?: string;
    status?: TicketRow["status"];
    q?: string;
  },
): Promise<TicketRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.createdBy !== undefined ? eq(tickets.createdBy, filter.createdBy) : undefined,
    filter.status && eq(tickets.status, filter.status),
    filter.after && keysBelow([tickets.createdAt, tickets.id], filter.after),
    filter.q ? containsText(filter.q, tickets.title, tickets.description) : undefined,
  ];
  return db
    .select()
    .from(tickets)
    .where(and(...conditions))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(filter.limit + 1);
}

/**
 * Applies `changes` in one statement. Closing stamps `closed_at` (kept if the ticket was already closed); reopening
 * clears it.
 */
export async function updateTicket(
  db: Database,
  id: string,
  changes: TicketChanges,
  now: string,
): Promise<TicketRow | undefined> {
  const { status, ...fields } = changes;
  return db
    .update(tickets)
    .set({
      ...fields,
      ...(status && {
        status,
        closedAt: status === "closed" ? sql`coalesce(${tickets.closedAt}, ${now})` : null,
      }),
      updatedAt: now,
    })
    .where(eq(tickets.id, id))
    .returning()
    .get();
}

export async function deleteTicket(db: Database, id: string): Promise<boolean> {
  const deleted = await db.delete(tickets).where(eq(tickets.id, id)).returning({ id: tickets.id });
  return deleted.length > 0;
}
