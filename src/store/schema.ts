import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema";

// The watch store: products and their stock, customers' profiles, carts, orders and what happens to them, and the
// work the order queue does afterwards. Money is integer minor units; every order is in the store's one currency.

export const PRODUCT_CATEGORIES = [
  "sport",
  "dress",
  "luxury",
  "diver",
  "pilot",
  "smart",
  "field",
  "chronograph",
] as const;
export const PRODUCT_STATUSES = ["active", "archived"] as const;
export const PRODUCT_CONDITIONS = ["new", "unworn", "pre-owned", "vintage"] as const;
export const MOVEMENTS = ["automatic", "manual", "quartz", "solar", "kinetic", "smart"] as const;
export const ORDER_STATUSES = ["processing", "completed", "cancelled", "refunded", "partially_refunded"] as const;
export const VIP_TIERS = ["bronze", "silver", "gold"] as const;

export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type VipTier = (typeof VIP_TIERS)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    brand: text("brand").notNull(),
    category: text("category", { enum: PRODUCT_CATEGORIES }).notNull(),
    description: text("description").notNull().default(""),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull().default("USD"),
    stock: integer("stock").notNull().default(0),
    // An uploaded image's path (`/media/<key>`, stored in R2 by the media module) or an https URL.
    image: text("image"),
    // Details a buyer compares; each optional.
    movement: text("movement", { enum: MOVEMENTS }),
    caseMaterial: text("case_material"),
    caseDiameterMm: integer("case_diameter_mm"),
    waterResistanceM: integer("water_resistance_m"),
    year: integer("year"),
    condition: text("condition", { enum: PRODUCT_CONDITIONS }).notNull().default("new"),
    warrantyYears: integer("warranty_years"),
    // Archived products are off the shelf (not listed, not sold) but keep their orders' history.
    status: text("status", { enum: PRODUCT_STATUSES }).notNull().default("active"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // The shop's list is always of active products, in one of four orders, optionally narrowed by category or brand;
    // every order ends in the id, so each sort walks an index and pages by keyset.
    index("products_status_price").on(t.status, t.priceCents, t.id),
    index("products_status_created").on(t.status, t.createdAt, t.id),
    index("products_status_name").on(t.status, t.name, t.id),
    index("products_status_category_price").on(t.status, t.category, t.priceCents, t.id),
    index("products_status_brand_price").on(t.status, t.brand, t.priceCents, t.id),
    check("products_stock_non_negative", sql`${t.stock} >= 0`),
    check("products_price_non_negative", sql`${t.priceCents} >= 0`),
    check("products_name_length", sql`length(${t.name}) BETWEEN 1 AND 200`),
    check("products_brand_length", sql`length(${t.brand}) BETWEEN 1 AND 100`),
    check("products_category_known", sql`${t.category} IN (${inList(PRODUCT_CATEGORIES)})`),
    check("products_status_known", sql`${t.status} IN (${inList(PRODUCT_STATUSES)})`),
    check("products_condition_known", sql`${t.condition} IN (${inList(PRODUCT_CONDITIONS)})`),
    check("products_movement_known", sql`${t.movement} IS NULL OR ${t.movement} IN (${inList(MOVEMENTS)})`),
    check("products_currency_code", sql`length(${t.currency}) = 3 AND ${t.currency} = upper(${t.currency})`),
  ],
);

/** A customer's profile beside their account (users.role = 'customer'); the name is the account's. */
export const customerProfiles = sqliteTable(
  "customer_profiles",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    phone: text("phone"),
    address: text("address"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    check("customer_profiles_phone_length", sql`${t.phone} IS NULL OR length(${t.phone}) BETWEEN 3 AND 40`),
    check("customer_profiles_address_length", sql`${t.address} IS NULL OR length(${t.address}) BETWEEN 1 AND 500`),
  ],
);

