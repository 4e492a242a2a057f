import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { guarded } from "../auth/guards";
import { isStaff } from "../auth/roles";
import type { Account } from "../auth/schema";
import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, PageQuery, pageOf, toPage } from "../http/pagination";
import { conflict, notFound, ProblemError, rateLimited, validationFailed } from "../http/problem";
import { clientKey } from "../http/rate-limit";
import { socketAccount, webSocketOnly } from "../realtime/upgrade";
import { joinChat } from "./chat-join";
import {
  ChatMessageSchema,
  type ChatSession,
  ContentSchema,
  chatRoomOf,
  DisplayNameSchema,
  MAX_ADDRESS_LENGTH,
  type PostResult,
  PRESENCE_LIMIT,
  RATE_LIMIT,
  RESUME_LOG_LIMIT,
  SOCKETS_PER_GUEST_ADDRESS,
} from "./chat-room";
import { findStream, findStreamForGuest } from "./queries";
import type { StreamRow } from "./schema";

const tags = ["Streams"];

/** The stream, or 404. */
export async function existingStream(db: Database, id: string): Promise<StreamRow> {
  const stream = await findStream(db, id);
  if (!stream) throw notFound("stream");
  return stream;
}

export const streamEnded = () => conflict("stream_ended", "The stream has ended; its chat is closed.");

type Joining = { stream: StreamRow; session: ChatSession };

/** An account joins a live stream under its own name; staff are exempt from the rate limit. */
async function accountJoining(db: Database, id: string, account: Account): Promise<Joining> {
  const stream = await existingStream(db, id);
  if (stream.status !== "live") throw streamEnded();
  const session = { name: account.name, guest: false, userId: account.id, address: null, staff: isStaff(account.role) };
  return { stream, session };
}

/**
 * A guest joins a live stream under a name of their choosing that is not an account's, counted by their address.
 * One D1 query: the name is looked up with the stream.
 */
async function guestJoining(c: Context<AppEnv>, id: string, name: string | undefined): Promise<Joining> {
  if (name === undefined) throw validationFailed([{ path: "name", message: "Guests choose a display name: ?name=…" }]);
  const stream = await findStreamForGuest(c.var.db, id, name);
  if (!stream) throw notFound("stream");
  if (stream.status !== "live") throw streamEnded();
  if (stream.nameTaken) {
    throw conflict("name_taken", "That name belongs to an account: choose another, or sign in.", [
      { path: "name", message: "An account goes by this name." },
    ]);
  }
  // Cloudflare's edge sets the header to the client's IP; anything longer did not come through it.
  const address = clientKey(c.req).slice(0, MAX_ADDRESS_LENGTH);
  return { stream, session: { name, guest: true, userId: null, address, staff: false } };
}

/** Why the room refused a message posted over HTTP, as a problem. */
function postRefusal(result: Exclude<PostResult, { ok: true }>) {
  switch (result.code) {
    case "rate_limited":
      return rateLimited(result.retryAfterSeconds);
    case "slow_mode":
      return new ProblemError(429, "slow_mode", "Slow mode is on in this chat: wait before sending again.", {
        headers: { "Retry-After": String(result.retryAfterSeconds) },
      });
    case "muted":
      return new ProblemError(403, "muted", "A moderator has muted you in this chat.");
    case "banned":
      return new ProblemError(403, "banned", "A moderator has banned you from this chat.");
    case "stream_ended":
      return streamEnded();
  }
}

const MessageIdParam = IdParam.extend({
  message_id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "message_id", in: "path" }, example: 42 }),
});

/** Position in the chat history (newest first): the message id, unique and increasing within a stream. */
const MessagePosition = z.tuple([z.number().int().positive()]);

const MessagesQuery = PageQuery.extend({
  before: z.coerce.number().int().positive().optional().openapi({
    description: "Only messages older than this message id (an alternative to `cursor`, e.g. the oldest one shown)",
  }),
});

