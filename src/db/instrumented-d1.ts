/**
 * A thin wrapper around a D1 session that counts round trips and sums what D1 reports it read and wrote.
 * Drizzle is given the wrapper instead of the binding, so every query the app makes is counted; the request
 * middleware reports the totals in `Server-Timing` and the request log, and tests use them to hold query budgets.
 */
export interface QueryStats {
  /** Round trips to D1: one per statement, one per `batch()` whatever its size. */
  queries: number;
  rowsRead: number;
  rowsWritten: number;
  /** Wall time spent waiting on D1, in milliseconds. */
  durationMs: number;
}

export function emptyQueryStats(): QueryStats {
  return { queries: 0, rowsRead: 0, rowsWritten: 0, durationMs: 0 };
}

async function measure<T extends D1Result | D1Result[]>(stats: QueryStats, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await call();
    for (const { meta } of Array.isArray(result) ? result : [result]) {
      stats.rowsRead += meta?.rows_read ?? 0;
      stats.rowsWritten += meta?.rows_written ?? 0;
    }
    return result;
  } finally {
    stats.queries += 1;
    stats.durationMs += performance.now() - started;
  }
}

class CountedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    private readonly stats: QueryStats,
  ) {}

  bind(...values: unknown[]): CountedStatement {
    return new CountedStatement(this.inner.bind(...values), this.stats);
  }

  run<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return measure(this.stats, () => this.inner.run<T>());
  }

  all<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return measure(this.stats, () => this.inner.all<T>());
  }

  async first<T = Record<string, unknown>>(column?: string): Promise<T | null> {
    const { results } = await this.all<Record<string, unknown>>();
    const row = results[0];
    if (!row) return null;
    return (column === undefined ? row : (row[column] ?? null)) as T | null;
  }

  /**
   * D1's own `raw()` drops the result's `meta`, so rows read would go uncounted. Rows come from `all()` instead,
   * in column order. As with drizzle's `db.batch()` on D1, a query must not select two columns of the same name
   * (alias them in joins), since rows travel as objects keyed by column name.
   */
  async raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
    const { results } = await this.all<Record<string, unknown>>();
    const rows = results.map((row) => Object.values(row)) as T[];
    if (options?.columnNames) rows.unshift(Object.keys(results[0] ?? {}) as T);
    return rows;
  }
}

/**
 * What drizzle's D1 driver calls (`prepare`, `batch`; nothing else), over a session. A session has no `exec` or
 * `dump`: statements of the app go through `prepare`, so every one is counted and stays in the session's order.
 */
class CountedSession {
  constructor(
    private readonly inner: D1DatabaseSession,
    private readonly stats: QueryStats,
  ) {}

  prepare(query: string): CountedStatement {
    return new CountedStatement(this.inner.prepare(query), this.stats);
  }

  /** One round trip and one transaction: if any statement fails, none of them takes effect. */
  batch<T = unknown>(statements: CountedStatement[]): Promise<D1Result<T>[]> {
    return measure(this.stats, () => this.inner.batch<T>(statements.map((s) => s.inner)));
  }
}

/**
 * Returns a D1Database (as drizzle's driver types it) that forwards to `session` and records every round trip in
 * `stats`. Only `prepare` and `batch` exist on it, which is all drizzle and `batchAll` use.
 */
export function instrumentD1(session: D1DatabaseSession, stats: QueryStats): D1Database {
  return new CountedSession(session, stats) as unknown as D1Database;
}
