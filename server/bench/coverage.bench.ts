/**
 * bench:coverage — a 3-hour incident with 5 drones at 2 Hz (108 000 fixes) flying lawnmower patterns at 40–110 m
 * over the demo area (PGlite in a temporary folder, or with DATABASE_URL a real PostgreSQL database whose name says
 * bench): the coverage worker's time per batch and per fix (p99), its rate against the 10 drones × 10 Hz goal
 * (100 fixes/s), and the time to answer the case's coverage (the union of 180 minutes × bands, shares per ring,
 * the 50 % ring's gaps).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openDb } from '@lookout/db';
import { createCoverageRepo } from '../src/search-coverage/coverage.repo.ts';
import { createCoverageService } from '../src/search-coverage/coverage.service.ts';
import { createCoverageWorker } from '../src/search-coverage/coverage-worker.ts';
import { DEFAULT_CAMERA } from '../src/search-coverage/camera-models.ts';
import { offsetLonLat } from '../src/search-coverage/footprint.ts';
import { lawnmower, samplePath } from '../src/search-coverage/lawnmower.ts';

const DRONES = 5;
const HZ = 2;
const HOURS = 3;
const PER_DRONE = HOURS * 3600 * HZ;
const BATCH = 500;
const GOAL_FIXES_PER_S = 100;
const IPP = { lon: 120.07, lat: 28.95 };

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const say = (s: string) => process.stdout.write(`${s}\n`);

const dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-bench-coverage-'));
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !new URL(databaseUrl).pathname.includes('bench'))
  throw new Error('DATABASE_URL must name a database kept for benchmarks (e.g. …/lookout_bench): the bench fills it');
const target = databaseUrl ? 'postgres' : 'pglite';
const database = await openDb(databaseUrl ? { databaseUrl } : { dataDir: path.join(dataDir, 'db') });
try {
  const start = Date.now() - (HOURS * 3600 + 600) * 1000;
  const [c] = await database.query<{ id: string }>(
    `insert into cases (kind, title, subject_category, terrain, ipp, created_at)
     values ('lost_person', 'bench coverage', 'hiker', 'temperate_mountain', ST_SetSRID(ST_MakePoint($1, $2), 4326), $3)
     returning id`,
    [IPP.lon, IPP.lat, new Date(start - 60_000).toISOString()],
  );
  const caseId = c!.id;
  const drones: string[] = [];
  for (let d = 0; d < DRONES; d++) {
    const id = `bench-cov-${caseId.slice(0, 8)}-${d}`;
    await database.query(`insert into drones (id, callsign, credential_hash) values ($1, $2, '$7$101$x$y')`, [id, id]);
    await database.query(`insert into case_drones (case_id, drone_id, attached_at) values ($1, $2, $3)`, [
      caseId,
      id,
      new Date(start - 1000).toISOString(),
    ]);
    drones.push(id);
  }
  // The worker starts at this run's fixes (an earlier run's are left behind).
  await database.query(
    `update coverage_cursors set last_id = (select coalesce(max(id), 0) from fixes) where source = 'fixes'`,
  );
  await database.query(
    `update coverage_cursors set last_id = (select coalesce(max(id), 0) from unit_positions) where source = 'walk'`,
  );

  // Each drone mows its own 1.2 km square around the IPP at its own height, 8 m/s (4 m between fixes), looping.
  const t0 = performance.now();
  for (let d = 0; d < DRONES; d++) {
    const angle = (d / DRONES) * 2 * Math.PI;
    const sw = offsetLonLat(IPP.lon, IPP.lat, 1500 * Math.cos(angle) - 600, 1500 * Math.sin(angle) - 600);
    const ne = offsetLonLat(sw[0], sw[1], 1200, 1200);
    const sq = [[sw[0], sw[1]], [ne[0], sw[1]], ne, [sw[0], ne[1]], [sw[0], sw[1]]];
    const alt = 40 + d * 17;
    const plan = lawnmower({
      area: [sq],
      altitudeM: alt,
      hfovDeg: DEFAULT_CAMERA.wide.hfovDeg,
      overlap: 0.2,
      speedMs: 8,
    });
    const path1 = samplePath(plan.coordinates, 8 / HZ);
    for (let from = 0; from < PER_DRONE; from += 10_000) {
      const n = Math.min(10_000, PER_DRONE - from);
      const rows = Array.from({ length: n }, (_, k) => {
        const i = from + k;
        const p = path1[i % path1.length]!;
        return { t: new Date(start + (i * 1000) / HZ).toISOString(), lon: p.lon, lat: p.lat, hdg: p.hdg };
      });
      await database.query(
        `insert into fixes (drone_id, reading_id, t, geom, alt_rel, hdg, src)
         select $1, gen_random_uuid(), u.t, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), $6, u.hdg, 'sim'
           from unnest($2::timestamptz[], $3::float8[], $4::float8[], $5::float8[]) as u(t, lon, lat, hdg)`,
        [drones[d], rows.map((r) => r.t), rows.map((r) => r.lon), rows.map((r) => r.lat), rows.map((r) => r.hdg), alt],
      );
    }
  }
  const fixes = DRONES * PER_DRONE;
  say(
    `inserted ${fixes} fixes (${DRONES} drones × ${HZ} Hz × ${HOURS} h) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const repo = createCoverageRepo(database);
  const worker = createCoverageWorker({
    repo,
    walkWidthM: 20,
    log: pino({ level: 'silent' }),
    settleS: 0,
    batchSize: BATCH,
  });
  const batchMs: number[] = [];
  const perFixMs: number[] = [];
  let read = 0;
  const w0 = performance.now();
  for (;;) {
    const b0 = performance.now();
    const r = await worker.pass();
    const ms = performance.now() - b0;
    if (r.fixesRead === 0) break;
    read += r.fixesRead;
    batchMs.push(ms);
    perFixMs.push(ms / r.fixesRead);
    if (batchMs.length % 20 === 0)
      say(`  ${read}/${fixes} fixes, batch p50 ${quantile(batchMs, 0.5).toFixed(0)} ms, last ${ms.toFixed(0)} ms`);
  }
  const workerS = (performance.now() - w0) / 1000;
  const fixesPerS = read / workerS;
  say(
    `worker: ${read} fixes in ${batchMs.length} batches of ${BATCH}, ${workerS.toFixed(1)} s → ${fixesPerS.toFixed(0)} fixes/s ` +
      `(goal ${GOAL_FIXES_PER_S}: 10 drones × 10 Hz); batch p50 ${quantile(batchMs, 0.5).toFixed(0)} ms, ` +
      `p99 ${quantile(batchMs, 0.99).toFixed(0)} ms; per fix p99 ${quantile(perFixMs, 0.99).toFixed(3)} ms`,
  );

  const service = createCoverageService({
    repo,
    readable: async () => ({ id: caseId, ipp: IPP, subjectCategory: 'hiker', terrain: 'temperate_mountain' }) as never,
  });
  const queryMs: number[] = [];
  let answer = await service.coverage(caseId, {} as never);
  for (let i = 0; i < 3; i++) {
    const q0 = performance.now();
    answer = await service.coverage(caseId, {} as never);
    queryMs.push(performance.now() - q0);
  }
  const r50 = answer.areas.find((a) => a.ref === '50');
  say(
    `/coverage: ${quantile(queryMs, 0.5).toFixed(0)} ms (median of 3), ${JSON.stringify(answer).length} bytes; ` +
      `50 % ring covered ${((r50?.shares.covered ?? 0) * 100).toFixed(1)} %, counted ${answer.counted.fixes} fixes`,
  );
  say(
    `bench:coverage target=${target} fixes=${read} p99_update_ms=${quantile(perFixMs, 0.99).toFixed(3)} ` +
      `p99_batch_ms=${quantile(batchMs, 0.99).toFixed(0)} coverage_query_ms=${quantile(queryMs, 0.5).toFixed(0)} ` +
      `fixes_per_s=${fixesPerS.toFixed(0)} goal_fixes_per_s=${GOAL_FIXES_PER_S}`,
  );
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