const JoinQuery = z.object({
  name: DisplayNameSchema.optional().openapi({
    description: "Display name for guests (required without a token); signed-in users chat under their account name",
  }),
  access_token: z.string().min(1).max(4096).optional().openapi({
    description: "An access token, for browsers (they cannot set headers on a WebSocket); Bearer works too",
  }),
  after_seq: z
    .string()
    .regex(/^\d{1,15}$/, "Must be a seq the room sent: a non-negative integer such as 42.")
    .transform(Number)
    .optional()
    .openapi({
      description:
        "To resume after a drop: the highest `seq` this client has seen. The room replays what it broadcast " +
        "since, then sends `resumed`; or, when it no longer can, `reset` and a fresh `history`",
      example: "42",
    }),
});

const limits = `at most ${RATE_LIMIT.messages} every ${RATE_LIMIT.windowMs / 1000} s`;

const join = createRoute({
  method: "get",
  path: "/streams/{id}/ws",
  tags,
  summary: "Join the chat (WebSocket)",
  description: [
    "Upgrade to a WebSocket. Every frame is JSON `{type, ...}`. Guests give a display name that is not an account's",
    `(409 \`name_taken\`); one guest address may hold ${SOCKETS_PER_GUEST_ADDRESS} sockets open in a room (429`,
    "`too_many_sockets` beyond).",
    "",
    "Server → client: `history` on joining (`messages`: the last 50, oldest first; `viewers`; `seq`: the room's",
    "current sequence number), then broadcasts to every client, each with the next `seq`: `message` (`id`, `sender`,",
    "`content`, `created_at`), `system` (`event`: joined | left, `name`, `guest`, `text`, `viewers`), `deleted`",
    "(`id`), `ended`; and `error` (`code`, `message`) for a refused frame, after which the socket stays open.",
    `Joins and leaves are announced one by one up to ${PRESENCE_LIMIT.announcements} every`,
    `${PRESENCE_LIMIT.windowMs / 1000} s; beyond that they are held back, and when the window ends one`,
    '`system` frame with `event`: "presence" (`text`, `viewers`) gives the count.',
    "",
    "Slow mode: `history` and `resumed` carry `slow_mode_seconds` (0 = off), and a change is broadcast as",
    "`slow_mode` (`seconds`). Staff sockets (editors, admins) get each message with `sender_key`, the key to mute or",
    "ban its sender by (`PUT /streams/{id}/restrictions/{sender_key}`); nobody else does.",
    "",
    `Client → server: \`{"type":"message","content":"…"}\` (1–500 characters once trimmed; ${limits} per`,
    "sender, an account or a guest address, across its sockets and `POST /streams/{id}/messages`, and at most one",
    "per slow-mode interval; editors and admins are exempt from both; else error `rate_limited` or `slow_mode` with",
    "`retry_after_ms`; a muted sender gets error `muted`; a banned one error `banned`, and the socket is closed with",
    'code 4403, as is any later join of theirs), `{"type":"ping"}` (answered',
    '`{"type":"pong"}`). Frames over 4 KiB, binary frames, bad JSON, unknown types and invalid fields are refused',
    "with error codes `frame_too_large`, `unsupported_frame`, `bad_json`, `unknown_type`, `invalid_message`; the",
    "third frame over 4 KiB closes the socket with code 1009.",
    "",
    "Resuming: a client that reconnects with `?after_seq=` (the highest `seq` it has seen) gets, instead of",
    "`history`, every frame broadcast since, oldest first and exactly as first sent, then `resumed` (`after_seq`;",
    "`seq`, the room's current seq; `viewers`); live frames follow from `seq` + 1, so nothing is missed or repeated.",
    "Messages removed since are left out (a replay skips their seqs), and the removal of a message the client had",
    `comes as its \`deleted\` frame. The room keeps its last ${RESUME_LOG_LIMIT} frames: when one after \`after_seq\` is`,
    "gone, or `after_seq` is ahead of the room, the client gets `reset` (`reason`: too_old | unknown_seq,",
    "`after_seq`, `seq`) and then `history` as on a first join, which replaces what it shows (older messages:",
    "`GET /streams/{id}/messages?before=`). An `after_seq` that is not a non-negative integer is a 400",
    "`validation_failed`.",
  ].join("\n"),
  middleware: [webSocketOnly],
  request: { params: IdParam, query: JoinQuery },
  responses: {
    101: { description: "Switching protocols: the chat socket" },
    ...problems(400, 401, 404, 409, 426, 429),
  },
});

