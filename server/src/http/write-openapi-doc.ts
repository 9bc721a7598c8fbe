import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Database } from '@lookout/db';
import { buildOpenApi } from './openapi.ts';
import { listRoutes } from './route-walker.ts';
import { appForDocs } from './write-permissions-doc.ts';

/** `npx tsx server/src/http/write-openapi-doc.ts` writes docs/openapi.json from the routes of the real app. */
export const openApiDocFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/openapi.json');

export function openApiDocFor(database: Database): string {
  return `${JSON.stringify(buildOpenApi(listRoutes(appForDocs(database))), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // createApp wants a database handle; a throwaway embedded one, never migrated or queried.
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-openapi-doc-'));
  const database = await openDb({ dataDir: dir, migrate: false, lock: false });
  try {
    writeFileSync(openApiDocFile, openApiDocFor(database));
    process.stdout.write(`wrote ${openApiDocFile}\n`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
