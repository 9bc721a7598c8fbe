import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPermissionsMarkdown } from './route-permissions.ts';

/** `npx tsx server/src/http/write-permissions-doc.ts` writes docs/permissions.md from the permission table. */
export const permissionsDocFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../docs/permissions.md',
);

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(permissionsDocFile, renderPermissionsMarkdown());
  process.stdout.write(`wrote ${permissionsDocFile}\n`);
}
