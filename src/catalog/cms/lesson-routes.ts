import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import type { Database } from "../../db/client";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../../http/pagination";
import { notFound, validationFailed } from "../../http/problem";
import { nowIso } from "../../time";
import { lessonColumns, lessonContentOf } from "../lesson-content";
import { publishLesson } from "../publish";
import type { lessons } from "../schema";
import { invalidTransition, LESSON_TRANSITIONS } from "../transitions";
import { assertValidLessonContent, claimingUnique, lessonNumberTaken, missingAssets } from "./errors";
import {
  CreateLessonBody,
  LessonSchema,
  ListLessonsQuery,
  presentLesson,
  ScheduleLessonBody,
  UpdateLessonBody,
} from "./lesson-models";
import { deleteLesson, findLesson, insertLesson, listLessons, transitionLesson, updateLesson } from "./lesson-queries";

const tags = ["CMS"];

const list = createRoute({
  method: "get",
  path: "/cms/lessons",
  tags,
  summary: "List lessons, most recently changed first",
  description: "`has_publish_error=true` lists the scheduled lessons the publisher could not publish, and why.",
  ...guarded("viewer"),
  request: { query: ListLessonsQuery },
  responses: {
    200: jsonContent(pageOf(LessonSchema, "CmsLessonPage"), "A page of lessons"),
    ...problems(400, 401, 403),
  },
});

