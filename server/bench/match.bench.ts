/**
 * bench:match — "new sighting → ranked matches stored and pushed", next to the same PostGIS query alone.
 *
 *   npm run bench:match                      real PostgreSQL (DATABASE_URL or postgres://root@127.0.0.1/test), in a
 *                                            database `lookout_bench` created beside it (the test data stays clean)
 *   npm run bench:match -- --target pglite   embedded PGlite under /tmp/lookout-bench-pglite, smaller counts
 *
 * Loads (once; reused when already there) 10M fixes, 100k sightings and 10k caller locations of 1000 cases over
 * 2°×2° of Zhejiang and 30 days, by COPY. Then, SAMPLES times: a probe drone's sighting is committed near a
 * random caller location the way the bridge commits it (row + doorbell naming the sighting); the clock runs from
 * that commit until a live-hub subscriber receives the match — through the server's own path (doorbell → sighting
 * matcher → PostGIS candidates → scoring → upsert + doorbell → publish to the hub's subscribers). The same
 * candidate query is then timed alone.
 * Env: SAMPLES (default 300), HUB_MIN_GAP_MS (the live hub's batching gap; default the server's 25 ms).
 * Ends with `bench:match target=… p50_ms=… p99_ms=… raw_p99_ms=… ratio=…`.
 */
import { createCaseDronesRepo } from '../src/pilot/case-drones.repo.ts';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import pg from 'pg';
import { openDb, type Database } from '@lookout/db';
import { createCaseAccess } from '../src/cases/case-access.ts';
import { createCasesRepo } from '../src/cases/cases.repo.ts';
import { createLiveRepo } from '../src/live/live.repo.ts';
import { LiveHub } from '../src/live/live.hub.ts';
import { createMatchingRepo, sightingCandidatesSql } from '../src/matching/matching.repo.ts';
import { createMatchingService, MATCH_MAX_RADIUS_M, MATCH_WINDOW_H } from '../src/matching/matching.service.ts';
import { startSightingMatcher } from '../src/matching/sighting-matcher.ts';

const args = process.argv.slice(2);
const target = args[args.indexOf('--target') + 1] === 'pglite' && args.includes('--target') ? 'pglite' : 'postgres';
const SAMPLES = Number(process.env.SAMPLES ?? 300);
const counts =
  target === 'postgres'
    ? { fixes: 10_000_000, sightings: 100_000, cases: 1_000, callersPerCase: 10 }
    : // PGlite: 10M fixes would take ~3 min of COPY and several GB in one WASM heap; a tenth of the rest.
      { fixes: 500_000, sightings: 10_000, cases: 100, callersPerCase: 10 };
const REGION = { lon: 119, lat: 28, size: 2 };
const DAYS = 30;
const DRONES = 50;

const say = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (x: number, d = 2) => x.toFixed(d);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function openBenchDb(): Promise<Database> {
  if (target === 'pglite') return openDb({ dataDir: '/tmp/lookout-bench-pglite' });
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1/test');
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = 'lookout_bench'");
  if (!exists.rowCount) await admin.query('create database lookout_bench');
  await admin.end();
  base.pathname = '/lookout_bench';
  return openDb({ databaseUrl: base.toString(), poolMax: 6 });
}

/** COPY rows produced in chunks (pg-copy-streams on PostgreSQL, /dev/blob on PGlite). */
async function copy(database: Database, table: string, columns: string, chunks: Iterable<string>): Promise<void> {
  if (database.driver.kind === 'pglite') {
    for (const chunk of chunks) {
      await database.driver.client.query(`COPY ${table}(${columns}) FROM '/dev/blob'`, [], { blob: new Blob([chunk]) });
    }
    return;
  }
  const { from: copyFrom } = await import('pg-copy-streams');
  const client = await database.driver.pool.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(`COPY ${table}(${columns}) FROM STDIN`));
      stream.on('error', reject);
      stream.on('finish', () => resolve());
      const it = chunks[Symbol.iterator]();
      const writeMore = () => {
        for (;;) {
          const next = it.next();
          if (next.done) {
            stream.end();
            return;
          }
          if (!stream.write(next.value)) {
            stream.once('drain', writeMore);
            return;
          }
        }
      };
      writeMore();
    });
  } finally {
    client.release();
  }
}

function* rowsInChunks(n: number, row: (i: number) => string, per = 50_000): Generator<string> {
  for (let start = 0; start < n; start += per) {
    let s = '';
    for (let i = start; i < Math.min(n, start + per); i++) s += row(i);
    yield s;
  }
}

