import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { isStaff } from "../../auth/roles";
import { createRouter, jsonBody, jsonContent, problems } from "../../http/openapi";
import { forbidden, notFound } from "../../http/problem";
import { withCrossFieldRules } from "../../http/validation";
import { nowIso } from "../../time";
import {
  PutWeightsBody,
  RecommendationsQuery,
  RecommendationsSchema,
  StoredWeightsSchema,
  weightSumProblems,
} from "./models";
import { presentProduct } from "./product";
import { findWeights, type Recommended, recommendationsFor, saveWeights } from "./queries";

const tags = ["Recommendations"];

const forYou = createRoute({
  method: "get",
  path: "/recommendations",
  tags,
  summary: '"For You": products a customer may like next',
  description:
    "From the brands and categories the customer bought and from what customers who bought the same things bought, " +
    "mixed by the staff's weights; never what they own, nor what is archived or sold out. A customer with nothing " +
    "to go on gets the best sellers. Staff name the customer with `customer_id`.",
  ...guarded("signed-in"),
  request: { query: RecommendationsQuery },
  responses: {
    200: jsonContent(RecommendationsSchema, "Best first"),
    ...problems(400, 401, 403, 404),
  },
});

const getWeights = createRoute({
  method: "get",
  path: "/recommendations/weights",
  tags,
  summary: "How recommendations mix likeness and co-purchases",
  ...guarded("editor"),
  responses: { 200: jsonContent(StoredWeightsSchema, "The weights in use"), ...problems(401, 403) },
});

const putWeights = createRoute({
  method: "put",
  path: "/recommendations/weights",
  tags,
  summary: "Set how recommendations mix likeness and co-purchases",
  description: "Each weight in [0, 1], together 1. Stored lists are dropped: they were mixed by the old weights.",
  ...guarded("editor"),
  request: { body: jsonBody(PutWeightsBody) },
  responses: { 200: jsonContent(StoredWeightsSchema, "The weights now in use"), ...problems(400, 401, 403, 415) },
});

const presentWeights = (row: Awaited<ReturnType<typeof findWeights>>) => ({
  content: row.contentWeight,
  copurchase: row.copurchaseWeight,
  updated_at: row.updatedAt,
  updated_by: row.updatedBy,
});

const presentRecommendation = (item: Recommended) => ({
  product: presentProduct(item.product),
  score: item.score,
  content_score: item.contentScore,
  copurchase_score: item.copurchaseScore,
  reason: item.reason,
});

export const recommendationRoutes = createRouter()
  .openapi(forYou, async (c) => {
    const { limit, customer_id } = c.req.valid("query");
    const user = c.var.user;
    // Refused whether or not the account exists, so a customer learns nothing about others' ids.
    if (customer_id !== undefined && customer_id !== user.id && !isStaff(user.role)) {
      throw forbidden("Only staff can see another customer's recommendations.");
    }
    const found = await recommendationsFor(c.var.db, customer_id ?? user.id, limit, Date.now());
    if (!found) throw notFound("customer");
    return c.json(
      { data: found.items.map(presentRecommendation), strategy: found.strategy, weights: found.weights },
      200,
    );
  })
  .openapi(getWeights, async (c) => c.json(presentWeights(await findWeights(c.var.db)), 200))
  .openapi(
    putWeights,
    async (c) => {
      const weights = c.req.valid("json");
      return c.json(presentWeights(await saveWeights(c.var.db, weights, c.var.user.id, nowIso())), 200);
    },
    withCrossFieldRules("json", weightSumProblems),
  );
