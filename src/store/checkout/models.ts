import { z } from "@hono/zod-openapi";

export const CheckoutHeaders = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[\x20-\x7E]{1,255}$/, "1 to 255 printable ASCII characters.")
    .optional()
    .openapi({
      description:
        "Makes retries safe: a checkout with a key you already used answers with that order (and " +
        "`Idempotent-Replayed: true`) instead of placing another. A refused checkout stores nothing: retrying it tries again.",
      example: "9b2c6f0e-checkout-1",
    }),
});

export const ShortLineSchema = z
  .object({
    product_id: z.string(),
    name: z.string(),
    requested: z.number().int(),
    available: z.number().int().openapi({ description: "The stock now; 0 for a product no longer sold" }),
  })
  .openapi("ShortLine");

/** The message the order queue gets for every order placed (its consumer: src/store/orders/queue.ts). */
export interface OrderPlacedMessage {
  type: "order_placed";
  order_id: string;
}
