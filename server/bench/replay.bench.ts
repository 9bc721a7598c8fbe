/**
 * bench:replay — the whole-incident replay of a 3-hour incident (5 drones at 2 Hz, 10 officers every 5 s; see
 * replay-bench.ts) on PGlite in a temporary folder (or DATABASE_URL), the built web app and Debian's Chromium at
 * 1280×800 with SwiftShader WebGL. The basemap is a local XYZ raster server, as a station configures one
 * (REPLAY_BENCH_BASEMAP=fallback: the bundled Natural Earth land instead, whose 10m polygons the page converts and
 * tiles while loading). Build the web app first (`npm run build:web`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb } from '@lookout/db';
import { assertProductionWebBuild, startBenchStack } from './bench-stack.ts';
import { describeReplay, measureReplay } from './replay-bench.ts';

assertProductionWebBuild();

const dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-bench-replay-'));
const database = await openDb(
  process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: path.join(dataDir, 'db') },
);
const fallback = process.env.REPLAY_BENCH_BASEMAP === 'fallback';
try {
  const stack = await startBenchStack({ database, dataDir, basemap: fallback ? 'fallback' : 'xyz' });
  try {
    const f = await measureReplay({ ...stack, database });
    console.log(describeReplay(f, fallback ? 'fallback basemap' : 'XYZ raster basemap'));
    console.log(`bench:replay replay_load_ms=${Math.round(f.loadMs)} replay_frame_p99_ms=${f.frameP99Ms.toFixed(1)}`);
  } finally {
    await stack.close();
  }
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
