import { z } from "@hono/zod-openapi";
import { PageQuery } from "../../http/pagination";
import { VERSION_ACTIONS } from "./schema";

const PersonSchema = z.object({ id: z.string(), name: z.string() }).openapi("Person");

export const PendingChangesSchema = z
  .object({
    has_pending_changes: z.boolean(),
    revision: z.number().int().openapi({ description: "Grows with every change to what is pending" }),
    publish_at: z.iso.datetime().nullable().openapi({ description: "When the scheduler publishes them, if scheduled" }),
    changes: z.array(
      z.object({
        field: z.string(),
        published_value: z.unknown().openapi({ description: "What the public sees now" }),
        pending_value: z.unknown().openapi({ description: "What it will see once published" }),
        changed_by: PersonSchema.nullable(),
        changed_at: z.iso.datetime(),
      }),
    ),
  })
  .openapi("PendingChanges");

export const VersionSchema = z
  .object({
    version: z.number().int(),
    action: z.enum(VERSION_ACTIONS).openapi({
      description:
        "original: the content before its first recorded change; edited: a change applied at once; pending_edit: " +
        "a change of a published item, waiting; published; discarded; restored (see restored_from)",
    }),
    changed_fields: z.array(z.string()),
    changed_by: PersonSchema.nullable(),
    changed_at: z.iso.datetime(),
    restored_from: z.number().int().nullable(),
    content: z.record(z.string(), z.unknown()).openapi({ description: "The working copy as it was after this change" }),
  })
  .openapi("ContentVersion");

export const SchedulePendingBody = z
  .strictObject({
    publish_at: z.iso.datetime({ offset: true }).openapi({ example: "2026-12-01T09:00:00Z" }),
  })
  .openapi("ScheduleChangesRequest");

export const VersionsQuery = PageQuery;
export const VersionPosition = z.tuple([z.number().int().min(1)]);
