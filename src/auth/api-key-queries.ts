import { and, desc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { keysBelow } from "../db/filters";
import { type ApiKeyRow, type ApiKeyScope, apiKeys } from "./api-key-schema";
import { accountColumns } from "./queries";
import { type Account, users } from "./schema";

export async function insertApiKey(db: Database, row: ApiKeyRow): Promise<ApiKeyRow> {
  await db.insert(apiKeys).values(row);
  return row;
}

export async function findApiKey(db: Database, id: string): Promise<ApiKeyRow | undefined> {
  return db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
}

/** Newest first, revoked keys too (so admins see what was revoked and when). */
export async function listApiKeys(
  db: Database,
  page: { limit: number; after?: readonly [string, string] },
): Promise<ApiKeyRow[]> {
  const conditions: (SQL | undefined)[] = [page.after && keysBelow([apiKeys.createdAt, apiKeys.id], page.after)];
  return db
    .select()
    .from(apiKeys)
    .where(and(...conditions))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(page.limit + 1);
}

/** Revokes a key that is not yet revoked; `undefined` when there is no such key or it already was. */
export async function revokeApiKey(db: Database, id: string, at: string): Promise<ApiKeyRow | undefined> {
  return db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning()
    .get();
}

/** A key as a request needs it: what it may do, and who it acts for as that account is stored now. */
export interface KeyWithCreator {
  id: string;
  scopes: ApiKeyScope[];
  revokedAt: string | null;
  lastUsedAt: string | null;
  creator: Account;
}

/**
 * The key whose hash is `keyHash`, with its creator's account: one round trip (a unique-index probe and a primary-key
 * join). The key's id is aliased: rows travel as objects keyed by column name, and the account has an `id` too.
 */
export async function findKeyWithCreator(db: Database, keyHash: string): Promise<KeyWithCreator | undefined> {
  return db
    .select({
      id: sql<string>`${apiKeys.id}`.as("key_id"),
      scopes: apiKeys.scopes,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      creator: accountColumns,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.keyHash, keyHash))
    .get();
}

/**
 * Records a use at `at` unless one was recorded after `since`: the condition is in the statement, so isolates serving
 * the same busy key at once write it about once per interval, not once per request.
 */
export async function recordApiKeyUse(db: Database, id: string, at: string, since: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, since))));
}
