import { z } from "@hono/zod-openapi";
import { PageQuery } from "../../http/pagination";
import { ORDER_STATUSES, type OrderItemRow, type OrderRow, VIP_TIERS } from "../schema";

export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export const VipTierSchema = z.enum(VIP_TIERS);

export const OrderItemSchema = z
  .object({
    product_id: z.string(),
    product_name: z.string().openapi({ description: "The product's name when the order was placed" }),
    unit_price_cents: z.number().int().openapi({ description: "The price when the order was placed" }),
    quantity: z.number().int(),
    line_total_cents: z.number().int(),
    refunded_quantity: z.number().int(),
    refunded_cents: z.number().int(),
  })
  .openapi("OrderItem");

export const OrderEventSchema = z
  .object({
    from_status: OrderStatusSchema.nullable().openapi({ description: "Null for the order's creation" }),
    to_status: OrderStatusSchema,
    actor_id: z.string().nullable().openapi({ description: "Who made the change; null for the store's own work" }),
    reason: z.string().nullable(),
    amount_cents: z.number().int().nullable().openapi({ description: "For a refund: the money returned" }),
    at: z.iso.datetime(),
  })
  .openapi("OrderEvent");

export const OrderSchema = z
  .object({
    id: z.string(),
    customer_id: z.string().nullable().openapi({ description: "Null once the customer's account is deleted" }),
    status: OrderStatusSchema,
    currency: z.string(),
    tier: VipTierSchema.openapi({ description: "The customer's tier when the order was placed" }),
    discount_percent: z.number().int(),
    subtotal_cents: z.number().int(),
    discount_cents: z.number().int(),
    total_cents: z.number().int(),
    refunded_cents: z.number().int(),
    reward_points: z.number().int().openapi({ description: "Points the order earned once completed" }),
    items: z.array(OrderItemSchema),
    history: z
      .array(OrderEventSchema)
      .openapi({ description: "Every change of status and every refund, oldest first" }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    completed_at: z.iso.datetime().nullable(),
  })
  .openapi("Order");

export type Order = z.infer<typeof OrderSchema>;
export type OrderEvent = z.infer<typeof OrderEventSchema>;

export const ListOrdersQuery = PageQuery.extend({
  status: OrderStatusSchema.optional(),
  customer_id: z.string().min(1).max(64).optional().openapi({ description: "Staff only: one customer's orders" }),
});

/** An order's row, its lines and its history, as stored. */
export interface OrderRecord {
  order: OrderRow;
  items: OrderItemRow[];
  history: OrderEvent[];
}

export function presentOrderItem(item: OrderItemRow): z.infer<typeof OrderItemSchema> {
  return {
    product_id: item.productId,
    product_name: item.productName,
    unit_price_cents: item.unitPriceCents,
    quantity: item.quantity,
    line_total_cents: item.unitPriceCents * item.quantity,
    refunded_quantity: item.refundedQuantity,
    refunded_cents: item.refundedCents,
  };
}

export function presentOrder({ order, items, history }: OrderRecord): Order {
  return {
    id: order.id,
    customer_id: order.customerId,
    status: order.status,
    currency: order.currency,
    tier: order.tier,
    discount_percent: order.discountPercent,
    subtotal_cents: order.subtotalCents,
    discount_cents: order.discountCents,
    total_cents: order.totalCents,
    refunded_cents: order.refundedCents,
    reward_points: order.rewardPoints,
    items: items.map(presentOrderItem),
    history,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    completed_at: order.completedAt,
  };
}
