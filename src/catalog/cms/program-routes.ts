import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../../http/pagination";
import { notFound } from "../../http/problem";
import { PROGRAM_TRANSITIONS } from "../transitions";
import {
  CreateProgramBody,
  ListProgramsQuery,
  ProgramDetailSchema,
  ProgramListItemSchema,
  ProgramSchema,
  postersByLanguage,
  presentProgram,
  presentProgramDetail,
  UpdateProgramBody,
} from "./program-models";
import { findProgram, listPrograms, programOutline } from "./program-queries";
import { archiveProgram, createProgram, editProgram, removeProgram, restoreProgram } from "./program-service";

const tags = ["CMS"];

const list = createRoute({
  method: "get",
  path: "/cms/programs",
  tags,
  summary: "List programs, most recently changed first",
  ...guarded("viewer"),
  request: { query: ListProgramsQuery },
  responses: {
    200: jsonContent(pageOf(ProgramListItemSchema, "CmsProgramPage"), "A page of programs with their posters"),
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
  description:
    "A published program's live content stays as it is: the edit waits as pending changes (answered as the working " +
    "copy, `has_pending_changes: true`) until POST /cms/programs/{id}/changes/publish. Other programs change at once.",
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
        (row) => ({ ...presentProgram(row, row.topics), posters: postersByLanguage(row.posters) }),
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
    const program = await createProgram(c.var.db, c.req.valid("json"));
    c.header("Location", `/cms/programs/${program.id}`);
    return c.json(presentProgram(program, program.topics), 201);
  })
  .openapi(update, async (c) => {
    const program = await editProgram(c.var.db, c.req.valid("param").id, c.req.valid("json"), c.var.user);
    return c.json(presentProgram(program, program.topics), 200);
  })
  .openapi(remove, async (c) => {
    await removeProgram(c.var.db, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(archive, async (c) => {
    const program = await archiveProgram(c.var.db, c.req.valid("param").id);
    return c.json(presentProgram(program, program.topics), 200);
  })
  .openapi(restore, async (c) => {
    const program = await restoreProgram(c.var.db, c.req.valid("param").id);
    return c.json(presentProgram(program, program.topics), 200);
  });
