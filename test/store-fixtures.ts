import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { customerProfiles, type OrderStatus, orderEvents, orderItems, orders, products } from "../src/store/schema";
import { discountCents, tierFor } from "../src/store/tiers";
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

/** A line of an order made by `insertOrder`: the product (its name is the line's) and how many, at what price. */
export interface OrderLine {
  product: Pick<ProductInsert, "id" | "name" | "priceCents">;
  quantity: number;
  /** The price paid for one; the product's price unless told otherwise. */
  unitPriceCents?: number;
}

export interface OrderFixture {
  status?: OrderStatus;
  /** The order's lines; an order may have none (it only counts money then). */
  lines?: OrderLine[];
  /** Off the lines' subtotal, as a tier's discount (the order's tier follows from it). */
  discountPercent?: number;
  /** The order's total; by default its lines' subtotal less the discount. */
  totalCents?: number;
  /**
   * By default the whole total for a refunded order (every unit refunded) and a cent for a partially refunded one (a
   * unit of its first line), else nothing: these orders need to be in their status, not exact to the cent.
   */
  refundedCents?: number;
  /** By default 1 a whole currency unit of what was kept (total less refunds), once past processing. */
  rewardPoints?: number;
  /** Take the lines' units from the products' stock, as checkout did. */
  takeStock?: boolean;
  /** By default long ago (2025-01-15), behind anything a test places now. */
  createdAt?: string;
}

export interface InsertedOrder {
  id: string;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
}

/**
 * An order placed straight into D1 with its creation event (no checkout, no queue), for tests that need order
 * histories (a customer's tier, what they own, best sellers, whether a product may be deleted) or an order to act on.
 */
export async function insertOrder(customerId: string | null, fixture: OrderFixture = {}): Promise<InsertedOrder> {
  const { status = "completed", lines = [], discountPercent = 0, createdAt = "2025-01-15T10:00:00.000Z" } = fixture;
  const id = crypto.randomUUID();
  const priced = lines.map((line) => ({ ...line, unit: line.unitPriceCents ?? line.product.priceCents ?? 0 }));
  const subtotalCents = fixture.totalCents ?? priced.reduce((sum, line) => sum + line.unit * line.quantity, 0);
  const discount = discountCents(subtotalCents, discountPercent);
  const totalCents = subtotalCents - discount;
  const placedOnly = status === "processing" || status === "cancelled";
  const refundedCents =
    fixture.refundedCents ?? (status === "refunded" ? totalCents : status === "partially_refunded" ? 1 : 0);
  const refundedUnits = (index: number, quantity: number) =>
    status === "refunded" ? quantity : status === "partially_refunded" && index === 0 ? 1 : 0;
  await db().batch([
    db()
      .insert(orders)
      .values({
        id,
        customerId,
        status,
        currency: "USD",
        ...tierFor(discountPercent >= 10 ? 1_000_001 : discountPercent >= 5 ? 500_001 : 0),
        discountPercent,
        subtotalCents,
        discountCents: discount,
        totalCents,
        refundedCents,
        rewardPoints: fixture.rewardPoints ?? (placedOnly ? 0 : Math.floor((totalCents - refundedCents) / 100)),
        createdAt,
        updatedAt: createdAt,
        completedAt: placedOnly ? null : createdAt,
      }),
    db()
      .insert(orderEvents)
      .values({ id: crypto.randomUUID(), orderId: id, fromStatus: null, toStatus: "processing", createdAt }),
    ...priced.map((line, index) =>
      db()
        .insert(orderItems)
        .values({
          orderId: id,
          productId: line.product.id,
          productName: line.product.name,
          unitPriceCents: line.unit,
          quantity: line.quantity,
          refundedQuantity: refundedUnits(index, line.quantity),
          refundedCents: index === 0 ? refundedCents : 0,
        }),
    ),
    ...(fixture.takeStock ? priced : []).map((line) =>
      db()
        .update(products)
        .set({ stock: sql`${products.stock} - ${line.quantity}` })
        .where(eq(products.id, line.product.id)),
    ),
  ]);
  return { id, subtotalCents, discountCents: discount, totalCents };
}

/** An order of `customer` placed just now as checkout leaves it (its stock taken), at `discountPercent` off. */
export const placedOrder = (
  customer: { id: string },
  lines: OrderLine[],
  status: OrderStatus = "processing",
  discountPercent = 0,
) => insertOrder(customer.id, { lines, status, discountPercent, takeStock: true, createdAt: new Date().toISOString() });
