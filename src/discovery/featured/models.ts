import { z } from "@hono/zod-openapi";
import { ProgramStatusSchema } from "../../catalog/models";
import { CatalogProgramSchema, presentCatalogProgram } from "../../catalog/public/models";
import type { EditorsPick, FeaturedRecord } from "./queries";

export const FeaturedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ example: 10 }),
});

export const FeaturedProgramSchema = CatalogProgramSchema.extend({
  featured: z.boolean().openapi({ description: "Picked by editors (true), or filling the list as newly published" }),
}).openapi("FeaturedProgram");

export const FeaturedListSchema = z.object({ data: z.array(FeaturedProgramSchema) }).openapi("FeaturedList");

export const presentFeaturedList = (rows: FeaturedRecord[]) => ({
  data: rows.map((row) => ({ ...presentCatalogProgram(row), featured: row.featured })),
});

// ---- the editors' list (CMS) --------------------------------------------------------------------------------------

/** The longest the editors' list may grow. */
export const MAX_FEATURED = 50;

const ProgramId = z.string().min(1).max(64);

export const EditorsPickSchema = z
  .object({
    program_id: z.string(),
    title: z.string(),
    status: ProgramStatusSchema.openapi({ description: "Only published programs appear on the public list" }),
    position: z.number().int().openapi({ description: "1-based, a clean sequence" }),
    featured_at: z.iso.datetime(),
    featured_by: z.string().nullable().openapi({ description: "The editor's user id; null once that account is gone" }),
  })
  .openapi("EditorsPick");

export const EditorsListSchema = z.object({ data: z.array(EditorsPickSchema) }).openapi("EditorsList");

export const ReplaceFeaturedBody = z
  .strictObject({
    program_ids: z
      .array(ProgramId)
      .max(MAX_FEATURED)
      .openapi({ description: `The whole list, in order; at most ${MAX_FEATURED}, each once` }),
  })
  .superRefine(({ program_ids }, ctx) => {
    program_ids.forEach((id, i) => {
      if (program_ids.indexOf(id) < i) {
        ctx.addIssue({
          code: "custom",
          path: ["program_ids", i],
          message: `Already listed at ${program_ids.indexOf(id)}.`,
        });
      }
    });
  })
  .openapi("ReplaceFeaturedRequest");

export const FeatureProgramBody = z
  .strictObject({
    program_id: ProgramId,
    position: z.number().int().min(1).optional().openapi({
      description: "Where to put it, 1-based; those from there on move down one. Past the end, or left out: at the end",
    }),
  })
  .openapi("FeatureProgramRequest");

export const ProgramIdParam = z.object({
  program_id: ProgramId.openapi({ param: { name: "program_id", in: "path" } }),
});

/** A pick at `index` of the list; its position is its rank (a deleted program's pick leaves a gap in what is stored). */
export function presentEditorsPick(pick: EditorsPick, index: number): z.infer<typeof EditorsPickSchema> {
  return {
    program_id: pick.programId,
    title: pick.title,
    status: pick.status,
    position: index + 1,
    featured_at: pick.featuredAt,
    featured_by: pick.featuredBy,
  };
}

export const presentEditorsList = (list: EditorsPick[]) => ({ data: list.map(presentEditorsPick) });
