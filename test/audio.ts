import { concat, text } from "./uploads";

// The leading bytes of each audio format uploads take, padded: what the upload routes look at. Not playable audio,
// which no test here needs (the service stores and serves bytes; it does not decode them).

const padding = (size: number) => new Uint8Array(size).fill(0x55);
const bytes = (...values: number[]) => new Uint8Array(values);
/** A 4-byte big-endian integer, as ISO BMFF box sizes are written. */
const uint32 = (value: number) => bytes(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
/** An MPEG-1 Layer III frame header: 128 kbit/s, 44.1 kHz, no CRC. */
const MP3_FRAME = bytes(0xff, 0xfb, 0x90, 0x64);

export const AUDIO = {
  /** An ID3v2.4 tag of 0 bytes, then a frame. */
  mp3: concat(text("ID3"), bytes(4, 0, 0, 0, 0, 0, 0), MP3_FRAME, padding(400)),
  /** A bare frame, as an MP3 without a tag starts. */
  mp3Frame: concat(MP3_FRAME, padding(400)),
  /** An Ogg page header: "OggS", version 0, "beginning of stream". */
  ogg: concat(text("OggS"), bytes(0, 2), padding(400)),
  /** A RIFF WAVE file: "RIFF", its size, "WAVE", then the "fmt " chunk. */
  wav: concat(text("RIFF"), bytes(0xac, 0x01, 0, 0), text("WAVEfmt "), padding(400)),
  /** An `ftyp` box of 28 bytes: major brand "M4A ", then compatible brands. */
  m4a: concat(uint32(28), text("ftyp"), text("M4A "), uint32(0), text("M4A mp42isom"), padding(400)),
};

/** Look-alikes that are not audio this service takes. */
export const NOT_AUDIO = {
  /** AAC in ADTS: the MPEG sync bits, but "layer" 00. */
  adts: concat(bytes(0xff, 0xf1, 0x50, 0x80), padding(100)),
  /** An AVIF image: an ISO BMFF `ftyp` box with image brands only. */
  avif: concat(uint32(28), text("ftyp"), text("avif"), uint32(0), text("avifmif1miaf"), padding(100)),
  /** A RIFF container of another form (AVI video). */
  avi: concat(text("RIFF"), bytes(0x64, 0, 0, 0), text("AVI LIST"), padding(100)),
};
