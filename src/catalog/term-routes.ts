import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { notFound } from "../http/problem";
import { nowIso } from "../time";
import { assertValidLessonContent, claimingUnique, lessonNumberTaken, termNumberTaken } from "./cms-errors";
import {
  CreateLessonBody,
  LessonSchema,
  lessonColumns,
  presentLesson,
  presentTerm,
  TermSchema,
  UpdateTermBody,
} from "./cms-models";
import { deleteTerm, findTerm, insertLesson, updateTerm } from "./cms-queries";

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

const createLesson = createRoute({
  method: "post",
  path: "/cms/terms/{id}/lessons",
  tags,
  summary: "Add a lesson (draft) to a term",
  description:
    "Video and audio lessons need `duration_ms`; the primary content language needs a content URL; subtitle URLs " +
    "match subtitle languages one to one. Lesson numbers are unique within a term: 409 `lesson_number_taken`.",
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(CreateLessonBody) },
  responses: { 201: jsonContent(LessonSchema, "The new lesson"), ...problems(400, 401, 403, 404, 409, 415, 422) },
});

export const termRoutes = createRouter()
  .openapi(get, async (c) => {
    const term = await findTerm(c.var.db, c.req.valid("param").id);
    if (!term) throw notFound("term");
    return c.json(presentTerm(term), 200);
  })
  .openapi(update, async (c) => {
    const { title, term_number } = c.req.valid("json");
    const change = updateTerm(c.var.db, c.req.valid("param").id, { title, termNumber: term_number }, nowIso());
    const term = await claimingUnique(change, termNumberTaken);
    if (!term) throw notFound("term");
    return c.json(presentTerm(term), 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteTerm(c.var.db, c.req.valid("param").id))) throw notFound("term");
    return c.body(null, 204);
  })
  .openapi(createLesson, async (c) => {
    const { lesson_number, ...body } = c.req.valid("json");
    const content = {
      ...body,
      content_languages_available: body.content_languages_available ?? [body.content_language_primary],
    };
    assertValidLessonContent(content);
    const now = nowIso();
    const insert = insertLesson(c.var.db, c.req.valid("param").id, {
      id: crypto.randomUUID(),
      lessonNumber: lesson_number,
      ...lessonColumns(content),
      createdAt: now,
      updatedAt: now,
    });
    const lesson = await claimingUnique(insert, lessonNumberTaken);
    if (!lesson) throw notFound("term");
    c.header("Location", `/cms/lessons/${lesson.id}`);
    return c.json(presentLesson(lesson), 201);
  });
