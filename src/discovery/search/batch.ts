import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Database } from "../../db/client";

const dialect = new SQLiteAsyncDialect();

/**
 * Runs `queries` (raw SQL with bound parameters) as one D1 batch: one round trip, counted like every other. Drizzle's
 * own `db.batch` cannot take `db.all(sql…)` with parameters (drizzle-orm 0.45 looks for a prepared statement that raw
 * queries lack), and FTS5's MATCH, bm25() and highlight() are beyond its query builder.
 *
 * @example
 * const [hits, counts] = await batchAll<[Hit, Count]>(db, [sql`SELECT …`, sql`SELECT …`]);
 */
export async function batchAll<Rows extends unknown[]>(
  db: Database,
  queries: { [K in keyof Rows]: SQL },
): Promise<{ [K in keyof Rows]: Rows[K][] }> {
  const d1 = db.$client;
  const statements = queries.map((query) => {
    const { sql, params } = dialect.sqlToQuery(query);
    return d1.prepare(sql).bind(...params);
  });
  const results = await d1.batch(statements);
  return results.map((result) => result.results) as { [K in keyof Rows]: Rows[K][] };
}
