import { z } from "@hono/zod-openapi";
import { decodeBase64Url, encodeBase64Url } from "hono/utils/encode";
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

/** Unpadded base64url of the position's JSON, so it can go into a query string as it is. */
export function encodeCursor(position: readonly unknown[]): string {
  return encodeBase64Url(text.encode(JSON.stringify(position)).buffer as ArrayBuffer).replace(/=+$/, "");
}

/**
 * Reads a cursor back into the position it encodes. Cursors are opaque to clients; one that was altered, or that
 * belongs to another ordering, is a 400 rather than a silently wrong page.
 */
export function decodeCursor<T>(cursor: string | undefined, position: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(decodeBase64Url(cursor)));
  } catch {
    decoded = undefined;
  }
  const parsed = position.safeParse(decoded);
  if (!parsed.success) {
    throw new ProblemError(400, "invalid_cursor", "The cursor is not one this API issued.", {
      errors: [{ path: "cursor", message: "Invalid cursor." }],
    });
  }
  return parsed.data;
}

/**
 * Cuts a page from `rows` fetched with `limit + 1`: the extra row only says that another page exists, and the last
 * row kept gives the cursor for it.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => readonly unknown[],
  present: (row: Row) => Item,
): { data: Item[]; next_cursor: string | null } {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    data: kept.map(present),
    next_cursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}

/** Position of "newest first" collections: `(created_at, id)`, both descending. */
export const NewestFirstPosition = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]);
