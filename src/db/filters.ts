import { type Column, type SQL, sql } from "drizzle-orm";

/** A column or expression a list is ordered by. */
type SortKey = Column | SQL;

function compareRowValues(keys: readonly SortKey[], operator: "<" | ">", position: readonly unknown[]): SQL {
  const row = sql.join(
    keys.map((key) => sql`${key}`),
    sql`, `,
  );
  const values = sql.join(
    position.map((value) => sql`${value}`),
    sql`, `,
  );
  return sql`(${row}) ${sql.raw(operator)} (${values})`;
}

/**
 * Keyset pagination: the rows past a page's last `position` when the list is ordered by `keys` descending (`below`)
 * or ascending (`above`). SQLite compares the row values `(a, b, …) < (x, y, …)` in one index seek.
 */
export const keysBelow = (keys: readonly SortKey[], position: readonly unknown[]): SQL =>
  compareRowValues(keys, "<", position);
export const keysAbove = (keys: readonly SortKey[], position: readonly unknown[]): SQL =>
  compareRowValues(keys, ">", position);

/**
 * Case-insensitive substring match on any of `columns` (ASCII letters fold, as LIKE folds them), with every character
 * of the term taken literally. `instr()` rather than LIKE: SQLite refuses LIKE patterns over 50 bytes, which a search
 * of 17 Telugu characters already is, and it needs no escaping of `%`, `_` and `\`.
 */
export function containsText(term: string, ...columns: Column[]): SQL {
  const matches = sql.join(
    columns.map((column) => sql`instr(lower(${column}), lower(${term})) > 0`),
    sql` OR `,
  );
  return sql`(${matches})`;
}

/**
 * `column` is one of `values`, bound as a single JSON array: a batch of any size stays one statement with one
 * parameter (D1 binds at most 100 parameters per statement, so `inArray` over a longer list would be refused). SQLite
 * probes the column's index once per value.
 *
 * @example
 * db.select().from(terms).where(isOneOf(terms.programId, programIds));
 */
export const isOneOf = (column: Column, values: readonly string[]): SQL =>
  sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
