import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationsFolder, openDb } from './open-db.ts';

/**
 * A migrated, empty PGlite+PostGIS folder, built once per migration set (at `npm install` and by the test set-up).
 * Creating the database with PostGIS and running the migrations takes about 9 s; copying this folder into a fresh
 * data folder takes well under one, so the first `npm start` opens a copy instead.
 */
const cacheRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/.cache/lookout');

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(path.join(migrationsFolder, f)));
  }
  return h.digest('hex').slice(0, 16);
}

/** The seed folder for the current migrations: `pglite/` (the database) and `ready` once complete. */
export function pgliteSeedDir(): string {
  return path.join(cacheRoot, `pglite-${migrationsHash()}`);
}

export async function ensurePgliteSeed(): Promise<string> {
  const dir = pgliteSeedDir();
  if (existsSync(path.join(dir, 'ready'))) return dir;
  mkdirSync(cacheRoot, { recursive: true });
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const database = await openDb({ dataDir: building, lock: false, seed: false });
  await database.close();
  writeFileSync(path.join(building, 'ready'), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return dir;
}

/** Copies the seed into `dataDir` when that has no database yet and a seed of the current migrations exists. */
export function seedPgliteDataDir(dataDir: string): boolean {
  const target = path.join(dataDir, 'pglite');
  const seed = pgliteSeedDir();
  if (existsSync(target) || !existsSync(path.join(seed, 'ready'))) return false;
  const partial = `${target}.seeding-${process.pid}`;
  cpSync(path.join(seed, 'pglite'), partial, { recursive: true });
  renameSync(partial, target);
  return true;
}
