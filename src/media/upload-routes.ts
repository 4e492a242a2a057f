import { createRoute, z } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { config } from "../config";
import { createRouter, documentedAs, ProblemSchema, problems } from "../http/openapi";
import { formatsOf, MEDIA_KIND_NAMES, MEDIA_KINDS } from "./kinds";
import { storeMedia } from "./storage";
import { readUpload, UPLOAD_PATH_PREFIX } from "./upload";

const UploadParams = z.object({
  kind: z.enum(MEDIA_KIND_NAMES).openapi({
    param: { name: "kind", in: "path", description: "What the file must be: `image` or `audio`" },
    example: "audio",
  }),
});

export const UploadedMediaSchema = z
  .object({
    kind: z.enum(MEDIA_KIND_NAMES),
    key: z.string().openapi({ example: "audio/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.mp3" }),
    url: z.string().openapi({
      description: "Where it is served (GET /media/{key}); what a poster, thumbnail or product image stores",
      example: "/media/audio/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.mp3",
    }),
    content_type: z.string().openapi({ description: "As recognised from the bytes", example: "audio/mpeg" }),
    size: z.number().int().openapi({ description: "In bytes", example: 4_194_304 }),
  })
  .openapi("UploadedMedia");

const binary = { schema: z.string().openapi({ type: "string", format: "binary" }) };

const uploadBody = {
  required: true,
  description:
    "The file's bytes as the body (any Content-Type: `application/octet-stream`, `image/*`, `audio/*`…), or a " +
    '`multipart/form-data` form (a plain HTML `<form enctype="multipart/form-data">`) with the file in its `file` ' +
    `field. Images: ${formatsOf("image")}, at most MAX_UPLOAD_BYTES (10 MiB). Audio: ${formatsOf("audio")}, at ` +
    "most MAX_AUDIO_UPLOAD_BYTES (32 MiB). The format is " +
    "read from the bytes, never from the file's name or the Content-Type.",
  content: {
    "multipart/form-data": {
      schema: z.object({ file: z.string().openapi({ type: "string", format: "binary" }) }),
    },
    "application/octet-stream": binary,
    "image/*": binary,
    "audio/*": binary,
  },
};

const uploaded = (description: string) => ({
  description,
  headers: { Location: { schema: { type: "string" as const }, description: "The media URL, /media/{key}" } },
  content: { "application/json": { schema: UploadedMediaSchema } },
});

const uploadMedia = createRoute({
  method: "post",
  path: `${UPLOAD_PATH_PREFIX}{kind}`,
  tags: ["Media"],
  summary: "Upload an image or an audio file",
  description:
    "Stored in R2 under its kind and the SHA-256 of its bytes (`images/<sha256>.<ext>`, `audio/<sha256>.<ext>`) " +
    "with the Content-Type its bytes show, and served at the answer's `url`. The same bytes again are the same " +
    "object: 200 with the same key, nothing written.",
  ...guarded("editor"),
  request: { params: UploadParams, body: uploadBody },
  responses: {
    201: uploaded("Stored"),
    200: uploaded("Already stored (the same bytes were uploaded before)"),
    ...problems(400, 401, 403, 413),
    415: {
      description:
        "unsupported_image_type, unsupported_audio_type: the bytes are not of the kind the path names " +
        "(a PNG sent as audio); unsupported_media_type: a form sent without multipart/form-data",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

/** `POST /cms/upload/{kind}`: editors upload images and audio to R2. */
export const uploadRoutes = createRouter();

// Documented with its bodies, installed without: zod-openapi would otherwise parse (and refuse) the raw and
// multipart bodies; `readUpload` reads either, once.
const { body: _, ...params } = uploadMedia.request;
uploadRoutes.openapi(documentedAs(uploadRoutes, uploadMedia, { request: params }), async (c) => {
  const { kind } = c.req.valid("param");
  const upload = await readUpload(c.req, kind, MEDIA_KINDS[kind].maxBytes(config(c.env)));
  const stored = await storeMedia(c.env.MEDIA, upload);
  c.header("Location", stored.url);
  const answer = {
    kind,
    key: stored.key,
    url: stored.url,
    content_type: upload.type.contentType,
    size: upload.bytes.byteLength,
  };
  return c.json(answer, stored.created ? 201 : 200);
});
