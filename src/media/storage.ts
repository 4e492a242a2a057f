import { sha256Hex } from "../digest";
import { MEDIA_KIND_NAMES, MEDIA_KINDS, type MediaKind } from "./kinds";
import type { MediaUpload } from "./upload";

/** Keys are named by their content, so an object never changes: browsers and CDNs may keep it for a year. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** The keys of one kind: `<folder>/<sha256 of the bytes>.<extension of one of its types>`. */
function keyPatternOf(kind: MediaKind): string {
  const { folder, types } = MEDIA_KINDS[kind];
  const extensions = Object.values(types).map((type) => type.extension);
  return `${folder}/[0-9a-f]{64}\\.(?:${extensions.join("|")})`;
}

const KEYS_OF_KIND = Object.fromEntries(
  MEDIA_KIND_NAMES.map((kind) => [kind, new RegExp(`^${keyPatternOf(kind)}$`)]),
) as Record<MediaKind, RegExp>;

/**
 * The only keys this service writes: `images/<sha256>.<jpg|png|webp|gif>` and `audio/<sha256>.<mp3|ogg|wav|m4a>`.
 */
export const MEDIA_KEY = new RegExp(`^(?:${MEDIA_KIND_NAMES.map(keyPatternOf).join("|")})$`);

/** Where an object is served: the URL an asset row stores for an upload. */
export const mediaUrl = (key: string) => `/media/${key}`;

/**
 * The key a `/media/<key>` URL names, if it has the shape of one this service writes for `kind`.
 *
 * @example
 * mediaKeyOf("/media/images/9f86….png", "image") // "images/9f86….png"
 * mediaKeyOf("/media/audio/9f86….mp3", "image") // undefined: a poster cannot be audio
 */
export function mediaKeyOf(url: string, kind: MediaKind): string | undefined {
  const key = url.startsWith("/media/") ? url.slice("/media/".length) : undefined;
  return key !== undefined && KEYS_OF_KIND[kind].test(key) ? key : undefined;
}

export interface StoredMedia {
  key: string;
  url: string;
  /** False when an identical upload was already stored (nothing was written). */
  created: boolean;
}

/**
 * Stores an upload under its kind's folder and its content's SHA-256, so the same bytes twice are one object. The
 * write is conditional (only if the key is free), which both skips rewriting an existing object and says whether
 * this call created it; R2 checks the bytes against the digest, and a put either stores the whole object or nothing.
 *
 * @example
 * const stored = await storeMedia(env.MEDIA, await readUpload(c.req, "audio", maxBytes));
 * stored.key // "audio/<sha256>.mp3"
 */
export async function storeMedia(bucket: R2Bucket, { bytes, type }: MediaUpload): Promise<StoredMedia> {
  const sha256 = await sha256Hex(bytes);
  const key = `${MEDIA_KINDS[type.kind].folder}/${sha256}.${type.extension}`;
  const written = await bucket.put(key, bytes, {
    sha256,
    httpMetadata: { contentType: type.contentType, cacheControl: IMMUTABLE_CACHE_CONTROL },
    onlyIf: { etagDoesNotMatch: "*" },
  });
  return { key, url: mediaUrl(key), created: written !== null };
}

/**
 * Undoes `storeMedia` when what the upload was for could not be saved. Only an object this request created is
 * removed: an existing one may be what other assets point at.
 */
export async function discardMedia(bucket: R2Bucket, stored: StoredMedia): Promise<void> {
  if (stored.created) await bucket.delete(stored.key);
}
