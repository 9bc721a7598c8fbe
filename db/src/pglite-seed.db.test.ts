import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsFolder, openDb } from './open-db.ts';
import { ensurePgliteSeed, seedPgliteDataDir } from './pglite-seed.ts';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'lookout-seed-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const migrationCount = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length;

describe.skipIf(Boolean(process.env.DATABASE_URL))('the embedded database seed', () => {
  it('starts an empty data folder from the migrated seed, which stays as it was', async () => {
    const seed = await ensurePgliteSeed();
    const seedMtime = statSync(path.join(seed, 'ready')).mtimeMs;
    const dir = freshDir();
    const database = await openDb({ dataDir: dir });
    try {
      const rows = await database.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
      expect(rows[0]!.n).toBe(migrationCount);
      const [pg] = await database.query<{ v: string }>('select postgis_lib_version() as v');
      expect(pg!.v).toMatch(/^3\./);
    } finally {
      await database.close();
    }
    expect(existsSync(path.join(dir, 'pglite'))).toBe(true);
    expect(statSync(path.join(seed, 'ready')).mtimeMs).toBe(seedMtime);
  }, 120_000);

  it('copies into an empty folder once and never over a database that is there', async () => {
    await ensurePgliteSeed();
    const dir = freshDir();
    expect(seedPgliteDataDir(dir)).toBe(true);
    expect(seedPgliteDataDir(dir)).toBe(false);
  });
});
