import type { Database } from './open-db.ts';

export interface PgStyleQuery {
  /** A prepared-statement name (used by `pg`, ignored by PGlite). */
  name?: string;
  text: string;
  values?: unknown[];
}

/** The slice of a `pg` Pool that libraries with a PostgreSQL store call: `query({ text, values })`. */
export interface PgStyleClient {
  query(q: PgStyleQuery): Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
}

/**
 * A `pg`-style client over either driver, for libraries that take one (rate-limiter-flexible's
 * RateLimiterPostgres): the real pool on PostgreSQL, a thin shim over PGlite on the embedded default, so the
 * library runs its own SQL against the same tables on both.
 */
export function pgStyleClient(database: Database): PgStyleClient {
  const { driver } = database;
  if (driver.kind === 'postgres') {
    return {
      async query(q) {
        const res = await driver.pool.query(q.name ? q : { text: q.text, values: q.values });
        return { rows: res.rows as Record<string, unknown>[], rowCount: res.rowCount ?? res.rows.length };
      },
    };
  }
  return {
    async query(q) {
      const res = await driver.client.query<Record<string, unknown>>(q.text, q.values);
      // PGlite reports affected rows for writes only; a SELECT's count is its rows.
      return { rows: res.rows, rowCount: res.rows.length || (res.affectedRows ?? 0) };
    },
  };
}
