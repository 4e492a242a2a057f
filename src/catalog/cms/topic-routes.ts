import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, PageQuery, pageOf, toPage } from "../../http/pagination";
import { notFound } from "../../http/problem";
import { nowIso } from "../../time";
import { claimingUnique, topicTaken } from "./errors";
import { presentTopic, TopicBody, TopicPosition, TopicSchema } from "./topic-models";
import { deleteTopic, findTopic, insertTopic, listTopics, renameTopic } from "./topic-queries";

const tags = ["CMS"];

const list = createRoute({
  method: "get",
  path: "/cms/topics",
  tags,
  summary: "List topics by name",
  ...guarded("viewer"),
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(TopicSchema, "TopicPage"), "A page of topics"), ...problems(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/cms/topics/{id}",
  tags,
  summary: "One topic",
  ...guarded("viewer"),
  request: { params: IdParam },
  responses: { 200: jsonContent(TopicSchema, "The topic"), ...problems(401, 403, 404) },
});

const create = createRoute({
  method: "post",
  path: "/cms/topics",
  tags,
  summary: "Create a topic",
  description: "Names are unique regardless of case: 409 `topic_exists`.",
  ...guarded("editor"),
  request: { body: jsonBody(TopicBody) },
  responses: { 201: jsonContent(TopicSchema, "The new topic"), ...problems(400, 401, 403, 409, 415) },
});

const rename = createRoute({
  method: "patch",
  path: "/cms/topics/{id}",
  tags,
  summary: "Rename a topic",
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(TopicBody) },
  responses: { 200: jsonContent(TopicSchema, "The renamed topic"), ...problems(400, 401, 403, 404, 409, 415) },
});

const remove = createRoute({
  method: "delete",
  path: "/cms/topics/{id}",
  tags,
  summary: "Delete a topic (programs keep their other topics)",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

export const topicRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listTopics(c.var.db, { limit, after: await decodeCursor(c, cursor, TopicPosition) });
    return c.json(await toPage(c, rows, limit, (row) => [row.nameKey, row.id], presentTopic), 200);
  })
  .openapi(get, async (c) => {
    const topic = await findTopic(c.var.db, c.req.valid("param").id);
    if (!topic) throw notFound("topic");
    return c.json(presentTopic(topic), 200);
  })
  .openapi(create, async (c) => {
    const topic = await insertTopic(c.var.db, {
      id: crypto.randomUUID(),
      name: c.req.valid("json").name,
      createdAt: nowIso(),
    });
    if (!topic) throw topicTaken();
    c.header("Location", `/cms/topics/${topic.id}`);
    return c.json(presentTopic(topic), 201);
  })
  .openapi(rename, async (c) => {
    const rename = renameTopic(c.var.db, c.req.valid("param").id, c.req.valid("json").name);
    const topic = await claimingUnique(rename, topicTaken);
    if (!topic) throw notFound("topic");
    return c.json(presentTopic(topic), 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteTopic(c.var.db, c.req.valid("param").id))) throw notFound("topic");
    return c.body(null, 204);
  });