/** One cart per customer: a line per product, merged when the same product is added again. */
export const cartItems = sqliteTable(
  "cart_items",
  {
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: text("added_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.productId] }),
    index("cart_items_product").on(t.productId),
    check("cart_items_quantity_range", sql`${t.quantity} BETWEEN 1 AND 99`),
  ],
);

export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    // A deleted account's orders stay in the books, without a customer.
    customerId: text("customer_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("processing"),
    currency: text("currency").notNull(),
    // The tier and its discount when the order was placed; the order's prices never change afterwards.
    tier: text("tier", { enum: VIP_TIERS }).notNull(),
    discountPercent: integer("discount_percent").notNull(),
    subtotalCents: integer("subtotal_cents").notNull(),
    discountCents: integer("discount_cents").notNull(),
    totalCents: integer("total_cents").notNull(),
    refundedCents: integer("refunded_cents").notNull().default(0),
    // Points the order earned, once the queue completed it (0 until then).
    rewardPoints: integer("reward_points").notNull().default(0),
    // The client's `Idempotency-Key`: a retry of the same checkout finds this order instead of making a second.
    idempotencyKey: text("idempotency_key"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    completedAt: text("completed_at"),
  },
  (t) => [
    uniqueIndex("orders_customer_idempotency_key").on(t.customerId, t.idempotencyKey),
    // A customer's orders newest first (and their total spent); staff's lists, optionally by status.
    index("orders_customer_created").on(t.customerId, t.createdAt, t.id),
    index("orders_created").on(t.createdAt, t.id),
    index("orders_status_created").on(t.status, t.createdAt, t.id),
    check("orders_status_known", sql`${t.status} IN (${inList(ORDER_STATUSES)})`),
    check("orders_tier_known", sql`${t.tier} IN (${inList(VIP_TIERS)})`),
    check("orders_discount_percent_range", sql`${t.discountPercent} BETWEEN 0 AND 100`),
    check(
      "orders_amounts_consistent",
      sql`${t.subtotalCents} >= 0 AND ${t.discountCents} >= 0 AND ${t.totalCents} = ${t.subtotalCents} - ${t.discountCents}`,
    ),
    check("orders_refund_within_total", sql`${t.refundedCents} BETWEEN 0 AND ${t.totalCents}`),
    check("orders_reward_points_non_negative", sql`${t.rewardPoints} >= 0`),
    check(
      "orders_completed_has_date",
      sql`${t.status} = 'processing' OR ${t.status} = 'cancelled' OR ${t.completedAt} IS NOT NULL`,
    ),
  ],
);

/** An order's lines, at the prices of the moment it was placed. */
export const orderItems = sqliteTable(
  "order_items",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    // Products with orders cannot be deleted (archive them instead), so the line always names its product.
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    productName: text("product_name").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    quantity: integer("quantity").notNull(),
    // How many of the line's units have been refunded, and how much money went back for them.
    refundedQuantity: integer("refunded_quantity").notNull().default(0),
    refundedCents: integer("refunded_cents").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.productId] }),
    // Co-purchases and best sellers read by product; deleting a product looks for its orders.
    index("order_items_product_order").on(t.productId, t.orderId),
    check("order_items_quantity_range", sql`${t.quantity} BETWEEN 1 AND 99`),
    check("order_items_unit_price_non_negative", sql`${t.unitPriceCents} >= 0`),
    check("order_items_refunded_quantity_range", sql`${t.refundedQuantity} BETWEEN 0 AND ${t.quantity}`),
    check("order_items_refunded_cents_non_negative", sql`${t.refundedCents} >= 0`),
  ],
);

/** Every change of an order's status (and every refund), with who made it and when. */
export const orderEvents = sqliteTable(
  "order_events",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: ORDER_STATUSES }),
    toStatus: text("to_status", { enum: ORDER_STATUSES }).notNull(),
    // The account that made the change; null for the store's own work (the order queue).
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    reason: text("reason"),
    // For a refund: the amount and the lines, as JSON [{ product_id, quantity, amount_cents, restocked }].
    amountCents: integer("amount_cents"),
    detail: text("detail", { mode: "json" }),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("order_events_order_created").on(t.orderId, t.createdAt, t.id)],
);

/** Products whose stock fell below the alert level after an order, for staff to restock. */
export const lowStockAlerts = sqliteTable(
  "low_stock_alerts",
  {
    productId: text("product_id")
      .primaryKey()
      .references(() => products.id, { onDelete: "cascade" }),
    // Stock when the alert was last raised.
    stock: integer("stock").notNull(),
    raisedAt: text("raised_at").notNull(),
    // Set when stock is back at or above the alert level.
    resolvedAt: text("resolved_at"),
  },
  (t) => [index("low_stock_alerts_open").on(t.resolvedAt, t.raisedAt)],
);

/** Messages the order queue gave up on after its retries, for staff to list and replay. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    // The message as it was sent (JSON).
    body: text("body", { mode: "json" }).notNull(),
    attempts: integer("attempts").notNull(),
    error: text("error"),
    failedAt: text("failed_at").notNull(),
    replayedAt: text("replayed_at"),
    replayedBy: text("replayed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("dead_letters_failed").on(t.failedAt, t.id)],
);

/** How "For You" mixes its two signals; one row (id = 'default'), the weights summing to 1. */
export const recommendationWeights = sqliteTable(
  "recommendation_weights",
  {
    id: text("id").primaryKey(),
    contentWeight: real("content_weight").notNull(),
    copurchaseWeight: real("copurchase_weight").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("recommendation_weights_sum", sql`abs(${t.contentWeight} + ${t.copurchaseWeight} - 1) < 0.000001`),
    check(
      "recommendation_weights_range",
      sql`${t.contentWeight} BETWEEN 0 AND 1 AND ${t.copurchaseWeight} BETWEEN 0 AND 1`,
    ),
  ],
);

/** A customer's recommendations as the order queue last computed them, best first. */
export const recommendations = sqliteTable(
  "recommendations",
  {
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    // The mixed score and its two parts, each in [0, 1].
    score: real("score").notNull(),
    contentScore: real("content_score").notNull(),
    copurchaseScore: real("copurchase_score").notNull(),
    reason: text("reason").notNull(),
    computedAt: text("computed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.productId] }),
    index("recommendations_customer_score").on(t.customerId, t.score),
  ],
);

export type ProductRow = typeof products.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type OrderItemRow = typeof orderItems.$inferSelect;
