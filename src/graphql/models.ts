import { z } from "@hono/zod-openapi";

/** A GraphQL request over HTTP (GraphQL over HTTP's JSON body). */
export const GraphQLRequestSchema = z
  .object({
    query: z
      .string()
      .min(1)
      .max(100_000)
      .openapi({ example: "{ programs(first: 20) { edges { node { id title } } } }" }),
    variables: z.record(z.string(), z.unknown()).nullable().optional(),
    operationName: z.string().max(200).nullable().optional(),
  })
  .openapi("GraphQLRequest");

/** A GraphQL answer: `data`, and `errors` whose `extensions` carry the REST problem's code, status and field problems. */
export const GraphQLResponseSchema = z
  .object({
    data: z.record(z.string(), z.unknown()).nullable().optional(),
    errors: z
      .array(
        z.object({
          message: z.string(),
          path: z.array(z.union([z.string(), z.number()])).optional(),
          extensions: z
            .object({
              code: z.string().openapi({ example: "validation_failed" }),
              status: z.number().int().optional(),
              errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
            })
            .passthrough()
            .optional(),
        }),
      )
      .optional(),
  })
  .openapi("GraphQLResponse");
