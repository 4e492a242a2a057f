import type { HonoRequest, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type Config, config } from "../config";
import type { AppEnv } from "../env";
import { ProblemError, validationFailed } from "../http/problem";
import { detectMediaType, formatsOf, MEDIA_KIND_NAMES, MEDIA_KINDS, type MediaKind, type MediaType } from "./kinds";

// What an upload is, how large it may be, and what its bytes must be, before anything is stored.

const mediaTypeOf = (contentType: string | undefined) => contentType?.split(";")[0]?.trim().toLowerCase() ?? "";

/** Bodies sent as an image or as raw bytes are uploads to the asset routes (which check the bytes themselves). */
export function isUploadContentType(contentType: string | undefined): boolean {
  const type = mediaTypeOf(contentType);
  return type.startsWith("image/") || type === "application/octet-stream";
}

const isMultipart = (contentType: string | undefined) => mediaTypeOf(contentType) === "multipart/form-data";

/** `POST /cms/upload/{kind}`: the path of the upload route of each kind. */
export const UPLOAD_PATH_PREFIX = "/cms/upload/";
const UPLOAD_PATHS = new Map(MEDIA_KIND_NAMES.map((kind) => [`${UPLOAD_PATH_PREFIX}${kind}`, kind]));

/**
 * Room for a multipart body's boundaries, part headers (the file's name) and a form's other small fields around the
 * file, so that a file of exactly the limit fits; the file itself is held to the limit when it is read.
 */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

/**
 * The largest body a request may send, from its path and Content-Type alone (decided before anything reads it):
 * an upload route takes its kind's limit whatever the body's type (raw bytes, or multipart with room for the
 * envelope); an image or raw-bytes body elsewhere (the asset routes' uploads) takes the image limit; anything else
 * `MAX_BODY_BYTES`.
 *
 * @example
 * maxBodyBytesFor("/cms/upload/audio", "audio/mpeg", config(env)) // 32 MiB
 * maxBodyBytesFor("/cms/programs", "application/json", config(env)) // 1 MiB
 */
export function maxBodyBytesFor(path: string, contentType: string | undefined, settings: Config): number {
  const kind = UPLOAD_PATHS.get(path);
  if (kind) return MEDIA_KINDS[kind].maxBytes(settings) + (isMultipart(contentType) ? MULTIPART_ENVELOPE_BYTES : 0);
  return isUploadContentType(contentType) ? settings.maxUploadBytes : settings.maxBodyBytes;
}

/**
 * Refuses request bodies over the limit `maxBodyBytesFor` sets with a 413 problem, before anything reads them (a
 * Content-Length over it is refused at once; a body without one, as it streams in).
 */
export const limitBodySize: MiddlewareHandler<AppEnv> = (c, next) => {
  const maxSize = maxBodyBytesFor(c.req.path, c.req.header("Content-Type"), config(c.env));
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ProblemError(413, "payload_too_large", `The request body is larger than ${maxSize} bytes.`);
    },
  })(c, next);
};

export interface MediaUpload {
  bytes: Uint8Array;
  type: MediaType;
}

type UploadRequest = Pick<HonoRequest, "header" | "arrayBuffer" | "formData">;

const FILE_FIELD = "file";

const fileProblem = (message: string, detail: string) => validationFailed([{ path: FILE_FIELD, message }], detail);

/** The `file` field of a multipart form: one file, as an HTML `<input type="file" name="file">` sends it. */
async function fileFieldOf(request: UploadRequest): Promise<{ bytes: Uint8Array; fromField: boolean }> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new ProblemError(400, "malformed_multipart", "The multipart/form-data body could not be read.");
  }
  const entries = form.getAll(FILE_FIELD);
  const [entry] = entries;
  if (entry === undefined) {
    throw fileProblem("Required: the file to upload.", `The form has no "${FILE_FIELD}" field.`);
  }
  if (entries.length > 1) throw fileProblem("One file per upload.", `The form has ${entries.length} files.`);
  // A form submitted without a file chosen sends a part without a file name, which reads as empty text.
  if (entry === "") return { bytes: new Uint8Array(0), fromField: true };
  if (typeof entry === "string") {
    throw fileProblem('Must be a file (<input type="file">), not text.', `The "${FILE_FIELD}" field is not a file.`);
  }
  return { bytes: new Uint8Array(await entry.arrayBuffer()), fromField: true };
}

/** 415 for bytes that are not of `kind`, saying what was expected and, when they are of the other kind, what they are. */
function notOfKind(kind: MediaKind, bytes: Uint8Array): ProblemError {
  const { noun, unsupportedCode } = MEDIA_KINDS[kind];
  const expected = `expected ${formatsOf(kind)}, as judged from its bytes (not its name or Content-Type)`;
  const found = detectMediaType(bytes);
  const actually = found
    ? ` These bytes are ${MEDIA_KINDS[found.kind].article}${found.label} ${found.kind}, which ` +
      `${UPLOAD_PATH_PREFIX}${found.kind} takes.`
    : "";
  return new ProblemError(415, unsupportedCode, `The upload is not ${noun}: ${expected}.${actually}`);
}

/**
 * Reads an upload of `kind` and checks it before anything is stored. The body is the file's bytes (whatever its
 * Content-Type says), or a `multipart/form-data` form with the file in its `file` field (400 naming `file` without
 * one). Empty is a 400, over `maxBytes` a 413 (the body-size middleware normally refuses those first; this holds
 * for any caller and for a form's file), bytes that are not of the kind by their magic numbers a 415.
 *
 * @example
 * const upload = await readUpload(c.req, "audio", config(c.env).maxAudioUploadBytes);
 * upload.type.contentType // "audio/mpeg"
 */
export async function readUpload(request: UploadRequest, kind: MediaKind, maxBytes: number): Promise<MediaUpload> {
  const contentType = request.header("Content-Type");
  // What a <form> without enctype sends: the file's name, never its bytes.
  if (mediaTypeOf(contentType) === "application/x-www-form-urlencoded") {
    const detail = 'A form carries a file only as multipart/form-data: give the <form> enctype="multipart/form-data".';
    throw new ProblemError(415, "unsupported_media_type", detail);
  }
  const { bytes, fromField } = isMultipart(contentType)
    ? await fileFieldOf(request)
    : { bytes: new Uint8Array(await request.arrayBuffer()), fromField: false };
  if (bytes.byteLength === 0) {
    const detail = `The upload is empty; send the ${kind} file's bytes.`;
    const errors = fromField ? [{ path: FILE_FIELD, message: "The file is empty, or none was chosen." }] : undefined;
    throw new ProblemError(400, "empty_body", detail, { errors });
  }
  if (bytes.byteLength > maxBytes) {
    throw new ProblemError(413, "payload_too_large", `The ${kind} file is larger than ${maxBytes} bytes.`);
  }
  const type = MEDIA_KINDS[kind].detect(bytes);
  if (!type) throw notOfKind(kind, bytes);
  return { bytes, type };
}
