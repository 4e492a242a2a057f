import { env } from "cloudflare:workers";
import { customerProfiles, type OrderStatus, orderItems, orders, products } from "../src/store/schema";
import {
  type CallOptions,
  callJson,
  createUser,
  db,
  freshIp,
  type JsonReply,
  type TestUser,
  uniqueWord,
} from "./helpers";

// Shared by the store's tests: products and customers made directly in D1, and calls from a client address of their
// own (the store's routes are rate-limited per address, and the limiter's counts are shared by every test file).

/** A call to the Worker from a client address no other call uses, so that the store's rate limit never decides it. */
export function storeJson<T = any>(method: string, path: string, options: CallOptions = {}): Promise<JsonReply<T>> {
  return callJson<T>(method, path, { ...options, headers: { "CF-Connecting-IP": freshIp(), ...options.headers } });
}

export type ProductInsert = typeof products.$inferInsert;

/** Puts a product on the shelf (active, 5 in stock, 1,000.00 USD unless told otherwise); its name holds a unique word. */
export async function insertProduct(overrides: Partial<ProductInsert> = {}): Promise<ProductInsert & { id: string }> {
  const now = new Date().toISOString();
  const product = {
    id: crypto.randomUUID(),
    name: `Watch ${uniqueWord()}`,
    brand: "Test Brand",
    category: "sport" as const,
    priceCents: 100_000,
    currency: "USD",
    stock: 5,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  await db().insert(products).values(product);
  return product;
}

/** A customer account with a profile, and an access token for it. */
export async function createCustomer(name?: string): Promise<TestUser> {
  const customer = await createUser("customer", name);
  const now = new Date().toISOString();
  await db().insert(customerProfiles).values({ userId: customer.id, createdAt: now, updatedAt: now });
  return customer;
}

/** The stock D1 holds for a product now. */
export async function stockOf(productId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT stock FROM products WHERE id = ?")
    .bind(productId)
    .first<{ stock: number }>();
  if (!row) throw new Error(`no product ${productId}`);
  return row.stock;
}

/** A line of an order made by `insertOrder`: the product (its price and name are the order's) and how many. */
export interface OrderLine {
  product: Pick<ProductInsert, "id" | "name" | "priceCents">;
  quantity: number;
}

export interface OrderFixture {
  status?: OrderStatus;
  /** The order's lines, at their products' prices; an order may have none (it only counts money then). */
  lines?: OrderLine[];
  /** The order's total; by default what its lines cost. */
  totalCents?: number;
  /** By default the whole total for a refunded order (every line refunded), else nothing. */
  refundedCents?: number;
  /** By default 1 a whole currency unit for a completed order, as the order queue awards them. */
  rewardPoints?: number;
  /** By default long ago (2025-01-15), behind anything a test places now. */
  createdAt?: string;
}

/**
 * An order placed straight into D1 (no checkout, no stock taken, no events), at full price and without discount: for
 * tests that need order histories (a customer's tier, what they own, best sellers, whether a product may be deleted).
 */
export async function insertOrder(customerId: string | null, fixture: OrderFixture = {}): Promise<string> {
  const { status = "completed", lines = [], createdAt = "2025-01-15T10:00:00.000Z" } = fixture;
  const id = crypto.randomUUID();
  const refunded = status === "refunded";
  const linesCents = lines.reduce((sum, { product, quantity }) => sum + (product.priceCents ?? 0) * quantity, 0);
  const totalCents = fixture.totalCents ?? linesCents;
  await db().batch([
    db()
      .insert(orders)
      .values({
        id,
        customerId,
        status,
        currency: "USD",
        tier: "bronze",
        discountPercent: 0,
        subtotalCents: totalCents,
        discountCents: 0,
        totalCents,
        refundedCents: fixture.refundedCents ?? (refunded ? totalCents : 0),
        rewardPoints: fixture.rewardPoints ?? (status === "completed" ? Math.floor(totalCents / 100) : 0),
        createdAt,
        updatedAt: createdAt,
        completedAt: status === "processing" || status === "cancelled" ? null : createdAt,
      }),
    ...lines.map(({ product, quantity }) =>
      db()
        .insert(orderItems)
        .values({
          orderId: id,
          productId: product.id,
          productName: product.name,
          unitPriceCents: product.priceCents ?? 0,
          quantity,
          refundedQuantity: refunded ? quantity : 0,
          refundedCents: refunded ? (product.priceCents ?? 0) * quantity : 0,
        }),
    ),
  ]);
  return id;
}