const now = Date.now();
const randomPoint = () => ({
  lon: REGION.lon + Math.random() * REGION.size,
  lat: REGION.lat + Math.random() * REGION.size,
});
const randomTime = () => new Date(now - Math.random() * DAYS * 86_400_000);
const ewkt = (p: { lon: number; lat: number }) => `SRID=4326;POINT(${p.lon} ${p.lat})`;

async function load(database: Database): Promise<void> {
  const [c] = await database.query<{ f: number; s: number; cl: number }>(
    `select (select count(*) from fixes where drone_id like 'bench-%') as f,
            (select count(*) from sightings where drone_id like 'bench-%') as s,
            (select count(*) from caller_locations cl join cases c on c.id = cl.case_id where c.title like 'bench %') as cl`,
  );
  const want = { f: counts.fixes, s: counts.sightings, cl: counts.cases * counts.callersPerCase };
  if (Number(c!.f) >= want.f && Number(c!.s) >= want.s && Number(c!.cl) >= want.cl) {
    say(`data: reusing ${c!.f} fixes, ${c!.s} sightings, ${c!.cl} caller locations already loaded`);
    return;
  }
  say('data: loading (first run only) …');
  const t0 = performance.now();
  await database.query(`delete from matches where case_id in (select id from cases where title like 'bench %')`);
  await database.query(
    `delete from caller_locations where case_id in (select id from cases where title like 'bench %')`,
  );
  await database.query(`delete from case_events where case_id in (select id from cases where title like 'bench %')`);
  await database.query(`delete from cases where title like 'bench %'`);
  await database.query(
    `delete from matches where sighting_id in (select id from sightings where drone_id like 'bench-%')`,
  );
  await database.query(`delete from sightings where drone_id like 'bench-%'`);
  await database.query(`delete from drone_state where drone_id like 'bench-%'`);
  await database.query(`delete from fixes where drone_id like 'bench-%'`);
  await database.query(
    `insert into drones (id, callsign, credential_hash)
     select 'bench-d-' || g, 'BENCH-' || g, 'x' from generate_series(0, $1) g on conflict do nothing`,
    [DRONES],
  );
  let t = performance.now();
  await copy(
    database,
    'fixes',
    'drone_id, reading_id, t, geom, alt_rel, bat',
    rowsInChunks(counts.fixes, (i) => {
      const p = randomPoint();
      return `bench-d-${i % DRONES}\t${randomUUID()}\t${randomTime().toISOString()}\t${ewkt(p)}\t60\t80\n`;
    }),
  );
  say(`data: ${counts.fixes} fixes in ${fmt((performance.now() - t) / 1000, 1)} s`);
  t = performance.now();
  await copy(
    database,
    'sightings',
    'drone_id, reading_id, t, geom, unc_m, conf, kind, count',
    rowsInChunks(counts.sightings, (i) => {
      const p = randomPoint();
      return `bench-d-${i % DRONES}\t${randomUUID()}\t${randomTime().toISOString()}\t${ewkt(p)}\t15\t0.7\tperson\t1\n`;
    }),
  );
  say(`data: ${counts.sightings} sightings in ${fmt((performance.now() - t) / 1000, 1)} s`);
  t = performance.now();
  const cases: { id: string; p: { lon: number; lat: number }; t: Date }[] = [];
  for (let i = 0; i < counts.cases; i++) cases.push({ id: randomUUID(), p: randomPoint(), t: randomTime() });
  await copy(
    database,
    'cases',
    'id, kind, status, title, subject_category, terrain, ipp',
    rowsInChunks(cases.length, (i) => {
      const c = cases[i]!;
      return `${c.id}\tlost_person\t${i % 5 === 0 ? 'closed' : 'open'}\tbench ${i}\thiker\ttemperate_mountain\t${ewkt(c.p)}\n`;
    }),
  );
  await copy(
    database,
    'caller_locations',
    'case_id, source, datum_received, lon_received, lat_received, geom, accuracy_m, t',
    rowsInChunks(cases.length * counts.callersPerCase, (i) => {
      const c = cases[Math.floor(i / counts.callersPerCase)]!;
      const p = { lon: c.p.lon + (Math.random() - 0.5) * 0.03, lat: c.p.lat + (Math.random() - 0.5) * 0.03 };
      const ct = new Date(c.t.getTime() + Math.random() * 3 * 3_600_000);
      return `${c.id}\tlink\twgs84\t${p.lon}\t${p.lat}\t${ewkt(p)}\t${10 + Math.round(Math.random() * 190)}\t${ct.toISOString()}\n`;
    }),
  );
  say(
    `data: ${cases.length} cases, ${cases.length * counts.callersPerCase} caller locations in ${fmt((performance.now() - t) / 1000, 1)} s`,
  );
  t = performance.now();
  await database.query('analyze');
  say(
    `data: loaded in ${fmt((performance.now() - t0) / 1000, 1)} s (analyze ${fmt((performance.now() - t) / 1000, 1)} s)`,
  );
}

