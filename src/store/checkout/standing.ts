import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { orders, type VipTier } from "../schema";
import { TIERS } from "../tiers";

// A customer's standing (tier and discount) from what they have spent. The customers module owns the public view of
// it (`customerStanding`); the cart and checkout need it inside their own round trip, the checkout inside its write.

/** What a customer has spent: every order but the cancelled ones, less refunds, in cents. */
const spentCents = sql<number>`coalesce(sum(${orders.totalCents} - ${orders.refundedCents}), 0)`;

const countsTowardsTier = (customerId: string) =>
  and(eq(orders.customerId, customerId), ne(orders.status, "cancelled"));

/** A read of the customer's spending (one row: `spent_cents`), for a batch; rank it with `tierFor`. */
export const spentQuery = (db: Database, customerId: string) =>
  db.select({ spentCents }).from(orders).where(countsTowardsTier(customerId));

/** The same figure as a scalar subquery, for a statement that ranks the customer in the database. */
export const spentSubquery = (db: Database, customerId: string): SQL<number> =>
  sql<number>`(${spentQuery(db, customerId)})`;

/** `CASE` over `spent` giving what `tierFor` gives, from the same table of tiers. */
function byTier<T>(spent: SQL | SQL.Aliased, value: (tier: (typeof TIERS)[number]) => T, otherwise: T): SQL<T> {
  const whens = TIERS.map((tier) => sql`WHEN ${spent} > ${tier.aboveCents} THEN ${value(tier)}`);
  return sql<T>`CASE ${sql.join(whens, sql` `)} ELSE ${otherwise} END`;
}

/** The tier `tierFor` would give for `spent`, computed in SQL. */
export const tierSql = (spent: SQL | SQL.Aliased): SQL<VipTier> =>
  byTier<VipTier>(spent, (tier) => tier.tier, "bronze");

/** The tier's discount percent for `spent`, computed in SQL (an integer: D1 binds numbers as reals). */
export const discountPercentSql = (spent: SQL | SQL.Aliased): SQL<number> =>
  sql<number>`CAST(${byTier(spent, (tier) => tier.discountPercent, 0)} AS INTEGER)`;

/** `discountCents` in SQL: integer division that rounds half a cent up, as `Math.round` does for positive amounts. */
export const discountCentsSql = (subtotal: SQL | SQL.Aliased, percent: SQL | SQL.Aliased): SQL<number> =>
  sql<number>`((${subtotal} * ${percent} + 50) / 100)`;
