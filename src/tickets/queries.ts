import { and, asc, desc, eq, getTableColumns, isNull, ne, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { alias } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema";
import type { Database } from "../db/client";
import { containsText, keysAbove, keysBelow } from "../db/filters";
import type { ThreadView, TicketChanges, TicketView } from "./models";
import { type TicketRow, tickets, ticketThread } from "./schema";

const author = alias(users, "author");
const assignee = alias(users, "assignee");

/**
 * Tickets with their author's and assignee's names and their count of public replies, in one statement: the joins
 * are primary-key probes and the count walks the ticket's thread index, so a page costs one round trip.
 */
function ticketViews(db: Database) {
  return db
    .select({
      ...getTableColumns(tickets),
      // Named apart: D1 keys a row's values by column name, so two columns called "name" would collide.
      authorName: sql<string | null>`${author.name}`.as("author_name"),
      assigneeName: sql<string | null>`${assignee.name}`.as("assignee_name"),
      replyCount:
        sql<number>`(SELECT count(*) FROM ${ticketThread} WHERE ${ticketThread.ticketId} = ${tickets.id} AND ${ticketThread.kind} = 'reply')`.as(
          "reply_count",
        ),
    })
    .from(tickets)
    .leftJoin(author, eq(author.id, tickets.createdBy))
    .leftJoin(assignee, eq(assignee.id, tickets.assignedTo));
}

const viewOf = (db: Database, id: string) => ticketViews(db).where(eq(tickets.id, id));

export async function insertTicket(db: Database, ticket: typeof tickets.$inferInsert): Promise<TicketRow> {
  const row = await db.insert(tickets).values(ticket).returning().get();
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

export async function findTicket(db: Database, id: string): Promise<TicketView | undefined> {
  return viewOf(db, id).get();
}

/**
 * The ticket and, when asked, the account it is to be assigned to: one round trip. Without an assignee the second
 * statement probes for the id "", which no account has, rather than making the batch's shape depend on the request.
 */
export async function findTicketAndAssignee(
  db: Database,
  id: string,
  assigneeId: string | undefined,
): Promise<{ ticket: TicketView | undefined; assigneeRole: string | undefined; assigneeName: string | undefined }> {
  const [ticketRows, assigneeRows] = await db.batch([
    viewOf(db, id),
    db
      .select({ role: users.role, name: users.name })
      .from(users)
      .where(eq(users.id, assigneeId ?? "")),
  ]);
  return { ticket: ticketRows[0], assigneeRole: assigneeRows[0]?.role, assigneeName: assigneeRows[0]?.name };
}

export interface TicketFilter {
  limit: number;
  after?: readonly [string, string];
  /** Only this author's tickets; unset for staff, who see all. */
  createdBy?: string;
  status?: TicketRow["status"];
  priority?: TicketRow["priority"];
  /** Only tickets assigned to this user; null for the unassigned ones. */
  assignedTo?: string | null;
  q?: string;
}

export async function listTickets(db: Database, filter: TicketFilter): Promise<TicketView[]> {
  const conditions: (SQL | undefined)[] = [
    filter.createdBy !== undefined ? eq(tickets.createdBy, filter.createdBy) : undefined,
    filter.status && eq(tickets.status, filter.status),
    filter.priority && eq(tickets.priority, filter.priority),
    filter.assignedTo === null ? isNull(tickets.assignedTo) : undefined,
    filter.assignedTo ? eq(tickets.assignedTo, filter.assignedTo) : undefined,
    filter.after && keysBelow([tickets.createdAt, tickets.id], filter.after),
    filter.q ? containsText(filter.q, tickets.title, tickets.description) : undefined,
  ];
  return ticketViews(db)
    .where(and(...conditions))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(filter.limit + 1);
}

type ThreadEvent = NonNullable<typeof ticketThread.$inferInsert.event>;

/**
 * When a thread entry is written: `at`, or a millisecond after the thread's last entry when that is not earlier, so
 * that entries written within one millisecond (two statements of one change, two quick requests) keep the order they
 * were written in rather than their random ids'.
 */
const entryTime = (ticketId: string, at: string) =>
  sql<string>`max(${at}, coalesce((SELECT strftime('%Y-%m-%dT%H:%M:%fZ', max(tt.created_at), '+0.001 seconds')
    FROM ticket_thread tt WHERE tt.ticket_id = ${ticketId}), ${at}))`.as("created_at");

/** A thread entry to write: a reply or note (with `body`), or an event (with `event` and `value`). */
type NewThreadEntry = Omit<typeof ticketThread.$inferInsert, "createdAt"> & { ticketId: string; at: string };

/**
 * Writes `entry` into the ticket's thread only if the ticket exists and `accepts` holds of it as it is when the
 * statement runs (INSERT … SELECT from the ticket's row: no row, no entry). Its time is `entryTime`'s.
 */
function insertThreadEntryIf(db: Database, entry: NewThreadEntry, accepts: SQL | undefined) {
  return db.insert(ticketThread).select(
    db
      .select({
        id: sql<string>`${entry.id}`.as("id"),
        ticketId: tickets.id,
        authorId: sql<string | null>`${entry.authorId ?? null}`.as("author_id"),
        kind: sql<string>`${entry.kind}`.as("kind"),
        body: sql<string | null>`${entry.body ?? null}`.as("body"),
        event: sql<ThreadEvent | null>`${entry.event ?? null}`.as("event"),
        value: sql<string | null>`${entry.value ?? null}`.as("value"),
        createdAt: entryTime(entry.ticketId, entry.at),
      })
      .from(tickets)
      .where(and(eq(tickets.id, entry.ticketId), accepts)),
  );
}

/**
 * Records `event` in the ticket's thread only if `changes` holds of the ticket as it is when the statement runs (put
 * it before the write that changes it): a repeated or concurrent close records one "closed", not two.
 */
function recordEventIf(
  db: Database,
  entry: { ticketId: string; authorId: string; event: ThreadEvent; value: string | null; at: string },
  changes: SQL,
) {
  return insertThreadEntryIf(db, { ...entry, id: crypto.randomUUID(), kind: "event" }, changes);
}

/**
 * Applies `changes` in one batch and answers the ticket as it then is. Closing stamps `closed_at` (kept if the ticket
 * was already closed); reopening clears it. Each change of status, priority or assignee that really changes something
 * is recorded in the thread as an event by `actorId`; `assigneeName` names the new assignee in that event.
 */
export async function updateTicket(
  db: Database,
  id: string,
  changes: TicketChanges,
  by: { actorId: string; assigneeName?: string; now: string },
): Promise<TicketView | undefined> {
  const { status, assigned_to: assignedTo, ...fields } = changes;
  const entry = { ticketId: id, authorId: by.actorId, at: by.now };
  const events = [
    status === "closed" && recordEventIf(db, { ...entry, event: "closed", value: null }, ne(tickets.status, "closed")),
    status === "open" && recordEventIf(db, { ...entry, event: "reopened", value: null }, eq(tickets.status, "closed")),
    fields.priority !== undefined &&
      recordEventIf(
        db,
        { ...entry, event: "prioritised", value: fields.priority },
        ne(tickets.priority, fields.priority),
      ),
    typeof assignedTo === "string" &&
      recordEventIf(
        db,
        { ...entry, event: "assigned", value: by.assigneeName ?? null },
        sql`${tickets.assignedTo} IS NOT ${assignedTo}`,
      ),
    assignedTo === null &&
      recordEventIf(db, { ...entry, event: "unassigned", value: null }, sql`${tickets.assignedTo} IS NOT NULL`),
  ].filter((event) => event !== false);
  const update = db
    .update(tickets)
    .set({
      ...fields,
      ...(assignedTo !== undefined && { assignedTo }),
      ...(status && {
        status,
        closedAt: status === "closed" ? sql`coalesce(${tickets.closedAt}, ${by.now})` : null,
      }),
      updatedAt: by.now,
    })
    .where(eq(tickets.id, id));
  // Events first, each checking the ticket as it was before the update; the ticket as it is after, last.
  const statements: BatchItem<"sqlite">[] = [...events, update, viewOf(db, id)];
  const results = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return (results.at(-1) as TicketView[])[0];
}

export async function deleteTicket(db: Database, id: string): Promise<boolean> {
  const deleted = await db.delete(tickets).where(eq(tickets.id, id)).returning({ id: tickets.id });
  return deleted.length > 0;
}

/**
 * Adds a reply or an internal note to the ticket's thread and marks the ticket updated, in one batch. A public reply
 * is only added while the ticket is open (the statement checks, so a close that lands first wins); answers when it
 * was written (see `entryTime`), or null when it was not added.
 */
export async function addToThread(
  db: Database,
  entry: { id: string; ticketId: string; authorId: string; kind: "reply" | "note"; body: string; at: string },
): Promise<string | null> {
  const accepts = entry.kind === "reply" ? eq(tickets.status, "open") : undefined;
  const [inserted] = await db.batch([
    insertThreadEntryIf(db, entry, accepts).returning({ createdAt: ticketThread.createdAt }),
    db
      .update(tickets)
      .set({ updatedAt: entry.at })
      .where(and(eq(tickets.id, entry.ticketId), accepts)),
  ]);
  return inserted[0]?.createdAt ?? null;
}

/**
 * A page of the ticket's thread, oldest first, with each author's name and role; without internal notes and staff
 * events (assignment, priority) when `publicOnly`, as the customer reads it. Batched with the ticket, so the caller's
 * right to read it is checked in the same round trip.
 */
export async function ticketWithThread(
  db: Database,
  id: string,
  page: { limit: number; after?: readonly [string, string]; publicOnly: boolean },
): Promise<{ ticket: TicketView | undefined; entries: ThreadView[] }> {
  const conditions: (SQL | undefined)[] = [
    eq(ticketThread.ticketId, id),
    page.publicOnly
      ? sql`(${ticketThread.kind} = 'reply' OR ${ticketThread.event} IN ('closed', 'reopened'))`
      : undefined,
    page.after && keysAbove([ticketThread.createdAt, ticketThread.id], page.after),
  ];
  const [ticketRows, entries] = await db.batch([
    viewOf(db, id),
    db
      .select({
        ...getTableColumns(ticketThread),
        authorName: sql<string | null>`${users.name}`.as("author_name"),
        authorRole: sql<string | null>`${users.role}`.as("author_role"),
      })
      .from(ticketThread)
      .leftJoin(users, eq(users.id, ticketThread.authorId))
      .where(and(...conditions))
      .orderBy(asc(ticketThread.createdAt), asc(ticketThread.id))
      .limit(page.limit + 1),
  ]);
  return { ticket: ticketRows[0], entries };
}