const history = createRoute({
  method: "get",
  path: "/streams/{id}/messages",
  tags,
  summary: "Chat history, newest first",
  request: { params: IdParam, query: MessagesQuery },
  responses: {
    200: jsonContent(pageOf(ChatMessageSchema, "ChatMessagePage"), "A page of messages"),
    ...problems(400, 404),
  },
});

const post = createRoute({
  method: "post",
  path: "/streams/{id}/messages",
  tags,
  summary: "Post a chat message",
  description:
    "Signed-in users only (guests chat over the socket, under the name they joined with). The message is stored " +
    `and broadcast to every socket like one sent over a socket. ${limits} per account, shared with the ` +
    "account's sockets, and the room's slow mode (429 `slow_mode`); editors and admins are exempt. A muted or " +
    "banned account is refused with 403 `muted` or `banned`.",
  ...guarded("signed-in"),
  request: { params: IdParam, body: jsonBody(z.strictObject({ content: ContentSchema }).openapi("PostChatMessage")) },
  responses: {
    201: jsonContent(ChatMessageSchema, "The message, as broadcast"),
    ...problems(400, 401, 403, 404, 409, 415, 429),
  },
});

const getMessage = createRoute({
  method: "get",
  path: "/streams/{id}/messages/{message_id}",
  tags,
  summary: "One chat message",
  request: { params: MessageIdParam },
  responses: { 200: jsonContent(ChatMessageSchema, "The message"), ...problems(400, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/streams/{id}/messages/{message_id}",
  tags,
  summary: "Delete a chat message",
  description: 'Removes the message for good and broadcasts `{"type":"deleted","id":…}` to every socket.',
  ...guarded("editor"),
  request: { params: MessageIdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

/** The chat of each stream: its socket, its history, and posting and removing messages over HTTP. */
export const chatRoutes = createRouter()
  .openapi(join, async (c) => {
    const { id } = c.req.valid("param");
    const { name, after_seq } = c.req.valid("query");
    const account = await socketAccount(c);
    const { stream, session } = account ? await accountJoining(c.var.db, id, account) : await guestJoining(c, id, name);
    return joinChat(c, stream.id, { session, after_seq: after_seq ?? null });
  })
  .openapi(history, async (c) => {
    const { limit, cursor, before } = c.req.valid("query");
    if (cursor !== undefined && before !== undefined) {
      throw validationFailed([{ path: "before", message: "Send either cursor or before, not both." }]);
    }
    const stream = await existingStream(c.var.db, c.req.valid("param").id);
    const after = (await decodeCursor(c, cursor, MessagePosition))?.[0] ?? before;
    const messages = await chatRoomOf(c.env, stream.id).messagesBefore(after, limit);
    return c.json(
      await toPage(
        c,
        messages,
        limit,
        (message) => [message.id],
        (message) => message,
      ),
      200,
    );
  })
  .openapi(post, async (c) => {
    const { content } = c.req.valid("json");
    const stream = await existingStream(c.var.db, c.req.valid("param").id);
    if (stream.status !== "live") throw streamEnded();
    const user = c.var.user;
    const result = await chatRoomOf(c.env, stream.id).postMessage(
      { name: user.name, guest: false, userId: user.id },
      content,
      { limited: !isStaff(user.role) },
    );
    if (!result.ok) throw postRefusal(result);
    c.header("Location", `/streams/${stream.id}/messages/${result.message.id}`);
    return c.json(result.message, 201);
  })
  .openapi(getMessage, async (c) => {
    const { id, message_id } = c.req.valid("param");
    const stream = await existingStream(c.var.db, id);
    const message = await chatRoomOf(c.env, stream.id).message(message_id);
    if (!message) throw notFound("message");
    return c.json(message, 200);
  })
  .openapi(remove, async (c) => {
    const { id, message_id } = c.req.valid("param");
    const stream = await existingStream(c.var.db, id);
    if (!(await chatRoomOf(c.env, stream.id).deleteMessage(message_id))) throw notFound("message");
    return c.body(null, 204);
  });
