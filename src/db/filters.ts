import { type Column, type SQL, sql } from "drizzle-orm";

/** Rows after a `(created_at, id)` position in "newest first" order; SQLite compares the row values in one index seek. */
export function olderThan(createdAt: Column, id: Column, [at, key]: readonly [string, string]): SQL {
  return sql`(${createdAt}, ${id}) < (${at}, ${key})`;
}

/** Case-insensitive substring match on any of `columns`, with `%` and `_` in the term taken literally. */
export function containsText(term: string, ...columns: Column[]): SQL {
  const pattern = `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const matches = sql.join(
    columns.map((column) => sql`${column} LIKE ${pattern} ESCAPE '\\'`),
    sql` OR `,
  );
  return sql`(${matches})`;
}

export const nowIso = (): string => new Date().toISOString();
