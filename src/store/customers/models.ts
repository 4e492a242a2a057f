import { z } from "@hono/zod-openapi";
import { EmailSchema } from "../../auth/models";
import { PageQuery, searchParam } from "../../http/pagination";
import { STORE_CURRENCY } from "../products/models";
import { VIP_TIERS } from "../schema";
import { nextTierFor, tierFor } from "../tiers";
import type { CustomerRecord } from "./queries";

export const TierSchema = z.enum(VIP_TIERS).openapi({ example: "silver" });

export const CustomerSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    total_spent_cents: z.number().int().openapi({
      description: "Processing, completed and (partly) refunded orders' totals, less what was refunded",
    }),
    currency: z.string().openapi({ example: STORE_CURRENCY }),
    vip_tier: TierSchema,
    discount_percent: z.number().int().openapi({ example: 5 }),
    reward_points: z.number().int(),
    next_tier: z
      .object({ tier: TierSchema, spend_more_cents: z.number().int() })
      .nullable()
      .openapi({ description: "The next tier up and what it takes to reach it; null at the top" }),
    created_at: z.iso.datetime(),
  })
  .openapi("Customer");

export type Customer = z.infer<typeof CustomerSchema>;

export function presentCustomer(row: CustomerRecord): Customer {
  const { tier, discount_percent } = tierFor(row.totalSpentCents);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    address: row.address,
    total_spent_cents: row.totalSpentCents,
    currency: STORE_CURRENCY,
    vip_tier: tier,
    discount_percent,
    reward_points: row.rewardPoints,
    next_tier: nextTierFor(row.totalSpentCents),
    created_at: row.createdAt,
  };
}

const Name = z.string().trim().min(1).max(100).openapi({ example: "Ada Lovelace" });
const Phone = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[0-9+()\-. ]+$/, "Digits, spaces and + ( ) - . only.")
  .openapi({ example: "+44 20 7946 0958" });
const Address = z.string().trim().min(1).max(500).openapi({ example: "12 Clock Lane, London" });

export const SignUpBody = z
  .strictObject({
    email: EmailSchema,
    password: z.string().min(8, "Use at least 8 characters.").max(256),
    name: Name,
    phone: Phone.nullable().optional(),
    address: Address.nullable().optional(),
  })
  .openapi("CustomerSignUpRequest");

export const ReplaceProfileBody = z
  .strictObject({
    name: Name,
    phone: Phone.nullable().optional().openapi({ description: "Left out or null: no phone" }),
    address: Address.nullable().optional().openapi({ description: "Left out or null: no address" }),
  })
  .openapi("CustomerProfileRequest");

export const ListCustomersQuery = PageQuery.extend({
  q: searchParam("Part of the email or name"),
  tier: TierSchema.optional(),
});
