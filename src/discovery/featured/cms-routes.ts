import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { programSummariesAmong } from "../../catalog/cms/program-queries";
import type { Database } from "../../db/client";
import { constraintViolation } from "../../http/errors";
import { createRouter, jsonBody, jsonContent, problems } from "../../http/openapi";
import { conflict, notFound, validationFailed } from "../../http/problem";
import { nowIso } from "../../time";
import {
  EditorsListSchema,
  FeatureProgramBody,
  MAX_FEATURED,
  ProgramIdParam,
  presentEditorsList,
  ReplaceFeaturedBody,
} from "./models";
import { featureProgram, readEditorsList, replaceEditorsList, unfeatureProgram } from "./queries";

// Under /cms/*, where every successful write purges the edge cache's `catalog` scope (src/catalog/routes.ts mounts
// that for every /cms/* path of the app), so the public list shows a change on its next read.

const tags = ["CMS"];

const list = createRoute({
  method: "get",
  path: "/cms/featured",
  tags,
  summary: "The editors' featured list, in order, whatever each program's status",
  ...guarded("viewer"),
  responses: { 200: jsonContent(EditorsListSchema, "The list"), ...problems(401, 403) },
});

const replace = createRoute({
  method: "put",
  path: "/cms/featured",
  tags,
  summary: "Replace the whole featured list, in order",
  description:
    `At most ${MAX_FEATURED} programs, each once (400 naming \`program_ids.<index>\` for a repeat or an unknown ` +
    "program). Atomic: programs left out are unfeatured; those kept keep when and by whom they were featured.",
  ...guarded("editor"),
  request: { body: jsonBody(ReplaceFeaturedBody) },
  responses: { 200: jsonContent(EditorsListSchema, "The list as stored"), ...problems(400, 401, 403, 415) },
});

const feature = createRoute({
  method: "post",
  path: "/cms/featured",
  tags,
  summary: "Feature a program, at a position or at the end",
  description:
    "409 `already_featured` when it is on the list, 409 `featured_list_full` at " +
    `${MAX_FEATURED}; 404 when there is no such program. A draft or archived program may be featured: it shows ` +
    "publicly once it is in the catalog.",
  ...guarded("editor"),
  request: { body: jsonBody(FeatureProgramBody) },
  responses: { 201: jsonContent(EditorsListSchema, "The list as stored"), ...problems(400, 401, 403, 404, 409, 415) },
});

const unfeature = createRoute({
  method: "delete",
  path: "/cms/featured/{program_id}",
  tags,
  summary: "Take a program off the featured list (those after it move up)",
  ...guarded("editor"),
  request: { params: ProgramIdParam },
  responses: { 204: { description: "Unfeatured" }, ...problems(401, 403, 404) },
});

/** Runs a write that names programs; D1's foreign-key refusal (nothing written) becomes `unknown()`. */
async function namingPrograms<T>(write: Promise<T>, unknown: () => Promise<Error> | Error): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (constraintViolation(error) === "foreign_key") throw await unknown();
    throw error;
  }
}

/** The 400 naming each of `ids` that is not a program by its index (a second round trip, on this path only). */
async function unknownPrograms(db: Database, ids: string[]) {
  const known = new Set((await programSummariesAmong(db, ids)).map((program) => program.id));
  const errors = ids.flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `program_ids.${i}`, message: `No program ${id}.` }],
  );
  return validationFailed(errors, "Some programs do not exist.");
}

/** The editors' featured list: viewers read it, editors change it. Every route is one D1 round trip of its own. */
export const featuredCmsRoutes = createRouter()
  .openapi(list, async (c) => c.json(presentEditorsList(await readEditorsList(c.var.db)), 200))
  .openapi(replace, async (c) => {
    const ids = c.req.valid("json").program_ids;
    const editing = { userId: c.var.user.id, now: nowIso() };
    const stored = await namingPrograms(replaceEditorsList(c.var.db, ids, editing), () =>
      unknownPrograms(c.var.db, ids),
    );
    return c.json(presentEditorsList(stored), 200);
  })
  .openapi(feature, async (c) => {
    const { program_id, position } = c.req.valid("json");
    const editing = { userId: c.var.user.id, now: nowIso() };
    const { outcome, list } = await namingPrograms(featureProgram(c.var.db, program_id, position, editing), () =>
      notFound("program"),
    );
    if (outcome === "already_featured") {
      throw conflict("already_featured", "The program is already featured.", [
        { path: "program_id", message: "Already on the list." },
      ]);
    }
    if (outcome === "list_full") {
      throw conflict("featured_list_full", `The list holds at most ${MAX_FEATURED} programs: unfeature one first.`);
    }
    c.header("Location", "/cms/featured");
    return c.json(presentEditorsList(list), 201);
  })
  .openapi(unfeature, async (c) => {
    if (!(await unfeatureProgram(c.var.db, c.req.valid("param").program_id))) throw notFound("featured program");
    return c.body(null, 204);
  });
