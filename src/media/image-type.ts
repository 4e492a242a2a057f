import { ascii, holds } from "./magic-bytes";

/**
 * The image formats uploads may be in, each with the Content-Type it is served with, its key's extension and its
 * name for people.
 */
export const IMAGE_TYPES = {
  jpeg: { kind: "image", contentType: "image/jpeg", extension: "jpg", label: "JPEG" },
  png: { kind: "image", contentType: "image/png", extension: "png", label: "PNG" },
  webp: { kind: "image", contentType: "image/webp", extension: "webp", label: "WebP" },
  gif: { kind: "image", contentType: "image/gif", extension: "gif", label: "GIF" },
} as const;

export type ImageType = (typeof IMAGE_TYPES)[keyof typeof IMAGE_TYPES];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SOI = [0xff, 0xd8, 0xff];

/**
 * The image type the bytes themselves declare, from their leading "magic" bytes; undefined when they are none of
 * jpeg, png, webp or gif. The client's Content-Type is not trusted: it is what a browser guessed from a file name,
 * and what we serve an object as must match what it is.
 */
export function detectImageType(bytes: Uint8Array): ImageType | undefined {
  if (holds(bytes, 0, JPEG_SOI)) return IMAGE_TYPES.jpeg;
  if (holds(bytes, 0, PNG_SIGNATURE)) return IMAGE_TYPES.png;
  if (holds(bytes, 0, ascii("GIF87a")) || holds(bytes, 0, ascii("GIF89a"))) return IMAGE_TYPES.gif;
  // RIFF container: "RIFF", a 4-byte little-endian size, then the form type.
  if (holds(bytes, 0, ascii("RIFF")) && holds(bytes, 8, ascii("WEBP"))) return IMAGE_TYPES.webp;
  return undefined;
}
