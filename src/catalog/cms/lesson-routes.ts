import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../../http/pagination";
import { notFound } from "../../http/problem";
import { LESSON_TRANSITIONS } from "../transitions";
import {
  CreateLessonBody,
  LessonSchema,
  ListLessonsQuery,
  presentLesson,
  ScheduleLessonBody,
  UpdateLessonBody,
} from "./lesson-models";
import { findLesson, listLessons } from "./lesson-queries";
import {
  archiveLesson,
  createLesson,
  editLesson,
  publishLessonNow,
  removeLesson,
  scheduleLesson,
  unscheduleLesson,
} from "./lesson-service";

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
  description:
    "The status changes only through the actions (publish, schedule, unschedule, archive). A published lesson's " +
    "live content stays as it is: the edit waits as pending changes (answered as the working copy, " +
    "`has_pending_changes: true`) until POST /cms/lessons/{id}/changes/publish. Other lessons change at once.",
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
      "It is published within a second of that time, if its thumbnails are there by then (and, for " +
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

const createLessonRoute = createRoute({
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
    const lesson = await editLesson(c.var.db, c.req.valid("param").id, c.req.valid("json"), c.var.user);
    return c.json(presentLesson(lesson), 200);
  })
  .openapi(remove, async (c) => {
    await removeLesson(c.var.db, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(publish, async (c) => {
    return c.json(presentLesson(await publishLessonNow(c.var.db, c.req.valid("param").id)), 200);
  })
  .openapi(schedule, async (c) => {
    const lesson = await scheduleLesson(c.var.db, c.req.valid("param").id, c.req.valid("json").publish_at);
    return c.json(presentLesson(lesson), 200);
  })
  .openapi(unschedule, async (c) => {
    return c.json(presentLesson(await unscheduleLesson(c.var.db, c.req.valid("param").id)), 200);
  })
  .openapi(archive, async (c) => {
    return c.json(presentLesson(await archiveLesson(c.var.db, c.req.valid("param").id)), 200);
  })
  .openapi(createLessonRoute, async (c) => {
    const lesson = await createLesson(c.var.db, c.req.valid("param").id, c.req.valid("json"));
    c.header("Location", `/cms/lessons/${lesson.id}`);
    return c.json(presentLesson(lesson), 201);
  });
