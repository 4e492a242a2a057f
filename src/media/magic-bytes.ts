// The few byte tests every format detector needs: what a file is, read from its leading "magic" bytes.

/**
 * The character codes of an ASCII signature.
 *
 * @example
 * holds(bytes, 0, ascii("OggS")) // an Ogg stream
 */
export const ascii = (text: string): number[] => Array.from(text, (ch) => ch.charCodeAt(0));

/**
 * Whether `bytes` holds `expected` starting at `offset` (false when `bytes` is too short to).
 *
 * @example
 * holds(bytes, 8, ascii("WAVE")) // a RIFF container whose form type is WAVE
 */
export function holds(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  return bytes.length >= offset + expected.length && expected.every((byte, i) => bytes[offset + i] === byte);
}
