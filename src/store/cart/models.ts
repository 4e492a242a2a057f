import { z } from "@hono/zod-openapi";
import { VipTierSchema } from "../orders/models";
import type { ProductRow } from "../schema";
import { discountCents, tierFor } from "../tiers";
import { ProductSchema, presentProduct } from "./product";

/** The store's one currency: every price, cart and order is in it. */
export const STORE_CURRENCY = "USD";

/** The most of one product a cart line (and an order line) holds. */
export const MAX_LINE_QUANTITY = 99;

const Quantity = z.number().int().min(1).max(MAX_LINE_QUANTITY).openapi({ example: 1 });
const ProductId = z.string().min(1).max(64).openapi({ example: "0b6f1c5e-4a2d-4c8e-9a57-3f1e2d4c5b6a" });

export const CartItemSchema = z
  .object({
    product: ProductSchema,
    quantity: z.number().int(),
    line_total_cents: z.number().int().openapi({ description: "Today's price times the quantity" }),
    available: z
      .number()
      .int()
      .openapi({ description: "How many the store can sell now: the stock, or 0 once the product is archived" }),
    in_stock: z.boolean().openapi({
      description: "Whether the whole quantity can be bought now; checkout refuses the cart otherwise",
    }),
  })
  .openapi("CartItem");

export const CartSchema = z
  .object({
    items: z.array(CartItemSchema).openapi({ description: "In the order they were first added" }),
    item_count: z.number().int().openapi({ description: "Watches in the cart: the sum of the quantities" }),
    subtotal_cents: z.number().int(),
    tier: VipTierSchema.openapi({ description: "The customer's tier now; checkout applies its discount" }),
    discount_percent: z.number().int(),
    discount_cents: z.number().int(),
    total_cents: z.number().int(),
    currency: z.string(),
  })
  .openapi("Cart");

export type Cart = z.infer<typeof CartSchema>;

export const AddCartItemBody = z
  .strictObject({
    product_id: ProductId,
    quantity: Quantity.openapi({ description: "Added to the line's quantity if the product is in the cart already" }),
  })
  .openapi("AddCartItemRequest");

export const SetCartItemBody = z.strictObject({ quantity: Quantity }).openapi("SetCartItemRequest");

export const CartItemParam = z.object({
  product_id: ProductId.openapi({ param: { name: "product_id", in: "path" } }),
});

export const MergeCartBody = z
  .strictObject({
    items: z
      .array(z.strictObject({ product_id: ProductId, quantity: Quantity }))
      .max(100)
      .openapi({ description: "The guest's cart, as the browser kept it" }),
  })
  .openapi("MergeCartRequest");

export const MergedCartSchema = CartSchema.extend({
  skipped: z
    .array(z.object({ product_id: z.string(), reason: z.enum(["not_found", "archived"]) }))
    .openapi({ description: "Guest lines left out: products that do not exist or are no longer sold" }),
  capped: z
    .array(z.object({ product_id: z.string(), requested: z.number().int(), quantity: z.number().int() }))
    .openapi({
      description: `Lines whose quantities added up to more than ${MAX_LINE_QUANTITY}: \`requested\` is the sum, \`quantity\` what the line holds`,
    }),
}).openapi("MergedCart");

/** A cart line as stored, with its product as it is now. */
export interface CartLine {
  quantity: number;
  product: ProductRow;
}

/** How many of the product the store can sell now. */
export const availableOf = (product: ProductRow): number => (product.status === "active" ? product.stock : 0);

/** The cart at today's prices, with the discount of the customer's tier (from what they have spent). */
export function presentCart(lines: CartLine[], spentCents: number): Cart {
  const items = lines.map(({ quantity, product }) => {
    const available = availableOf(product);
    return {
      product: presentProduct(product),
      quantity,
      line_total_cents: product.priceCents * quantity,
      available,
      in_stock: available >= quantity,
    };
  });
  const subtotal = items.reduce((sum, item) => sum + item.line_total_cents, 0);
  const { tier, discount_percent } = tierFor(spentCents);
  const discount = discountCents(subtotal, discount_percent);
  return {
    items,
    item_count: items.reduce((sum, item) => sum + item.quantity, 0),
    subtotal_cents: subtotal,
    tier,
    discount_percent,
    discount_cents: discount,
    total_cents: subtotal - discount,
    currency: STORE_CURRENCY,
  };
}
