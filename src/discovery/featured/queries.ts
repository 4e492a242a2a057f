/**
 * The editors' featured list. Every write keeps positions a clean sequence 1..n and is one batch (one D1 transaction),
 * so concurrent editors' writes land one after the other, never interleaved. (Deleting a program drops its pick by
 * cascade and may leave a gap, which orders the same: the CMS shows ranks.) Programs are read only through the
 * catalog's exported statements, put in the same batch.
 */
import { and, asc, eq, gt, gte, notInArray, sql } from "drizzle-orm";
import { programSummariesAmong } from "../../catalog/cms/program-queries";
import { catalogProgramsAmong, latestCatalogPrograms, type ProgramRecord } from "../../catalog/public/queries";
import type { Database } from "../../db/client";
import { featuredPrograms } from "../schema";
import { MAX_FEATURED } from "./models";

const pickedIds = (db: Database) => db.select({ id: featuredPrograms.programId }).from(featuredPrograms);

/** The editors' list in their order (ties, which writes never make, by when featured, then id). */
const picksInOrder = (db: Database) =>
  db
    .select()
    .from(featuredPrograms)
    .orderBy(asc(featuredPrograms.position), asc(featuredPrograms.featuredAt), asc(featuredPrograms.programId));

/** The list's size, as SQL for a write's guard. */
const listSize = sql`(SELECT count(*) FROM ${featuredPrograms})`;

/** A program on the public featured list, and whether editors picked it. */
export type FeaturedRecord = ProgramRecord & { featured: boolean };

/**
 * The public list: the editors' picks that are in the catalog, in their order, then the most recently published
 * catalog programs that are not picked, up to `limit` in all. One round trip (a batch of three statements).
 */
export async function featuredList(db: Database, limit: number): Promise<FeaturedRecord[]> {
  const [order, picked, latest] = await db.batch([
    picksInOrder(db),
    catalogProgramsAmong(db, pickedIds(db)),
    latestCatalogPrograms(db, { limit, excluding: pickedIds(db) }),
  ]);
  const byId = new Map(picked.map((program) => [program.id, program]));
  const picks = order.flatMap(({ programId }) => byId.get(programId) ?? []).slice(0, limit);
  return [
    ...picks.map((program) => ({ ...program, featured: true })),
    ...latest.slice(0, limit - picks.length).map((program) => ({ ...program, featured: false })),
  ];
}

/** An entry of the editors' list with its program's title and status. */
export interface EditorsPick {
  programId: string;
  title: string;
  status: "draft" | "published" | "archived";
  position: number;
  featuredAt: string;
  featuredBy: string | null;
}

/** The statements reading the editors' list back, for the end of a batch; `editorsList` puts their rows together. */
const listStatements = (db: Database) => [picksInOrder(db), programSummariesAmong(db, pickedIds(db))] as const;

type PickRows = Awaited<ReturnType<typeof picksInOrder>>;
type SummaryRows = Awaited<ReturnType<typeof programSummariesAmong>>;

function editorsList(order: PickRows, programs: SummaryRows): EditorsPick[] {
  const byId = new Map(programs.map((program) => [program.id, program]));
  return order.flatMap((pick) => {
    const program = byId.get(pick.programId);
    return program ? [{ ...pick, title: program.title, status: program.status }] : [];
  });
}

/** The editors' list, every status, in order: one round trip. */
export async function readEditorsList(db: Database): Promise<EditorsPick[]> {
  const [order, programs] = await db.batch(listStatements(db));
  return editorsList(order, programs);
}

/** Who writes and when. */
export interface Editing {
  userId: string;
  now: string;
}

/**
 * Replaces the list with `programIds` in that order, atomically: programs left out are unfeatured, the others keep
 * when and by whom they were first featured. Throws D1's foreign-key error (and changes nothing) when an id is not a
 * program. One round trip; answers the list as stored.
 */
export async function replaceEditorsList(db: Database, programIds: string[], by: Editing): Promise<EditorsPick[]> {
  const rows = programIds.map((programId, i) => ({
    programId,
    position: i + 1,
    featuredAt: by.now,
    featuredBy: by.userId,
  }));
  // Four parameters a row: 20 rows a statement stays within D1's 100 bound parameters.
  const inserts = [];
  for (let start = 0; start < rows.length; start += 20) {
    inserts.push(
      db
        .insert(featuredPrograms)
        .values(rows.slice(start, start + 20))
        .onConflictDoUpdate({ target: featuredPrograms.programId, set: { position: sql`excluded.position` } }),
    );
  }
  const removeOthers = db
    .delete(featuredPrograms)
    .where(programIds.length > 0 ? notInArray(featuredPrograms.programId, programIds) : undefined);
  const results = await db.batch([removeOthers, ...inserts, ...listStatements(db)]);
  return editorsList(results.at(-2) as PickRows, results.at(-1) as SummaryRows);
}

/** What featuring a program did. */
export type FeatureOutcome = "featured" | "already_featured" | "list_full";

/**
 * Features the program at `position` (1-based; past the end, or none, means at the end), moving those from there on
 * down one. Refused, changing nothing, when it is already featured or the list is full. Throws D1's foreign-key error
 * (and changes nothing) when it is not a program. One round trip; answers the list as stored.
 */
export async function featureProgram(
  db: Database,
  programId: string,
  position: number | undefined,
  by: Editing,
): Promise<{ outcome: FeatureOutcome; list: EditorsPick[] }> {
  const at = position ?? MAX_FEATURED + 1;
  const isFeatured = sql`EXISTS (SELECT 1 FROM ${featuredPrograms} WHERE ${featuredPrograms.programId} = ${programId})`;
  const [, inserted, stillThere, order, programs] = await db.batch([
    db
      .update(featuredPrograms)
      .set({ position: sql`${featuredPrograms.position} + 1` })
      .where(and(gte(featuredPrograms.position, at), sql`NOT ${isFeatured}`, sql`${listSize} < ${MAX_FEATURED}`)),
    db
      .insert(featuredPrograms)
      .select(
        sql`SELECT ${programId}, min(${at}, ${listSize} + 1), ${by.now}, ${by.userId} WHERE ${listSize} < ${MAX_FEATURED}`,
      )
      .onConflictDoNothing()
      .returning({ programId: featuredPrograms.programId }),
    db
      .select({ programId: featuredPrograms.programId })
      .from(featuredPrograms)
      .where(eq(featuredPrograms.programId, programId)),
    ...listStatements(db),
  ]);
  const outcome = inserted.length > 0 ? "featured" : stillThere.length > 0 ? "already_featured" : "list_full";
  return { outcome, list: editorsList(order, programs) };
}

/** Takes the program off the list, moving those after it up one; false when it was not on it. One round trip. */
export async function unfeatureProgram(db: Database, programId: string): Promise<boolean> {
  const positionOf = db
    .select({ position: featuredPrograms.position })
    .from(featuredPrograms)
    .where(eq(featuredPrograms.programId, programId));
  const [, removed] = await db.batch([
    db
      .update(featuredPrograms)
      .set({ position: sql`${featuredPrograms.position} - 1` })
      .where(gt(featuredPrograms.position, positionOf)),
    db
      .delete(featuredPrograms)
      .where(eq(featuredPrograms.programId, programId))
      .returning({ programId: featuredPrograms.programId }),
  ]);
  return removed.length > 0;
}
