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

/**
 * An order placed straight into D1 (no checkout, no stock taken, no events), at full price: for tests that need
 * order histories. A completed order earns its points; a refunded one was completed and then refunded in full.
 */
export async function insertOrder(
  customer: { id: string },
  lines: OrderLine[],
  status: OrderStatus = "completed",
): Promise<{ id: string; totalCents: number }> {
  const now = new Date().toISOString();
  const id = crypto.randomUUID();
  const refunded = status === "refunded";
  const totalCents = lines.reduce((sum, { product, quantity }) => sum + (product.priceCents ?? 0) * quantity, 0);
  const completed = status !== "processing" && status !== "cancelled";
  await db().batch([
    db()
      .insert(orders)
      .values({
        id,
        customerId: customer.id,
        status,
        currency: "USD",
        tier: "bronze",
        discountPercent: 0,
        subtotalCents: totalCents,
        discountCents: 0,
        totalCents,
        refundedCents: refunded ? totalCents : 0,
        rewardPoints: status === "completed" ? Math.floor(totalCents / 100) : 0,
        createdAt: now,
        updatedAt: now,
        completedAt: completed ? now : null,
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
  return { id, totalCents };
}
