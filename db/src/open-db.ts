import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';
import { lockDataDir } from './data-dir-lock.ts';

export type Schema = typeof schema;
/** The one drizzle API both drivers share. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Notification {
  channel: string;
  payload: string;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Raw SQL for what drizzle cannot say (PostGIS, COPY-free bulk work); rows come back as plain objects. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Subscribe to NOTIFY on a channel; the returned function unsubscribes. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** The driver underneath, for benchmarks that measure the raw limit (COPY). */
  driver: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: Pool };
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://… for a real server; unset opens the embedded PGlite under `dataDir`. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database (`<dataDir>/pglite`); required when `databaseUrl` is unset. */
  dataDir?: string | undefined;
  /** Run the committed migrations (default true). */
  migrate?: boolean;
  poolMax?: number;
  /** Embedded only: refuse a second process on the same folder (default true). */
  lock?: boolean;
  /** Embedded only: start an empty folder from the migrated seed when one exists (default true). */
  seed?: boolean;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

// Any constant works; it only has to be the same in every Lookout process sharing a PostgreSQL.
const MIGRATION_LOCK_KEY = 4_711_2026;

export async function openDb(options: OpenDbOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options);
}

async function openPostgres(url: string, options: OpenDbOptions): Promise<Database> {
  const pg = (await import('pg')).default;
  // int8 (bigserial, count(*)) as JS numbers, like PGlite: ids stay far below 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10 });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead
  // A backend killed under a checked-out client (server restart, pg_terminate_backend) makes the client emit
  // 'error'; unheard, that would crash the process. The query in flight rejects anyway, and the caller retries.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzle(pool, { schema }) as unknown as Db;

  if (options.migrate !== false) {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const client = await pool.connect();
    try {
      // Several processes (server, bridges) may start at once against one database.
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      client.release();
    }
  }

  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: Promise<PoolClient> | undefined;
  let closing = false;
  function ensureListenClient(): Promise<PoolClient> {
    listenClient ??= (async () => {
      const c = await pool.connect();
      c.on('notification', (n) => {
        for (const fn of listeners.get(n.channel) ?? []) fn(n.payload ?? '');
      });
      c.on('error', (err) => {
        // The connection died (e.g. a PostgreSQL restart): listen again on a new one, with back-off.
        c.release(err);
        listenClient = undefined;
        if (!closing) void relisten(500);
      });
      for (const channel of listeners.keys()) await c.query(`LISTEN ${quoteIdent(channel)}`);
      return c;
    })().catch((err: unknown) => {
      listenClient = undefined;
      throw err;
    });
    return listenClient;
  }
  async function relisten(delayMs: number): Promise<void> {
    await new Promise((r) => setTimeout(r, delayMs));
    if (closing) return;
    try {
      await ensureListenClient();
      // Rows committed while nobody listened are found by the listeners' own polling; ring once to wake them.
      for (const [, fns] of listeners) for (const fn of fns) fn('');
    } catch {
      void relisten(Math.min(delayMs * 2, 10_000));
    }
  }

  return {
    kind: 'postgres',
    db,
    driver: { kind: 'postgres', pool },
    async query(text, params) {
      const res = await pool.query(text, params as unknown[]);
      return res.rows;
    },
    async listen(channel, onPayload) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        const existing = listenClient;
        const c = await ensureListenClient();
        // A client made just now already listened to every known channel.
        if (existing) await c.query(`LISTEN ${quoteIdent(channel)}`);
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
      };
    },
    async notify(channel, payload) {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      closing = true;
      if (listenClient) (await listenClient.catch(() => undefined))?.release();
      await pool.end();
    },
  };
}

async function openPglite(options: OpenDbOptions): Promise<Database> {
  if (!options.dataDir) throw new Error('openDb: dataDir is required for the embedded database');
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = options.lock === false ? async () => undefined : await lockDataDir(options.dataDir);
  try {
    if (options.seed !== false) {
      const { seedPgliteDataDir } = await import('./pglite-seed.ts');
      seedPgliteDataDir(options.dataDir);
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const { postgis } = await import('@electric-sql/pglite-postgis');
    const { drizzle } = await import('drizzle-orm/pglite');
    const client = new PGlite(path.join(options.dataDir, 'pglite'), { extensions: { postgis } });
    await client.waitReady;
    const db = drizzle(client, { schema }) as unknown as Db;
    if (options.migrate !== false) {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    }
    return {
      kind: 'pglite',
      db,
      driver: { kind: 'pglite', client },
      async query(text, params) {
        const res = await client.query(text, params as unknown[]);
        return res.rows as never[];
      },
      async listen(channel, onPayload) {
        const stop = await client.listen(channel, onPayload);
        return stop;
      },
      async notify(channel, payload) {
        await client.query('select pg_notify($1, $2)', [channel, payload]);
      },
      async close() {
        await client.close();
        await unlock();
      },
    };
  } catch (err) {
    await unlock();
    throw err;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