const get = createRoute({
  method: "get",
  path: "/cms/lessons/{id}",
  tags,
  summary: "One lesson",
  ...guarded("viewer"),
  request: { params: IdParam },
  responses: { 200: jsonContent(LessonSchema, "The lesson"), ...problems(401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/cms/lessons/{id}",
  tags,
  summary: "Edit a lesson's content or number",
  description: "The status changes only through the actions (publish, schedule, unschedule, archive).",
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(UpdateLessonBody) },
  responses: { 200: jsonContent(LessonSchema, "The changed lesson"), ...problems(400, 401, 403, 404, 409, 415, 422) },
});

const remove = createRoute({
  method: "delete",
  path: "/cms/lessons/{id}",
  tags,
  summary: "Delete a lesson and its assets",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

const action = (name: keyof typeof LESSON_TRANSITIONS, summary: string, extra: { description?: string } = {}) => ({
  method: "post" as const,
  path: `/cms/lessons/{id}/${name}`,
  tags,
  summary,
  description:
    `Allowed from ${LESSON_TRANSITIONS[name].from.join(" or ")}; otherwise 409 \`invalid_transition\` naming ` +
    `from and to.${extra.description ? ` ${extra.description}` : ""}`,
  ...guarded("editor"),
});

const publish = createRoute({
  ...action("publish", "Publish a lesson now", {
    description:
      "Needs portrait and landscape thumbnails in the lesson's primary content language (422 `missing_thumbnails`). " +
      "Publishes the program too when it is still a draft, which needs portrait and landscape posters in the " +
      "program's primary language (422 `missing_posters`, with `program_id`); when both are missing, one " +
      "`missing_thumbnails` answer names the thumbnails and the posters (`missing_posters`).",
  }),
  request: { params: IdParam },
  responses: { 200: jsonContent(LessonSchema, "The published lesson"), ...problems(401, 403, 404, 409, 422) },
});

const schedule = createRoute({
  ...action("schedule", "Schedule a lesson to be published at publish_at (in the future)", {
    description:
      "The Cron Trigger publishes it within a minute of that time, if its thumbnails are there by then (and, for " +
      "the first lesson of a draft program, the program's posters); if not, it stays scheduled with a publish_error.",
  }),
  request: { params: IdParam, body: jsonBody(ScheduleLessonBody) },
  responses: { 200: jsonContent(LessonSchema, "The scheduled lesson"), ...problems(400, 401, 403, 404, 409, 415) },
});

const unschedule = createRoute({
  ...action("unschedule", "Take a scheduled lesson back to draft"),
  request: { params: IdParam },
  responses: { 200: jsonContent(LessonSchema, "The lesson, draft again"), ...problems(401, 403, 404, 409) },
});

const archive = createRoute({
  ...action("archive", "Archive a lesson: it leaves the catalog"),
  request: { params: IdParam },
  responses: { 200: jsonContent(LessonSchema, "The archived lesson"), ...problems(401, 403, 404, 409) },
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

/**
 * Applies a status action as one guarded UPDATE (the status it starts from is part of the WHERE), so concurrent
 * actions cannot both apply; otherwise answers 404 or 409 naming the lesson's current status.
 */
async function moveLesson(
  db: Database,
  id: string,
  name: keyof typeof LESSON_TRANSITIONS,
  changes: Partial<typeof lessons.$inferInsert>,
) {
  const { from, to } = LESSON_TRANSITIONS[name];
  const lesson = await transitionLesson(db, id, [...from], { ...changes, status: to, updatedAt: nowIso() });
  if (lesson) return presentLesson(lesson);
  const current = await findLesson(db, id);
  throw current ? invalidTransition("lesson", current.status, to) : notFound("lesson");
}

export const lessonRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, cursor, program_id, term_id, has_publish_error, ...filter } = c.req.valid("query");
    const rows = await listLessons(c.var.db, {
      limit,
      after: await decodeCursor(c, cursor, NewestFirstPosition),
      programId: program_id,
      termId: term_id,
      hasPublishError: has_publish_error,
      ...filter,
    });
    return c.json(await toPage(c, rows, limit, (row) => [row.updatedAt, row.id], presentLesson), 200);
  })
  .openapi(get, async (c) => {
    const lesson = await findLesson(c.var.db, c.req.valid("param").id);
    if (!lesson) throw notFound("lesson");
    return c.json(presentLesson(lesson), 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const { lesson_number, ...patch } = c.req.valid("json");
    const current = await findLesson(c.var.db, id);
    if (!current) throw notFound("lesson");
    // The rules hold across fields, so they are checked on the lesson as it would be after the change. Only the
    // fields sent are written, so an edit of other fields made meanwhile is kept (the database re-checks the rules).
    const sent = definedFields(patch);
    assertValidLessonContent({ ...lessonContentOf(current), ...sent });
    const change = updateLesson(c.var.db, id, {
      ...lessonColumns(sent),
      lessonNumber: lesson_number,
      updatedAt: nowIso(),
    });
    const lesson = await claimingUnique(change, lessonNumberTaken);
    if (!lesson) throw notFound("lesson");
    return c.json(presentLesson(lesson), 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteLesson(c.var.db, c.req.valid("param").id))) throw notFound("lesson");
    return c.body(null, 204);
  })
  .openapi(publish, async (c) => {
    const result = await publishLesson(c.var.db, c.req.valid("param").id, new Date());
    if (result.ok) return c.json(presentLesson(result.lesson), 200);
    switch (result.reason) {
      case "not_found":
        throw notFound("lesson");
      case "invalid_transition":
        throw invalidTransition("lesson", result.from, "published");
      case "missing_thumbnails":
        throw missingAssets(result.missing, result.posters);
      case "missing_posters":
        throw missingAssets([], result);
    }
  })
  .openapi(schedule, async (c) => {
    const publishAt = new Date(c.req.valid("json").publish_at);
    if (publishAt.getTime() <= Date.now()) {
      throw validationFailed([{ path: "publish_at", message: "Must be in the future." }]);
    }
    const lesson = await moveLesson(c.var.db, c.req.valid("param").id, "schedule", {
      publishAt: publishAt.toISOString(),
      publishError: null,
    });
    return c.json(lesson, 200);
  })
  .openapi(unschedule, async (c) => {
    const lesson = await moveLesson(c.var.db, c.req.valid("param").id, "unschedule", {
      publishAt: null,
      publishError: null,
    });
    return c.json(lesson, 200);
  })
  .openapi(archive, async (c) => {
    const lesson = await moveLesson(c.var.db, c.req.valid("param").id, "archive", {
      publishAt: null,
      publishError: null,
    });
    return c.json(lesson, 200);
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

/** The fields of a PATCH body that were sent (`undefined` means "leave as it is"). */
function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
