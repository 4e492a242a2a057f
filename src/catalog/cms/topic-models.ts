import { z } from "@hono/zod-openapi";
import type { TopicRow } from "../schema";

export const TopicSchema = z
  .object({ id: z.string(), name: z.string(), created_at: z.iso.datetime() })
  .openapi("Topic");

const TopicName = z.string().trim().min(1).max(100).openapi({ example: "Language learning" });
export const TopicBody = z.strictObject({ name: TopicName }).openapi("TopicRequest");

/** Topics page by name; the position is (lower(name), id). */
export const TopicPosition = z.tuple([z.string().min(1).max(100), z.string().min(1).max(64)]);

export const presentTopic = (row: TopicRow) => ({ id: row.id, name: row.name, created_at: row.createdAt });
