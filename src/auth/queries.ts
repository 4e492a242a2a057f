import { and, desc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { containsText, keysBelow } from "../db/filters";
import type { Role } from "./roles";
import { type Account, type UserRow, users } from "./schema";

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.email, email)).get();
}

const { passwordHash: _, ...accountColumns } = getTableColumns(users);

/** The columns of an `Account` (a user without the password hash), for queries that join the account. */
export { accountColumns };

export async function findAccount(db: Database, id: string): Promise<Account | undefined> {
  return db.select(accountColumns).from(users).where(eq(users.id, id)).get();
}

export async function listUsers(
  db: Database,
  filter: { limit: number; after?: readonly [string, string]; role?: Role; q?: string },
): Promise<UserRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.after && keysBelow([users.createdAt, users.id], filter.after),
    filter.role && eq(users.role, filter.role),
    filter.q ? containsText(filter.q, users.email, users.name) : undefined,
  ];
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(filter.limit + 1);
}

/**
 * The insert of `user` unless the email is taken, returning the row (none when it was), as a statement to run or to
 * put in a batch with what must be written beside the account.
 */
export const insertUserStatement = (db: Database, user: UserRow) =>
  db.insert(users).values(user).onConflictDoNothing({ target: users.email }).returning();

/** Inserts the user unless the email is taken; `undefined` means it was (also when two requests race). */
export async function insertUser(db: Database, user: UserRow): Promise<UserRow | undefined> {
  return insertUserStatement(db, user).get();
}

// A change may not leave the platform without an admin. The condition sits in the statement itself, so two admins
// demoting each other at the same moment cannot both succeed.
const keepsAnAdmin = sql`(${users.role} <> 'admin' OR (SELECT count(*) FROM ${users} WHERE ${users.role} = 'admin') > 1)`;

export async function updateUser(
  db: Database,
  id: string,
  changes: { role?: Role; name?: string },
): Promise<UserRow | undefined> {
  const guard = changes.role !== undefined && changes.role !== "admin" ? keepsAnAdmin : undefined;
  return db
    .update(users)
    .set(changes)
    .where(and(eq(users.id, id), guard))
    .returning()
    .get();
}

export async function deleteUser(db: Database, id: string): Promise<boolean> {
  const deleted = await db
    .delete(users)
    .where(and(eq(users.id, id), keepsAnAdmin))
    .returning({ id: users.id });
  return deleted.length > 0;
}

/**
 * True when an account goes by `name`, in any case: an SQL piece for other modules' queries (a guest may not chat
 * under an account's name). SQLite's lower() folds ASCII letters only. users.name has no index, so this reads the
 * accounts until it finds one.
 */
export const accountNamed = (name: string): SQL<number> =>
  sql<number>`EXISTS (SELECT 1 FROM ${users} WHERE lower(${users.name}) = lower(${name}))`;
