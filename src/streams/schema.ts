import { sql } from "drizzle-orm";
import { check, index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema";

export const STREAM_STATUSES = ["live", "ended"] as const;

/** The registry of live streams; each stream's chat lives in its own ChatRoom object, not here. */
export const streams = sqliteTable(
  "streams",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    videoUrl: text("video_url").notNull(),
    status: text("status", { enum: STREAM_STATUSES }).notNull().default("live"),
    // A deleted account's streams stay listed, without an author.
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // Newest first, all streams or by status.
    index("streams_created_at_id").on(t.createdAt, t.id),
    index("streams_status_created_at_id").on(t.status, t.createdAt, t.id),
    check("streams_title_length", sql`length(${t.title}) BETWEEN 1 AND 200`),
    check("streams_description_length", sql`length(${t.description}) <= 2000`),
    check("streams_video_url_https", sql`${t.videoUrl} LIKE 'https://%' AND length(${t.videoUrl}) <= 2048`),
    check("streams_status_known", sql`${t.status} IN ('live', 'ended')`),
  ],
);

export type StreamRow = typeof streams.$inferSelect;
