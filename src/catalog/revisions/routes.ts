import { createRoute, z } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, pageOf, toPage } from "../../http/pagination";
import { REVISION_KINDS, type RevisionKindName } from "./kinds";
import { PendingChangesSchema, SchedulePendingBody, VersionPosition, VersionSchema, VersionsQuery } from "./models";
import type { VersionRow } from "./queries";
import { restoreVersion } from "./restore";
import { discardChanges, pendingChangesOf, publishChanges, scheduleChanges, versionsOf } from "./service";

const tags = ["CMS"];

const VersionParams = IdParam.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "version", in: "path" }, example: 3 }),
});

const presentVersion = (row: VersionRow): z.infer<typeof VersionSchema> => ({
  version: row.version,
  action: row.action,
  changed_fields: JSON.parse(row.changedFields) as string[],
  changed_by: row.changedById ? { id: row.changedById, name: row.changedByName ?? "" } : null,
  changed_at: row.changedAt,
  restored_from: row.restoredFrom,
  content: JSON.parse(row.snapshot) as Record<string, unknown>,
});

/** The revision routes of one kind of item, under /cms/{programs|lessons}/{id}/changes and …/versions. */
function revisionRoutes(kindName: RevisionKindName) {
  const kind = REVISION_KINDS[kindName];
  const base = `/cms/${kindName}s/{id}`;
  const answer = (summary: string, extra: object = {}) => ({ tags, summary, ...extra });
  const changes = jsonContent(PendingChangesSchema, `The ${kindName}'s pending changes now`);

  const read = createRoute({
    method: "get",
    path: `${base}/changes`,
    ...answer(`What a published ${kindName}'s pending changes would change, field by field`),
    ...guarded("viewer"),
    request: { params: IdParam },
    responses: { 200: changes, ...problems(401, 403, 404) },
  });
  const publish = createRoute({
    method: "post",
    path: `${base}/changes/publish`,
    ...answer(`Publish the ${kindName}'s pending changes now`, {
      description:
        "409 `no_pending_changes` when nothing is pending (also for the second of two publishes at once); 409 " +
        "`changes_moved_on` when they were edited while publishing (review them again)" +
        (kindName === "lesson" ? "; 409 `lesson_number_taken` when another lesson took the pending number." : "."),
    }),
    ...guarded("editor"),
    request: { params: IdParam },
    responses: { 200: changes, ...problems(401, 403, 404, 409) },
  });
  const schedule = createRoute({
    method: "post",
    path: `${base}/changes/schedule`,
    ...answer(`Schedule the ${kindName}'s pending changes for publish_at (in the future)`, {
      description: "The scheduler publishes them within a second of that time; later edits go with them.",
    }),
    ...guarded("editor"),
    request: { params: IdParam, body: jsonBody(SchedulePendingBody) },
    responses: { 200: changes, ...problems(400, 401, 403, 404, 409, 415) },
  });
  const discard = createRoute({
    method: "delete",
    path: `${base}/changes`,
    ...answer(`Discard the ${kindName}'s pending changes`),
    ...guarded("editor"),
    request: { params: IdParam },
    responses: { 200: changes, ...problems(401, 403, 404, 409) },
  });
  const versions = createRoute({
    method: "get",
    path: `${base}/versions`,
    ...answer(`The ${kindName}'s version history, newest first: who changed which fields, when`),
    ...guarded("viewer"),
    request: { params: IdParam, query: VersionsQuery },
    responses: {
      200: jsonContent(pageOf(VersionSchema, `${kind.name === "program" ? "Program" : "Lesson"}VersionPage`), "A page"),
      ...problems(400, 401, 403, 404),
    },
  });
  const restore = createRoute({
    method: "post",
    path: `${base}/versions/{version}/restore`,
    ...answer(`Bring back an earlier version of the ${kindName}`, {
      description: `For a published ${kindName} it becomes the pending changes (publish them to make it live); otherwise it applies at once.`,
    }),
    ...guarded("editor"),
    request: { params: VersionParams },
    responses: { 200: changes, ...problems(401, 403, 404, 409, 422) },
  });

  return createRouter()
    .openapi(read, async (c) => c.json(await pendingChangesOf(c.var.db, kind, c.req.valid("param").id), 200))
    .openapi(publish, async (c) =>
      c.json(await publishChanges(c.var.db, kind, c.req.valid("param").id, c.var.user), 200),
    )
    .openapi(schedule, async (c) => {
      const { publish_at } = c.req.valid("json");
      return c.json(await scheduleChanges(c.var.db, kind, c.req.valid("param").id, publish_at, c.var.user), 200);
    })
    .openapi(discard, async (c) =>
      c.json(await discardChanges(c.var.db, kind, c.req.valid("param").id, c.var.user), 200),
    )
    .openapi(versions, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const before = (await decodeCursor(c, cursor, VersionPosition))?.[0];
      const rows = await versionsOf(c.var.db, kind, c.req.valid("param").id, limit, before);
      return c.json(await toPage(c, rows, limit, (row) => [row.version], presentVersion), 200);
    })
    .openapi(restore, async (c) => {
      const { id, version } = c.req.valid("param");
      return c.json(await restoreVersion(c.var.db, kindName, id, version, c.var.user), 200);
    });
}

/** Pending changes and version history of programs and lessons. Viewers read, editors write. */
export const revisionsRoutes = createRouter()
  .route("/", revisionRoutes("program"))
  .route("/", revisionRoutes("lesson"));
