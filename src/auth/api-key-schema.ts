import { sql } from "drizzle-orm";
import { check, index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./schema";

/** What an API key may be used for; each names the routes it opens (see src/auth/caller.ts). */
export const API_KEY_SCOPES = ["cms:read", "cms:write", "discovery:read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * Keys for machine clients, made by admins. Only a hash of the key is stored: the key itself is shown once, when it
 * is made. A key acts for the admin who made it (and goes when that account does), within its scopes.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    // The key's first characters, shown in lists so that people can tell their keys apart.
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<ApiKeyScope[]>().notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_keys_key_hash_unique").on(t.keyHash),
    index("api_keys_created_at_id").on(t.createdAt, t.id),
    check("api_keys_name_length", sql`length(${t.name}) BETWEEN 1 AND 100`),
    check(
      "api_keys_scopes_shape",
      sql`json_valid(${t.scopes}) AND json_type(${t.scopes}) = 'array' AND json_array_length(${t.scopes}) >= 1`,
    ),
  ],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
