import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { guarded } from "../auth/guards";
import { config } from "../config";
import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import { createRouter, IdParam, jsonContent, ProblemSchema, problems } from "../http/openapi";
import { pageOf } from "../http/pagination";
import { conflict, notFound, ProblemError } from "../http/problem";
import { discardImage, mediaKeyOf, storeImage } from "../media/storage";
import { isUploadContentType, readImageUpload } from "../media/upload";
import { nowIso } from "../time";
import {
  type AssetOwner,
  type AssetRecord,
  type AssetSlot,
  deleteAsset,
  LESSON_ASSETS,
  listAssets,
  ownerLanguages,
  PROGRAM_ASSETS,
  upsertAsset,
} from "./asset-queries";
import { AssetUrlSchema, LanguageSchema, VariantSchema } from "./models";
import { LESSON_ASSET_TYPES, PROGRAM_ASSET_TYPES } from "./schema";

// ---- models ---------------------------------------------------------------------------------------------------------

const assetFields = {
  language: LanguageSchema,
  variant: VariantSchema,
  url: z
    .string()
    .openapi({ example: "/media/images/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png" }),
  updated_at: z.iso.datetime(),
};

const ProgramAssetSchema = z
  .object({ program_id: z.string(), ...assetFields, asset_type: z.enum(PROGRAM_ASSET_TYPES) })
  .openapi("ProgramAsset");
const LessonAssetSchema = z
  .object({ lesson_id: z.string(), ...assetFields, asset_type: z.enum(LESSON_ASSET_TYPES) })
  .openapi("LessonAsset");

type ProgramAsset = z.infer<typeof ProgramAssetSchema>;
type LessonAsset = z.infer<typeof LessonAssetSchema>;

const presentProgramAsset = ({ owner_id, language, variant, url, updated_at }: AssetRecord): ProgramAsset => ({
  program_id: owner_id,
  language,
  variant,
  asset_type: "poster",
  url,
  updated_at,
});

const presentLessonAsset = ({
  owner_id,
  language,
  variant,
  asset_type,
  url,
  updated_at,
}: AssetRecord): LessonAsset => ({
  lesson_id: owner_id,
  language,
  variant,
  asset_type: asset_type as LessonAsset["asset_type"],
  url,
  updated_at,
});

const SlotParams = IdParam.extend({
  language: LanguageSchema.openapi({ param: { name: "language", in: "path" } }),
  variant: VariantSchema.openapi({ param: { name: "variant", in: "path" } }),
});

const AssetUrlBody = z
  .strictObject({
    url: AssetUrlSchema.refine(
      (url) => !url.startsWith("/media/") || mediaKeyOf(url) !== undefined,
      "A /media/ URL must name an uploaded image: /media/images/<sha256>.<jpg|png|webp|gif>.",
    ),
  })
  .openapi("AssetUrlRequest");

// Only application/json bodies are validated by zod; an upload's bytes are read and checked by the handler.
const binary = z.string().openapi({ type: "string", format: "binary" });

/** Either body the PUT routes take; documented as required (see `mountEitherBody` for how it is installed). */
const assetBody = {
  required: true,
  description:
    "Either `application/json` `{ url }` (an https URL, or `/media/<key>` of an earlier upload), or the image " +
    "itself (JPEG, PNG, WebP or GIF, at most 10 MiB) as `image/*` or `application/octet-stream`; its type is " +
    "read from its bytes. An upload is stored once per content and served at `/media/<key>`.",
  content: {
    "application/json": { schema: AssetUrlBody },
    "image/*": { schema: binary },
    "application/octet-stream": { schema: binary },
  },
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

const putProblems = {
  ...problems(400, 401, 403, 404, 413),
  415: problem(
    "unsupported_media_type: the body is not JSON, image/* or application/octet-stream; " +
      "unsupported_image_type: the bytes are not a JPEG, PNG, WebP or GIF",
  ),
  422: problem("language_not_available: not one of the owner's languages; unknown_media: no such upload"),
};

// ---- routes ---------------------------------------------------------------------------------------------------------

const tags = ["Assets"];

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Refuses a PUT body that is neither JSON nor an upload with a 415 that names both (the generic one says JSON),
 * and a PUT without any body with a 400.
 */
const jsonOrImage = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header("Content-Type");
  if (isUploadContentType(type) || (type && JSON_TYPE.test(type))) return next();
  if (!type && c.req.raw.body === null) {
    throw new ProblemError(400, "empty_body", 'Send {"url": …} as application/json, or the image bytes.');
  }
  throw new ProblemError(
    415,
    "unsupported_media_type",
    "Send application/json with a url, or the image bytes as image/* or application/octet-stream.",
  );
});

