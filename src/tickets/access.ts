import { hasRole } from "../auth/roles";
import type { Account } from "../auth/schema";
import { notFound } from "../http/problem";
import type { TicketView } from "./models";

// Who may do what on the desk (the README's Tickets section says the same):
// - viewers read every ticket and its whole thread, internal notes included, and change nothing they did not write;
// - editors also reply, add internal notes, assign, close, reopen and change priority on any ticket;
// - admins also delete tickets;
// - customers (and any author) read their own tickets with public replies and close/reopen events only, reply while
//   the ticket is open, and edit its title, description and priority.

/** Reads every ticket and its internal notes. */
export const readsDesk = (user: Account): boolean => hasRole(user.role, "viewer");

/** Replies to, notes, assigns, closes, reopens and prioritises any ticket. */
export const worksDesk = (user: Account): boolean => hasRole(user.role, "editor");

export const isAuthor = (user: Account, ticket: TicketView): boolean => ticket.createdBy === user.id;

/** The ticket if the caller may read it; otherwise 404, so that others' ticket ids are not confirmed. */
export function visibleTo(user: Account, ticket: TicketView | undefined): TicketView {
  if (!ticket || !(readsDesk(user) || isAuthor(user, ticket))) throw notFound("ticket");
  return ticket;
}
