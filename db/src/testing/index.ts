export { openTestDatabase } from './test-database.ts';
export { ensurePgliteTemplate } from './pglite-template.ts';
