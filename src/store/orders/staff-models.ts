import { z } from "@hono/zod-openapi";
import type { DeadLetterRow } from "./dead-letters";
import type { OpenAlertRow } from "./low-stock";

export const DeadLetterSchema = z
  .object({
    id: z.string().openapi({ description: "The message's id on the queue" }),
    queue: z.string().openapi({ description: "The queue that gave up on it" }),
    body: z.unknown().openapi({ description: "The message as it was sent", example: { type: "order_placed" } }),
    attempts: z.number().int(),
    error: z.string().nullable().openapi({ description: "What the last attempt failed with, when known" }),
    failed_at: z.iso.datetime(),
    replayed_at: z.iso.datetime().nullable(),
    replayed_by: z.string().nullable().openapi({ description: "Who replayed it; null once that account is deleted" }),
  })
  .openapi("DeadLetter");

export const LowStockAlertSchema = z
  .object({
    product_id: z.string(),
    name: z.string(),
    brand: z.string(),
    stock: z.number().int().openapi({ description: "In stock now" }),
    stock_when_raised: z.number().int(),
    raised_at: z.iso.datetime(),
  })
  .openapi("LowStockAlert");

export function presentDeadLetter(row: DeadLetterRow): z.infer<typeof DeadLetterSchema> {
  return {
    id: row.id,
    queue: row.queue,
    body: row.body,
    attempts: row.attempts,
    error: row.error,
    failed_at: row.failedAt,
    replayed_at: row.replayedAt,
    replayed_by: row.replayedBy,
  };
}

export function presentLowStockAlert(row: OpenAlertRow): z.infer<typeof LowStockAlertSchema> {
  return {
    product_id: row.productId,
    name: row.name,
    brand: row.brand,
    stock: row.stock,
    stock_when_raised: row.stockWhenRaised,
    raised_at: row.raisedAt,
  };
}
