import { ascii, holds } from "./magic-bytes";

/**
 * The audio formats uploads may be in, each with the Content-Type it is served with (what browsers' `<audio>`
 * expects), its key's extension and its name for people.
 */
export const AUDIO_TYPES = {
  mp3: { kind: "audio", contentType: "audio/mpeg", extension: "mp3", label: "MP3" },
  ogg: { kind: "audio", contentType: "audio/ogg", extension: "ogg", label: "Ogg" },
  wav: { kind: "audio", contentType: "audio/wav", extension: "wav", label: "WAV" },
  m4a: { kind: "audio", contentType: "audio/mp4", extension: "m4a", label: "M4A" },
} as const;

export type AudioType = (typeof AUDIO_TYPES)[keyof typeof AUDIO_TYPES];

/**
 * An ID3v2 tag, which most MP3 files start with: "ID3", a major version 2 to 4, a revision, flags, then a size of
 * four 7-bit ("syncsafe") bytes.
 */
function isId3v2Tag(bytes: Uint8Array): boolean {
  const version = bytes[3] ?? 0;
  const size = bytes.subarray(6, 10);
  return (
    holds(bytes, 0, ascii("ID3")) && version >= 2 && version <= 4 && size.length === 4 && size.every((b) => b < 0x80)
  );
}

/**
 * An MPEG audio Layer III frame header, where an MP3 without a tag starts: 11 sync bits, a version that is not the
 * reserved one, layer III, then a bitrate index other than "bad" (15) and a sample rate other than "reserved" (3).
 * Not a JPEG (FF D8: no sync) nor AAC in ADTS (FF F1: layer bits 00).
 */
function isMp3Frame(bytes: Uint8Array): boolean {
  const [sync = 0, versionLayer = 0, rates = 0] = bytes;
  const version = (versionLayer >> 3) & 0b11;
  const layer = (versionLayer >> 1) & 0b11;
  return (
    bytes.length >= 4 &&
    sync === 0xff &&
    (versionLayer & 0xe0) === 0xe0 &&
    version !== 0b01 &&
    layer === 0b01 &&
    rates >> 4 !== 0b1111 &&
    ((rates >> 2) & 0b11) !== 0b11
  );
}

/** Brands that only audio files carry (iTunes audio and audiobooks, Flash audio), major or compatible. */
const AUDIO_BRANDS = ["M4A ", "M4B ", "M4P ", "F4A ", "F4B "];
/** The general MP4 brands many encoders give audio-only files as their major brand. */
const GENERAL_MP4_BRANDS = ["isom", "iso2", "mp41", "mp42", "dash"];

/** An `ftyp` box lists a few brands; the scan stops here whatever its size field says. */
const MAX_FTYP_BYTES = 256;

const brandAt = (bytes: Uint8Array, offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));

/**
 * An ISO base media file (MP4 family) whose `ftyp` box names an M4A brand: its size (4 bytes, big-endian), "ftyp",
 * the major brand, a minor version, then compatible brands to the box's end. HEIF and AVIF images share the
 * container and are refused: their brands are none of these.
 */
function isM4a(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || !holds(bytes, 4, ascii("ftyp"))) return false;
  const major = brandAt(bytes, 8);
  if (AUDIO_BRANDS.includes(major) || GENERAL_MP4_BRANDS.includes(major)) return true;
  const boxSize = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
  const boxEnd = Math.min(boxSize, bytes.length, MAX_FTYP_BYTES);
  for (let offset = 16; offset + 4 <= boxEnd; offset += 4) {
    if (AUDIO_BRANDS.includes(brandAt(bytes, offset))) return true;
  }
  return false;
}

/**
 * The audio type the bytes themselves declare, from their leading "magic" bytes; undefined when they are none of
 * MP3 (an ID3v2 tag or an MPEG audio frame), Ogg, WAV or M4A. As for images, the client's Content-Type and file
 * name are not trusted.
 *
 * @example
 * detectAudioType(new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0])) // AUDIO_TYPES.ogg ("OggS")
 */
export function detectAudioType(bytes: Uint8Array): AudioType | undefined {
  if (isId3v2Tag(bytes) || isMp3Frame(bytes)) return AUDIO_TYPES.mp3;
  if (holds(bytes, 0, ascii("OggS"))) return AUDIO_TYPES.ogg;
  // RIFF container: "RIFF", a 4-byte little-endian size, then the form type.
  if (holds(bytes, 0, ascii("RIFF")) && holds(bytes, 8, ascii("WAVE"))) return AUDIO_TYPES.wav;
  if (isM4a(bytes)) return AUDIO_TYPES.m4a;
  return undefined;
}
