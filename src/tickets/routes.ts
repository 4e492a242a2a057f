import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../http/pagination";
import { forbidden, notFound, validationFailed } from "../http/problem";
import { nowIso } from "../time";
import { isAuthor, readsDesk, visibleTo, worksDesk } from "./access";
import { CreateTicketBody, ListTicketsQuery, presentTicket, TicketSchema, UpdateTicketBody } from "./models";
import { deleteTicket, findTicket, findTicketAndAssignee, insertTicket, listTickets, updateTicket } from "./queries";
import { threadRoutes } from "./thread-routes";

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
  description:
    "Staff (viewer and up) see every ticket; customers see their own. Each comes with its author's and assignee's " +
    "names and its count of public replies.",
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
  summary: "Edit a ticket; close, reopen, assign it",
  description:
    "The author or an editor may change title, description and priority; only editors and admins may change status " +
    "and assignee. Each change of status, priority or assignee is recorded in the ticket's thread.",
  ...guarded("signed-in"),
  request: { params: IdParam, body: jsonBody(UpdateTicketBody) },
  responses: { 200: jsonContent(TicketSchema, "The changed ticket"), ...problems(400, 401, 403, 404, 415) },
});

const remove = createRoute({
  method: "delete",
  path: "/tickets/{id}",
  tags,
  summary: "Delete a ticket and its thread",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
});

const ASSIGNABLE = new Set(["editor", "admin"]);

export const ticketRoutes = createRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const now = nowIso();
    const user = c.var.user;
    const ticket = await insertTicket(c.var.db, {
      id: crypto.randomUUID(),
      ...body,
      status: "open",
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    });
    c.header("Location", `/tickets/${ticket.id}`);
    return c.json(presentTicket({ ...ticket, authorName: user.name, assigneeName: null, replyCount: 0 }), 201);
  })
  .openapi(list, async (c) => {
    const { limit, cursor, status, priority, assigned_to, q } = c.req.valid("query");
    const user = c.var.user;
    const rows = await listTickets(c.var.db, {
      limit,
      after: await decodeCursor(c, cursor, NewestFirstPosition),
      createdBy: readsDesk(user) ? undefined : user.id,
      status,
      priority,
      assignedTo: assigned_to === "me" ? user.id : assigned_to === "unassigned" ? null : assigned_to,
      q,
    });
    return c.json(await toPage(c, rows, limit, (row) => [row.createdAt, row.id], presentTicket), 200);
  })
  .openapi(get, async (c) => {
    const ticket = visibleTo(c.var.user, await findTicket(c.var.db, c.req.valid("param").id));
    return c.json(presentTicket(ticket), 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    const user = c.var.user;
    const assigneeId = changes.assigned_to ?? undefined;
    const found = await findTicketAndAssignee(c.var.db, id, assigneeId);
    const ticket = visibleTo(user, found.ticket);
    if ((changes.status !== undefined || changes.assigned_to !== undefined) && !worksDesk(user)) {
      throw forbidden("Only editors and admins can close, reopen or assign a ticket.");
    }
    if (!worksDesk(user) && !isAuthor(user, ticket)) throw forbidden("Only editors and admins can change a ticket.");
    if (assigneeId !== undefined && !ASSIGNABLE.has(found.assigneeRole ?? "")) {
      throw validationFailed([
        {
          path: "assigned_to",
          message: found.assigneeRole ? "Only an editor or an admin can be assigned." : "No such user.",
        },
      ]);
    }
    const changed = await updateTicket(c.var.db, id, changes, {
      actorId: user.id,
      assigneeName: found.assigneeName,
      now: nowIso(),
    });
    if (!changed) throw notFound("ticket");
    return c.json(presentTicket(changed), 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteTicket(c.var.db, c.req.valid("param").id))) throw notFound("ticket");
    return c.body(null, 204);
  })
  .route("/", threadRoutes);
