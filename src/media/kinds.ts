import type { Config } from "../config";
import { AUDIO_TYPES, type AudioType, detectAudioType } from "./audio-type";
import { detectImageType, IMAGE_TYPES, type ImageType } from "./image-type";

// The kinds of media this service stores: how each is recognised, where it is kept, how large it may be.

export type MediaType = ImageType | AudioType;

interface KindSpec {
  /** The R2 "folder" its keys start with. */
  folder: string;
  /** For messages: "an image", "audio"; and the article before one of its formats ("a PNG image", "MP3 audio"). */
  noun: string;
  article: string;
  types: Record<string, MediaType>;
  detect: (bytes: Uint8Array) => MediaType | undefined;
  /** The stable problem code of a 415 for bytes that are not of this kind. */
  unsupportedCode: string;
  maxBytes: (config: Config) => number;
}

/**
 * Each kind by name, as `POST /cms/upload/{kind}` names it.
 *
 * @example
 * MEDIA_KINDS.audio.detect(bytes)?.contentType // "audio/mpeg" for an MP3
 * MEDIA_KINDS.audio.maxBytes(config(env)) // MAX_AUDIO_UPLOAD_BYTES
 */
export const MEDIA_KINDS = {
  image: {
    folder: "images",
    noun: "an image",
    article: "a ",
    types: IMAGE_TYPES,
    detect: detectImageType,
    unsupportedCode: "unsupported_image_type",
    maxBytes: (config) => config.maxUploadBytes,
  },
  audio: {
    folder: "audio",
    noun: "audio",
    article: "",
    types: AUDIO_TYPES,
    detect: detectAudioType,
    unsupportedCode: "unsupported_audio_type",
    maxBytes: (config) => config.maxAudioUploadBytes,
  },
} as const satisfies Record<string, KindSpec>;

export type MediaKind = keyof typeof MEDIA_KINDS;

/** Every kind, for zod enums and loops. */
export const MEDIA_KIND_NAMES = ["image", "audio"] as const satisfies readonly MediaKind[];

/**
 * The formats of a kind for people.
 *
 * @example
 * formatsOf("audio") // "MP3, Ogg, WAV or M4A"
 */
export function formatsOf(kind: MediaKind): string {
  const labels = Object.values(MEDIA_KINDS[kind].types).map((type) => type.label);
  return `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
}

/**
 * What the bytes are, of any kind; undefined when no kind recognises them. For saying what an upload of the wrong
 * kind is (a PNG sent as audio).
 *
 * @example
 * detectMediaType(pngBytes)?.label // "PNG"
 */
export function detectMediaType(bytes: Uint8Array): MediaType | undefined {
  for (const kind of MEDIA_KIND_NAMES) {
    const type = MEDIA_KINDS[kind].detect(bytes);
    if (type) return type;
  }
  return undefined;
}
