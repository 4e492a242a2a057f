/**
 * The CMS's rules for programs, for every API that edits them (the REST CMS and GraphQL): input parsed by the program
 * models in, the stored program with its topics out, or the ProblemError the API answers with (404 `not_found`,
 * 409 `invalid_transition`, 422 `unknown_topic` / `constraint_violation`).
 */
import type { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { notFound, ProblemError } from "../../http/problem";
import { nowIso } from "../../time";
import { hasPublishedLesson } from "../program-sql";
import { programHasRequiredPosters } from "../publish";
import { PROGRAM_REVISIONS } from "../revisions/kinds";
import {
  type Actor,
  type ChangeOrigin,
  directChangeStatements,
  EDITED,
  retryOnRevisionMoved,
  stageChanges,
} from "../revisions/service";
import { freshState } from "../revisions/state";
import { type ProgramStatus, programs } from "../schema";
import { invalidTransition, PROGRAM_TRANSITIONS } from "../transitions";
import type { CreateProgramBody, UpdateProgramBody } from "./program-models";
import {
  deleteProgram,
  findProgram,
  insertProgram,
  type ProgramWithTopics,
  programContentOf,
  transitionProgram,
  updateProgramStatements,
  withWorkingCopy,
} from "./program-queries";
import { existingTopics } from "./topic-queries";

export type CreateProgramInput = z.infer<typeof CreateProgramBody>;
export type UpdateProgramInput = z.infer<typeof UpdateProgramBody>;

/** The topics `ids` name, or a 422 listing the ones that do not exist. */
async function topicsNamed(db: Database, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await existingTopics(db, unique);
  const missing = unique.filter((id) => !found.some((topic) => topic.id === id));
  if (missing.length > 0) {
    throw new ProblemError(422, "unknown_topic", "Some topics do not exist.", {
      errors: missing.map((id) => ({ path: `topic_ids.${ids.indexOf(id)}`, message: `No topic ${id}.` })),
    });
  }
  return found;
}

/**
 * Creates a draft program tagged with the topics named.
 *
 * @example
 * const program = await createProgram(db, CreateProgramBody.parse(body));
 */
export async function createProgram(db: Database, input: CreateProgramInput): Promise<ProgramWithTopics> {
  const topics = await topicsNamed(db, input.topic_ids);
  const now = nowIso();
  const program = {
    id: crypto.randomUUID(),
    title: input.title,
    description: input.description,
    languagePrimary: input.language_primary,
    languagesAvailable: input.languages_available ?? [input.language_primary],
    status: "draft" as const,
    publishedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await insertProgram(
    db,
    program,
    topics.map((topic) => topic.id),
  );
  return { ...program, topics, revisions: freshState(programContentOf(program, topics)) };
}

/**
 * Edits a program; `topic_ids` replaces its topics. The languages are checked as they would be after the change. A
 * published program keeps its live content: the change waits as pending changes until published (see
 * src/catalog/revisions); any other is changed at once. Either way the change is a version in its history. Answers
 * the working copy.
 */
export function editProgram(
  db: Database,
  id: string,
  input: UpdateProgramInput,
  actor: Actor,
  origin: ChangeOrigin = EDITED,
): Promise<ProgramWithTopics> {
  return retryOnRevisionMoved(() => editProgramOnce(db, id, input, actor, origin));
}

async function editProgramOnce(
  db: Database,
  id: string,
  input: UpdateProgramInput,
  actor: Actor,
  origin: ChangeOrigin,
): Promise<ProgramWithTopics> {
  const current = await findProgram(db, id);
  if (!current) throw notFound("program");
  const languagePrimary = input.language_primary ?? current.languagePrimary;
  const languagesAvailable = input.languages_available ?? current.languagesAvailable;
  if (!languagesAvailable.includes(languagePrimary) || new Set(languagesAvailable).size !== languagesAvailable.length) {
    throw new ProblemError(422, "constraint_violation", "languages_available must hold language_primary, once each.", {
      errors: [{ path: "languages_available", message: `Must include ${languagePrimary}, once.` }],
    });
  }
  const topics = input.topic_ids ? await topicsNamed(db, input.topic_ids) : current.topics;
  const topicIds = input.topic_ids && topics.map((topic) => topic.id);
  const sent = { ...input, topic_ids: topicIds && [...topicIds].sort() };
  if (current.status === "published") {
    const revisions = await stageChanges(db, PROGRAM_REVISIONS, id, current.revisions, sent, actor, origin);
    return { ...withWorkingCopy(current, revisions), topics, revisions };
  }
  const change = updateProgramStatements(db, id, programColumnsOf(sent), topicIds, nowIso());
  const [, [updated]] = await db.batch(
    directChangeStatements(db, PROGRAM_REVISIONS, id, current.revisions, sent, change, actor, origin),
  );
  if (!updated) throw notFound("program");
  return { ...updated, topics, revisions: freshState(programContentOf(updated, topics)) };
}

/** The columns of a program's content fields that were sent; the others stay undefined (left as they are). */
const programColumnsOf = (sent: UpdateProgramInput) => ({
  title: sent.title,
  description: sent.description,
  languagePrimary: sent.language_primary,
  languagesAvailable: sent.languages_available,
});

/** Deletes the program with its terms, lessons and assets; 404 when there is none. */
export async function removeProgram(db: Database, id: string): Promise<void> {
  if (!(await deleteProgram(db, id))) throw notFound("program");
}

/** Archives a program: it leaves the catalog. */
export function archiveProgram(db: Database, id: string): Promise<ProgramWithTopics> {
  const { from, to } = PROGRAM_TRANSITIONS.archive;
  return moveProgram(db, id, [...from], { status: to }, to);
}

/**
 * Restores an archived program: back to published if it ever was, or if lessons were published while it was archived
 * and it has the posters a program needs to be published (then, and only then, its published_at is set now);
 * otherwise back to draft.
 */
export function restoreProgram(db: Database, id: string): Promise<ProgramWithTopics> {
  const published = sql`(${programs.publishedAt} IS NOT NULL
    OR (${hasPublishedLesson("programs")} AND ${programHasRequiredPosters()}))`;
  const changes = {
    status: sql`CASE WHEN ${published} THEN 'published' ELSE 'draft' END`,
    publishedAt: sql`CASE WHEN ${published} THEN coalesce(${programs.publishedAt}, ${nowIso()}) ELSE NULL END`,
  };
  const { from, to } = PROGRAM_TRANSITIONS.restore;
  return moveProgram(db, id, [...from], changes, to);
}

/** Applies a program transition and returns the program as it now is; 409 naming both ends if not allowed. */
async function moveProgram(
  db: Database,
  id: string,
  from: ProgramStatus[],
  changes: Parameters<typeof transitionProgram>[3],
  label: string,
): Promise<ProgramWithTopics> {
  const moved = await transitionProgram(db, id, from, changes, nowIso());
  const program = await findProgram(db, id);
  if (!program) throw notFound("program");
  if (!moved) throw invalidTransition("program", program.status, label);
  return program;
}