const database = await openBenchDb();
await load(database);
await database.query(
  `insert into drones (id, callsign, credential_hash) values ('bench-probe', 'BENCH-PROBE', 'x') on conflict do nothing`,
);
type Anchor = { lon: number; lat: number; t: Date | string };
/**
 * Three disjoint random sets of caller locations (one per measurement), so every timed query is the first at
 * its place, as in life: none of them profits from pages another measurement just read.
 */
const allAnchors = await database.query<Anchor>(
  `select ST_X(cl.geom) as lon, ST_Y(cl.geom) as lat, cl.t from caller_locations cl join cases c on c.id = cl.case_id
    where c.title like 'bench %' and c.status = 'open' order by random() limit $1`,
  [SAMPLES * 3],
);
const anchors = allAnchors.slice(0, SAMPLES);
const storedAnchors = allAnchors.slice(SAMPLES, SAMPLES * 2);
const rawAnchors = allAnchors.slice(SAMPLES * 2);

const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const matching = createMatchingService(
  createMatchingRepo(database),
  createCaseAccess(createCasesRepo(database), createCaseDronesRepo(database)),
);

async function probeSighting(a: { lon: number; lat: number; t: Date | string }): Promise<number> {
  const t = new Date(new Date(a.t).getTime() + (5 + Math.random() * 55) * 60_000);
  const [row] = await database.query<{ id: number }>(
    `with s as (
       insert into sightings (drone_id, reading_id, t, geom, unc_m, conf, kind, count)
       values ('bench-probe', $1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), 15, 0.8, 'group', 3)
       returning id, live_seq)
     select s.id, pg_notify('lookout_live', json_build_object('seq', s.live_seq, 'sightings', json_build_array(s.id))::text)
       from s`,
    [randomUUID(), t.toISOString(), a.lon + (Math.random() - 0.5) * 0.004, a.lat + (Math.random() - 0.5) * 0.004],
  );
  return Number(row!.id);
}

// Phase 1, the server's path: commit → doorbell → matcher → PostGIS → upsert + doorbell → hub subscriber. The matcher is wrapped only to see where the time goes.
const hub = new LiveHub({
  repo: createLiveRepo(database),
  database,
  log,
  ...(process.env.HUB_MIN_GAP_MS ? { minGapMs: Number(process.env.HUB_MIN_GAP_MS) } : {}),
});
await hub.start();
const marks = new Map<number, { start?: number; end?: number }>();
const timed = {
  async onSighting(id: number) {
    const m = marks.get(id) ?? {};
    m.start = performance.now();
    marks.set(id, m);
    const ids = await matching.onSighting(id);
    m.end = performance.now();
    return ids;
  },
  onCallerLocation: (id: number) => matching.onCallerLocation(id),
  unmatched: (limit: number) => matching.unmatched(limit),
};
const matcher = await startSightingMatcher({ database, hub, matching: timed, log });
// Catch up first (the loaded sightings of the last hours were never matched), so the samples see a steady state.
for (let t = performance.now(); (await matcher.sweep()) > 0;) {
  say(`catch-up sweep … ${fmt((performance.now() - t) / 1000, 1)} s`);
}
const bells: number[] = [];
await database.listen('lookout_live', () => bells.push(performance.now()));
const bellLag: number[] = [];
const waiting = new Map<number, () => void>();
hub.subscribe((batch) => {
  for (const item of batch.caseItems ?? []) {
    for (const e of item.events) if (e.kind === 'match') waiting.get(e.match.sightingId)?.();
  }
});

