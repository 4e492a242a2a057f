import { and, eq, sql } from "drizzle-orm";
import { users } from "../../auth/schema";
import type { Database } from "../../db/client";
import { type TierStanding, tierFor } from "../tiers";
import { totalSpent } from "./queries";

/** Where a customer stands: what they have spent, their tier and its discount. */
export interface CustomerStanding extends TierStanding {
  total_spent_cents: number;
}

/**
 * The statement behind `customerStanding`, for a batch of the caller's (e.g. a checkout that prices the cart in the
 * same round trip): one row `{ totalSpentCents }`, none when `customerId` is not a customer's account.
 */
export const customerStandingQuery = (db: Database, customerId: string) =>
  db
    .select({ totalSpentCents: sql<number>`${totalSpent}`.mapWith(Number).as("total_spent_cents") })
    .from(users)
    .where(and(eq(users.id, customerId), eq(users.role, "customer")));

/** A row of `customerStandingQuery` as a standing. */
export function standingFrom(row: { totalSpentCents: number }): CustomerStanding {
  return { ...tierFor(row.totalSpentCents), total_spent_cents: row.totalSpentCents };
}

/**
 * A customer's tier and discount as their orders stand now, in one query; undefined when there is no such customer.
 *
 * @example
 * const standing = await customerStanding(c.var.db, c.var.user.id); // { tier: "silver", discount_percent: 5, … }
 */
export async function customerStanding(db: Database, customerId: string): Promise<CustomerStanding | undefined> {
  const row = await customerStandingQuery(db, customerId).get();
  return row && standingFrom(row);
}
