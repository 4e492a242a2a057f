import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, PageQuery, pageOf, toPage } from "../../http/pagination";
import { notFound } from "../../http/problem";
import { programExists } from "./program-queries";
import { CreateTermBody, presentTerm, TermPosition, TermSchema, UpdateTermBody } from "./term-models";
import { findTerm, listTerms } from "./term-queries";
import { createTerm, editTerm, removeTerm } from "./term-service";

const tags = ["CMS"];

const get = createRoute({
  method: "get",
  path: "/cms/terms/{id}",
  tags,
  summary: "One term",
  ...guarded("viewer"),
  request: { params: IdParam },
  responses: { 200: jsonContent(TermSchema, "The term"), ...problems(401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/cms/terms/{id}",
  tags,
  summary: "Rename or renumber a term",
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(UpdateTermBody) },
  responses: { 200: jsonContent(TermSchema, "The changed term"), ...problems(400, 401, 403, 404, 409, 415) },
});

const remove = createRoute({
  method: "delete",
  path: "/cms/terms/{id}",
  tags,
  summary: "Delete a term with its lessons",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

const listProgramTerms = createRoute({
  method: "get",
  path: "/cms/programs/{id}/terms",
  tags,
  summary: "A program's terms, by term number",
  ...guarded("viewer"),
  request: { params: IdParam, query: PageQuery },
  responses: { 200: jsonContent(pageOf(TermSchema, "TermPage"), "A page of terms"), ...problems(400, 401, 403, 404) },
});

const createTermRoute = createRoute({
  method: "post",
  path: "/cms/programs/{id}/terms",
  tags,
  summary: "Add a term to a program",
  description: "Term numbers are unique within a program: 409 `term_number_taken`.",
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(CreateTermBody) },
  responses: { 201: jsonContent(TermSchema, "The new term"), ...problems(400, 401, 403, 404, 409, 415) },
});

export const termRoutes = createRouter()
  .openapi(get, async (c) => {
    const term = await findTerm(c.var.db, c.req.valid("param").id);
    if (!term) throw notFound("term");
    return c.json(presentTerm(term), 200);
  })
  .openapi(update, async (c) => {
    const term = await editTerm(c.var.db, c.req.valid("param").id, c.req.valid("json"));
    return c.json(presentTerm(term), 200);
  })
  .openapi(remove, async (c) => {
    await removeTerm(c.var.db, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(listProgramTerms, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const after = (await decodeCursor(c, cursor, TermPosition))?.[0];
    const [exists, rows] = await Promise.all([programExists(c.var.db, id), listTerms(c.var.db, id, { limit, after })]);
    if (!exists) throw notFound("program");
    return c.json(await toPage(c, rows, limit, (row) => [row.termNumber], presentTerm), 200);
  })
  .openapi(createTermRoute, async (c) => {
    const term = await createTerm(c.var.db, c.req.valid("param").id, c.req.valid("json"));
    c.header("Location", `/cms/terms/${term.id}`);
    return c.json(presentTerm(term), 201);
  });
