import { createRoute } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { guarded } from "../../auth/guards";
import type { Database } from "../../db/client";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../../http/pagination";
import { notFound, ProblemError } from "../../http/problem";
import { nowIso } from "../../time";
import { hasPublishedLesson } from "../program-sql";
import { programHasRequiredPosters } from "../publish";
import { type ProgramStatus, programs } from "../schema";
import { invalidTransition, PROGRAM_TRANSITIONS } from "../transitions";
import {
  CreateProgramBody,
  ListProgramsQuery,
  ProgramDetailSchema,
  ProgramSchema,
  presentProgram,
  presentProgramDetail,
  UpdateProgramBody,
} from "./program-models";
import {
  deleteProgram,
  findProgram,
  insertProgram,
  listPrograms,
  programOutline,
  transitionProgram,
  updateProgram,
} from "./program-queries";
import { existingTopics } from "./topic-queries";

const tags = ["CMS"];

const list = createRoute({
  method: "get",
  path: "/cms/programs",
  tags,
  summary: "List programs, most recently changed first",
  ...guarded("viewer"),
  request: { query: ListProgramsQuery },
  responses: {
    200: jsonContent(pageOf(ProgramSchema, "CmsProgramPage"), "A page of programs"),
    ...problems(400, 401, 403),
  },
});

const get = createRoute({
  method: "get",
  path: "/cms/programs/{id}",
  tags,
  summary: "A program with its terms, every lesson's status, and its posters",
  ...guarded("viewer"),
  request: { params: IdParam },
  responses: { 200: jsonContent(ProgramDetailSchema, "The program"), ...problems(401, 403, 404) },
});

const create = createRoute({
  method: "post",
  path: "/cms/programs",
  tags,
  summary: "Create a program (draft)",
  ...guarded("editor"),
  request: { body: jsonBody(CreateProgramBody) },
  responses: { 201: jsonContent(ProgramSchema, "The new program"), ...problems(400, 401, 403, 415, 422) },
});

const update = createRoute({
  method: "patch",
  path: "/cms/programs/{id}",
  tags,
  summary: "Edit a program; topic_ids replaces its topics",
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(UpdateProgramBody) },
  responses: { 200: jsonContent(ProgramSchema, "The changed program"), ...problems(400, 401, 403, 404, 415, 422) },
});

const remove = createRoute({
  method: "delete",
  path: "/cms/programs/{id}",
  tags,
  summary: "Delete a program with its terms, lessons and assets",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

const programAction = (action: keyof typeof PROGRAM_TRANSITIONS, summary: string) =>
  createRoute({
    method: "post",
    path: `/cms/programs/{id}/${action}`,
    tags,
    summary,
    description: `Allowed from ${PROGRAM_TRANSITIONS[action].from.join(" or ")}; otherwise 409 \`invalid_transition\`.`,
    ...guarded("editor"),
    request: { params: IdParam },
    responses: { 200: jsonContent(ProgramSchema, "The program"), ...problems(401, 403, 404, 409) },
  });

const archive = programAction("archive", "Archive a program: it leaves the catalog");
const restore = programAction("restore", "Restore an archived program (published again if it ever was)");

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

/** Applies a program transition and answers with the program as it now is; 409 naming both ends if not allowed. */
async function moveProgram(
  db: Database,
  id: string,
  from: ProgramStatus[],
  changes: Parameters<typeof transitionProgram>[3],
  label: string,
) {
  const moved = await transitionProgram(db, id, from, changes, nowIso());
  const program = await findProgram(db, id);
  if (!program) throw notFound("program");
  if (!moved) throw invalidTransition("program", program.status, label);
  return presentProgram(program, program.topics);
}

export const programRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const rows = await listPrograms(c.var.db, {
      limit,
      after: await decodeCursor(c, cursor, NewestFirstPosition),
      ...filter,
    });
    return c.json(
      await toPage(
        c,
        rows,
        limit,
        (row) => [row.updatedAt, row.id],
        (row) => presentProgram(row, row.topics),
      ),
      200,
    );
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const [program, outline] = await Promise.all([findProgram(c.var.db, id), programOutline(c.var.db, id)]);
    if (!program) throw notFound("program");
    return c.json(presentProgramDetail(program, program.topics, outline), 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const topics = await topicsNamed(c.var.db, body.topic_ids);
    const now = nowIso();
    const program = {
      id: crypto.randomUUID(),
      title: body.title,
      description: body.description,
      languagePrimary: body.language_primary,
      languagesAvailable: body.languages_available ?? [body.language_primary],
      status: "draft" as const,
      publishedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await insertProgram(
      c.var.db,
      program,
      topics.map((topic) => topic.id),
    );
    c.header("Location", `/cms/programs/${program.id}`);
    return c.json(presentProgram(program, topics), 201);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const current = await findProgram(c.var.db, id);
    if (!current) throw notFound("program");
    const languagePrimary = body.language_primary ?? current.languagePrimary;
    const languagesAvailable = body.languages_available ?? current.languagesAvailable;
    if (
      !languagesAvailable.includes(languagePrimary) ||
      new Set(languagesAvailable).size !== languagesAvailable.length
    ) {
      throw new ProblemError(
        422,
        "constraint_violation",
        "languages_available must hold language_primary, once each.",
        {
          errors: [{ path: "languages_available", message: `Must include ${languagePrimary}, once.` }],
        },
      );
    }
    const topics = body.topic_ids ? await topicsNamed(c.var.db, body.topic_ids) : current.topics;
    const changes = {
      title: body.title,
      description: body.description,
      languagePrimary: body.language_primary,
      languagesAvailable: body.languages_available,
    };
    const topicIds = body.topic_ids && topics.map((topic) => topic.id);
    const updated = await updateProgram(c.var.db, id, changes, topicIds, nowIso());
    if (!updated) throw notFound("program");
    return c.json(presentProgram(updated, topics), 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteProgram(c.var.db, c.req.valid("param").id))) throw notFound("program");
    return c.body(null, 204);
  })
  .openapi(archive, async (c) => {
    const { from, to } = PROGRAM_TRANSITIONS.archive;
    return c.json(await moveProgram(c.var.db, c.req.valid("param").id, [...from], { status: to }, to), 200);
  })
  .openapi(restore, async (c) => {
    // Back to published if it ever was, or if lessons were published while it was archived and it has the posters a
    // program needs to be published (then, and only then, its published_at is set now); otherwise back to draft.
    const published = sql`(${programs.publishedAt} IS NOT NULL
      OR (${hasPublishedLesson("programs")} AND ${programHasRequiredPosters()}))`;
    const changes = {
      status: sql`CASE WHEN ${published} THEN 'published' ELSE 'draft' END`,
      publishedAt: sql`CASE WHEN ${published} THEN coalesce(${programs.publishedAt}, ${nowIso()}) ELSE NULL END`,
    };
    const { from, to } = PROGRAM_TRANSITIONS.restore;
    return c.json(await moveProgram(c.var.db, c.req.valid("param").id, [...from], changes, to), 200);
  });
