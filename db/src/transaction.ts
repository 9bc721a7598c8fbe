import type { Database } from './open-db.ts';

/** Raw SQL inside one transaction (or directly on the database). */
export type Query = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

/** The database's own query function, for repo functions that take a `Query`. */
export const direct =
  (database: Database): Query =>
  (text, params) =>
    database.query(text, params);

/** Run `fn` in one transaction on either driver (PGlite `transaction`, a pg pool client with BEGIN/COMMIT). */
export async function withTransaction<T>(database: Database, fn: (q: Query) => Promise<T>): Promise<T> {
  const driver = database.driver;
  if (driver.kind === 'pglite') {
    return driver.client.transaction(async (tx) =>
      fn(async <R>(text: string, params?: unknown[]) => (await tx.query(text, params)).rows as R[]),
    );
  }
  const client = await driver.pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(
      async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
    );
    await client.query('COMMIT');
    return result;
  } catch (err) {
    failure = err as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    // After a failure the connection may be dead (a PostgreSQL restart): destroy it rather than pool it.
    client.release(failure);
  }
}
