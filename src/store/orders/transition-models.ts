import { z } from "@hono/zod-openapi";

const Reason = z.string().trim().min(1).max(500);

export const CancelOrderBody = z
  .strictObject({ reason: Reason.optional().openapi({ example: "Ordered the wrong size" }) })
  .openapi("CancelOrderRequest");

export const RefundOrderBody = z
  .strictObject({
    reason: Reason.openapi({ example: "Returned within 30 days" }),
    lines: z
      .array(
        z.strictObject({
          product_id: z.string().min(1).max(64),
          quantity: z.number().int().min(1).max(99),
        }),
      )
      .min(1)
      .max(100)
      .openapi({ description: "The units to refund, by product; each line of the order at most once" }),
    restock: z.boolean().openapi({ description: "Whether the refunded units go back in stock" }),
  })
  .openapi("RefundOrderRequest");
