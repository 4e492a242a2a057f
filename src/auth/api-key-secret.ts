import { encodeBase64Url } from "hono/utils/encode";
import { sha256Hex } from "../digest";

// A key is `epk_` and 32 random bytes in unpadded base64url: 256 bits a client cannot guess, recognisable in logs and
// by secret scanners by its prefix.
const KEY_PREFIX = "epk_";
const KEY_BYTES = 32;
const KEY_SHAPE = /^epk_[A-Za-z0-9_-]{43}$/;

/** How much of a key lists show, so people can tell their keys apart: `epk_` and 8 characters (48 random bits). */
const SHOWN_LENGTH = KEY_PREFIX.length + 8;

/**
 * A new key, to be shown once: the key itself, its shown prefix, and the hash that is stored.
 *
 * @example
 * const { key, prefix, hash } = await generateApiKey(); // key "epk_Q2x…", prefix "epk_Q2x9aB1c"
 */
export async function generateApiKey(): Promise<{ key: string; prefix: string; hash: string }> {
  const bytes = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  const key = KEY_PREFIX + encodeBase64Url(bytes.buffer).replace(/=+$/, "");
  return { key, prefix: key.slice(0, SHOWN_LENGTH), hash: await hashApiKey(key) };
}

/**
 * What is stored of a key: its SHA-256, in hex. A fast hash is enough here, unlike for passwords: a slow hash (PBKDF2)
 * makes guessing a low-entropy password costly, but a key holds 256 random bits, beyond any guessing at any speed. A
 * fast, unsalted hash also lets a request find its key with one unique-index probe and costs no CPU per request.
 */
export async function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/** Whether `value` has a key's shape; anything else is refused without looking it up. */
export const isApiKeyShaped = (value: string): boolean => KEY_SHAPE.test(value);