const putPoster = createRoute({
  method: "put",
  path: "/cms/programs/{id}/posters/{language}/{variant}",
  tags,
  summary: "Set a program's poster for a language and variant",
  description: "201 when the program had no poster there yet, 200 when it replaced one.",
  ...guarded("editor", jsonOrImage),
  request: { params: SlotParams, body: assetBody },
  responses: {
    200: jsonContent(ProgramAssetSchema, "The poster, replaced"),
    201: jsonContent(ProgramAssetSchema, "The poster, new"),
    ...putProblems,
  },
});

const putThumbnail = createRoute({
  method: "put",
  path: "/cms/lessons/{id}/thumbnails/{language}/{variant}",
  tags,
  summary: "Set a lesson's thumbnail for a content language and variant",
  description: "201 when the lesson had no thumbnail there yet, 200 when it replaced one.",
  ...guarded("editor", jsonOrImage),
  request: { params: SlotParams, body: assetBody },
  responses: {
    200: jsonContent(LessonAssetSchema, "The thumbnail, replaced"),
    201: jsonContent(LessonAssetSchema, "The thumbnail, new"),
    ...putProblems,
  },
});

const deletePoster = createRoute({
  method: "delete",
  path: "/cms/programs/{id}/posters/{language}/{variant}",
  tags,
  summary: "Remove a program's poster",
  description: "The uploaded image stays in storage: other assets may show the same bytes.",
  ...guarded("editor"),
  request: { params: SlotParams },
  responses: { 204: { description: "Removed" }, ...problems(400, 401, 403, 404) },
});

const deleteThumbnail = createRoute({
  method: "delete",
  path: "/cms/lessons/{id}/thumbnails/{language}/{variant}",
  tags,
  summary: "Remove a lesson's thumbnail",
  description: "The uploaded image stays in storage: other assets may show the same bytes.",
  ...guarded("editor"),
  request: { params: SlotParams },
  responses: { 204: { description: "Removed" }, ...problems(400, 401, 403, 404) },
});

const listProgramAssets = createRoute({
  method: "get",
  path: "/cms/programs/{id}/assets",
  tags,
  summary: "A program's posters",
  description: "Every one, by language and variant, in one page (a program has at most 4 per language).",
  ...guarded("viewer"),
  request: { params: IdParam },
  responses: {
    200: jsonContent(pageOf(ProgramAssetSchema, "ProgramAssetPage"), "The program's assets"),
    ...problems(401, 403, 404),
  },
});

const listLessonAssets = createRoute({
  method: "get",
  path: "/cms/lessons/{id}/assets",
  tags,
  summary: "A lesson's thumbnails and subtitles",
  description: "Every one, by language, variant and type, in one page (a lesson has at most 8 per language).",
  ...guarded("viewer"),
  request: { params: IdParam },
  responses: {
    200: jsonContent(pageOf(LessonAssetSchema, "LessonAssetPage"), "The lesson's assets"),
    ...problems(401, 403, 404),
  },
});

// ---- behaviour ------------------------------------------------------------------------------------------------------

function languageNotAvailable(owner: AssetOwner, language: string, languages: string[]): ProblemError {
  const message = `${language} is not one of this ${owner.name}'s languages (${languages.join(", ")}).`;
  return new ProblemError(422, "language_not_available", message, { errors: [{ path: "language", message }] });
}

/** 404 without the owner, 422 when the language is not one of its own: checked before an upload is stored. */
async function requireLanguage(db: Database, owner: AssetOwner, id: string, language: string): Promise<void> {
  const languages = await ownerLanguages(db, owner, id);
  if (!languages) throw notFound(owner.name);
  if (!languages.includes(language)) throw languageNotAvailable(owner, language, languages);
}

/** Writes the asset; when the guarded write finds no owner or no such language, says which (one more query). */
async function saveAsset(db: Database, owner: AssetOwner, slot: AssetSlot, url: string) {
  const saved = await upsertAsset(db, owner, slot, url, nowIso());
  if (saved) return saved;
  await requireLanguage(db, owner, slot.ownerId, slot.language);
  // Both hold now, so one of them changed while the write ran.
  throw conflict("conflict", `The ${owner.name} changed while saving; try again.`);
}

