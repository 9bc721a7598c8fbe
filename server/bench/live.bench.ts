/**
 * `npm run bench:live`: the live path as a commander sees it. DRONES simulated drones publish Lookout v1 fixes at
 * HZ each (1,000 fixes/s by default) through the broker and the bridge into the database; the server's live feed
 * pushes them to one commander's Chromium on the map. Measured in the page: from the fix's publish time (its `t`)
 * to the moment the map's drone source is given that position, plus the page's long tasks (main thread > 50 ms).
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/lookout_bench npm run bench:live   (PostgreSQL + Mosquitto)
 *   npm run bench:live                                                            (PGlite + the embedded broker)
 * Env: DRONES (100), HZ (10), SECONDS (30), WARMUP_S (5).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { openDb, type Database } from '@lookout/db';
import { ensurePgliteTemplate, openTestDatabase } from '@lookout/db/testing';
import { startBridge } from '../../drone-bridge/src/bridge.ts';
import { startEmbeddedBroker } from '../../drone-bridge/src/broker/embedded-broker.ts';
import { createDroneCredentials } from '../../drone-bridge/src/credentials.ts';
import { startBenchMosquitto, type RunningBroker } from '../../drone-bridge/bench/brokers.ts';
import type { PublishJob, PublishResult } from '../../drone-bridge/bench/publishers.ts';
import { assertProductionWebBuild, startBenchStack } from './bench-stack.ts';

// The page's globals, for the functions that run in Chromium (this project has no DOM types).
declare const window: unknown;
declare const document: { documentElement: { dataset: Record<string, string | undefined> } };

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const DRONES = env('DRONES', 100);
const HZ = env('HZ', 10);
const SECONDS = env('SECONDS', 30);
const WARMUP_S = env('WARMUP_S', 5);
const here = path.dirname(fileURLToPath(import.meta.url));
const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const out = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

/** In the page: every position handed to the drones source, timed against the fix's own publish time. */
function instrumentPage(): void {
  const w = window as unknown as {
    __live: { lat: number[]; at: number[]; longTasks: number[] };
    __lookout?: { map: unknown; store?: { drones: Map<string, { latest: { t: string } | null }> } };
  };
  w.__live = { lat: [], at: [], longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__live.longTasks.push(e.duration);
  }).observe({ type: 'longtask' as never, buffered: true });
  const last = new Map<string, number>();
  const wrap = () => {
    const map = w.__lookout?.map as { getSource(id: string): { setData(d: unknown): unknown } | undefined } | null;
    const src = map?.getSource('drones');
    if (!src || (src as { __wrapped?: boolean }).__wrapped) return;
    (src as { __wrapped?: boolean }).__wrapped = true;
    const setData = src.setData.bind(src);
    src.setData = (data: unknown) => {
      const r = setData(data);
      const now = Date.now();
      const store = w.__lookout?.store;
      for (const f of (data as { features: { id: string }[] }).features) {
        const t = store?.drones.get(String(f.id))?.latest?.t;
        if (!t) continue;
        const ms = Date.parse(t);
        if (ms <= (last.get(String(f.id)) ?? 0)) continue; // the 1 s redraw of the age labels, not a new fix
        last.set(String(f.id), ms);
        w.__live.lat.push(now - ms);
        w.__live.at.push(now);
      }
      return r;
    };
  };
  setInterval(wrap, 50);
}

function startPublisherProcess(): Promise<ChildProcess> {
  const child = fork(path.join(here, '../../drone-bridge/bench/publishers.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('error', reject);
  });
}

function runJob(child: ChildProcess, job: PublishJob): Promise<PublishResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string } & Partial<PublishResult>) => {
      if (msg.type !== 'done') return;
      child.off('message', onMessage);
      if (msg.error) reject(new Error(msg.error));
      else resolve(msg as PublishResult);
    };
    child.on('message', onMessage);
    child.send(job);
  });
}

async function openTarget(): Promise<{ database: Database; kind: string; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-live-bench-'));
  const url = process.env.DATABASE_URL;
  if (url) return { database: await openDb({ databaseUrl: url, poolMax: 10 }), kind: 'postgres', dataDir };
  return { database: await openTestDatabase(), kind: 'pglite', dataDir };
}

assertProductionWebBuild();
if (!process.env.DATABASE_URL) await ensurePgliteTemplate();
const { database, kind, dataDir } = await openTarget();
const runId = Date.now().toString(36);
const drones: { id: string; password: string; hash: string }[] = [];
for (let i = 0; i < DRONES; i++) {
  const c = await createDroneCredentials();
  drones.push({ id: `live-${runId}-${i}`, password: c.password, hash: c.hash });
}
await database.query(
  `insert into drones (id, callsign, credential_hash) select * from unnest($1::text[], $2::text[], $3::text[])`,
  [drones.map((d) => d.id), drones.map((_, i) => `L${runId.slice(-3)}-${i}`), drones.map((d) => d.hash)],
);

