import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { createRouter, documentedAs, ProblemSchema, problems } from "../http/openapi";
import { notFound, ProblemError } from "../http/problem";
import { ifNoneMatchNames, isUnsatisfiableRange, parseRange, servedRange } from "./http-ranges";
import { IMMUTABLE_CACHE_CONTROL, MEDIA_KEY } from "./storage";

const MediaKeyParam = z.object({
  key: z
    .string()
    .regex(MEDIA_KEY, "Not a media key: images/<sha256>.<jpg|png|webp|gif>.")
    .openapi({
      param: { name: "key", in: "path", description: "The object's key; it contains a `/`" },
      example: "images/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png",
    }),
});

const ConditionalHeaders = z.object({
  range: z.string().optional().openapi({ description: "One `bytes=` range, e.g. bytes=0-1023 or bytes=-500" }),
  "if-none-match": z.string().optional().openapi({ description: "The ETag of the copy you hold: 304 if current" }),
  "if-range": z.string().optional().openapi({ description: "Serve the Range only if this is still the ETag" }),
});

const imageBody = { "image/*": { schema: z.string().openapi({ type: "string", format: "binary" }) } };
const cachingHeaders = {
  ETag: { schema: { type: "string" as const }, description: "Strong validator of the bytes" },
  "Cache-Control": { schema: { type: "string" as const }, description: IMMUTABLE_CACHE_CONTROL },
  "Accept-Ranges": { schema: { type: "string" as const }, description: "bytes" },
};
const contentRange = { schema: { type: "string" as const }, description: "e.g. bytes 0-1023/4096" };

const getMedia = createRoute({
  method: "get",
  path: "/media/{key}",
  tags: ["Media"],
  summary: "An uploaded image",
  description:
    "Public and cacheable forever (keys are content hashes). HEAD works too. Embeddable from any site " +
    "(Cross-Origin-Resource-Policy: cross-origin).",
  request: { params: MediaKeyParam, headers: ConditionalHeaders },
  responses: {
    200: { description: "The whole image", headers: cachingHeaders, content: imageBody },
    206: {
      description: "The requested byte range",
      headers: { ...cachingHeaders, "Content-Range": contentRange },
      content: imageBody,
    },
    304: { description: "Not modified: If-None-Match names the current ETag", headers: cachingHeaders },
    ...problems(400, 404),
    416: {
      description: "The range starts past the end of the image",
      headers: { "Content-Range": { schema: { type: "string" }, description: "bytes */<size>" } },
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

/** What every answer about an object carries: its type, validator and caching, whoever embeds it. */
function objectHeaders(object: R2Object): Headers {
  const headers = new Headers({
    ETag: object.httpEtag,
    "Cache-Control": IMMUTABLE_CACHE_CONTROL,
    "Accept-Ranges": "bytes",
    // Images are meant to be embedded by other sites; the API's default is same-origin.
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
  headers.set("Content-Type", object.httpMetadata?.contentType ?? "application/octet-stream");
  return headers;
}

function notModified(object: R2Object): Response {
  const headers = objectHeaders(object);
  headers.delete("Content-Type");
  return new Response(null, { status: 304, headers });
}

async function rangeNotSatisfiable(bucket: R2Bucket, key: string): Promise<ProblemError> {
  const object = await bucket.head(key);
  if (!object) return notFound("media object");
  return new ProblemError(416, "range_not_satisfiable", `The range is outside the image's ${object.size} bytes.`, {
    headers: { "Content-Range": `bytes */${object.size}` },
  });
}

/**
 * The Range to honour: the header's, unless an If-Range names another version (then the whole object, as RFC 9110
 * requires). Keys are content hashes, so only a stale or foreign tag can differ; that costs one metadata read.
 */
async function requestedRange(c: Context<AppEnv>, key: string): Promise<R2Range | undefined> {
  const range = parseRange(c.req.header("Range"));
  const ifRange = c.req.header("If-Range");
  if (!range || ifRange === undefined) return range;
  const current = await c.env.MEDIA.head(key);
  return current && ifRange.trim() === current.httpEtag ? range : undefined;
}

async function headMedia(c: Context<AppEnv>, key: string): Promise<Response> {
  const object = await c.env.MEDIA.head(key);
  if (!object) throw notFound("media object");
  const ifNoneMatch = c.req.header("If-None-Match");
  if (ifNoneMatch !== undefined && ifNoneMatchNames(ifNoneMatch, object.httpEtag)) return notModified(object);
  const headers = objectHeaders(object);
  headers.set("Content-Length", String(object.size));
  return new Response(null, { status: 200, headers });
}

async function getMediaObject(c: Context<AppEnv>, key: string): Promise<Response> {
  const bucket = c.env.MEDIA;
  const range = await requestedRange(c, key);
  const ifNoneMatch = c.req.header("If-None-Match");
  let object: R2ObjectBody | R2Object | null;
  try {
    // R2 applies If-None-Match itself: when it names the current tag, the result has no body.
    object = await bucket.get(key, {
      range,
      onlyIf: ifNoneMatch === undefined ? undefined : new Headers({ "If-None-Match": ifNoneMatch }),
    });
  } catch (error) {
    if (isUnsatisfiableRange(error)) throw await rangeNotSatisfiable(bucket, key);
    throw error;
  }
  if (!object) throw notFound("media object");
  if (!("body" in object)) return notModified(object);

  const headers = objectHeaders(object);
  if (!range) {
    headers.set("Content-Length", String(object.size));
    return new Response(object.body, { status: 200, headers });
  }
  const { offset, length } = servedRange(range, object.size);
  headers.set("Content-Length", String(length));
  headers.set("Content-Range", `bytes ${offset}-${offset + length - 1}/${object.size}`);
  return new Response(object.body, { status: 206, headers });
}

/** `GET /media/:key` (and HEAD): uploaded images from R2. */
export const mediaRoutes = createRouter();

// Documented as /media/{key}, but mounted with a pattern that takes the rest of the path: Hono's {key} would stop
// at the key's `/`. The key's zod pattern still decides which keys are served.
mediaRoutes.openapi(documentedAs(mediaRoutes, getMedia, { path: "/media/{key{.+}}" }), (c) => {
  const { key } = c.req.valid("param");
  // Hono answers HEAD with the GET route and drops the body; asking R2 for metadata only avoids reading the bytes.
  return c.req.method === "HEAD" ? headMedia(c, key) : getMediaObject(c, key);
});
