import { z } from "@hono/zod-openapi";
import { IdParam, ProblemSchema, problems } from "../../http/openapi";
import { mediaKeyOf } from "../../media/storage";
import { AssetUrlSchema, LanguageSchema, VariantSchema } from "../models";
import { LESSON_ASSET_TYPES, PROGRAM_ASSET_TYPES } from "../schema";
import type { AssetRecord, AssetSlot } from "./queries";

const assetFields = {
  language: LanguageSchema,
  variant: VariantSchema,
  url: z
    .string()
    .openapi({ example: "/media/images/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png" }),
  updated_at: z.iso.datetime(),
};

export const ProgramAssetSchema = z
  .object({ program_id: z.string(), ...assetFields, asset_type: z.enum(PROGRAM_ASSET_TYPES) })
  .openapi("ProgramAsset");
export const LessonAssetSchema = z
  .object({ lesson_id: z.string(), ...assetFields, asset_type: z.enum(LESSON_ASSET_TYPES) })
  .openapi("LessonAsset");

type ProgramAsset = z.infer<typeof ProgramAssetSchema>;
type LessonAsset = z.infer<typeof LessonAssetSchema>;

export const presentProgramAsset = ({ owner_id, language, variant, url, updated_at }: AssetRecord): ProgramAsset => ({
  program_id: owner_id,
  language,
  variant,
  asset_type: "poster",
  url,
  updated_at,
});

export const presentLessonAsset = ({
  owner_id,
  language,
  variant,
  asset_type,
  url,
  updated_at,
}: AssetRecord): LessonAsset => ({
  lesson_id: owner_id,
  language,
  variant,
  asset_type: asset_type as LessonAsset["asset_type"],
  url,
  updated_at,
});

export const SlotParams = IdParam.extend({
  language: LanguageSchema.openapi({ param: { name: "language", in: "path" } }),
  variant: VariantSchema.openapi({ param: { name: "variant", in: "path" } }),
});

export const AssetUrlBody = z
  .strictObject({
    url: AssetUrlSchema.refine(
      (url) => !url.startsWith("/media/") || mediaKeyOf(url, "image") !== undefined,
      "A /media/ URL must name an uploaded image: /media/images/<sha256>.<jpg|png|webp|gif>.",
    ),
  })
  .openapi("AssetUrlRequest");

// Only application/json bodies are validated by zod; an upload's bytes are read and checked by the handler.
const binary = z.string().openapi({ type: "string", format: "binary" });

/** Either body the PUT routes take; documented as required (see `mountEitherBody` for how it is installed). */
export const assetBody = {
  required: true,
  description:
    "Either `application/json` `{ url }` (an https URL, or `/media/<key>` of an earlier upload), or the image " +
    "itself (JPEG, PNG, WebP or GIF, at most 10 MiB) as `image/*` or `application/octet-stream`; its type is " +
    "read from its bytes. An upload is stored once per content and served at `/media/<key>`.",
  content: {
    "application/json": { schema: AssetUrlBody },
    "image/*": { schema: binary },
    "application/octet-stream": { schema: binary },
  },
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const putProblems = {
  ...problems(400, 401, 403, 404, 413),
  415: problem(
    "unsupported_media_type: the body is not JSON, image/* or application/octet-stream; " +
      "unsupported_image_type: the bytes are not a JPEG, PNG, WebP or GIF",
  ),
  422: problem("language_not_available: not one of the owner's languages; unknown_media: no such upload"),
};

/** Which asset the path names, of the given type. */
export const slotOf = (
  assetType: AssetSlot["assetType"],
  { id, language, variant }: z.infer<typeof SlotParams>,
): AssetSlot => ({ ownerId: id, language, variant, assetType });
