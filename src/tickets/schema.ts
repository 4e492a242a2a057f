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
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    closedAt: text("closed_at"),
  },
  (t) => [
    // Newest first, for staff (all tickets) and for one author's own tickets, each optionally by status.
    index("tickets_created_at_id").on(t.createdAt, t.id),
    index("tickets_status_created_at_id").on(t.status, t.createdAt, t.id),
    index("tickets_created_by_created_at_id").on(t.createdBy, t.createdAt, t.id),
    check("tickets_title_length", sql`length(${t.title}) BETWEEN 1 AND 200`),
    check("tickets_description_length", sql`length(${t.description}) BETWEEN 1 AND 5000`),
    check("tickets_priority_known", sql`${t.priority} IN ('low', 'normal', 'high')`),
    check("tickets_status_known", sql`${t.status} IN ('open', 'closed')`),
    check("tickets_closed_at_iff_closed", sql`(${t.status} = 'closed') = (${t.closedAt} IS NOT NULL)`),
  ],
);

export type TicketRow = typeof tickets.$inferSelect;
