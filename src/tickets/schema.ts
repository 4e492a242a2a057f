import { sql } from "drizzle-orm";
import { check, index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema";

export const TICKET_PRIORITIES = ["low", "normal", "high"] as const;
export const TICKET_STATUSES = ["open", "closed"] as const;

export const tickets = sqliteTable(
  "tickets",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    priority: text("priority", { enum: TICKET_PRIORITIES }).notNull().default("normal"),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("open"),
    // A deleted account's tickets stay on the desk, without an author.
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    // The staff member working on it; a deleted account's tickets go back to "unassigned".
    assignedTo: text("assigned_to").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    closedAt: text("closed_at"),
  },
  (t) => [
    // Newest first, for staff (all tickets) and for one author's own tickets, each optionally by status.
    index("tickets_created_at_id").on(t.createdAt, t.id),
    index("tickets_status_created_at_id").on(t.status, t.createdAt, t.id),
    index("tickets_created_by_created_at_id").on(t.createdBy, t.createdAt, t.id),
    // The desk's "mine" and "unassigned" views (NULL is indexed too).
    index("tickets_assigned_to_created_at_id").on(t.assignedTo, t.createdAt, t.id),
    check("tickets_title_length", sql`length(${t.title}) BETWEEN 1 AND 200`),
    check("tickets_description_length", sql`length(${t.description}) BETWEEN 1 AND 5000`),
    check("tickets_priority_known", sql`${t.priority} IN ('low', 'normal', 'high')`),
    check("tickets_status_known", sql`${t.status} IN ('open', 'closed')`),
    check("tickets_closed_at_iff_closed", sql`(${t.status} = 'closed') = (${t.closedAt} IS NOT NULL)`),
  ],
);

export type TicketRow = typeof tickets.$inferSelect;

/** What a thread holds: public replies, staff-only internal notes, and events (closed, reopened, assigned…). */
export const THREAD_KINDS = ["reply", "note", "event"] as const;
export const THREAD_EVENTS = ["closed", "reopened", "assigned", "unassigned", "prioritised"] as const;

export const ticketThread = sqliteTable(
  "ticket_thread",
  {
    id: text("id").primaryKey(),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    // Who wrote it or did it; a deleted account's entries stay, without an author.
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: THREAD_KINDS }).notNull(),
    /** The text of a reply or note; null for an event. */
    body: text("body"),
    event: text("event", { enum: THREAD_EVENTS }),
    /**
     * What an event set: the new priority, or the assignee's name as it was then (history keeps the name it showed,
     * as an order's history keeps its amounts).
     */
    value: text("value"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // A ticket's thread, oldest first.
    index("ticket_thread_ticket_created_at_id").on(t.ticketId, t.createdAt, t.id),
    check("ticket_thread_kind_known", sql`${t.kind} IN ('reply', 'note', 'event')`),
    check(
      "ticket_thread_event_known",
      sql`${t.event} IS NULL OR ${t.event} IN ('closed', 'reopened', 'assigned', 'unassigned', 'prioritised')`,
    ),
    check("ticket_thread_event_iff_kind_event", sql`(${t.kind} = 'event') = (${t.event} IS NOT NULL)`),
    check(
      "ticket_thread_body_iff_written",
      sql`(${t.kind} = 'event') = (${t.body} IS NULL) AND (${t.body} IS NULL OR length(${t.body}) BETWEEN 1 AND 5000)`,
    ),
  ],
);

export type ThreadRow = typeof ticketThread.$inferSelect;
