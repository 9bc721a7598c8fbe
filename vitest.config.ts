import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{contracts,db,drone-bridge,server,web}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['./db/src/testing/global-setup.ts', './web/e2e/global-setup.ts'],
    // PGlite+PostGIS needs ~1 GB per open database and the machine has 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
