import { and, desc, eq, getTableColumns, inArray, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { containsText, isOneOf, keysBelow } from "../../db/filters";
import { hasTopic, topicsJsonOf } from "../program-sql";
import { PROGRAM_REVISIONS } from "../revisions/kinds";
import { parsePendingState, pendingStateOf } from "../revisions/queries";
import { type Content, type RevisionState, revisionStateOf, workingContent } from "../revisions/state";
import { lessons, type ProgramRow, type ProgramStatus, programAssets, programs, programTopics, terms } from "../schema";
import type { TopicRef } from "./topic-queries";

const parseTopics = (json: string): TopicRef[] => JSON.parse(json) as TopicRef[];

/**
 * A program as editors see it: the working copy (the live row with its pending changes on top), its topics, and its
 * revision state (see src/catalog/revisions).
 */
export type ProgramWithTopics = ProgramRow & { topics: TopicRef[]; revisions: RevisionState };

/** The topics a program's pending changes would give it, by name (`[]` when none are pending). */
const pendingTopicsJson =
  sql.raw(`(SELECT json_group_array(json_object('id', t.id, 'name', t.name) ORDER BY lower(t.name))
  FROM program_pending_changes pc, json_each(pc.fields, '$.topic_ids.value') j JOIN topics t ON t.id = j.value
  WHERE pc.program_id = programs.id)`);

const programWithTopics = {
  ...getTableColumns(programs),
  topicsJson: sql<string>`${topicsJsonOf("programs")}`,
  pendingJson: pendingStateOf(PROGRAM_REVISIONS, "programs"),
  pendingTopicsJson: sql<string>`${pendingTopicsJson}`,
};

/** A program's content in the API's words, as revisions keep it. */
export const programContentOf = (row: ProgramRow, topics: TopicRef[]): Content => ({
  title: row.title,
  description: row.description,
  language_primary: row.languagePrimary,
  languages_available: row.languagesAvailable,
  topic_ids: topics.map((topic) => topic.id).sort(),
});

function withTopics({
  topicsJson,
  pendingJson,
  pendingTopicsJson,
  ...row
}: ProgramRow & { topicsJson: string; pendingJson: string | null; pendingTopicsJson: string }): ProgramWithTopics {
  const topics = parseTopics(topicsJson);
  const revisions = revisionStateOf(programContentOf(row, topics), parsePendingState(pendingJson));
  return {
    ...withWorkingCopy(row, revisions),
    topics: revisions.pending.topic_ids ? parseTopics(pendingTopicsJson) : topics,
    revisions,
  };
}

/** The program row with its content as the working copy has it. */
export function withWorkingCopy(row: ProgramRow, revisions: RevisionState): ProgramRow {
  const working = workingContent(revisions);
  return {
    ...row,
    title: working.title as string,
    description: working.description as string,
    languagePrimary: working.language_primary as string,
    languagesAvailable: working.languages_available as string[],
  };
}

/** A program's posters as a JSON array of `{language, variant, url}`: entries of program_assets' unique index only. */
const postersJson = sql<string>`(SELECT json_group_array(json_object('language', pa.language, 'variant', pa.variant,
  'url', pa.url)) FROM program_assets pa WHERE pa.program_id = programs.id)`;

export type ProgramListRow = ProgramWithTopics & { posters: { language: string; variant: string; url: string }[] };

/** A page of programs with their topics and posters, in one statement. */
export async function listPrograms(
  db: Database,
  filter: {
    limit: number;
    after?: readonly [string, string];
    status?: ProgramStatus;
    language?: string;
    topic?: string;
    q?: string;
  },
): Promise<ProgramListRow[]> {
  const conditions: (SQL | undefined)[] = [
    filter.status && eq(programs.status, filter.status),
    filter.language ? eq(programs.languagePrimary, filter.language) : undefined,
    filter.topic ? hasTopic("programs", filter.topic) : undefined,
    filter.q ? containsText(filter.q, programs.title, programs.description) : undefined,
    filter.after && keysBelow([programs.updatedAt, programs.id], filter.after),
  ];
  const rows = await db
    .select({ ...programWithTopics, postersJson })
    .from(programs)
    .where(and(...conditions))
    .orderBy(desc(programs.updatedAt), desc(programs.id))
    .limit(filter.limit + 1);
  return rows.map(({ postersJson, ...row }) => ({ ...withTopics(row), posters: JSON.parse(postersJson) }));
}

export async function findProgram(db: Database, id: string): Promise<ProgramWithTopics | undefined> {
  const row = await db.select(programWithTopics).from(programs).where(eq(programs.id, id)).get();
  return row && withTopics(row);
}

/** Replaces the program's topic set with `topicIds`, as statements for the caller's batch. */
function replaceTopics(db: Database, programId: string, topicIds: string[]) {
  const statements = [db.delete(programTopics).where(eq(programTopics.programId, programId))];
  if (topicIds.length === 0) return statements;
  return [...statements, db.insert(programTopics).values(topicIds.map((topicId) => ({ programId, topicId })))];
}

export async function insertProgram(db: Database, program: ProgramRow, topicIds: string[]): Promise<void> {
  const insert = db.insert(programs).values(program);
  if (topicIds.length === 0) await insert;
  else
    await db.batch([
      insert,
      db.insert(programTopics).values(topicIds.map((topicId) => ({ programId: program.id, topicId }))),
    ]);
}

/**
 * The statements that apply `changes` (and, when given, replace the topic set), for the caller's batch; the first
 * answers the updated row.
 */
export function updateProgramStatements(
  db: Database,
  id: string,
  changes: Partial<Pick<ProgramRow, "title" | "description" | "languagePrimary" | "languagesAvailable">>,
  topicIds: string[] | undefined,
  now: string,
) {
  const update = db
    .update(programs)
    .set({ ...changes, updatedAt: now })
    .where(eq(programs.id, id))
    .returning();
  return [update, ...(topicIds === undefined ? [] : replaceTopics(db, id, topicIds))] as const;
}

/**
 * Id, title and status of the programs among `ids` (a list, or a subquery selecting ids), whatever their status, in
 * no particular order: a statement to await or to put in the caller's batch.
 *
 * @example
 * const [found] = await db.batch([programSummariesAmong(db, ["p1", "p2"])]);
 */
export const programSummariesAmong = (db: Database, ids: string[] | SQLWrapper) =>
  db
    .select({ id: programs.id, title: programs.title, status: programs.status })
    .from(programs)
    .where(inArray(programs.id, ids));

/** Whether the program exists: one primary-key read, nothing else. */
export const programExists = async (db: Database, id: string): Promise<boolean> =>
  (await db.select({ id: programs.id }).from(programs).where(eq(programs.id, id)).get()) !== undefined;

export async function deleteProgram(db: Database, id: string): Promise<boolean> {
  return (await db.delete(programs).where(eq(programs.id, id)).returning({ id: programs.id })).length > 0;
}

/** Moves a program from one of `from` to `to`; `undefined` when it is not in one of `from` (or does not exist). */
export const transitionProgram = (
  db: Database,
  id: string,
  from: ProgramStatus[],
  changes: { status: ProgramStatus | SQL; publishedAt?: SQL },
  now: string,
): Promise<ProgramRow | undefined> =>
  db
    .update(programs)
    .set({ ...(changes as { status: ProgramStatus; publishedAt?: string }), updatedAt: now })
    .where(and(eq(programs.id, id), inArray(programs.status, from)))
    .returning()
    .get();

/** The program's terms, each lesson (in order) and its posters, in one round trip. */
export async function programOutline(db: Database, programId: string) {
  const [termRows, lessonRows, posterRows] = await db.batch([
    db.select().from(terms).where(eq(terms.programId, programId)).orderBy(terms.termNumber),
    db
      .select({
        id: lessons.id,
        termId: lessons.termId,
        lessonNumber: lessons.lessonNumber,
        title: lessons.title,
        status: lessons.status,
        publishAt: lessons.publishAt,
        publishedAt: lessons.publishedAt,
        publishError: lessons.publishError,
      })
      .from(lessons)
      .innerJoin(terms, eq(terms.id, lessons.termId))
      .where(eq(terms.programId, programId))
      .orderBy(terms.termNumber, lessons.lessonNumber),
    db
      .select({ language: programAssets.language, variant: programAssets.variant, url: programAssets.url })
      .from(programAssets)
      .where(eq(programAssets.programId, programId)),
  ]);
  return { termRows, lessonRows, posterRows };
}

/** The programs among `ids` that exist, with their topics, in one statement (any order). */
export async function findPrograms(db: Database, ids: readonly string[]): Promise<ProgramWithTopics[]> {
  const rows = await db.select(programWithTopics).from(programs).where(isOneOf(programs.id, ids));
  return rows.map(withTopics);
}
