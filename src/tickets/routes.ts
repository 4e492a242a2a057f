import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { isStaff } from "../auth/roles";
import type { Account } from "../auth/schema";
import type { Database } from "../db/client";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../http/pagination";
import { forbidden, notFound } from "../http/problem";
import { nowIso } from "../time";
import { CreateTicketBody, ListTicketsQuery, presentTicket, TicketSchema, UpdateTicketBody } from "./models";
import { deleteTicket, findTicket, insertTicket, listTickets, updateTicket } from "./queries";
import type { TicketRow } from "./schema";

const tags = ["Tickets"];

const create = createRoute({
  method: "post",
  path: "/tickets",
  tags,
  summary: "Open a ticket",
  ...guarded("signed-in"),
  request: { body: jsonBody(CreateTicketBody) },
  responses: { 201: jsonContent(TicketSchema, "The new ticket, open"), ...problems(400, 401, 415) },
});

const list = createRoute({
  method: "get",
  path: "/tickets",
  tags,
  summary: "List tickets, newest first",
  description: "Staff (editor and up) see every ticket; everyone else sees their own.",
  ...guarded("signed-in"),
  request: { query: ListTicketsQuery },
  responses: { 200: jsonContent(pageOf(TicketSchema, "TicketPage"), "A page of tickets"), ...problems(400, 401) },
});

const get = createRoute({
  method: "get",
  path: "/tickets/{id}",
  tags,
  summary: "One ticket",
  ...guarded("signed-in"),
  request: { params: IdParam },
  responses: { 200: jsonContent(TicketSchema, "The ticket"), ...problems(401, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/tickets/{id}",
  tags,
  summary: "Edit a ticket, or close and reopen it",
  description: "The author or staff may change title, description and priority; only staff may change status.",
  ...guarded("signed-in"),
  request: { params: IdParam, body: jsonBody(UpdateTicketBody) },
  responses: { 200: jsonContent(TicketSchema, "The changed ticket"), ...problems(400, 401, 403, 404, 415) },
});

const remove = createRoute({
  method: "delete",
  path: "/tickets/{id}",
  tags,
  summary: "Delete a ticket",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

const canSee = (user: Account, ticket: TicketRow) => isStaff(user.role) || ticket.createdBy === user.id;

/** The ticket if the caller may see it; otherwise 404, so that others' ticket ids are not confirmed. */
async function visibleTicket(db: Database, user: Account, id: string): Promise<TicketRow> {
  const ticket = await findTicket(db, id);
  if (!ticket || !canSee(user, ticket)) throw notFound("ticket");
  return ticket;
}

export const ticketRoutes = createRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const now = nowIso();
    const ticket = await insertTicket(c.var.db, {
      id: crypto.randomUUID(),
      ...body,
      status: "open",
      createdBy: c.var.user.id,
      createdAt: now,
      updatedAt: now,
    });
    c.header("Location", `/tickets/${ticket.id}`);
    return c.json(presentTicket(ticket), 201);
  })
  .openapi(list, async (c) => {
    const { limit, cursor, status, q } = c.req.valid("query");
    const user = c.var.user;
    const rows = await listTickets(c.var.db, {
      limit,
      after: await decodeCursor(c, cursor, NewestFirstPosition),
      createdBy: isStaff(user.role) ? undefined : user.id,
      status,
      q,
    });
    return c.json(await toPage(c, rows, limit, (row) => [row.createdAt, row.id], presentTicket), 200);
  })
  .openapi(get, async (c) => {
    return c.json(presentTicket(await visibleTicket(c.var.db, c.var.user, c.req.valid("param").id)), 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    await visibleTicket(c.var.db, c.var.user, id);
    if (changes.status !== undefined && !isStaff(c.var.user.role)) {
      throw forbidden("Only staff can close or reopen a ticket.");
    }
    const ticket = await updateTicket(c.var.db, id, changes, nowIso());
    if (!ticket) throw notFound("ticket");
    return c.json(presentTicket(ticket), 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteTicket(c.var.db, c.req.valid("param").id))) throw notFound("ticket");
    return c.body(null, 204);
  });
