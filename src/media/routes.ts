import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { createRouter, documentedAs, ProblemSchema, problems } from "../http/openapi";
import { notFound, ProblemError, preconditionFailed } from "../http/problem";
import { isUnsatisfiableRange, parseRange, servedRange } from "./http-ranges";
import { type Conditions, evaluatePreconditions, ifRangeHolds } from "./preconditions";
import { IMMUTABLE_CACHE_CONTROL, MEDIA_KEY } from "./storage";
import { uploadRoutes } from "./upload-routes";

const MediaKeyParam = z.object({
  key: z
    .string()
    .regex(MEDIA_KEY, "Not a media key: images/<sha256>.<jpg|png|webp|gif> or audio/<sha256>.<mp3|ogg|wav|m4a>.")
    .openapi({
      param: {
        name: "key",
        in: "path",
        description:
          "The object's key, as an upload answered it: `images/<sha256>.<jpg|png|webp|gif>` or " +
          "`audio/<sha256>.<mp3|ogg|wav|m4a>` (it contains a `/`)",
      },
      example: "audio/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.mp3",
    }),
});

const ConditionalHeaders = z.object({
  range: z.string().optional().openapi({ description: "One `bytes=` range, e.g. bytes=0-1023 or bytes=-500" }),
  "if-none-match": z.string().optional().openapi({ description: "The ETag of the copy you hold: 304 if current" }),
  "if-range": z.string().optional().openapi({ description: "Serve the Range only if this is still the ETag" }),
  "if-modified-since": z.string().optional().openapi({ description: "An HTTP-date: 304 if not changed since" }),
  "if-match": z.string().optional().openapi({ description: "412 unless one of these ETags is the current one" }),
  "if-unmodified-since": z.string().optional().openapi({ description: "An HTTP-date: 412 if changed since" }),
});

const binary = { schema: z.string().openapi({ type: "string", format: "binary" }) };
const mediaBody = { "image/*": binary, "audio/*": binary };
const cachingHeaders = {
  ETag: { schema: { type: "string" as const }, description: "Strong validator of the bytes" },
  "Last-Modified": { schema: { type: "string" as const }, description: "When the object was stored (HTTP-date)" },
  "Cache-Control": { schema: { type: "string" as const }, description: IMMUTABLE_CACHE_CONTROL },
  "Accept-Ranges": { schema: { type: "string" as const }, description: "bytes" },
};
const contentRange = { schema: { type: "string" as const }, description: "e.g. bytes 0-1023/4096" };

const getMedia = createRoute({
  method: "get",
  path: "/media/{key}",
  tags: ["Media"],
  summary: "An uploaded image or audio file",
  description:
    "Public and cacheable forever (keys are content hashes), served with the Content-Type its bytes were " +
    "recognised as. HEAD works too; Range requests (one `bytes=` range) let players seek and resume audio. " +
    "Embeddable from any site (Cross-Origin-Resource-Policy: cross-origin).",
  request: { params: MediaKeyParam, headers: ConditionalHeaders },
  responses: {
    200: { description: "The whole object", headers: cachingHeaders, content: mediaBody },
    206: {
      description: "The requested byte range",
      headers: { ...cachingHeaders, "Content-Range": contentRange },
      content: mediaBody,
    },
    304: { description: "Not modified: If-None-Match names the current ETag", headers: cachingHeaders },
    ...problems(400, 404, 412),
    416: {
      description: "The range starts past the end of the object",
      headers: { "Content-Range": { schema: { type: "string" }, description: "bytes */<size>" } },
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

/** What every answer about an object carries: its type, validators and caching, whoever embeds it. */
function objectHeaders(object: R2Object): Headers {
  const headers = new Headers({
    ETag: object.httpEtag,
    "Last-Modified": object.uploaded.toUTCString(),
    "Cache-Control": IMMUTABLE_CACHE_CONTROL,
    "Accept-Ranges": "bytes",
    // Images and audio are meant to be embedded by other sites; the API's default is same-origin.
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

const objectChanged = () =>
  preconditionFailed("The object does not match the request's If-Match or If-Unmodified-Since.");

async function rangeNotSatisfiable(bucket: R2Bucket, key: string): Promise<ProblemError> {
  const object = await bucket.head(key);
  if (!object) return notFound("media object");
  return new ProblemError(416, "range_not_satisfiable", `The range is outside the object's ${object.size} bytes.`, {
    headers: { "Content-Range": `bytes */${object.size}` },
  });
}

const CONDITIONAL_HEADERS = ["If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range"];

const conditionsOf = (c: Context<AppEnv>): Conditions => ({
  ifMatch: c.req.header("If-Match"),
  ifNoneMatch: c.req.header("If-None-Match"),
  ifModifiedSince: c.req.header("If-Modified-Since"),
  ifUnmodifiedSince: c.req.header("If-Unmodified-Since"),
});

/**
 * An answer decided by the preconditions alone (412 or 304), or undefined when the object is to be served. Thrown
 * as a problem for the 412, returned for the 304.
 */
function answerToPreconditions(c: Context<AppEnv>, object: R2Object): Response | undefined {
  const outcome = evaluatePreconditions(conditionsOf(c), object);
  if (outcome === "failed") throw objectChanged();
  return outcome === "not_modified" ? notModified(object) : undefined;
}

async function headMedia(c: Context<AppEnv>, key: string): Promise<Response> {
  const object = await c.env.MEDIA.head(key);
  if (!object) throw notFound("media object");
  const answered = answerToPreconditions(c, object);
  if (answered) return answered;
  const headers = objectHeaders(object);
  headers.set("Content-Length", String(object.size));
  return new Response(null, { status: 200, headers });
}

/**
 * GET: one R2 read when the request has no preconditions. With them, the object's metadata is read first, so that the
 * preconditions are decided before the Range (as RFC 9110 orders them) and a 304 or 412 reads no bytes.
 */
async function getMediaObject(c: Context<AppEnv>, key: string): Promise<Response> {
  const bucket = c.env.MEDIA;
  let range = parseRange(c.req.header("Range"));
  if (CONDITIONAL_HEADERS.some((name) => c.req.header(name) !== undefined)) {
    const current = await bucket.head(key);
    if (!current) throw notFound("media object");
    const answered = answerToPreconditions(c, current);
    if (answered) return answered;
    const ifRange = c.req.header("If-Range");
    // An If-Range that names another version (or is not a strong tag) asks for the whole object.
    if (range && ifRange !== undefined && !ifRangeHolds(ifRange, current.httpEtag)) range = undefined;
  }
  let object: R2ObjectBody | null;
  try {
    object = await bucket.get(key, { range });
  } catch (error) {
    if (isUnsatisfiableRange(error)) throw await rangeNotSatisfiable(bucket, key);
    throw error;
  }
  if (!object) throw notFound("media object");

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
/** `GET /media/:key` (and HEAD): uploaded images and audio from R2; `POST /cms/upload/{kind}` puts them there. */
export const mediaRoutes = createRouter();
mediaRoutes.route("/", uploadRoutes);

// Documented as /media/{key}, but mounted with a pattern that takes the rest of the path: Hono's {key} would stop
// at the key's `/`. The key's zod pattern still decides which keys are served.
mediaRoutes.openapi(documentedAs(mediaRoutes, getMedia, { path: "/media/{key{.+}}" }), (c) => {
  const { key } = c.req.valid("param");
  // Hono answers HEAD with the GET route and drops the body; asking R2 for metadata only avoids reading the bytes.
  return c.req.method === "HEAD" ? headMedia(c, key) : getMediaObject(c, key);
});
