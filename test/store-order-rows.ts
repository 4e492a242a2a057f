import type { OrderStatus } from "../src/store/schema";
import { orderItems, orders } from "../src/store/schema";
import { db } from "./helpers";

// Orders written straight into D1, for tests of what orders change elsewhere (a customer's tier, whether a product
// may be deleted) without going through checkout.

export interface OrderRowOptions {
  status?: OrderStatus;
  totalCents?: number;
  refundedCents?: number;
  rewardPoints?: number;
  /** Products the order has a line for (one unit each, at no price: the lines only name them). */
  productIds?: string[];
  createdAt?: string;
}

/** An order of `customerId` (a bronze order without discount) as it would stand after checkout and the queue. */
export async function insertOrder(customerId: string | null, options: OrderRowOptions = {}): Promise<string> {
  const { status = "completed", totalCents = 100_000, refundedCents = 0, rewardPoints = 0, productIds = [] } = options;
  const now = options.createdAt ?? new Date().toISOString();
  const id = crypto.randomUUID();
  await db()
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
      refundedCents,
      rewardPoints,
      createdAt: now,
      updatedAt: now,
      completedAt: status === "processing" || status === "cancelled" ? null : now,
    });
  if (productIds.length > 0) {
    await db()
      .insert(orderItems)
      .values(
        productIds.map((productId) => ({
          orderId: id,
          productId,
          productName: "A watch",
          unitPriceCents: 0,
          quantity: 1,
        })),
      );
  }
  return id;
}
