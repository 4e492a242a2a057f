import { createRoute, type z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { guarded } from "../../auth/guards";
import type { AppEnv } from "../../env";
import { createRouter, documentedAs, IdParam, jsonContent, problems } from "../../http/openapi";
import { pageOf } from "../../http/pagination";
import { notFound, ProblemError } from "../../http/problem";
import { isUploadContentType } from "../../media/upload";
import {
  type AssetUrlBody,
  assetBody,
  LessonAssetSchema,
  ProgramAssetSchema,
  presentLessonAsset,
  presentProgramAsset,
  putProblems,
  SlotParams,
  slotOf,
} from "./models";
import { putAsset } from "./put";
import { deleteAsset, LESSON_ASSETS, listAssets, PROGRAM_ASSETS } from "./queries";

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

/** Posters of programs and thumbnails of lessons: by URL or by upload to R2. */
export const assetRoutes = createRouter();

// The PUT routes are documented with a required body but installed with an optional one: for a required body,
// @hono/zod-openapi validates every request against the JSON schema, image uploads included (and refuses them).
// Optional, it validates application/json bodies only; `jsonOrImage` refuses a missing body and other types.
const optionalBody = { ...assetBody, required: false };
// The declared binary media types widen the validated body's type; only JSON bodies are ever validated.
const urlOf = (body: unknown) => (body as z.infer<typeof AssetUrlBody>).url;

assetRoutes
  .openapi(
    documentedAs(assetRoutes, putPoster, { request: { ...putPoster.request, body: optionalBody } }),
    async (c) => {
      const saved = await putAsset(c, PROGRAM_ASSETS, slotOf("poster", c.req.valid("param")), () =>
        urlOf(c.req.valid("json")),
      );
      return c.json(presentProgramAsset(saved.record), saved.created ? 201 : 200);
    },
  )
  .openapi(
    documentedAs(assetRoutes, putThumbnail, { request: { ...putThumbnail.request, body: optionalBody } }),
    async (c) => {
      const saved = await putAsset(c, LESSON_ASSETS, slotOf("thumbnail", c.req.valid("param")), () =>
        urlOf(c.req.valid("json")),
      );
      return c.json(presentLessonAsset(saved.record), saved.created ? 201 : 200);
    },
  )
  .openapi(deletePoster, async (c) => {
    if (!(await deleteAsset(c.var.db, PROGRAM_ASSETS, slotOf("poster", c.req.valid("param")))))
      throw notFound("poster");
    return c.body(null, 204);
  })
  .openapi(deleteThumbnail, async (c) => {
    if (!(await deleteAsset(c.var.db, LESSON_ASSETS, slotOf("thumbnail", c.req.valid("param"))))) {
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
