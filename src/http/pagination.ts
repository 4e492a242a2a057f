import { z } from "@hono/zod-openapi";
import { decodeBase64Url, encodeBase64Url } from "hono/utils/encode";
import { config } from "../config";
import { ProblemError } from "./problem";

/** `?limit=&cursor=` of every collection: 20 items by default, 100 at most. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
  cursor: z.string().min(1).max(512).optional().openapi({ description: "`next_cursor` of the previous page" }),
});

/**
 * `?q=` of a searchable list: 1–200 characters once trimmed, in any script, every character taken literally (see
 * `containsText`). `what` says where the list looks.
 */
export const searchParam = (what: string) =>
  z.string().trim().min(1).max(200).optional().openapi({ description: what });

/** A page of a collection: `{ data, next_cursor }`, where `next_cursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() }).openapi(name);
}

const text = new TextEncoder();

/** What a cursor is bound to: the server's secret, and the list it was handed out for (the request's path). */
export type ListContext = { env: Env; req: { path: string } };

const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The key cursors are signed with: derived from the server's signing secret (`JWT_SECRET`) under a label of its
 * own, so that a cursor's signature is never a token's.
 */
function cursorKey(env: Env): Promise<CryptoKey> {
  const secret = config(env).jwtSecret;
  if (!secret) {
    throw new ProblemError(503, "cursor_unavailable", "Paging past the first page needs the server's signing secret.");
  }
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", text.encode(`cursor\0${secret}`), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    keys.set(secret, key);
  }
  return key;
}

/** The first 16 bytes of HMAC-SHA256 over the list's path and the position, unpadded base64url. */
async function signatureOf(list: ListContext, payload: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await cursorKey(list.env), text.encode(`${list.req.path}\n${payload}`));
  return toBase64Url(new Uint8Array(mac).slice(0, 16));
}

const toBase64Url = (bytes: Uint8Array) => encodeBase64Url(bytes.buffer as ArrayBuffer).replace(/=+$/, "");

/**
 * `<position>.<signature>`: the position's JSON in unpadded base64url (so it goes into a query string as it is),
 * signed for the list it belongs to, so that a client can neither build one nor carry one to another list.
 */
export async function encodeCursor(list: ListContext, position: readonly unknown[]): Promise<string> {
  const payload = toBase64Url(text.encode(JSON.stringify(position)));
  return `${payload}.${await signatureOf(list, payload)}`;
}

const invalidCursor = () =>
  new ProblemError(400, "invalid_cursor", "The cursor is not one this API issued for this list.", {
    errors: [{ path: "cursor", message: "Invalid cursor." }],
  });

/** Compares two signatures in constant time. */
function sameSignature(a: string, b: string): boolean {
  const [x, y] = [text.encode(a), text.encode(b)];
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y);
}

/**
 * Reads a cursor back into the position it encodes. Cursors are opaque to clients: one that was altered, built by
 * hand, handed out by another list, or of another ordering is a 400 rather than a silently wrong page.
 */
export async function decodeCursor<T>(
  list: ListContext,
  cursor: string | undefined,
  position: z.ZodType<T>,
): Promise<T | undefined> {
  if (cursor === undefined) return undefined;
  const [payload, signature, ...rest] = cursor.split(".");
  if (!payload || !signature || rest.length > 0) throw invalidCursor();
  if (!sameSignature(signature, await signatureOf(list, payload))) throw invalidCursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(decodeBase64Url(payload)));
  } catch {
    decoded = undefined;
  }
  const parsed = position.safeParse(decoded);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

/**
 * Cuts a page from `rows` fetched with `limit + 1`: the extra row only says that another page exists, and the last
 * row kept gives the cursor for it.
 */
export async function toPage<Row, Item>(
  list: ListContext,
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => readonly unknown[],
  present: (row: Row) => Item,
): Promise<{ data: Item[]; next_cursor: string | null }> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    data: kept.map(present),
    next_cursor: rows.length > limit && last !== undefined ? await encodeCursor(list, positionOf(last)) : null,
  };
}

/** Position of "newest first" collections: `(created_at, id)`, both descending. */
export const NewestFirstPosition = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]);
