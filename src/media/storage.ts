import { IMAGE_TYPES } from "./image-type";
import type { ImageUpload } from "./upload";

/** Keys are named by their content, so an object never changes: browsers and CDNs may keep it for a year. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

const EXTENSIONS = Object.values(IMAGE_TYPES)
  .map((type) => type.extension)
  .join("|");

/** The only keys this service writes: `images/<sha256 of the bytes>.<extension>`. */
export const MEDIA_KEY = new RegExp(`^images/[0-9a-f]{64}\\.(?:${EXTENSIONS})$`);

/** Where an object is served: the URL an asset row stores for an upload. */
export const mediaUrl = (key: string) => `/media/${key}`;

/** The key a `/media/<key>` URL names, if it has the shape of one this service writes. */
export function mediaKeyOf(url: string): string | undefined {
  const key = url.startsWith("/media/") ? url.slice("/media/".length) : undefined;
  return key !== undefined && MEDIA_KEY.test(key) ? key : undefined;
}

export interface StoredImage {
  key: string;
  url: string;
  /** False when an identical upload was already stored (nothing was written). */
  created: boolean;
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Stores an upload under its content's SHA-256, so the same bytes twice are one object. The write is conditional
 * (only if the key is free), which both skips rewriting an existing object and says whether this call created it;
 * R2 checks the bytes against the digest, and a put either stores the whole object or nothing.
 */
export async function storeImage(bucket: R2Bucket, { bytes, type }: ImageUpload): Promise<StoredImage> {
  const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));
  const key = `images/${sha256}.${type.extension}`;
  const written = await bucket.put(key, bytes, {
    sha256,
    httpMetadata: { contentType: type.contentType, cacheControl: IMMUTABLE_CACHE_CONTROL },
    onlyIf: { etagDoesNotMatch: "*" },
  });
  return { key, url: mediaUrl(key), created: written !== null };
}

/**
 * Undoes `storeImage` when what the upload was for could not be saved. Only an object this request created is
 * removed: an existing one may be what other assets point at.
 */
export async function discardImage(bucket: R2Bucket, stored: StoredImage): Promise<void> {
  if (stored.created) await bucket.delete(stored.key);
}
