import { z } from "@hono/zod-openapi";
import { mediaKeyOf } from "../media/storage";
import { ASSET_VARIANTS, CONTENT_TYPES, LESSON_STATUSES, PROGRAM_STATUSES } from "./schema";

/** A BCP 47 language tag as the catalog uses them: `te`, `en`, `pt-BR`. */
export const LanguageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "A language code such as en or pt-BR.")
  .openapi({ example: "te" });

export const VariantSchema = z.enum(ASSET_VARIANTS).openapi({ example: "portrait" });
export const ContentTypeSchema = z.enum(CONTENT_TYPES);
export const ProgramStatusSchema = z.enum(PROGRAM_STATUSES);
export const LessonStatusSchema = z.enum(LESSON_STATUSES);

/** An absolute https URL, or a path on this service such as an uploaded image's `/media/<key>`. */
export const AssetUrlSchema = z
  .string()
  .max(2048)
  .refine((url) => url.startsWith("/media/") || /^https:\/\/[^\s]+$/.test(url), "Must be an https URL or /media/<key>.")
  .openapi({ example: "https://cdn.example.com/posters/telugu-basics.jpg" });

/**
 * Where a lesson's content lives: an https URL, or an audio file uploaded here (`POST /cms/upload/audio` answers its
 * `/media/audio/<key>`), which an audio lesson plays as its episode.
 */
export const ContentUrlSchema = z
  .string()
  .max(2048)
  .refine(
    (url) => /^https:\/\/[^\s]+$/.test(url) || mediaKeyOf(url, "audio") !== undefined,
    "Must be an https URL or an uploaded audio file's /media/audio/<key>.",
  )
  .openapi({ example: "https://cdn.example.com/lessons/1/te.m3u8" });

/**
 * Thumbnails a lesson needs in its primary content language before it can be published (now or by schedule).
 */
export const REQUIRED_THUMBNAIL_VARIANTS = ["portrait", "landscape"] as const;

/**
 * Posters a program needs in its primary language before it can be published, which its first published lesson
 * does (see publish.ts).
 */
export const REQUIRED_POSTER_VARIANTS = ["portrait", "landscape"] as const;
