import { createRoute, z } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { findAccount } from "../auth/queries";
import { isStaff } from "../auth/roles";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, PageQuery, pageOf, toPage } from "../http/pagination";
import { conflict, notFound } from "../http/problem";
import { chatRoomOf } from "./chat-room";
import { existingStream, streamEnded } from "./chat-routes";
import {
  RESTRICTION_KINDS,
  RestrictionPosition,
  RestrictionSchema,
  SenderKeySchema,
  SlowModeSecondsSchema,
} from "./moderation";

const tags = ["Streams"];

const SenderParam = IdParam.extend({
  sender_key: SenderKeySchema.openapi({ param: { name: "sender_key", in: "path" } }),
});

const RestrictBody = z
  .strictObject({
    kind: z
      .enum(RESTRICTION_KINDS)
      .openapi({ description: "muted: messages refused; banned: also disconnected and kept out" }),
  })
  .openapi("RestrictSenderRequest");

const SlowModeBody = z.strictObject({ seconds: SlowModeSecondsSchema }).openapi("SlowModeRequest");
const SlowModeSchema = z.object({ seconds: SlowModeSecondsSchema }).openapi("SlowMode");

const list = createRoute({
  method: "get",
  path: "/streams/{id}/restrictions",
  tags,
  summary: "Who is muted or banned in the chat, newest first",
  description: "Each sender by the key staff see on their messages (`sender_key`), with the name they chatted under.",
  ...guarded("editor"),
  request: { params: IdParam, query: PageQuery },
  responses: {
    200: jsonContent(pageOf(RestrictionSchema, "ChatRestrictionPage"), "A page of restrictions"),
    ...problems(400, 401, 403, 404),
  },
});

const restrict = createRoute({
  method: "put",
  path: "/streams/{id}/restrictions/{sender_key}",
  tags,
  summary: "Mute or ban a sender in the chat",
  description: [
    "The sender is an account (`account:<id>`) or a guest's address (`guest:<address>`), as staff sockets see it",
    "on each message (`sender_key`). Muted: their messages are refused (error `muted` on the socket, 403 `muted`",
    "over HTTP). Banned: their sockets are told (error `banned`) and closed with code 4403, and a later join is",
    "closed the same way at once; their messages are refused (403 `banned`). Changes a mute into a ban and back.",
    "Staff accounts cannot be restricted (409 `staff_exempt`).",
  ].join("\n"),
  ...guarded("editor"),
  request: { params: SenderParam, body: jsonBody(RestrictBody) },
  responses: { 200: jsonContent(RestrictionSchema, "The restriction"), ...problems(400, 401, 403, 404, 409, 415) },
});

const lift = createRoute({
  method: "delete",
  path: "/streams/{id}/restrictions/{sender_key}",
  tags,
  summary: "Lift a mute or ban",
  ...guarded("editor"),
  request: { params: SenderParam },
  responses: { 204: { description: "Lifted" }, ...problems(400, 401, 403, 404) },
});

const slowMode = createRoute({
  method: "put",
  path: "/streams/{id}/slow-mode",
  tags,
  summary: "Set the chat's slow mode",
  description:
    "A minimum number of seconds between one sender's messages (0 turns it off); editors and admins are exempt. " +
    'A change is broadcast to every socket as `{"type":"slow_mode","seconds":…}`; a message sent too soon is ' +
    "refused with error `slow_mode` and `retry_after_ms` (429 `slow_mode` with Retry-After over HTTP).",
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(SlowModeBody) },
  responses: { 200: jsonContent(SlowModeSchema, "The slow mode now"), ...problems(400, 401, 403, 404, 409, 415) },
});

/** Moderation of each stream's chat, enforced by its room: mutes, bans and slow mode. Editors only. */
export const moderationRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const stream = await existingStream(c.var.db, c.req.valid("param").id);
    const after = await decodeCursor(c, cursor, RestrictionPosition);
    const rows = await chatRoomOf(c.env, stream.id).restrictions(after, limit);
    return c.json(
      await toPage(
        c,
        rows,
        limit,
        (row) => [row.created_at, row.sender_key],
        (row) => row,
      ),
      200,
    );
  })
  .openapi(restrict, async (c) => {
    const { id, sender_key } = c.req.valid("param");
    const { kind } = c.req.valid("json");
    const account = sender_key.startsWith("account:") ? sender_key.slice("account:".length) : undefined;
    // Both reads in flight at once: the stream, and for an account its role.
    const [stream, target] = await Promise.all([
      existingStream(c.var.db, id),
      account === undefined ? undefined : findAccount(c.var.db, account),
    ]);
    if (target && isStaff(target.role)) {
      throw conflict("staff_exempt", "Editors and admins moderate the chat; they cannot be muted or banned.");
    }
    return c.json(await chatRoomOf(c.env, stream.id).restrict(sender_key, kind), 200);
  })
  .openapi(lift, async (c) => {
    const { id, sender_key } = c.req.valid("param");
    const stream = await existingStream(c.var.db, id);
    if (!(await chatRoomOf(c.env, stream.id).lift(sender_key))) throw notFound("restriction");
    return c.body(null, 204);
  })
  .openapi(slowMode, async (c) => {
    const stream = await existingStream(c.var.db, c.req.valid("param").id);
    if (stream.status !== "live") throw streamEnded();
    const seconds = await chatRoomOf(c.env, stream.id).setSlowMode(c.req.valid("json").seconds);
    return c.json({ seconds }, 200);
  });
