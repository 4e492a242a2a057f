import { sql } from "drizzle-orm";
import { check, index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const subscribers = sqliteTable(
  "subscribers",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    // Stored trimmed and lower-cased (enforced below), so the unique index holds one row per mailbox.
    email: text("email").notNull(),
    // Random, 256 bits: the link in every mailing lets its reader leave the list without signing in.
    unsubscribeToken: text("unsubscribe_token").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("subscribers_email_unique").on(t.email),
    uniqueIndex("subscribers_unsubscribe_token_unique").on(t.unsubscribeToken),
    index("subscribers_created_at_id").on(t.createdAt, t.id),
    check("subscribers_email_lower_case", sql`${t.email} = lower(trim(${t.email}))`),
    check("subscribers_name_length", sql`length(${t.name}) BETWEEN 1 AND 100`),
  ],
);

export type SubscriberRow = typeof subscribers.$inferSelect;
