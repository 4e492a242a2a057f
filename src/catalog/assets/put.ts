import type { Context } from "hono";
import { config } from "../../config";
import type { Database } from "../../db/client";
import type { AppEnv } from "../../env";
import { conflict, notFound, ProblemError } from "../../http/problem";
import { discardMedia, mediaKeyOf, storeMedia } from "../../media/storage";
import { isUploadContentType, readUpload } from "../../media/upload";
import { nowIso } from "../../time";
import { type AssetOwner, type AssetSlot, ownerLanguages, upsertAsset } from "./queries";

// What a PUT of a poster or thumbnail does, by URL or by upload, so that nothing is half-written.

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
  const key = mediaKeyOf(url, "image");
  if (key === undefined || (await bucket.head(key))) return;
  const message = "No image was uploaded under this /media/ URL.";
  throw new ProblemError(422, "unknown_media", message, { errors: [{ path: "url", message }] });
}

/**
 * PUT of either body (`jsonUrl` reads a JSON body's url). An upload is checked (size, type from its bytes) and its
 * owner and language are checked before anything is written to R2; if the row cannot be saved after all, an object
 * this request created is removed.
 */
export async function putAsset(c: Context<AppEnv>, owner: AssetOwner, slot: AssetSlot, jsonUrl: () => string) {
  const db = c.var.db;
  if (!isUploadContentType(c.req.header("Content-Type"))) {
    const url = jsonUrl();
    await requireStoredMedia(c.env.MEDIA, url);
    return saveAsset(db, owner, slot, url);
  }
  const upload = await readUpload(c.req, "image", config(c.env).maxUploadBytes);
  await requireLanguage(db, owner, slot.ownerId, slot.language);
  const stored = await storeMedia(c.env.MEDIA, upload);
  try {
    return await saveAsset(db, owner, slot, stored.url);
  } catch (error) {
    await discardMedia(c.env.MEDIA, stored);
    throw error;
  }
}
