import type { Database } from "../../db/client";

/**
 * Brings the customer's "For You" up to date after one of their orders completed: the order queue's last step.
 *
 * The seam to the recommendations module: `refreshRecommendations(db, customerId)` from src/store/recommendations/
 * is wired in here when that module is merged; until then this does nothing. It must be safe to repeat, since a
 * redelivered message refreshes again.
 */
export async function refreshAfterCompletion(_db: Database, _customerId: string): Promise<void> {
  // Deliberately empty until src/store/recommendations/ exports refreshRecommendations (wired at merge).
}
