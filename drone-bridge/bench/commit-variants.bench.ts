/**
 * `npx tsx drone-bridge/bench/commit-variants.bench.ts [rowsPerBatch] [batches]`: how fast one connection can
 * commit batches of fixes into the real PostgreSQL (DATABASE_URL or postgres://root@127.0.0.1/test), comparing
 * the bridge's own commit (ingest.repo commitBatch: unnest of 13 text arrays, ON CONFLICT, drone_state, NOTIFY)
 * with two other ways to hand the same rows over: one JSON parameter (json_to_recordset), and COPY into a temp
 * table followed by INSERT … SELECT … ON CONFLICT. Prints rows/s, node and PostgreSQL CPU per row. A profiling aid
 * for ingest.bench.ts, not a product path.
 */
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { openDb } from '@lookout/db';
import type { FixRecord } from '../src/decoders/types.ts';
import { withTransaction } from '@lookout/db';
import { createIngestRepo } from '../src/ingest/ingest.repo.ts';
import { cpuMsByName, fmt } from './lib.ts';

const rowsPerBatch = Number(process.argv[2] ?? 2000);
const batches = Number(process.argv[3] ?? 20);
const out = (line: string) => process.stdout.write(`${line}\n`);
pino({ level: 'silent' });

const database = await openDb({
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1/test',
  poolMax: 2,
});
const runId = Date.now().toString(36);
const droneIds = Array.from({ length: 20 }, (_, i) => `bench-cv-${runId}-${i}`);
await database.query(
  `insert into drones (id, callsign, credential_hash) select id, id, 'x' from unnest($1::text[]) id`,
  [droneIds],
);
const repo = createIngestRepo(database);

function makeFixes(n: number): FixRecord[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    kind: 'fix',
    droneId: droneIds[i % droneIds.length]!,
    readingId: uuidv7(),
    droneSeq: i,
    t: now + i,
    src: 'sim',
    lon: 120.07 + (i % 100) * 1e-5,
    lat: 28.95,
    altMsl: 312.5,
    altRel: 60.2,
    hdg: 87,
    gs: 6.2,
    vs: -0.3,
    bat: 64,
  }));
}

const variants: Record<string, (fixes: FixRecord[]) => Promise<void>> = {
  'bridge commitBatch (unnest text arrays)': async (fixes) => {
    await repo.commitBatch(() => ({ fixes, sightings: [], statuses: [], deadLetters: [] }), droneIds);
  },
  'one JSON parameter (json_to_recordset)': async (fixes) => {
    await withTransaction(database, async (q) => {
      await q(
        `insert into fixes (drone_id, reading_id, drone_seq, t, src, geom, alt_msl, alt_rel, hdg, gs, vs, bat)
         select "droneId", "readingId", "droneSeq", to_timestamp(t / 1000.0), src, st_setsrid(st_makepoint(lon, lat), 4326),
                "altMsl", "altRel", hdg, gs, vs, bat
         from json_to_recordset($1::json) as r("droneId" text, "readingId" uuid, "droneSeq" int8, t float8, src text,
              lon float8, lat float8, "altMsl" real, "altRel" real, hdg real, gs real, vs real, bat real)
         on conflict (drone_id, reading_id) do nothing`,
        [JSON.stringify(fixes)],
      );
      await q(`select pg_notify('lookout_live_bench', '{}')`);
    });
  },
  'COPY into a temp table + INSERT … ON CONFLICT': async (fixes) => {
    if (database.driver.kind !== 'postgres') throw new Error('postgres only');
    const { from: copyFrom } = await import('pg-copy-streams');
    const client = await database.driver.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `create temp table if not exists fix_in (drone_id text, reading_id uuid, drone_seq int8, t timestamptz, src text,
           lon float8, lat float8, alt_msl real, alt_rel real, hdg real, gs real, vs real, bat real) on commit delete rows`,
      );
      const text = fixes
        .map(
          (f) =>
            `${f.droneId}\t${f.readingId}\t${f.droneSeq}\t${new Date(f.t).toISOString()}\t${f.src}\t${f.lon}\t${f.lat}\t${f.altMsl}\t${f.altRel}\t${f.hdg}\t${f.gs}\t${f.vs}\t${f.bat}\n`,
        )
        .join('');
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom('copy fix_in from stdin'));
        stream.on('error', reject);
        stream.on('finish', () => resolve());
        stream.end(text);
      });
      await client.query(
        `insert into fixes (drone_id, reading_id, drone_seq, t, src, geom, alt_msl, alt_rel, hdg, gs, vs, bat)
         select drone_id, reading_id, drone_seq, t, src, st_setsrid(st_makepoint(lon, lat), 4326), alt_msl, alt_rel, hdg, gs, vs, bat
         from fix_in on conflict (drone_id, reading_id) do nothing`,
      );
      await client.query(`select pg_notify('lookout_live_bench', '{}')`);
      await client.query('commit');
    } finally {
      client.release();
    }
  },
};

out(`commit variants: ${batches} batches × ${rowsPerBatch} fixes, one connection, one transaction per batch`);
// Interleave the variants so a change in the machine's other load hits them alike.
const totals = new Map<string, { ms: number; node: number; pg: number }>();
for (let round = 0; round < 3; round++) {
  for (const [name, run] of Object.entries(variants)) {
    const prepared = Array.from({ length: Math.ceil(batches / 3) }, () => makeFixes(rowsPerBatch));
    const pg0 = cpuMsByName(['postgres']).postgres!;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const fixes of prepared) await run(fixes);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const pg = cpuMsByName(['postgres']).postgres! - pg0;
    const tot = totals.get(name) ?? { ms: 0, node: 0, pg: 0 };
    tot.ms += ms;
    tot.node += (cpu.user + cpu.system) / 1000;
    tot.pg += pg;
    totals.set(name, tot);
  }
}
const rows = Math.ceil(batches / 3) * 3 * rowsPerBatch;
for (const [name, t] of totals) {
  out(
    `  ${name}: ${fmt((rows / t.ms) * 1000)} rows/s; CPU per row: node ${fmt((t.node * 1000) / rows, 1)} µs, postgres ${fmt((Math.max(0, t.pg) * 1000) / rows, 1)} µs`,
  );
}
await database.query('delete from drone_state where drone_id = any($1::text[])', [droneIds]);
await database.query('delete from fixes where drone_id = any($1::text[])', [droneIds]);
await database.query('delete from drones where id = any($1::text[])', [droneIds]);
await database.close();
