import { z } from "@hono/zod-openapi";
import type { TermRow } from "../schema";
import { SequenceNumber, Title } from "./fields";

export const TermSchema = z
  .object({
    id: z.string(),
    program_id: z.string(),
    term_number: z.number().int(),
    title: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("Term");

export const CreateTermBody = z
  .strictObject({
    title: Title,
    term_number: SequenceNumber.optional().openapi({ description: "Defaults to one after the program's last term" }),
  })
  .openapi("CreateTermRequest");

export const UpdateTermBody = z
  .strictObject({ title: Title.optional(), term_number: SequenceNumber.optional() })
  .refine((body) => body.title !== undefined || body.term_number !== undefined, "Send title or term_number.")
  .openapi("UpdateTermRequest");

/** Terms page by number; the position is the term number, unique within the program. */
export const TermPosition = z.tuple([z.number().int().min(0)]);

export const presentTerm = (row: TermRow) => ({
  id: row.id,
  program_id: row.programId,
  term_number: row.termNumber,
  title: row.title,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});