let broker: RunningBroker;
if (kind === 'postgres') broker = await startBenchMosquitto(drones);
else {
  const b = await startEmbeddedBroker({ database, port: 0, strictPort: false, host: '127.0.0.1', log });
  broker = { url: b.url, bridgeUser: b.bridgeUser, pid: undefined, close: () => b.close() };
}
const bridge = startBridge({
  database,
  mqttUrl: broker.url,
  username: broker.bridgeUser.username,
  password: broker.bridgeUser.password,
  clientId: `live-bench-bridge-${runId}`,
  shared: kind === 'postgres',
  log,
});
await bridge.ready;
const stack = await startBenchStack({ database, dataDir });
const publishers = await startPublisherProcess();

try {
  const ctx = await stack.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await ctx.addCookies([{ ...stack.cookie, url: stack.base }]);
  const page = await ctx.newPage();
  // tsx names nested functions with an `__name` helper that the page does not have.
  await page.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  await page.addInitScript(instrumentPage);
  await page.goto(stack.base);
  await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, { timeout: 120_000 });
  out(
    `bench:live target=${kind} broker=${kind === 'postgres' ? 'mosquitto' : 'embedded'} drones=${DRONES} at ${HZ} Hz = ${DRONES * HZ} fixes/s for ${WARMUP_S}+${SECONDS} s, one commander's Chromium at 1280×800`,
  );
  const job = (seconds: number): PublishJob => ({
    type: 'run',
    mode: 'bridge',
    ratePerS: DRONES * HZ,
    url: broker.url,
    drones: drones.map((d) => ({ id: d.id, password: d.password })),
    fixesPerDrone: Math.ceil(HZ * seconds),
    batch: 1,
    window: Math.max(8, HZ * 4),
    durationS: seconds + 30,
    graceS: 30,
  });
  await runJob(publishers, job(WARMUP_S));
  await page.evaluate(() => {
    const l = (window as unknown as { __live: { lat: number[]; at: number[]; longTasks: number[] } }).__live;
    l.lat.length = 0;
    l.at.length = 0;
    l.longTasks.length = 0;
  });
  const t0 = Date.now();
  const res = await runJob(publishers, job(SECONDS));
  await new Promise((r) => setTimeout(r, 2000)); // the last fixes reach the page
  const wallS = (Date.now() - t0) / 1000;
  const seen = await page.evaluate(
    () => (window as unknown as { __live: { lat: number[]; at: number[]; longTasks: number[] } }).__live,
  );
  if (process.env.BENCH_DEBUG)
    out(
      JSON.stringify(
        await page.evaluate(() => {
          const w = window as unknown as {
            __lookout?: { map: { getSource(id: string): unknown } | null; store?: { drones: Map<string, unknown> } };
          };
          const src = w.__lookout?.map?.getSource('drones') as { __wrapped?: boolean } | undefined;
          return {
            hasMap: Boolean(w.__lookout?.map),
            src: Boolean(src),
            wrapped: src?.__wrapped,
            drones: w.__lookout?.store?.drones.size,
          };
        }),
      ),
    );
  const lat = [...seen.lat].sort((a, b) => a - b);
  const committedRate = res.acked / ((res.lastAckAt - res.firstSendAt) / 1000);
  const longTasksPerMin = (seen.longTasks.length / wallS) * 60;
  const longest = Math.max(0, ...seen.longTasks);
  out(
    `  published ${res.sent} fixes, committed ${res.acked} (${fmt(committedRate)} fixes/s; publish → committed p50 ${fmt(pct(res.latencies, 50))} ms, p99 ${fmt(pct(res.latencies, 99))} ms)`,
  );
  out(
    `  positions applied to the map in the page: ${lat.length} (the rest coalesced per drone on the way), publish → applied p50 ${fmt(pct(lat, 50))} ms, p90 ${fmt(pct(lat, 90))} ms, p99 ${fmt(pct(lat, 99))} ms, max ${fmt(lat.at(-1) ?? NaN)} ms`,
  );
  out(
    `  main thread: ${seen.longTasks.length} long tasks in ${fmt(wallS, 1)} s (${fmt(longTasksPerMin, 1)}/min), longest ${fmt(longest)} ms`,
  );
  out(
    `bench:live fixes_per_s=${fmt(committedRate)} p50_browser_ms=${fmt(pct(lat, 50))} p99_browser_ms=${fmt(pct(lat, 99))} long_tasks_per_min=${fmt(longTasksPerMin, 1)} target=${kind}`,
  );
  await ctx.close();
} finally {
  publishers.kill();
  await stack.close();
  await bridge.stop();
  await broker.close();
  if (kind === 'postgres')
    await database.query(`delete from drones where id like $1`, [`live-${runId}-%`]).catch(() => undefined);
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
