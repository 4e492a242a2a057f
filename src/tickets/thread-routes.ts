import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../http/pagination";
import { conflict, forbidden, notFound } from "../http/problem";
import { nowIso } from "../time";
import { isAuthor, readsDesk, visibleTo, worksDesk } from "./access";
import { CreateReplyBody, presentThreadEntry, ThreadEntrySchema, ThreadQuery } from "./models";
import { addToThread, findTicket, ticketWithThread } from "./queries";

const tags = ["Tickets"];

const thread = createRoute({
  method: "get",
  path: "/tickets/{id}/thread",
  tags,
  summary: "A ticket's thread, oldest first",
  description:
    "Replies, internal notes and events (closed, reopened, assigned, unassigned, prioritised). Staff (viewer and up) " +
    "read all of it; the ticket's author, if not staff, reads the replies and the close and reopen events only.",
  ...guarded("signed-in"),
  request: { params: IdParam, query: ThreadQuery },
  responses: {
    200: jsonContent(pageOf(ThreadEntrySchema, "TicketThreadPage"), "A page of the thread"),
    ...problems(400, 401, 404),
  },
});

const reply = createRoute({
  method: "post",
  path: "/tickets/{id}/thread",
  tags,
  summary: "Reply to a ticket, or add an internal note",
  description:
    "The ticket's author and editors reply while the ticket is open (409 `ticket_closed` once closed); editors and " +
    "admins add internal notes (`internal: true`) at any time, which the customer never sees.",
  ...guarded("signed-in"),
  request: { params: IdParam, body: jsonBody(CreateReplyBody) },
  responses: {
    201: jsonContent(ThreadEntrySchema, "The reply or note, as the thread now lists it"),
    ...problems(400, 401, 403, 404, 409, 415),
  },
});

// The thread is read oldest first: its position is the same (created_at, id) pair, walked upwards.
const ThreadPosition = NewestFirstPosition;

export const threadRoutes = createRouter()
  .openapi(thread, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const user = c.var.user;
    const { ticket, entries } = await ticketWithThread(c.var.db, id, {
      limit,
      after: await decodeCursor(c, cursor, ThreadPosition),
      publicOnly: !readsDesk(user),
    });
    visibleTo(user, ticket);
    return c.json(await toPage(c, entries, limit, (row) => [row.createdAt, row.id], presentThreadEntry), 200);
  })
  .openapi(reply, async (c) => {
    const { id } = c.req.valid("param");
    const { body, internal } = c.req.valid("json");
    const user = c.var.user;
    const ticket = visibleTo(user, await findTicket(c.var.db, id));
    if (internal && !worksDesk(user)) throw forbidden("Only editors and admins can add internal notes.");
    if (!worksDesk(user) && !isAuthor(user, ticket)) throw forbidden("Only editors and admins can reply to a ticket.");
    const closed = () =>
      conflict(
        "ticket_closed",
        worksDesk(user)
          ? "This ticket is closed: reopen it to reply, or add an internal note."
          : "This ticket is closed: open a new ticket if you still need help.",
      );
    if (!internal && ticket.status === "closed") throw closed();

    const entry = {
      id: crypto.randomUUID(),
      ticketId: id,
      authorId: user.id,
      kind: internal ? ("note" as const) : ("reply" as const),
      body,
      at: nowIso(),
    };
    // Checked again by the insert itself: a close or a delete may have landed since the read above.
    const createdAt = await addToThread(c.var.db, entry);
    if (!createdAt) throw internal ? notFound("ticket") : closed();
    c.header("Location", `/tickets/${id}/thread`);
    const row = {
      ...entry,
      event: null,
      value: null,
      createdAt,
      authorName: user.name,
      authorRole: user.role,
    };
    return c.json(presentThreadEntry(row), 201);
  });
