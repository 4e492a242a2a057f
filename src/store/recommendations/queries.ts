import { and, desc, eq, gte, type SQL, sql } from "drizzle-orm";
import { users } from "../../auth/schema";
import type { Database } from "../../db/client";
import { DAY_MS, isoAt } from "../../time";
import { products, recommendations, recommendationWeights } from "../schema";
import type { Weights } from "./models";
import { bestSellers, onOffer, ownedBy, personalRanking } from "./ranking";

/**
 * How long a stored list is served: after that, GET ranks afresh, so that products added since (and other customers'
 * buying since) reach a customer who has not ordered for a while.
 */
export const STORED_LIST_SERVED_FOR_MS = DAY_MS;

/** A recommended product's row and its scores, as both the stored and the live path read them. */
export interface Recommended {
  product: typeof products.$inferSelect;
  score: number;
  contentScore: number;
  copurchaseScore: number;
  reason: string;
}

const WEIGHTS_ID = "default";

const weightsQuery = (db: Database) =>
  db.select().from(recommendationWeights).where(eq(recommendationWeights.id, WEIGHTS_ID));

/** The stored weights, with who set them and when. */
export async function findWeights(db: Database) {
  const row = await weightsQuery(db).get();
  if (!row) throw new Error("the recommendation_weights row 'default' is missing");
  return row;
}

/**
 * Stores new weights and, in the same transaction, drops every stored list: they were mixed by the old weights, and
 * GET ranks afresh until the order queue stores new ones.
 */
export async function saveWeights(db: Database, weights: Weights, by: string, now: string) {
  const values = {
    contentWeight: weights.content,
    copurchaseWeight: weights.copurchase,
    updatedAt: now,
    updatedBy: by,
  };
  const [saved] = await db.batch([
    db
      .insert(recommendationWeights)
      .values({ id: WEIGHTS_ID, ...values })
      .onConflictDoUpdate({ target: recommendationWeights.id, set: values })
      .returning(),
    db.delete(recommendations),
  ]);
  const row = saved[0];
  if (!row) throw new Error("INSERT … RETURNING gave no row");
  return row;
}

/** A ranking statement's rows with their products, best first. */
const rankedProducts = (db: Database, ranking: SQL) =>
  db
    .select({
      product: products,
      score: sql<number>`ranked.score`,
      contentScore: sql<number>`ranked.content_score`,
      copurchaseScore: sql<number>`ranked.copurchase_score`,
      reason: sql<string>`ranked.reason`,
    })
    .from(sql`(${ranking}) AS ranked`)
    .innerJoin(products, sql`${products.id} = ranked.product_id`)
    .orderBy(sql`ranked.score DESC`, products.id);

/** The customer's stored list as it stands now: what has since been bought, archived or sold out is left out. */
const storedList = (db: Database, customerId: string, limit: number, storedSince: string) =>
  db
    .select({
      product: products,
      score: recommendations.score,
      contentScore: recommendations.contentScore,
      copurchaseScore: recommendations.copurchaseScore,
      reason: recommendations.reason,
    })
    .from(recommendations)
    .innerJoin(products, eq(products.id, recommendations.productId))
    .where(
      and(
        eq(recommendations.customerId, customerId),
        gte(recommendations.computedAt, storedSince),
        onOffer(sql`${products}`, ownedBy(customerId)),
      ),
    )
    .orderBy(desc(recommendations.score), recommendations.productId)
    .limit(limit);

export interface ForYou {
  items: Recommended[];
  strategy: "personal" | "best_sellers";
  weights: Weights;
}

/**
 * "For You" for `customerId`, or undefined when there is no such customer. Two round trips at most, whatever the
 * catalogue's size: the weights, the account and the stored list in one batch; when no stored list is there to serve,
 * the personal ranking and the best sellers in another, the best sellers answering when the ranking has nothing.
 */
export async function recommendationsFor(
  db: Database,
  customerId: string,
  limit: number,
  now: number,
): Promise<ForYou | undefined> {
  const [weightRows, accounts, stored] = await db.batch([
    weightsQuery(db),
    db.select({ role: users.role }).from(users).where(eq(users.id, customerId)),
    storedList(db, customerId, limit, isoAt(now - STORED_LIST_SERVED_FOR_MS)),
  ]);
  if (accounts[0]?.role !== "customer") return undefined;
  const row = weightRows[0];
  if (!row) throw new Error("the recommendation_weights row 'default' is missing");
  const weights = { content: row.contentWeight, copurchase: row.copurchaseWeight };
  if (stored.length > 0) return { items: stored, strategy: "personal", weights };

  const [personal, popular] = await db.batch([
    rankedProducts(db, personalRanking(customerId, limit)),
    rankedProducts(db, bestSellers(customerId, limit)),
  ]);
  return personal.length > 0
    ? { items: personal, strategy: "personal", weights }
    : { items: popular, strategy: "best_sellers", weights };
}
