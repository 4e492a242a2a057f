import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { config } from "../config";
import type { AppEnv } from "../env";
import { ProblemError } from "../http/problem";
import { detectImageType, type ImageType } from "./image-type";

// What an upload is, how large it may be, and what its bytes must be, before anything is stored.

/** Bodies sent as an image or as raw bytes are uploads (the upload routes check the bytes themselves). */
export function isUploadContentType(contentType: string | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type.startsWith("image/") || type === "application/octet-stream";
}

/**
 * Refuses request bodies over the limit with a 413 problem, before anything reads them: `MAX_UPLOAD_BYTES` (10 MiB)
 * for uploads, `MAX_BODY_BYTES` (1 MiB) for everything else. Only the upload routes accept such bodies.
 */
export const limitBodySize: MiddlewareHandler<AppEnv> = (c, next) => {
  const { maxBodyBytes, maxUploadBytes } = config(c.env);
  const maxSize = isUploadContentType(c.req.header("Content-Type")) ? maxUploadBytes : maxBodyBytes;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ProblemError(413, "payload_too_large", `The request body is larger than ${maxSize} bytes.`);
    },
  })(c, next);
};

export interface ImageUpload {
  bytes: Uint8Array;
  type: ImageType;
}

/**
 * Reads an upload's bytes and checks them before anything is stored: empty is a 400, over `maxBytes` a 413 (the
 * body-size middleware normally refuses those first, with or without Content-Length; this holds for any caller),
 * anything but jpeg, png, webp or gif by its magic bytes a 415.
 */
export async function readImageUpload(
  request: { arrayBuffer(): Promise<ArrayBuffer> },
  maxBytes: number,
): Promise<ImageUpload> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength === 0) throw new ProblemError(400, "empty_body", "The upload is empty; send the image bytes.");
  if (bytes.byteLength > maxBytes) {
    throw new ProblemError(413, "payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  }
  const type = detectImageType(bytes);
  if (!type) {
    throw new ProblemError(415, "unsupported_image_type", "The upload is not a JPEG, PNG, WebP or GIF image.");
  }
  return { bytes, type };
}
