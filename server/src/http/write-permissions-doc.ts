import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { openDb, type Database } from '@lookout/db';
import { loadConfig } from '../config.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { createApp } from './app.ts';
import { renderPermissionsMarkdown } from './permissions-doc.ts';
import { listRoutes } from './route-walker.ts';

/** `npx tsx server/src/http/write-permissions-doc.ts` writes docs/permissions.md from the routes of the real app. */
export const permissionsDocFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../docs/permissions.md',
);

/**
 * The app with every optional route registered (the AML push, the metrics token, an external media server's
 * callbacks, the built web app), built only to
 * be walked: no request reaches it, so the database is never queried.
 */
export function appForDocs(database: Database): Express {
  const registry = new Registry();
  return createApp({
    database,
    config: loadConfig({
      LOOKOUT_DATA_DIR: '/nonexistent-lookout-data',
      SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'),
      METRICS_TOKEN: 'walked-only-metrics-token',
      AML_SERVICE_TOKEN: 'walked-only-aml-token',
      // An external media server's callbacks exist only with one.
      VIDEO_MEDIA: 'nginx-rtmp',
      VIDEO_HOOK_TOKEN: 'walked-only-video-hook-token',
    }),
    log: pino({ level: 'silent' }),
    registry,
    metrics: createMetrics(registry, { defaultMetrics: false }),
    mqttStatus: () => 'ok',
    brokerUrlFor: (host) => `mqtt://${host}:1883`,
    webDist: '/nonexistent-web-dist',
  }).app;
}

export function permissionsDocFor(database: Database): string {
  return renderPermissionsMarkdown(listRoutes(appForDocs(database)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // createApp wants a database handle; a throwaway embedded one, never migrated or queried.
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-permissions-doc-'));
  const database = await openDb({ dataDir: dir, migrate: false, lock: false });
  try {
    writeFileSync(permissionsDocFile, permissionsDocFor(database));
    process.stdout.write(`wrote ${permissionsDocFile}\n`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
