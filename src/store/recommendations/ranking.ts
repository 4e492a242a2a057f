import { type SQL, sql } from "drizzle-orm";
import { orderItems, orders, type ProductCategory, products, recommendationWeights } from "../schema";

// "For You" as set-based SQL: one statement ranks the whole catalogue for a customer, whatever its size. Each
// statement yields rows of (product_id, score, content_score, copurchase_score, reason), best first.

/** How a reason names a category, as in "Because you bought Omega and other divers". */
const CATEGORY_PLURALS: Record<ProductCategory, string> = {
  sport: "sports watches",
  dress: "dress watches",
  luxury: "luxury watches",
  diver: "divers",
  pilot: "pilot's watches",
  smart: "smartwatches",
  field: "field watches",
  chronograph: "chronographs",
};

const categoryPlural = (category: SQL) =>
  sql`CASE ${category} ${sql.join(
    Object.entries(CATEGORY_PLURALS).map(([name, plural]) => sql`WHEN ${name} THEN ${plural}`),
    sql` `,
  )} END`;

/** Products on the shelf that a customer can still buy: active, in stock, and not already theirs. */
export const onOffer = (product: SQL, owned: SQL) =>
  sql`${product}.status = 'active' AND ${product}.stock > 0 AND ${product}.id NOT IN (${owned})`;

/** The products in `customerId`'s orders that were not cancelled (refunded ones included: they had them). */
export const ownedBy = (customerId: string) => sql`
  SELECT oi.product_id FROM ${orders} o JOIN ${orderItems} oi ON oi.order_id = o.id
  WHERE o.customer_id = ${customerId} AND o.status <> 'cancelled'`;

/**
 * The customer's personal ranking, at most `limit` rows with a positive score:
 * - content: for each candidate, the share of the units the customer kept (bought and not refunded) that were of its
 *   brand, plus the share that were of its category; divided by the best candidate's, so the best is 1;
 * - co-purchase: for each candidate, how many (other customer, product of ours) pairs there are where that customer
 *   bought both the product of ours and the candidate; divided by the best candidate's;
 * - score: the two mixed by the stored weights. The reason names whichever part weighs more.
 */
export function personalRanking(customerId: string, limit: number): SQL {
  return sql`
    WITH
    weights AS (
      SELECT content_weight AS wc, copurchase_weight AS wp FROM ${recommendationWeights} WHERE id = 'default'
    ),
    mine AS (
      SELECT oi.product_id, SUM(oi.quantity - oi.refunded_quantity) AS units
      FROM ${orders} o JOIN ${orderItems} oi ON oi.order_id = o.id
      WHERE o.customer_id = ${customerId} AND o.status <> 'cancelled'
      GROUP BY oi.product_id
    ),
    kept AS (
      SELECT m.units, p.brand, p.category, SUM(m.units) OVER () AS total
      FROM mine m JOIN ${products} p ON p.id = m.product_id
      WHERE m.units > 0
    ),
    brand_affinity AS (SELECT brand, SUM(units) * 1.0 / MAX(total) AS share FROM kept GROUP BY brand),
    category_affinity AS (SELECT category, SUM(units) * 1.0 / MAX(total) AS share FROM kept GROUP BY category),
    peers AS (
      SELECT DISTINCT o.customer_id AS peer_id, oi.product_id AS shared_id
      FROM mine m
      JOIN ${orderItems} oi ON oi.product_id = m.product_id
      JOIN ${orders} o ON o.id = oi.order_id
      WHERE m.units > 0 AND o.status <> 'cancelled' AND o.customer_id <> ${customerId}
    ),
    peer_products AS (
      SELECT DISTINCT o.customer_id AS peer_id, oi.product_id
      FROM ${orders} o JOIN ${orderItems} oi ON oi.order_id = o.id
      WHERE o.status <> 'cancelled' AND o.customer_id IN (SELECT peer_id FROM peers)
    ),
    pairs AS (
      SELECT pp.product_id, pe.shared_id, COUNT(*) AS peers
      FROM peers pe JOIN peer_products pp ON pp.peer_id = pe.peer_id
      GROUP BY pp.product_id, pe.shared_id
    ),
    copurchase AS (
      SELECT product_id, raw, shared_id FROM (
        SELECT product_id, shared_id, SUM(peers) OVER (PARTITION BY product_id) AS raw,
          ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY peers DESC, shared_id) AS place
        FROM pairs
      ) WHERE place = 1
    ),
    candidates AS (
      SELECT p.id, p.brand, p.category,
        ba.share IS NOT NULL AS brand_match, ca.share IS NOT NULL AS category_match,
        coalesce(ba.share, 0) + coalesce(ca.share, 0) AS content_raw,
        coalesce(cp.raw, 0) AS copurchase_raw, cp.shared_id
      FROM ${products} p
      LEFT JOIN brand_affinity ba ON ba.brand = p.brand
      LEFT JOIN category_affinity ca ON ca.category = p.category
      LEFT JOIN copurchase cp ON cp.product_id = p.id
      WHERE ${onOffer(sql`p`, sql`SELECT product_id FROM mine`)}
    ),
    normalised AS (
      SELECT c.*,
        coalesce(content_raw / nullif(MAX(content_raw) OVER (), 0), 0) AS content_score,
        coalesce(copurchase_raw * 1.0 / nullif(MAX(copurchase_raw) OVER (), 0), 0) AS copurchase_score
      FROM candidates c
    ),
    scored AS (
      SELECT n.*, w.wc, w.wp, MIN(1.0, w.wc * n.content_score + w.wp * n.copurchase_score) AS score
      FROM normalised n, weights w
    )
    SELECT s.id AS product_id, s.score, s.content_score, s.copurchase_score,
      CASE
        WHEN s.wp * s.copurchase_score >= s.wc * s.content_score
          THEN 'Often bought with your ' || (SELECT name FROM ${products} WHERE id = s.shared_id)
        WHEN s.brand_match AND s.category_match
          THEN 'Because you bought ' || s.brand || ' and other ' || ${categoryPlural(sql`s.category`)}
        WHEN s.brand_match THEN 'Because you bought ' || s.brand
        ELSE 'Because you bought ' || ${categoryPlural(sql`s.category`)}
      END AS reason
    FROM scored s
    WHERE s.score > 0
    ORDER BY s.score DESC, s.id
    LIMIT ${limit}`;
}

/** For a customer with nothing to go on: what sold the most units (less refunds), of what they do not own yet. */
export function bestSellers(customerId: string, limit: number): SQL {
  return sql`
    WITH sold AS (
      SELECT oi.product_id, SUM(oi.quantity - oi.refunded_quantity) AS units
      FROM ${orders} o JOIN ${orderItems} oi ON oi.order_id = o.id
      WHERE o.status <> 'cancelled'
      GROUP BY oi.product_id
      HAVING units > 0
    )
    SELECT p.id AS product_id, s.units * 1.0 / MAX(s.units) OVER () AS score, 0.0 AS content_score,
      0.0 AS copurchase_score, 'A best seller' AS reason
    FROM sold s JOIN ${products} p ON p.id = s.product_id
    WHERE ${onOffer(sql`p`, ownedBy(customerId))}
    ORDER BY s.units DESC, p.id
    LIMIT ${limit}`;
}
