/**
 * bench:live:socket — commit → WebSocket latency of the live feed. A writer inserts fixes the way the bridge does
 * (multi-row INSERT + doorbell in one statement, batches every `BATCH_MS`), `CLIENTS` sockets receive them.
 * Prints p50/p99 from the commit returning to each client seeing the fix (positions are coalesced per drone, so
 * only fixes that are delivered count), then one key=value line.
 *   npx tsx server/bench/live-socket.bench.ts            (PGlite copy of the test template)
 *   DATABASE_URL=postgres://… npx tsx server/bench/live-socket.bench.ts
 * Env: RATE (fixes/s, default 2000), SECONDS (10), CLIENTS (3), DRONES (50), BATCH_MS (50).
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { WebSocket } from 'ws';
import { ensurePgliteTemplate, openTestDatabase } from '@lookout/db/testing';
import { loadConfig } from '../src/config.ts';
import { startHttpServer } from '../src/http/server.ts';
import { createMetrics } from '../src/metrics/metrics.ts';
import { createTestUser, login } from '../src/testing/harness.ts';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const RATE = env('RATE', 2000);
const SECONDS = env('SECONDS', 10);
const CLIENTS = env('CLIENTS', 3);
const DRONES = env('DRONES', 50);
const BATCH_MS = env('BATCH_MS', 50);

if (!process.env.DATABASE_URL) await ensurePgliteTemplate();
const database = await openTestDatabase();
const registry = new Registry();
const server = await startHttpServer({
  database,
  config: loadConfig({ LOOKOUT_DATA_DIR: '/nonexistent' }),
  log: pino({ level: 'warn' }),
  registry,
  metrics: createMetrics(registry, { defaultMetrics: false }),
  mqttStatus: () => 'ok',
  brokerUrlFor: () => 'mqtt://localhost:1883',
  webDist: null,
  port: 0,
  host: '127.0.0.1',
});
const base = `http://127.0.0.1:${server.port}`;
const user = await createTestUser(database, 'commander');
const cookie = await login(base, user.username, user.password);

const run = randomUUID().slice(0, 6);
const drones = Array.from({ length: DRONES }, (_, i) => `bench-${run}-${i}`);
for (const id of drones) {
  await database.query('insert into drones (id, callsign, credential_hash) values ($1, $1, $2)', [id, '$7$101$x$y']);
}

// Per drone, the committed fixes in order; per client and drone, how many of them it has seen covered. A fix
// counts as delivered when the client gets a position of its drone at least as new (positions are coalesced).
const committed = new Map<string, { seqs: number[]; times: number[] }>();
const latencies: number[] = [];
const sockets = await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'resume', after: null }));
    const seen = new Map<string, number>();
    ws.on('message', (data) => {
      const now = performance.now();
      const m = JSON.parse(String(data)) as { type: string; positions?: { droneId: string; seq: number }[] };
      if (m.type !== 'positions') return;
      for (const p of m.positions!) {
        const c = committed.get(p.droneId);
        if (!c) continue;
        let i = seen.get(p.droneId) ?? 0;
        while (i < c.seqs.length && c.seqs[i]! <= p.seq) latencies.push(now - c.times[i++]!);
        seen.set(p.droneId, i);
      }
    });
    return ws;
  }),
);
await new Promise((r) => setTimeout(r, 500));

process.stdout.write(
  `bench:live ${database.kind} rate=${RATE}/s for ${SECONDS}s, ${CLIENTS} clients, ${DRONES} drones\n`,
);
const perBatch = Math.max(1, Math.round((RATE * BATCH_MS) / 1000));
const end = performance.now() + SECONDS * 1000;
let inserted = 0;
let k = 0;
while (performance.now() < end) {
  const started = performance.now();
  const values: string[] = [];
  const params: unknown[] = [];
  for (let i = 0; i < perBatch; i++) {
    const d = drones[k++ % drones.length]!;
    params.push(d, randomUUID(), 120 + Math.random() * 0.1, 28.9 + Math.random() * 0.1);
    const n = params.length;
    values.push(`($${n - 3}, $${n - 2}, now(), ST_SetSRID(ST_MakePoint($${n - 1}, $${n}), 4326))`);
  }
  const rows = await database.query<{ id: number; drone_id: string }>(
    `with f as (insert into fixes (drone_id, reading_id, t, geom) values ${values.join(',')} returning id, drone_id)
     select id, drone_id, pg_notify('lookout_live', json_build_object('seq', id)::text) from f order by id`,
    params,
  );
  const t = performance.now();
  for (const r of rows) {
    let c = committed.get(r.drone_id);
    if (!c) committed.set(r.drone_id, (c = { seqs: [], times: [] }));
    c.seqs.push(Number(r.id));
    c.times.push(t);
  }
  inserted += rows.length;
  const wait = BATCH_MS - (performance.now() - started);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
await new Promise((r) => setTimeout(r, 1500));

latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
const p50 = q(0.5).toFixed(1);
const p99 = q(0.99).toFixed(1);
process.stdout.write(
  `inserted ${inserted} fixes (${(inserted / SECONDS) | 0}/s); ${latencies.length} fix deliveries measured (a fix is delivered when a position at least as new arrives)\n`,
);
process.stdout.write(`commit→socket p50 ${p50} ms, p99 ${p99} ms\n`);
process.stdout.write(
  `bench:live target=${database.kind} fixes_per_s=${(inserted / SECONDS) | 0} clients=${CLIENTS} p50_commit_to_ws_ms=${p50} p99_commit_to_ws_ms=${p99}\n`,
);
for (const ws of sockets) ws.close();
await server.close();
await database.close();
