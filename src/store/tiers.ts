import type { VipTier } from "./schema";

/**
 * VIP tiers by what a customer has spent (completed and processing orders, less refunds), in cents. Strictly above
 * the threshold: exactly 10,000.00 is Silver, 10,000.01 Gold. Highest first; exported for SQL that ranks in the database.
 */
export const TIERS: readonly { tier: VipTier; aboveCents: number; discountPercent: number }[] = [
  { tier: "gold", aboveCents: 1_000_000, discountPercent: 10 },
  { tier: "silver", aboveCents: 500_000, discountPercent: 5 },
];

export interface TierStanding {
  tier: VipTier;
  discount_percent: number;
}

/** The tier (and its discount) of a customer who has spent `totalSpentCents`. */
export function tierFor(totalSpentCents: number): TierStanding {
  const reached = TIERS.find(({ aboveCents }) => totalSpentCents > aboveCents);
  return reached
    ? { tier: reached.tier, discount_percent: reached.discountPercent }
    : { tier: "bronze", discount_percent: 0 };
}

/** The discount on a subtotal, to the nearest cent (half a cent goes to the customer). */
export const discountCents = (subtotalCents: number, discountPercent: number): number =>
  Math.round((subtotalCents * discountPercent) / 100);

/** The spend a tier covers, in cents: above `aboveCents` (none for bronze) and at most `atMostCents` (none for gold). */
export function spendRangeOf(tier: VipTier): { aboveCents?: number; atMostCents?: number } {
  const index = TIERS.findIndex((t) => t.tier === tier);
  const own = TIERS[index];
  // TIERS runs from the highest tier down: the one before this one starts where this one ends.
  const higher = index === -1 ? TIERS[TIERS.length - 1] : TIERS[index - 1];
  return { aboveCents: own?.aboveCents, atMostCents: higher?.aboveCents };
}

/** The next tier up and what it takes to reach it (one cent past its threshold); null at the top tier. */
export function nextTierFor(totalSpentCents: number): { tier: VipTier; spend_more_cents: number } | null {
  const next = [...TIERS].reverse().find(({ aboveCents }) => totalSpentCents <= aboveCents);
  return next ? { tier: next.tier, spend_more_cents: next.aboveCents - totalSpentCents + 1 } : null;
}
