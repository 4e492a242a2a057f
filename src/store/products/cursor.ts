import { z } from "@hono/zod-openapi";
import { encodeBase64Url } from "hono/utils/encode";
import type { ProductRow } from "../schema";
import type { ProductListQuery, ProductSort } from "./models";

// A cursor of the shop's list says where the last page ended in one ordering of one selection. Cursors are signed for
// the path only, so the position itself names the sort and a digest of the filters: carried to another sort or filter
// it would start a page at a place that means nothing there, and is refused (400 invalid_cursor) instead.

/** The key a sort orders by, as the position stores it (the id follows as the tiebreaker). */
const SORT_KEYS = {
  price: z.number().int(),
  "-price": z.number().int(),
  newest: z.iso.datetime(),
  name: z.string().min(1).max(200),
} as const satisfies Record<ProductSort, z.ZodType>;

/** The only position a cursor of this `sort` and `filters` digest may hold: `[sort, digest, key, id]`. */
export const positionFor = (sort: ProductSort, digest: string) =>
  z.tuple([z.literal(sort), z.literal(digest), SORT_KEYS[sort], z.string().min(1).max(64)]);

/** Where `row` sits in the list ordered by `sort`. */
export function positionOf(sort: ProductSort, digest: string, row: ProductRow): [string, string, unknown, string] {
  const key = sort === "newest" ? row.createdAt : sort === "name" ? row.name : row.priceCents;
  return [sort, digest, key, row.id];
}

/** A short digest of what the list is narrowed to (the filters, not the page size). */
export async function filtersDigest(query: ProductListQuery): Promise<string> {
  const { category, brand, min_price, max_price, in_stock, q } = query;
  const canonical = JSON.stringify([category, brand, min_price, max_price, in_stock, q]);
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return encodeBase64Url(hash.slice(0, 9));
}
