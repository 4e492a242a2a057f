import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { insertUserStatement } from "../../auth/queries";
import type { UserRow } from "../../auth/schema";
import { users } from "../../auth/schema";
import type { Database } from "../../db/client";
import { containsText, keysBelow } from "../../db/filters";
import { customerProfiles, orders, type VipTier } from "../schema";
import { spendRangeOf } from "../tiers";

/** Orders whose money counts towards a customer's tier: placed and not cancelled (refunds are taken off). */
const SPENDING_STATUSES = sql.raw(`'processing', 'completed', 'refunded', 'partially_refunded'`);

/**
 * The outer query's account id, always qualified: drizzle writes a one-table query's columns bare, and a bare `id`
 * inside a subquery over orders would be the order's.
 */
const outerUserId = sql`${sql.identifier("users")}.${sql.identifier("id")}`;

/**
 * What the customer of the outer query's `users` row has spent, in cents: a correlated subquery over their orders,
 * answered from `orders_customer_created`.
 */
export const totalSpent = sql<number>`(SELECT coalesce(sum(${orders.totalCents} - ${orders.refundedCents}), 0)
  FROM ${orders} WHERE ${orders.customerId} = ${outerUserId} AND ${orders.status} IN (${SPENDING_STATUSES}))`;

const rewardPoints = sql<number>`(SELECT coalesce(sum(${orders.rewardPoints}), 0) FROM ${orders}
  WHERE ${orders.customerId} = ${outerUserId})`;

export interface CustomerRecord {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  address: string | null;
  totalSpentCents: number;
  rewardPoints: number;
  createdAt: string;
}

const customerFields = {
  id: users.id,
  email: users.email,
  name: users.name,
  phone: customerProfiles.phone,
  address: customerProfiles.address,
  totalSpentCents: sql<number>`${totalSpent}`.mapWith(Number).as("total_spent_cents"),
  rewardPoints: sql<number>`${rewardPoints}`.mapWith(Number).as("reward_points"),
  createdAt: users.createdAt,
};

/** Customer accounts with their profiles (an account made otherwise than by sign-up may have none yet). */
const customersWhere = (db: Database, condition: SQL | undefined) =>
  db
    .select(customerFields)
    .from(users)
    .leftJoin(customerProfiles, eq(customerProfiles.userId, users.id))
    .where(and(eq(users.role, "customer"), condition));

export async function findCustomer(db: Database, id: string): Promise<CustomerRecord | undefined> {
  return customersWhere(db, eq(users.id, id)).get();
}

/** The spend a tier covers, as conditions on what each customer has spent. */
function inTier(tier: VipTier): SQL | undefined {
  const { aboveCents, atMostCents } = spendRangeOf(tier);
  return and(
    aboveCents !== undefined ? sql`${totalSpent} > ${aboveCents}` : undefined,
    atMostCents !== undefined ? sql`${totalSpent} <= ${atMostCents}` : undefined,
  );
}

/** Customers, newest first (`id` breaks ties), `limit + 1` of them for `toPage`: one statement. */
export async function listCustomers(
  db: Database,
  filter: { limit: number; after?: readonly [string, string]; q?: string; tier?: VipTier },
): Promise<CustomerRecord[]> {
  return customersWhere(
    db,
    and(
      filter.after && keysBelow([users.createdAt, users.id], filter.after),
      filter.q !== undefined ? containsText(filter.q, users.email, users.name) : undefined,
      filter.tier !== undefined ? inTier(filter.tier) : undefined,
    ),
  )
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(filter.limit + 1);
}

type Profile = { phone: string | null; address: string | null };

/**
 * The profile of the customer account `userId`, written (or rewritten) only if that account exists and is a
 * customer's: an INSERT … SELECT, so that it can sit in a batch after the statement that creates the account.
 */
const writeProfile = (db: Database, userId: string, profile: Profile, now: string) =>
  db
    .insert(customerProfiles)
    .select(
      db
        .select({
          userId: users.id,
          phone: sql`${profile.phone}`.as("phone"),
          address: sql`${profile.address}`.as("address"),
          createdAt: sql`${now}`.as("created_at"),
          updatedAt: sql`${now}`.as("updated_at"),
        })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.role, "customer"))),
    )
    .onConflictDoUpdate({
      target: customerProfiles.userId,
      set: { phone: profile.phone, address: profile.address, updatedAt: now },
    });

/**
 * Signs a customer up in one batch: the account (unless its email is taken), its profile, and the customer as stored.
 * Undefined when the email was taken, also by a sign-up at the same moment: the unique email index decides.
 */
export async function insertCustomer(
  db: Database,
  account: UserRow,
  profile: Profile,
): Promise<CustomerRecord | undefined> {
  const [inserted, , found] = await db.batch([
    insertUserStatement(db, account),
    writeProfile(db, account.id, profile, account.createdAt),
    customersWhere(db, eq(users.id, account.id)),
  ]);
  return inserted.length > 0 ? found[0] : undefined;
}

/** Sets a customer's name and profile in one batch; undefined when `id` is not a customer's account. */
export async function replaceProfile(
  db: Database,
  id: string,
  changes: Profile & { name: string },
  now: string,
): Promise<CustomerRecord | undefined> {
  const { name, ...profile } = changes;
  const [, , found] = await db.batch([
    db
      .update(users)
      .set({ name })
      .where(and(eq(users.id, id), eq(users.role, "customer"))),
    writeProfile(db, id, profile, now),
    customersWhere(db, eq(users.id, id)),
  ]);
  return found[0];
}
