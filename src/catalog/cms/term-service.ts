/**
 * The CMS's rules for terms, for every API that edits them (the REST CMS and GraphQL): input parsed by the term
 * models in, the stored row out, or the ProblemError the API answers with (404 `not_found`, 409 `term_number_taken`).
 */
import type { z } from "@hono/zod-openapi";
import type { Database } from "../../db/client";
import { notFound } from "../../http/problem";
import { nowIso } from "../../time";
import type { TermRow } from "../schema";
import { claimingUnique, termNumberTaken } from "./errors";
import type { CreateTermBody, UpdateTermBody } from "./term-models";
import { deleteTerm, insertTerm, updateTerm } from "./term-queries";

export type CreateTermInput = z.infer<typeof CreateTermBody>;
export type UpdateTermInput = z.infer<typeof UpdateTermBody>;

/**
 * Adds a term to the program, numbered as asked or one after the last.
 *
 * @example
 * const term = await createTerm(db, programId, CreateTermBody.parse(body));
 */
export async function createTerm(db: Database, programId: string, input: CreateTermInput): Promise<TermRow> {
  const insert = insertTerm(db, programId, { title: input.title, termNumber: input.term_number }, nowIso());
  const term = await claimingUnique(insert, termNumberTaken);
  if (!term) throw notFound("program");
  return term;
}

/** Renames or renumbers a term. */
export async function editTerm(db: Database, id: string, input: UpdateTermInput): Promise<TermRow> {
  const change = updateTerm(db, id, { title: input.title, termNumber: input.term_number }, nowIso());
  const term = await claimingUnique(change, termNumberTaken);
  if (!term) throw notFound("term");
  return term;
}

/** Deletes the term with its lessons; 404 when there is none. */
export async function removeTerm(db: Database, id: string): Promise<void> {
  if (!(await deleteTerm(db, id))) throw notFound("term");
}
