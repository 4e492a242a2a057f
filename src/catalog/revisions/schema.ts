import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, type SQLiteColumn, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../../auth/schema";
import { lessons, programs } from "../schema";

/** One pending field: the value it will take when published, who set it and when (API field names). */
export interface PendingField {
  value: unknown;
  changed_by: string | null;
  changed_at: string;
}
export type PendingFields = Record<string, PendingField>;

export const VERSION_ACTIONS = ["original", "edited", "pending_edit", "published", "discarded", "restored"] as const;
export type VersionAction = (typeof VERSION_ACTIONS)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * The changes waiting to be published for each program or lesson (one row per item, kept once created so that its
 * `revision` only ever grows: a writer that read revision n writes only while it is still n).
 */
function pendingChangesTable(name: string, ownerColumn: string, owner: () => SQLiteColumn) {
  return sqliteTable(
    name,
    {
      ownerId: text(ownerColumn).primaryKey().references(owner, { onDelete: "cascade" }),
      fields: text("fields", { mode: "json" }).$type<PendingFields>().notNull().default({}),
      revision: integer("revision").notNull().default(1),
      // When the cron publishes them; null when they wait for an editor.
      publishAt: text("publish_at"),
      scheduledBy: text("scheduled_by").references(() => users.id, { onDelete: "set null" }),
      updatedAt: text("updated_at").notNull(),
    },
    (t) => [
      index(`${name}_publish_at`).on(t.publishAt),
      check(`${name}_fields_object`, sql`json_valid(${t.fields}) AND json_type(${t.fields}) = 'object'`),
      check(`${name}_scheduled_has_fields`, sql`${t.publishAt} IS NULL OR ${t.fields} <> '{}'`),
    ],
  );
}

/** Every change to a program or lesson, numbered from 1: the content as it then was (`snapshot`), who, when. */
function versionsTable(name: string, ownerColumn: string, owner: () => SQLiteColumn) {
  return sqliteTable(
    name,
    {
      ownerId: text(ownerColumn).notNull().references(owner, { onDelete: "cascade" }),
      version: integer("version").notNull(),
      action: text("action", { enum: VERSION_ACTIONS }).notNull(),
      snapshot: text("snapshot", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
      changedFields: text("changed_fields", { mode: "json" }).$type<string[]>().notNull(),
      changedBy: text("changed_by").references(() => users.id, { onDelete: "set null" }),
      changedAt: text("changed_at").notNull(),
      restoredFrom: integer("restored_from"),
    },
    (t) => [
      primaryKey({ columns: [t.ownerId, t.version] }),
      check(`${name}_version_positive`, sql`${t.version} >= 1`),
      check(`${name}_action_known`, sql`${t.action} IN (${inList(VERSION_ACTIONS)})`),
      check(`${name}_snapshot_object`, sql`json_valid(${t.snapshot}) AND json_type(${t.snapshot}) = 'object'`),
    ],
  );
}

export const programPendingChanges = pendingChangesTable("program_pending_changes", "program_id", () => programs.id);
export const lessonPendingChanges = pendingChangesTable("lesson_pending_changes", "lesson_id", () => lessons.id);
export const programVersions = versionsTable("program_versions", "program_id", () => programs.id);
export const lessonVersions = versionsTable("lesson_versions", "lesson_id", () => lessons.id);
