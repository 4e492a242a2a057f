import { z } from "@hono/zod-openapi";
import { PageQuery, searchParam } from "../http/pagination";
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketRow } from "./schema";

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
    status: StatusSchema.optional().openapi({ description: "Staff only: close or reopen" }),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), "Send at least one field to change.")
  .openapi("UpdateTicketRequest");

export type TicketChanges = z.infer<typeof UpdateTicketBody>;

export const ListTicketsQuery = PageQuery.extend({
  status: StatusSchema.optional(),
  q: searchParam("Text in the title or description"),
});

export function presentTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    priority: row.priority,
    status: row.status,
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    closed_at: row.closedAt,
  };
}
