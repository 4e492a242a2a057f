import { eq, sql } from "drizzle-orm";
import { type OrderStatus, orderEvents, orderItems, orders, products } from "../src/store/schema";
import { discountCents } from "../src/store/tiers";
import { db, type TestUser } from "./helpers";
import type { ProductInsert } from "./store-fixtures";

// Orders made directly in D1, as checkout leaves them (stock already taken, a creation event), in any status, for
// the tests of what happens to an order afterwards.

export interface OrderLine {
  product: ProductInsert & { id: string };
  quantity: number;
  /** The price paid for one; the product's price unless told otherwise. */
  unitPriceCents?: number;
}

export interface InsertedOrder {
  id: string;
  totalCents: number;
  subtotalCents: number;
  discountCents: number;
}

/**
 * An order of `customer` for `lines`, placed at `discountPercent` off, its stock taken from the products. An order
 * past processing is completed (with its points); `refunded` and `partially_refunded` orders have every unit, or the
 * first unit of the first line, refunded (for a cent).
 */
export async function insertOrder(
  customer: Pick<TestUser, "id">,
  lines: OrderLine[],
  status: OrderStatus = "processing",
  discountPercent = 0,
): Promise<InsertedOrder> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const priced = lines.map((line) => ({ ...line, unit: line.unitPriceCents ?? line.product.priceCents }));
  const subtotalCents = priced.reduce((sum, line) => sum + line.unit * line.quantity, 0);
  const discount = discountCents(subtotalCents, discountPercent);
  const totalCents = subtotalCents - discount;
  const completed = status !== "processing" && status !== "cancelled";
  const refundedUnits = (index: number, quantity: number) =>
    status === "refunded" ? quantity : status === "partially_refunded" && index === 0 ? 1 : 0;
  // What went back is put on the first line: these orders only need to be in their status, not exact to the cent.
  const refundedCents = status === "refunded" ? totalCents : status === "partially_refunded" ? 1 : 0;
  await db().batch([
    db()
      .insert(orders)
      .values({
        id,
        customerId: customer.id,
        status,
        currency: "USD",
        tier: discountPercent >= 10 ? "gold" : discountPercent >= 5 ? "silver" : "bronze",
        discountPercent,
        subtotalCents,
        discountCents: discount,
        totalCents,
        refundedCents,
        rewardPoints: completed ? Math.floor((totalCents - refundedCents) / 100) : 0,
        createdAt: now,
        updatedAt: now,
        completedAt: completed ? now : null,
      }),
    db()
      .insert(orderItems)
      .values(
        priced.map((line, index) => ({
          orderId: id,
          productId: line.product.id,
          productName: line.product.name,
          unitPriceCents: line.unit,
          quantity: line.quantity,
          refundedQuantity: refundedUnits(index, line.quantity),
          refundedCents: index === 0 ? refundedCents : 0,
        })),
      ),
    db()
      .insert(orderEvents)
      .values({ id: crypto.randomUUID(), orderId: id, fromStatus: null, toStatus: "processing", createdAt: now }),
    ...priced.map((line) =>
      db()
        .update(products)
        .set({ stock: sql`${products.stock} - ${line.quantity}` })
        .where(eq(products.id, line.product.id)),
    ),
  ]);
  return { id, totalCents, subtotalCents, discountCents: discount };
}
