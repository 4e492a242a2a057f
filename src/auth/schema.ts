import { sql } from "drizzle-orm";
import { check, index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROLES } from "./roles";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    // Stored lower-cased (enforced below), so the unique index makes emails unique case-insensitively.
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    index("users_created_at_id").on(t.createdAt, t.id),
    // Whether a guest's chat name is an account's (see `accountNamed`): one probe instead of reading every account.
    index("users_name_lower").on(sql`lower(${t.name})`),
    check("users_email_lower_case", sql`${t.email} = lower(${t.email})`),
    check("users_role_known", sql`${t.role} IN ('admin', 'editor', 'viewer', 'customer')`),
  ],
);

export type UserRow = typeof users.$inferSelect;

/** Who is making a request: the account without its password hash. */
export type Account = Omit<UserRow, "passwordHash">;
