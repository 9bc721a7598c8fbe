import { openDb } from '../open-db.ts';
import { ensurePgliteTemplate } from './pglite-template.ts';

/** Migrate once per run: the real PostgreSQL when DATABASE_URL is set, else the PGlite template. */
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const database = await openDb({ databaseUrl: url });
    await database.close();
    return;
  }
  await ensurePgliteTemplate();
}
