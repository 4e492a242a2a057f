import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { BASE } from "./helpers";

// What tests of uploads share: bytes to send, ways to send them, and what R2 holds afterwards.

export const text = (value: string) => new TextEncoder().encode(value);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * `size` bytes that start with `header` (a format's magic bytes), then 16 random bytes (so no other test sends the
 * same), then zeros: only the size can be wrong with them, and they cost nothing to make.
 */
export function sized(header: Uint8Array, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(header);
  bytes.set(crypto.getRandomValues(new Uint8Array(16)), header.length);
  return bytes;
}

/** `bytes` followed by 16 random bytes: a file no other test uploads, still of its format by its leading bytes. */
export const unique = (bytes: Uint8Array) => concat(bytes, crypto.getRandomValues(new Uint8Array(16)));

/** The SHA-256 of `data` (text as UTF-8) in hex, computed here as the tests' own oracle of what the API stores. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Every key in the bucket, sorted. */
export async function r2Keys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.MEDIA.list({ cursor });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

/** Runs `act` and checks that it wrote nothing to R2. */
export async function expectNothingStored<T>(act: () => Promise<T>): Promise<T> {
  const before = await r2Keys();
  const result = await act();
  expect(await r2Keys()).toEqual(before);
  return result;
}

/**
 * Sends `bytes` streamed in 64 KiB chunks: the request has no Content-Length, as with a chunked upload.
 *
 * @example
 * await sendStream("PUT", posterPath, bytes, { Authorization: `Bearer ${editor.token}`, "Content-Type": "image/png" });
 */
export async function sendStream(
  method: string,
  path: string,
  bytes: Uint8Array,
  headers: Record<string, string>,
): Promise<Response> {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 65536));
      offset += 65536;
    },
  });
  const request = new Request(`${BASE}${path}`, { method, headers, body, duplex: "half" } as RequestInit);
  expect(request.headers.has("Content-Length")).toBe(false);
  return exports.default.fetch(request);
}
