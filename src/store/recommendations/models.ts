import { z } from "@hono/zod-openapi";
import type { FieldProblem } from "../../http/problem";
import { ProductSchema } from "./product";

/** The most recommendations one request may ask for; the stored list keeps this many, so both paths can fill it. */
export const MAX_RECOMMENDATIONS = 50;

const Weight = z.number().min(0).max(1);

export const WeightsSchema = z
  .object({
    content: Weight.openapi({ description: "How much brand and category likeness counts", example: 0.6 }),
    copurchase: Weight.openapi({ description: "How much being bought by the same customers counts", example: 0.4 }),
  })
  .openapi("RecommendationWeights");

export type Weights = z.infer<typeof WeightsSchema>;

export const StoredWeightsSchema = WeightsSchema.extend({
  updated_at: z.iso.datetime(),
  updated_by: z.string().nullable().openapi({ description: "Who set them; null for the store's defaults" }),
}).openapi("StoredRecommendationWeights");

export const PutWeightsBody = z.strictObject(WeightsSchema.shape).openapi("PutRecommendationWeightsRequest");

/** Weights may miss 1 by this much (the database's CHECK allows the same). */
const SUM_TOLERANCE = 1e-6;

/** The rule across the two weights, on whichever of them passed their own checks: together they make 1. */
export function weightSumProblems(input: unknown): FieldProblem[] {
  const body = (input ?? {}) as Record<string, unknown>;
  const content = Weight.safeParse(body.content);
  const copurchase = Weight.safeParse(body.copurchase);
  if (!content.success || !copurchase.success) return [];
  const sum = content.data + copurchase.data;
  if (Math.abs(sum - 1) < SUM_TOLERANCE) return [];
  const message = `content and copurchase must add up to 1; they add up to ${sum}.`;
  return [
    { path: "content", message },
    { path: "copurchase", message },
  ];
}

export const RecommendationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_RECOMMENDATIONS).default(10).openapi({ example: 10 }),
  customer_id: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: "Staff only (a customer may name themselves): this customer's recommendations" }),
});

export const STRATEGIES = ["personal", "best_sellers"] as const;

export const RecommendationSchema = z
  .object({
    product: ProductSchema,
    score: z.number().min(0).max(1).openapi({ description: "The mix of the two scores by the weights" }),
    content_score: z.number().min(0).max(1).openapi({ description: "Brand and category likeness, 1 for the best" }),
    copurchase_score: z
      .number()
      .min(0)
      .max(1)
      .openapi({ description: "Bought by customers who bought the same things, 1 for the most" }),
    reason: z.string().openapi({ example: "Because you bought Omega and other divers" }),
  })
  .openapi("Recommendation");

export const RecommendationsSchema = z
  .object({
    data: z.array(RecommendationSchema),
    strategy: z.enum(STRATEGIES).openapi({
      description: "personal: from what the customer bought; best_sellers: for a customer with nothing to go on",
    }),
    weights: WeightsSchema,
  })
  .openapi("Recommendations");

export type Recommendations = z.infer<typeof RecommendationsSchema>;
