import type { PoolClient } from 'pg';
import type { Database } from '@lookout/db';

/**
 * One active delivery worker per deployment: the rate limits are counted in the worker's memory, so two active
 * workers would each allow a robot its 20 a minute. On PostgreSQL a session advisory lock held on its own
 * connection decides; the others stand by and try again. If the active server dies, its connection closes, the
 * lock goes with it, and a stand-by takes over the rows whose lease ran out. PGlite is one process (its data
 * folder is locked), so there is nothing to decide.
 */
export interface WorkerLock {
  tryAcquire(): Promise<boolean>;
  /** False once the lock's connection broke: the worker must stop claiming. */
  held(): boolean;
  /** `hard`: drop the connection as a crash would. */
  release(hard?: boolean): Promise<void>;
}

const NAMESPACE = 0x4c4b4454; // "LKDT"

export function createWorkerLock(database: Database, keyId: string): WorkerLock {
  if (database.driver.kind !== 'postgres') {
    let held = false;
    return {
      tryAcquire: async () => (held = true),
      held: () => held,
      release: async () => {
        held = false;
      },
    };
  }
  const pool = database.driver.pool;
  // Per secret key: the deployment's servers share SECRETS_KEY (secret-key.ts), so they share the lock.
  const key = parseInt(keyId, 16) | 0;
  let client: PoolClient | undefined;
  let lost = false;
  return {
    async tryAcquire() {
      if (client && !lost) return true;
      const c = await pool.connect();
      try {
        const [row] = (await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [NAMESPACE, key]))
          .rows;
        if (!row?.ok) {
          c.release();
          return false;
        }
      } catch (err) {
        c.release(true);
        throw err;
      }
      lost = false;
      c.on('error', () => {
        lost = true;
      });
      client = c;
      return true;
    },
    held: () => client !== undefined && !lost,
    async release(hard = false) {
      const c = client;
      client = undefined;
      if (!c) return;
      if (hard || lost) {
        c.release(true);
        return;
      }
      try {
        await c.query('select pg_advisory_unlock($1, $2)', [NAMESPACE, key]);
        c.release();
      } catch {
        c.release(true);
      }
    },
  };
}
