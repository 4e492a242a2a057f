import { z } from "@hono/zod-openapi";
import { CatalogProgramSchema } from "../../catalog/public/models";

export const FeaturedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ example: 10 }),
});

export const FeaturedProgramSchema = CatalogProgramSchema.extend({
  featured: z.boolean().openapi({ description: "Picked by editors (true), or filling the list as newly published" }),
}).openapi("FeaturedProgram");

export const FeaturedListSchema = z.object({ data: z.array(FeaturedProgramSchema) }).openapi("FeaturedList");
