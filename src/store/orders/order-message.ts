import { z } from "@hono/zod-openapi";

/**
 * The message checkout puts on ORDER_QUEUE once an order is placed: the queue's consumer completes the order
 * (src/store/orders/queue.ts). Fields other than these are ignored, so that a newer producer does not break it.
 */
export const OrderPlacedMessage = z.object({
  type: z.literal("order_placed"),
  order_id: z.string().min(1).max(64),
});

export type OrderPlacedMessage = z.infer<typeof OrderPlacedMessage>;
