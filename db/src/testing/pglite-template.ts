import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationsFolder, openDb } from '../open-db.ts';

const cacheRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../node_modules/.cache/lookout-test',
);

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(path.join(migrationsFolder, f)));
  }
  return h.digest('hex').slice(0, 16);
}

export function templateDir(): string {
  return path.join(cacheRoot, `pglite-${migrationsHash()}`);
}

/** Build the migrated PGlite template once per migration set (vitest global setup). */
export async function ensurePgliteTemplate(): Promise<string> {
  const dir = templateDir();
  if (existsSync(path.join(dir, 'ready'))) return dir;
  mkdirSync(cacheRoot, { recursive: true });
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const database = await openDb({ dataDir: building, lock: false });
  await database.close();
  writeFileSync(path.join(building, 'ready'), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return dir;
}