const pipeline: number[] = [];
const toMatcher: number[] = [];
const inMatcher: number[] = [];
const toSubscriber: number[] = [];
for (const [i, a] of anchors.entries()) {
  // Sightings are minutes apart in life: let the hub settle after the previous sample's doorbells.
  await new Promise((r) => setTimeout(r, 100));
  let done!: () => void;
  const got = new Promise<void>((r) => (done = r));
  const id = await probeSighting(a);
  const t0 = performance.now();
  waiting.set(id, done);
  await Promise.race([got, new Promise((r) => setTimeout(r, 5_000))]);
  const t1 = performance.now();
  waiting.delete(id);
  await matcher.idle();
  if (i < 10) continue; // warm-up
  pipeline.push(t1 - t0);
  const b = bells.find((x) => x >= t0 - 50);
  if (b !== undefined) bellLag.push(b - t0);
  bells.length = 0;
  const m = marks.get(id);
  if (m?.start && m.end) {
    toMatcher.push(m.start - t0);
    inMatcher.push(m.end - m.start);
    toSubscriber.push(t1 - m.end);
  }
}
say(`doorbell lag p50 ${fmt(pct(bellLag, 50))} p90 ${fmt(pct(bellLag, 90))} p99 ${fmt(pct(bellLag, 99))}`);
await matcher.stop();
await hub.stop();

// Phase 2, nothing else running: the matching service alone on fresh sightings at other places; then the PostGIS
// query alone, once at still other places (first at its place, like phase 1: the ratio's denominator) and once
// more at the same places (warm, for reference).
const stored: number[] = [];
const raw: number[] = [];
const rawWarm: number[] = [];
let candidates = 0;
const storedProbes: number[] = [];
for (const a of storedAnchors) storedProbes.push(await probeSighting(a));
for (const [i, id] of storedProbes.entries()) {
  const t1 = performance.now();
  await matching.onSighting(id);
  if (i >= 10) stored.push(performance.now() - t1);
}
const probes: number[] = [];
for (const a of rawAnchors) probes.push(await probeSighting(a));
for (const [i, id] of probes.entries()) {
  const t2 = performance.now();
  const rows = await database.query(sightingCandidatesSql, [id, MATCH_MAX_RADIUS_M, MATCH_WINDOW_H]);
  if (i >= 10) raw.push(performance.now() - t2);
  candidates += rows.length;
}
for (const [i, id] of probes.entries()) {
  const t3 = performance.now();
  await database.query(sightingCandidatesSql, [id, MATCH_MAX_RADIUS_M, MATCH_WINDOW_H]);
  if (i >= 10) rawWarm.push(performance.now() - t3);
}

await database.query(
  `delete from matches where sighting_id in (select id from sightings where drone_id = 'bench-probe')`,
);
await database.query(`delete from sightings where drone_id = 'bench-probe'`);
await database.close();

const p50 = pct(pipeline, 50);
const p99 = pct(pipeline, 99);
const rawP99 = pct(raw, 99);
say(`samples: ${pipeline.length} (after 10 warm-up), candidates per sighting: ${fmt(candidates / probes.length, 1)}`);
say(
  `stored and pushed (commit → hub subscriber): p50 ${fmt(p50)} ms, p90 ${fmt(pct(pipeline, 90))} ms, p99 ${fmt(p99)} ms`,
);
say(
  `  of which commit → matcher start p50 ${fmt(pct(toMatcher, 50))} / p99 ${fmt(pct(toMatcher, 99))} ms, ` +
    `matcher p50 ${fmt(pct(inMatcher, 50))} / p99 ${fmt(pct(inMatcher, 99))} ms, ` +
    `matcher end → subscriber p50 ${fmt(pct(toSubscriber, 50))} / p99 ${fmt(pct(toSubscriber, 99))} ms`,
);
say(
  `stored (matching service alone: query + score + upsert + doorbell): p50 ${fmt(pct(stored, 50))} ms, p99 ${fmt(pct(stored, 99))} ms`,
);
say(`PostGIS candidate query alone: p50 ${fmt(pct(raw, 50))} ms, p99 ${fmt(rawP99)} ms`);
say(
  `  the same query again at the same places (warm): p50 ${fmt(pct(rawWarm, 50))} ms, p99 ${fmt(pct(rawWarm, 99))} ms`,
);
say(
  `bench:match target=${target} p50_ms=${fmt(p50)} p99_ms=${fmt(p99)} raw_p99_ms=${fmt(rawP99)} ratio=${fmt(p99 / rawP99)} stored_p99_ms=${fmt(pct(stored, 99))} stored_ratio=${fmt(pct(stored, 99) / rawP99)}`,
);
process.exit(0);
