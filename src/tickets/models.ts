import { z } from "@hono/zod-openapi";
import { PageQuery, searchParam } from "../http/pagination";
import {
  THREAD_EVENTS,
  THREAD_KINDS,
  type ThreadRow,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketRow,
} from "./schema";

export const PrioritySchema = z.enum(TICKET_PRIORITIES);
export const StatusSchema = z.enum(TICKET_STATUSES);

export const TicketSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    priority: PrioritySchema,
    status: StatusSchema,
    created_by: z.string().nullable().openapi({ description: "Author's user id; null once the account is deleted" }),
    author_name: z.string().nullable().openapi({ description: "Author's name; null once the account is deleted" }),
    assigned_to: z.string().nullable().openapi({ description: "The staff member working on it; null if unassigned" }),
    assignee_name: z.string().nullable(),
    reply_count: z.number().int().openapi({ description: "Public replies in its thread (internal notes not counted)" }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    closed_at: z.iso.datetime().nullable(),
  })
  .openapi("Ticket");

export type Ticket = z.infer<typeof TicketSchema>;

const Title = z.string().trim().min(1).max(200).openapi({ example: "Cannot play lesson 3" });
const Description = z.string().trim().min(1).max(5000).openapi({ example: "The video stops after ten seconds." });

export const CreateTicketBody = z
  .strictObject({ title: Title, description: Description, priority: PrioritySchema.default("normal") })
  .openapi("CreateTicketRequest");

export const UpdateTicketBody = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    priority: PrioritySchema.optional(),
    status: StatusSchema.optional().openapi({ description: "Editors and admins: close or reopen" }),
    assigned_to: z
      .string()
      .min(1)
      .max(64)
      .nullable()
      .optional()
      .openapi({ description: "Editors and admins: a staff member's (editor or admin) user id, or null to unassign" }),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), "Send at least one field to change.")
  .openapi("UpdateTicketRequest");

export type TicketChanges = z.infer<typeof UpdateTicketBody>;

export const ListTicketsQuery = PageQuery.extend({
  status: StatusSchema.optional(),
  priority: PrioritySchema.optional(),
  assigned_to: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: "`me`, `unassigned`, or a user id", example: "unassigned" }),
  q: searchParam("Text in the title or description"),
});

/** A ticket as stored, with what the desk shows beside it (names and the count of public replies). */
export type TicketView = TicketRow & { authorName: string | null; assigneeName: string | null; replyCount: number };

export function presentTicket(row: TicketView): Ticket {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    priority: row.priority,
    status: row.status,
    created_by: row.createdBy,
    author_name: row.authorName,
    assigned_to: row.assignedTo,
    assignee_name: row.assigneeName,
    reply_count: row.replyCount,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    closed_at: row.closedAt,
  };
}

export const ThreadEntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(THREAD_KINDS).openapi({
      description: "`reply` (the customer sees it), `note` (internal: staff only), `event` (closed, reopened…)",
    }),
    body: z.string().nullable().openapi({ description: "The text of a reply or note; null for an event" }),
    event: z.enum(THREAD_EVENTS).nullable(),
    value: z.string().nullable().openapi({
      description: "What an event set: the new priority (`prioritised`) or the assignee's name (`assigned`)",
    }),
    author_id: z.string().nullable().openapi({ description: "Null once the account is deleted" }),
    author_name: z.string().nullable(),
    from_staff: z.boolean().openapi({ description: "Whether the author is on the staff (viewer, editor or admin)" }),
    created_at: z.iso.datetime(),
  })
  .openapi("TicketThreadEntry");

export type ThreadEntry = z.infer<typeof ThreadEntrySchema>;

export const CreateReplyBody = z
  .strictObject({
    body: z.string().trim().min(1).max(5000).openapi({ example: "Could you tell us which browser you use?" }),
    internal: z
      .boolean()
      .default(false)
      .openapi({ description: "Editors and admins: an internal note, never shown to the customer" }),
  })
  .openapi("CreateTicketReplyRequest");

export const ThreadQuery = PageQuery;

/** A thread entry as stored, with its author's name and role (null once the account is deleted). */
export type ThreadView = ThreadRow & { authorName: string | null; authorRole: string | null };

export function presentThreadEntry(row: ThreadView): ThreadEntry {
  return {
    id: row.id,
    kind: row.kind,
    body: row.body,
    event: row.event,
    value: row.value,
    author_id: row.authorId,
    author_name: row.authorName,
    from_staff: row.authorRole !== null && row.authorRole !== "customer",
    created_at: row.createdAt,
  };
}
