import { z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import { STREAM_STATUSES, type StreamRow } from "./schema";

export const StreamStatusSchema = z.enum(STREAM_STATUSES);

/**
 * Where the video plays: any absolute https URL (a YouTube or Vimeo embed, a Cloudflare Stream iframe, a self-hosted
 * player), without credentials in it. Providers are not listed: the page embeds the URL in a sandboxed iframe, and
 * https keeps it from being mixed content.
 */
export const VideoUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
  }, "Must be an absolute https URL without credentials.")
  .openapi({ example: "https://www.youtube.com/embed/dQw4w9WgXcQ" });

export const StreamSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    video_url: z.string(),
    status: StreamStatusSchema,
    created_by: z.string().nullable().openapi({ description: "Creator's user id; null once the account is deleted" }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("Stream");

export const StreamWithViewersSchema = StreamSchema.extend({
  viewer_count: z.number().int().min(0).openapi({ description: "WebSocket connections open in the chat room now" }),
  slow_mode_seconds: z
    .number()
    .int()
    .min(0)
    .openapi({ description: "Minimum seconds between one sender's chat messages; 0 = off (always 0 once ended)" }),
}).openapi("StreamWithViewers");

export const CreateStreamBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200).openapi({ example: "Launch day live" }),
    description: z.string().trim().max(2000).default("").openapi({ example: "Questions welcome in the chat." }),
    video_url: VideoUrlSchema,
  })
  .openapi("CreateStreamRequest");

export const ListStreamsQuery = PageQuery.extend({ status: StreamStatusSchema.optional() });

export function presentStream(row: StreamRow) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    video_url: row.videoUrl,
    status: row.status,
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