/** An https URL is taken as it is; a /media/ one must name an object that is stored, or the asset would show nothing. */
async function requireStoredMedia(bucket: R2Bucket, url: string): Promise<void> {
  const key = mediaKeyOf(url);
  if (key === undefined || (await bucket.head(key))) return;
  const message = "No image was uploaded under this /media/ URL.";
  throw new ProblemError(422, "unknown_media", message, { errors: [{ path: "url", message }] });
}

/**
 * PUT of either body (`jsonUrl` reads a JSON body's url). An upload is checked (size, type from its bytes) and its
 * owner and language are checked before anything is written to R2; if the row cannot be saved after all, an object
 * this request created is removed.
 */
async function putAsset(c: Context<AppEnv>, owner: AssetOwner, slot: AssetSlot, jsonUrl: () => string) {
  const db = c.var.db;
  if (!isUploadContentType(c.req.header("Content-Type"))) {
    const url = jsonUrl();
    await requireStoredMedia(c.env.MEDIA, url);
    return saveAsset(db, owner, slot, url);
  }
  const upload = await readImageUpload(c.req, config(c.env).maxUploadBytes);
  await requireLanguage(db, owner, slot.ownerId, slot.language);
  const stored = await storeImage(c.env.MEDIA, upload);
  try {
    return await saveAsset(db, owner, slot, stored.url);
  } catch (error) {
    await discardImage(c.env.MEDIA, stored);
    throw error;
  }
}

const posterSlot = ({ id, language, variant }: z.infer<typeof SlotParams>): AssetSlot => ({
  ownerId: id,
  language,
  variant,
  assetType: "poster",
});
const thumbnailSlot = ({ id, language, variant }: z.infer<typeof SlotParams>): AssetSlot => ({
  ownerId: id,
  language,
  variant,
  assetType: "thumbnail",
});

/** Posters of programs and thumbnails of lessons: by URL or by upload to R2. */
export const assetRoutes = createRouter();

// The PUT routes are documented with a required body but installed with an optional one: for a required body,
// @hono/zod-openapi validates every request against the JSON schema, image uploads included (and refuses them).
// Optional, it validates application/json bodies only; `jsonOrImage` refuses a missing body and other types.
for (const route of [putPoster, putThumbnail]) assetRoutes.openAPIRegistry.registerPath(route);
const optionalBody = { ...assetBody, required: false };
// The declared binary media types widen the validated body's type; only JSON bodies are ever validated.
const urlOf = (body: unknown) => (body as z.infer<typeof AssetUrlBody>).url;

assetRoutes
  .openapi({ ...putPoster, hide: true, request: { ...putPoster.request, body: optionalBody } }, async (c) => {
    const saved = await putAsset(c, PROGRAM_ASSETS, posterSlot(c.req.valid("param")), () => urlOf(c.req.valid("json")));
    return c.json(presentProgramAsset(saved.record), saved.created ? 201 : 200);
  })
  .openapi({ ...putThumbnail, hide: true, request: { ...putThumbnail.request, body: optionalBody } }, async (c) => {
    const saved = await putAsset(c, LESSON_ASSETS, thumbnailSlot(c.req.valid("param")), () =>
      urlOf(c.req.valid("json")),
    );
    return c.json(presentLessonAsset(saved.record), saved.created ? 201 : 200);
  })
  .openapi(deletePoster, async (c) => {
    if (!(await deleteAsset(c.var.db, PROGRAM_ASSETS, posterSlot(c.req.valid("param"))))) throw notFound("poster");
    return c.body(null, 204);
  })
  .openapi(deleteThumbnail, async (c) => {
    if (!(await deleteAsset(c.var.db, LESSON_ASSETS, thumbnailSlot(c.req.valid("param"))))) {
      throw notFound("thumbnail");
    }
    return c.body(null, 204);
  })
  .openapi(listProgramAssets, async (c) => {
    const records = await listAssets(c.var.db, PROGRAM_ASSETS, c.req.valid("param").id);
    if (!records) throw notFound("program");
    return c.json({ data: records.map(presentProgramAsset), next_cursor: null }, 200);
  })
  .openapi(listLessonAssets, async (c) => {
    const records = await listAssets(c.var.db, LESSON_ASSETS, c.req.valid("param").id);
    if (!records) throw notFound("lesson");
    return c.json({ data: records.map(presentLessonAsset), next_cursor: null }, 200);
  });
