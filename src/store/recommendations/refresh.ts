import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { nowIso } from "../../time";
import { recommendations } from "../schema";
import { MAX_RECOMMENDATIONS } from "./models";
import { personalRanking } from "./ranking";

/**
 * Stores `customerId`'s current personal top list (as many as a request may ask for), replacing the one before, in
 * one batch: one round trip and one transaction, so a reader sees the old list or the new, never half of one. The
 * order queue calls it after each completed order; GET /recommendations serves the stored list for a day. A customer
 * with nothing to go on gets no stored list (GET ranks the best sellers live). Returns how many were stored.
 *
 * @example
 * await refreshRecommendations(db, order.customerId);
 */
export async function refreshRecommendations(db: Database, customerId: string, now = nowIso()): Promise<number> {
  const ranked = personalRanking(customerId, MAX_RECOMMENDATIONS);
  const [, stored] = await db.batch([
    db.delete(recommendations).where(eq(recommendations.customerId, customerId)),
    db.insert(recommendations).select(sql`
      SELECT ${customerId}, product_id, score, content_score, copurchase_score, reason, ${now} FROM (${ranked})`),
  ]);
  return stored.meta.changes;
}
