import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../http/pagination";
import { notFound } from "../http/problem";
import { nowIso } from "../time";
import { chatRoomOf } from "./chat-room";
import { CreateStreamBody, ListStreamsQuery, presentStream, StreamSchema, StreamWithViewersSchema } from "./models";
import { endStream, findStream, insertStream, listStreams } from "./queries";

const tags = ["Streams"];

const create = createRoute({
  method: "post",
  path: "/streams",
  tags,
  summary: "Create a live stream",
  ...guarded("editor"),
  request: { body: jsonBody(CreateStreamBody) },
  responses: { 201: jsonContent(StreamSchema, "The new stream, live"), ...problems(400, 401, 403, 415) },
});

const list = createRoute({
  method: "get",
  path: "/streams",
  tags,
  summary: "List streams, newest first",
  description: "Viewer counts are on `GET /streams/{id}` only: a list does not wake every room.",
  request: { query: ListStreamsQuery },
  responses: { 200: jsonContent(pageOf(StreamSchema, "StreamPage"), "A page of streams"), ...problems(400) },
});

const get = createRoute({
  method: "get",
  path: "/streams/{id}",
  tags,
  summary: "One stream, with how many are watching its chat now",
  request: { params: IdParam },
  responses: { 200: jsonContent(StreamWithViewersSchema, "The stream"), ...problems(404) },
});

const end = createRoute({
  method: "post",
  path: "/streams/{id}/end",
  tags,
  summary: "End a stream",
  description:
    'Marks the stream ended, tells every chat client (`{type:"ended"}`) and disconnects them; the history stays ' +
    "readable. Ending an ended stream changes nothing.",
  ...guarded("editor"),
  request: { params: IdParam },
  responses: { 200: jsonContent(StreamSchema, "The stream, ended"), ...problems(401, 403, 404) },
});

/** The registry of live streams: editors create and end them, anyone lists them. */
export const registryRoutes = createRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const now = nowIso();
    const stream = await insertStream(c.var.db, {
      id: crypto.randomUUID(),
      title: body.title,
      description: body.description,
      videoUrl: body.video_url,
      status: "live",
      createdBy: c.var.user.id,
      createdAt: now,
      updatedAt: now,
    });
    c.header("Location", `/streams/${stream.id}`);
    return c.json(presentStream(stream), 201);
  })
  .openapi(list, async (c) => {
    const { limit, cursor, status } = c.req.valid("query");
    const rows = await listStreams(c.var.db, {
      limit,
      status,
      after: await decodeCursor(c, cursor, NewestFirstPosition),
    });
    return c.json(await toPage(c, rows, limit, (row) => [row.createdAt, row.id], presentStream), 200);
  })
  .openapi(get, async (c) => {
    const stream = await findStream(c.var.db, c.req.valid("param").id);
    if (!stream) throw notFound("stream");
    const room = stream.status === "live" ? await chatRoomOf(c.env, stream.id).status() : undefined;
    return c.json(
      {
        ...presentStream(stream),
        viewer_count: room?.viewers ?? 0,
        slow_mode_seconds: room?.slowModeSeconds ?? 0,
      },
      200,
    );
  })
  .openapi(end, async (c) => {
    const stream = await endStream(c.var.db, c.req.valid("param").id, nowIso());
    if (!stream) throw notFound("stream");
    await chatRoomOf(c.env, stream.id).end();
    return c.json(presentStream(stream), 200);
  });
