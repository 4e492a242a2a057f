import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { isOneOf } from "../../db/filters";
import { programs, type TermRow, terms } from "../schema";

export const findTerm = (db: Database, id: string) => db.select().from(terms).where(eq(terms.id, id)).get();

export const listTerms = (db: Database, programId: string, filter: { limit: number; after?: number }) =>
  db
    .select()
    .from(terms)
    .where(
      and(
        eq(terms.programId, programId),
        filter.after === undefined ? undefined : sql`${terms.termNumber} > ${filter.after}`,
      ),
    )
    .orderBy(terms.termNumber)
    .limit(filter.limit + 1);

/**
 * Adds a term to the program, numbered `termNumber` or one after the last, in one statement (so two concurrent
 * adds cannot take the same number silently: the unique index refuses the second). `undefined`: no such program.
 */
export async function insertTerm(
  db: Database,
  programId: string,
  fields: { title: string; termNumber?: number },
  now: string,
): Promise<TermRow | undefined> {
  const number =
    fields.termNumber ??
    sql<number>`(SELECT coalesce(max(${terms.termNumber}), 0) + 1 FROM ${terms} WHERE ${terms.programId} = ${programId})`;
  return db
    .insert(terms)
    .select(
      db
        .select({
          id: sql<string>`${crypto.randomUUID()}`.as("id"),
          programId: programs.id,
          termNumber: sql<number>`${number}`.as("term_number"),
          title: sql<string>`${fields.title}`.as("title"),
          createdAt: sql<string>`${now}`.as("created_at"),
          updatedAt: sql<string>`${now}`.as("updated_at"),
        })
        .from(programs)
        .where(eq(programs.id, programId)),
    )
    .returning()
    .get();
}

export const updateTerm = (db: Database, id: string, changes: { title?: string; termNumber?: number }, now: string) =>
  db
    .update(terms)
    .set({ ...changes, updatedAt: now })
    .where(eq(terms.id, id))
    .returning()
    .get();

export async function deleteTerm(db: Database, id: string): Promise<boolean> {
  return (await db.delete(terms).where(eq(terms.id, id)).returning({ id: terms.id })).length > 0;
}

/** The terms among `ids` that exist, in one statement (any order). */
export const findTerms = (db: Database, ids: readonly string[]) =>
  db.select().from(terms).where(isOneOf(terms.id, ids));

/** Every term of the programs `programIds`, by program then term number, in one statement. */
export const termsOfPrograms = (db: Database, programIds: readonly string[]) =>
  db.select().from(terms).where(isOneOf(terms.programId, programIds)).orderBy(terms.programId, terms.termNumber);
