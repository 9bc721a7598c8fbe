/**
 * `npm run bench:ingest [-- --source v1|mavlink --target postgres|pglite --broker mosquitto|embedded --publishers N --messages M
 *   --duration S --batch K --window W --ws on|off --paced R --paced-seconds S --bridge-batch-max B
 *   --bridge-linger-ms L --keep]` (or BENCH_TARGET, BENCH_BROKER, BENCH_PUBLISHERS, BENCH_MESSAGES,
 *   BENCH_DURATION, BENCH_BATCH, BENCH_WINDOW, BENCH_WS, BENCH_PACED, BENCH_PACED_SECONDS, BRIDGE_BATCH_MAX,
 *   BRIDGE_BATCH_LINGER_MS). Defaults: postgres (DATABASE_URL or postgres://root@127.0.0.1/test) with its own
 *   Mosquitto; pglite with the embedded aedes; 20 publishers, 200,000 fixes, one fix per message, 1000 fixes
 *   outstanding per publisher, the bridge's own batch settings.
 *
 * Measures in one run, against the same broker and the same `fixes` table:
 *   (b) raw broker pass-through: the N publishers → a plain QoS 1 subscriber, no database;
 *   (a) the bridge: the same N publishers at QoS 1 → broker → bridge → database, counting a fix when its id
 *       comes back on the drone's `acks` topic (= committed), with publish → commit latency, and publish → a
 *       live WebSocket client of the server (when the server can be started);
 *   (c) raw COPY of the same number of fixes into `fixes`;
 *   (d) ratio = bridge ÷ min(raw broker, raw COPY).
 * The publishers run in a child process; the bridge (and on pglite the database and the embedded broker) in
 * this one; CPU per process is printed per phase to show what limits the rate on a 2-core machine.
 * With `--source mavlink` (BENCH_SOURCE; `--mavlink-signed on|off`, `--mavlink-window N`) the same run then measures
 *   (m) MAVLink: the same number of fixes as GLOBAL_POSITION_INT frames over UDP (one frame per datagram, signed
 *       when --mavlink-signed, default on) → MAVLink listener → the same pipeline → database, counted as committed
 *       rows; the (e) and (c) phases are skipped and the result is the ratio to (a), the v1 JSON path.
 * Prints figures as it goes and ends with one `bench:ingest key=value …` line.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { openDb, type Database } from '@lookout/db';
import { randomBytes } from 'node:crypto';
import { startBridge } from '../src/bridge.ts';
import { startEmbeddedBroker } from '../src/broker/embedded-broker.ts';
import { createDroneCredentials } from '../src/credentials.ts';
import { startMavlinkListener } from '../src/mavlink/mavlink-listener.ts';
import { mavlinkSigningKeyBox } from '../src/mavlink/signing.ts';
import type { MavlinkJob, MavlinkSendResult } from './mavlink-sender.ts';
import { startBenchMosquitto, type RunningBroker } from './brokers.ts';
import { copyIntoFixes, copyRows, cpuMsByName, fmt, machineBusyMs, percentile, sustainedRate } from './lib.ts';
import type { PublishJob, PublishProgress, PublishResult } from './publishers.ts';
import { startWsProbe, type WsProbe } from './ws-probe.ts';
import { runDjiPhase } from './dji-phase.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = (line: string) => process.stdout.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: process.env.BENCH_SOURCE ?? 'v1' },
    'mavlink-signed': { type: 'string', default: process.env.BENCH_MAVLINK_SIGNED ?? 'on' },
    // Datagrams in flight beyond the committed count, over all aircraft: more than the socket buffer holds
    // (the kernel caps it at net.core.rmem_max) only measures loss.
    'mavlink-window': { type: 'string', default: process.env.BENCH_MAVLINK_WINDOW ?? '512' },
    target: { type: 'string', default: process.env.BENCH_TARGET ?? 'postgres' },
    broker: { type: 'string', default: process.env.BENCH_BROKER },
    publishers: {
      type: 'string',
      default: process.env.BENCH_PUBLISHERS ?? '20',
    },
    messages: {
      type: 'string',
      default: process.env.BENCH_MESSAGES ?? '200000',
    },
    duration: { type: 'string', default: process.env.BENCH_DURATION ?? '60' },
    batch: { type: 'string', default: process.env.BENCH_BATCH ?? '1' },
    window: { type: 'string', default: process.env.BENCH_WINDOW ?? '1000' },
    ws: { type: 'string', default: process.env.BENCH_WS },
    paced: { type: 'string', default: process.env.BENCH_PACED },
    'bridge-batch-max': { type: 'string', default: process.env.BRIDGE_BATCH_MAX },
    'bridge-linger-ms': { type: 'string', default: process.env.BRIDGE_BATCH_LINGER_MS },
    'paced-seconds': {
      type: 'string',
      default: process.env.BENCH_PACED_SECONDS ?? '10',
    },
    keep: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

if (args.source !== 'v1' && args.source !== 'mavlink' && args.source !== 'dji')
  throw new Error(`--source is v1, mavlink or dji, not ${args.source}`);
const source: 'v1' | 'mavlink' | 'dji' = args.source;
// The MAVLink comparison needs no live socket probe; the v1 run keeps it on by default.
const wsOn = (args.ws ?? (source === 'mavlink' ? 'off' : 'on')) !== 'off';
const target = args.target === 'pglite' ? 'pglite' : 'postgres';
const brokerKind =
  (args.broker ?? (target === 'postgres' ? 'mosquitto' : 'embedded')) === 'embedded' ? 'embedded' : 'mosquitto';
const publishers = Math.max(1, Number(args.publishers));
const messages = Math.max(publishers, Number(args.messages));
const durationS = Number(args.duration);
const batch = Math.max(1, Number(args.batch));
const window = Math.max(1, Number(args.window));
const fixesPerDrone = Math.ceil(messages / publishers);
const totalFixes = fixesPerDrone * publishers;
const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

interface CpuSnapshot {
  wall: number;
  main: number;
  procs: Record<string, number>;
  machine: number;
}
const cpuNow = (): CpuSnapshot => {
  const u = process.cpuUsage();
  return {
    wall: performance.now(),
    main: (u.user + u.system) / 1000,
    procs: cpuMsByName(['mosquitto', 'postgres']),
    machine: machineBusyMs(),
  };
};
function cpuLine(
  label: string,
  a: CpuSnapshot,
  b: CpuSnapshot,
  publishersMs: number,
  extra: Record<string, number> = {},
  fixes = 0,
): string {
  const wall = b.wall - a.wall;
  const pct = (ms: number) => `${fmt((Math.max(0, ms) / wall) * 100)}%`;
  const ours =
    b.main -
    a.main +
    publishersMs +
    (b.procs.mosquitto! - a.procs.mosquitto!) +
    (b.procs.postgres! - a.procs.postgres!) +
    Object.values(extra).reduce((x, y) => x + y, 0);
  const machine = b.machine - a.machine;
  const parts = [
    `bench+bridge ${pct(b.main - a.main)}`,
    `publishers ${pct(publishersMs)}`,
    ...(brokerKind === 'mosquitto' ? [`mosquitto ${pct(b.procs.mosquitto! - a.procs.mosquitto!)}`] : []),
    ...(target === 'postgres' ? [`postgres ${pct(b.procs.postgres! - a.procs.postgres!)}`] : []),
    ...Object.entries(extra).map(([k, ms]) => `${k} ${pct(ms)}`),
  ];
  const line = `  cpu (${label}, % of one core, 200% = both): ${parts.join(', ')}; machine busy ${pct(machine)}, other processes ${pct(Math.max(0, machine - ours))}`;
  if (!fixes) return line;
  // CPU cost per fix: independent of how much of the machine other processes took.
  const us = (ms: number) => fmt((Math.max(0, ms) * 1000) / fixes, 1);
  const costs = [
    `bench+bridge ${us(b.main - a.main)}`,
    `publishers ${us(publishersMs)}`,
    ...(brokerKind === 'mosquitto' ? [`mosquitto ${us(b.procs.mosquitto! - a.procs.mosquitto!)}`] : []),
    ...(target === 'postgres' ? [`postgres ${us(b.procs.postgres! - a.procs.postgres!)}`] : []),
    ...Object.entries(extra).map(([k, ms]) => `${k} ${us(ms)}`),
    `all ours ${us(ours)}`,
  ];
  return `${line}\n  cpu per fix (${label}, µs): ${costs.join(', ')}`;
}

function startPublisherProcess(): Promise<ChildProcess> {
  const child = fork(path.join(here, 'publishers.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`publisher process exited with ${code}`)));
  });
}

function runJob(
  child: ChildProcess,
  job: PublishJob,
  onProgress: (p: PublishProgress) => void,
): Promise<PublishResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: PublishProgress | PublishResult) => {
      if (msg.type === 'progress') onProgress(msg);
      else if (msg.type === 'done') {
        child.off('message', onMessage);
        if (msg.error) reject(new Error(msg.error));
        else resolve(msg);
      }
    };
    child.on('message', onMessage);
    child.send(job);
  });
}

async function openTarget(): Promise<{
  database: Database;
  cleanup: () => void;
}> {
  if (target === 'postgres') {
    const databaseUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1/test';
    return {
      database: await openDb({ databaseUrl, poolMax: 8 }),
      cleanup: () => undefined,
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-bench-'));
  out(`  opening a fresh PGlite+PostGIS in ${dir} (takes ~10 s)…`);
  const database = await openDb({ dataDir: dir, lock: false });
  return {
    database,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function main(): Promise<void> {
  out(
    `bench:ingest target=${target} broker=${brokerKind} publishers=${publishers} fixes=${totalFixes} fixes_per_msg=${batch} window=${window} duration<=${durationS}s`,
  );
  const { database, cleanup } = await openTarget();
  if (source === 'dji') {
    out(`(dji) ${publishers} aircraft of one dock, ${totalFixes} fixes per path, decoder → pipeline → ${target}`);
    const d = await runDjiPhase(database, { aircraft: publishers, fixes: totalFixes, log, out });
    await database.close();
    cleanup();
    out(
      `bench:ingest source=dji target=${target} bridge_per_s=${fmt(d.djiRate)} ratio_to_v1=${fmt(d.djiRate / d.v1Rate, 2)} v1_pipeline_per_s=${fmt(d.v1Rate)} committed=${d.committed} sent=${d.sent} lost=${d.sent - d.committed} broker=none`,
    );
    return;
  }
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const drones: { id: string; password: string; hash: string }[] = [];
  for (let i = 0; i < publishers; i++) {
    const c = await createDroneCredentials();
    drones.push({
      id: `bench-${runId}-${i}`,
      password: c.password,
      hash: c.hash,
    });
  }
  await database.query(
    `insert into drones (id, callsign, credential_hash) select * from unnest($1::text[], $2::text[], $3::text[])`,
    [drones.map((d) => d.id), drones.map((d) => `bench ${runId} ${d.id.split('-').pop()}`), drones.map((d) => d.hash)],
  );

  let broker: RunningBroker;
  if (brokerKind === 'embedded') {
    const b = await startEmbeddedBroker({
      database,
      port: 0,
      strictPort: false,
      host: '127.0.0.1',
      log,
    });
    broker = {
      url: b.url,
      bridgeUser: b.bridgeUser,
      pid: undefined,
      close: () => b.close(),
    };
  } else {
    broker = await startBenchMosquitto(drones.map((d) => ({ id: d.id, hash: d.hash })));
  }
  out(
    `  broker ${broker.url} ${brokerKind === 'mosquitto' ? '(mosquitto with drone-bridge/mosquitto/lookout.conf)' : '(aedes, in this process)'}`,
  );
  const child = await startPublisherProcess();
  const job = (mode: 'bridge' | 'raw', ratePerS?: number): PublishJob => ({
    type: 'run',
    mode,
    ratePerS,
    url: broker.url,
    drones: drones.map((d) => ({ id: d.id, password: d.password })),
    fixesPerDrone: ratePerS ? Math.ceil((ratePerS * Number(args['paced-seconds'])) / publishers) : fixesPerDrone,
    batch,
    window: mode === 'raw' ? Math.max(1, Math.ceil(window / batch)) : window,
    durationS,
    graceS: 30,
  });

  // (b) raw broker pass-through
  out(`(b) raw broker: ${publishers} publishers → plain QoS 1 subscriber, ${totalFixes} fixes`);
  const sub = mqtt.connect(broker.url, {
    clientId: `bench-raw-${runId}`,
    username: broker.bridgeUser.username,
    password: broker.bridgeUser.password,
    clean: true,
    protocolVersion: 4,
  });
  await new Promise<void>((resolve, reject) => {
    sub.once('connect', () =>
      sub.subscribe('lookout/v1/drones/+/telemetry', { qos: 1 }, (err) => (err ? reject(err) : resolve())),
    );
    sub.once('error', reject);
  });
  let rawReceived = 0;
  let rawLastAt = 0;
  sub.on('message', () => {
    rawReceived += batch;
    rawLastAt = Date.now();
  });
  let c0 = cpuNow();
  const raw = await runJob(child, job('raw'), (p) =>
    out(
      `  raw  t=${fmt((p.at - c0.wall - performance.timeOrigin) / 1000, 0)}s published=${p.sent} received=${rawReceived}`,
    ),
  );
  for (let i = 0; i < 100 && rawReceived < raw.acked; i++) await new Promise((r) => setTimeout(r, 100));
  let c1 = cpuNow();
  await sub.endAsync(true);
  const rawSeconds = (rawLastAt - raw.firstSendAt) / 1000;
  const brokerRaw = Math.min(rawReceived, raw.sent) / rawSeconds;
  out(
    `  raw broker: ${rawReceived}/${raw.sent} fixes in ${fmt(rawSeconds, 2)} s = ${fmt(brokerRaw)} fixes/s (${fmt(brokerRaw / batch)} msgs/s)`,
  );
  out(cpuLine('raw broker', c0, c1, raw.cpuUserMs + raw.cpuSystemMs, {}, Math.min(rawReceived, raw.sent)));

  // (a) through the bridge
  let probe: WsProbe | undefined;
  if (wsOn) {
    probe = await startWsProbe({
      database,
      log,
      droneIds: new Set(drones.map((d) => d.id)),
    }).catch((err: unknown) => {
      out(`  live WebSocket probe not available: ${String(err)}`);
      return undefined;
    });
  }
  out(`(a) bridge: ${publishers} publishers → ${brokerKind} → bridge → ${target}, counting ids back on acks`);
  const bridge = startBridge({
    database,
    mqttUrl: broker.url,
    username: broker.bridgeUser.username,
    password: broker.bridgeUser.password,
    clientId: `bench-bridge-${runId}`,
    // As deployed with MQTT_URL: an MQTT 5 shared subscription on Mosquitto (aedes speaks 3.1.1 only).
    shared: brokerKind === 'mosquitto',
    log,
    batchMax: args['bridge-batch-max'] ? Number(args['bridge-batch-max']) : undefined,
    lingerMs: args['bridge-linger-ms'] ? Number(args['bridge-linger-ms']) : undefined,
  });
  await bridge.ready;
  c0 = cpuNow();
  const probeCpu0 = probe?.cpuMs() ?? 0;
  let lastProgress = { at: Date.now(), acked: 0 };
  const viaBridge = await runJob(child, job('bridge'), (p) => {
    const rate = ((p.acked - lastProgress.acked) * 1000) / Math.max(1, p.at - lastProgress.at);
    lastProgress = { at: p.at, acked: p.acked };
    out(
      `  bridge published=${p.sent} committed=${p.acked} now=${fmt(rate)}/s batches=${bridge.stats.batches}${probe ? ` ws_seen=${probe.received()}` : ''}`,
    );
  });
  c1 = cpuNow();
  const bridgeSeconds = (viaBridge.lastAckAt - viaBridge.firstSendAt) / 1000;
  const bridgeRate = viaBridge.acked / bridgeSeconds;
  const bridgeSustained = sustainedRate(viaBridge.perSecond);
  out(
    `  bridge: ${viaBridge.acked}/${viaBridge.sent} fixes committed in ${fmt(bridgeSeconds, 2)} s = ${fmt(bridgeRate)} fixes/s overall, ${fmt(bridgeSustained)} fixes/s sustained (steady seconds), mean batch ${fmt(bridge.stats.committedMessages / Math.max(1, bridge.stats.batches), 1)} msgs`,
  );
  out(
    `  at saturation (closed loop, ${publishers}×${window} outstanding): publish → committed p50 ${fmt(percentile(viaBridge.latencies, 50))} ms, p99 ${fmt(percentile(viaBridge.latencies, 99))} ms — queueing, by Little's law ≈ outstanding ÷ rate`,
  );
  if (probe) {
    const ws = probe.latencies();
    out(
      `  at saturation: publish → live WebSocket client p50 ${fmt(percentile(ws, 50))} ms, p99 ${fmt(percentile(ws, 99))} ms (${ws.length} positions)`,
    );
  }
  out(
    cpuLine(
      'bridge',
      c0,
      c1,
      viaBridge.cpuUserMs + viaBridge.cpuSystemMs,
      probe ? { 'live server': probe.cpuMs() - probeCpu0 } : {},
      viaBridge.acked,
    ),
  );

  if (source === 'mavlink') {
    await probe?.close();
    await bridge.stop();
    if (viaBridge.acked < viaBridge.sent)
      out(`  WARNING: ${viaBridge.sent - viaBridge.acked} fixes were never acknowledged`);
    const m = await runMavlinkPhase(database, drones, bridgeRate);
    child.kill('SIGTERM');
    await broker.close();
    if (!args.keep) await removeBenchDrones(database, [...drones.map((d) => d.id), ...m.droneIds]);
    await database.close();
    cleanup();
    out(
      `bench:ingest source=mavlink target=${target} bridge_per_s=${fmt(m.rate)} ratio_to_v1=${fmt(m.rate / bridgeRate, 2)} v1_bridge_per_s=${fmt(bridgeRate)} committed=${m.committed} sent=${m.sent} lost=${m.sent - m.committed} signed=${m.signed ? 'on' : 'off'} aircraft=${m.droneIds.length} broker=${brokerKind}`,
    );
    return;
  }

  // (e) latency at a steady load below saturation: what a user of the map sees.
  const pacedRate = Math.max(publishers, Math.round(Number(args.paced ?? bridgeRate * 0.5)));
  out(`(e) latency at a paced ${pacedRate} fixes/s (open loop, ${args['paced-seconds']} s)`);
  probe?.reset();
  const paced = await runJob(child, job('bridge', pacedRate), () => undefined);
  const p50Commit = percentile(paced.latencies, 50);
  const p99Commit = percentile(paced.latencies, 99);
  out(
    `  paced: ${paced.acked}/${paced.sent} committed; publish → committed (id back on acks) p50 ${fmt(p50Commit)} ms, p99 ${fmt(p99Commit)} ms`,
  );
  let p50Ws = Number.NaN;
  let p99Ws = Number.NaN;
  if (probe) {
    await new Promise((r) => setTimeout(r, 1_000));
    const ws = probe.latencies();
    p50Ws = percentile(ws, 50);
    p99Ws = percentile(ws, 99);
    out(
      `  paced: publish → live WebSocket client p50 ${fmt(p50Ws)} ms, p99 ${fmt(p99Ws)} ms (${ws.length} positions; the server coalesces positions per drone)`,
    );
    await probe.close();
  } else {
    out('  publish → live WebSocket client: n/a (no live server in this run)');
  }
  await bridge.stop();
  if (viaBridge.acked < viaBridge.sent)
    out(`  WARNING: ${viaBridge.sent - viaBridge.acked} fixes were never acknowledged`);

  // (c) raw COPY into the same table
  out(`(c) raw COPY of ${totalFixes} fixes into fixes (same indexes)`);
  const chunks = copyRows(
    drones.map((d) => d.id),
    totalFixes,
    uuidv7,
  );
  c0 = cpuNow();
  const copyMs = await copyIntoFixes(database, chunks);
  c1 = cpuNow();
  const copyRaw = totalFixes / (copyMs / 1000);
  out(`  raw COPY: ${totalFixes} rows in ${fmt(copyMs / 1000, 2)} s = ${fmt(copyRaw)} rows/s`);
  out(cpuLine('COPY', c0, c1, 0, {}, totalFixes));

  const ratio = bridgeRate / Math.min(brokerRaw, copyRaw);
  child.kill('SIGTERM');
  await broker.close();
  if (!args.keep)
    await removeBenchDrones(
      database,
      drones.map((d) => d.id),
    );
  await database.close();
  cleanup();
  out(
    `bench:ingest source=v1 target=${target} bridge_per_s=${fmt(bridgeRate)} broker_raw_per_s=${fmt(brokerRaw)} copy_raw_per_s=${fmt(copyRaw)} ratio=${fmt(ratio, 2)} p50_commit_ms=${fmt(p50Commit)} p99_commit_ms=${fmt(p99Commit)} p50_ws_ms=${fmt(p50Ws)} p99_ws_ms=${fmt(p99Ws)} broker=${brokerKind} publishers=${publishers} fixes_per_msg=${batch} latency_at_per_s=${pacedRate}`,
  );
}

async function removeBenchDrones(database: Database, ids: string[]): Promise<void> {
  await database.query('delete from drone_state where drone_id = any($1::text[])', [ids]);
  await database.query('delete from fixes where drone_id = any($1::text[])', [ids]);
  await database.query('delete from dead_letters where drone_id = any($1::text[])', [ids]);
  await database.query('delete from drones where id = any($1::text[])', [ids]);
}

/**
 * (m) The MAVLink path: as many aircraft as v1 publishers (at most the free system ids), the same number of
 * fixes, through the UDP listener and the same pipeline into the same `fixes` table.
 */
async function runMavlinkPhase(
  database: Database,
  v1Drones: { id: string }[],
  v1Rate: number,
): Promise<{ rate: number; committed: number; sent: number; signed: boolean; droneIds: string[] }> {
  const signed = args['mavlink-signed'] !== 'off';
  const secretKey = randomBytes(32);
  const box = mavlinkSigningKeyBox(secretKey);
  const free = await database.query<{ s: number }>(
    `select s from generate_series(1, 254) s
      where s not in (select mavlink_system_id from drones where mavlink_system_id is not null) order by s`,
  );
  const count = Math.min(v1Drones.length, free.length);
  if (count === 0) throw new Error('no free MAVLink system id in this database');
  const runId = `${Date.now().toString(36)}m`;
  const hash = (await createDroneCredentials()).hash;
  const aircraft = free.slice(0, count).map((r, i) => ({
    id: `bench-${runId}-${i}`,
    systemId: Number(r.s),
    key: signed ? randomBytes(32) : null,
  }));
  for (const a of aircraft)
    await database.query(
      `insert into drones (id, callsign, credential_hash, source, mavlink_system_id, mavlink_signing_key)
       values ($1, $2, $3, 'mavlink', $4, $5)`,
      [a.id, `bench ${a.id}`, hash, a.systemId, a.key ? box.seal(a.key.toString('hex')) : null],
    );
  const fixesPerAircraft = Math.ceil(totalFixes / count);
  const total = fixesPerAircraft * count;
  out(
    `(m) MAVLink: ${count} aircraft → UDP (one GLOBAL_POSITION_INT per datagram${signed ? ', signed' : ''}) → listener → ${target}, ${total} fixes, counting committed rows`,
  );
  const listener = await startMavlinkListener({
    database,
    port: 0,
    host: '127.0.0.1',
    secretKey,
    log,
    batchMax: args['bridge-batch-max'] ? Number(args['bridge-batch-max']) : undefined,
    lingerMs: args['bridge-linger-ms'] ? Number(args['bridge-linger-ms']) : undefined,
  });
  const sender = fork(path.join(here, 'mavlink-sender.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    sender.once('message', () => resolve());
    sender.once('error', reject);
  });
  const c0 = cpuNow();
  let lastCommitted = 0;
  let lastChangeAt = Date.now();
  const report = setInterval(() => {
    const committed = listener.stats.fixesInserted;
    if (committed !== lastCommitted) {
      lastCommitted = committed;
      lastChangeAt = Date.now();
    }
    sender.send({ type: 'committed', committed });
  }, 10);
  const progress = setInterval(() => {
    out(
      `  mavlink committed=${listener.stats.fixesInserted} datagrams=${listener.stats.datagrams} batches=${listener.stats.batches}`,
    );
  }, 5_000);
  const done = new Promise<MavlinkSendResult>((resolve, reject) => {
    sender.on('message', (msg: MavlinkSendResult & { error?: string }) => {
      if (msg.type !== 'done') return;
      if (msg.error) reject(new Error(msg.error));
      else resolve(msg);
    });
  });
  sender.send({
    type: 'run',
    port: listener.port,
    aircraft: aircraft.map((a) => ({ systemId: a.systemId, key: a.key?.toString('hex') ?? null })),
    fixesPerAircraft,
    window: Math.max(1, Number(args['mavlink-window'])),
  } satisfies MavlinkJob);
  const sent = await done;
  // Whatever is still in the socket buffer and the pipeline; lost datagrams never arrive (UDP: at most once).
  while (listener.stats.fixesInserted < sent.sent && Date.now() - lastChangeAt < 3_000)
    await new Promise((r) => setTimeout(r, 20));
  await listener.flush();
  const c1 = cpuNow();
  clearInterval(report);
  clearInterval(progress);
  sender.kill('SIGTERM');
  const committed = listener.stats.fixesInserted;
  const lastCommitAt = listener.stats.lastCommitAt ?? Date.now();
  const rate = committed / ((lastCommitAt - sent.firstSendAt) / 1000);
  await listener.close();
  out(
    `  mavlink: ${committed}/${sent.sent} fixes committed in ${fmt((lastCommitAt - sent.firstSendAt) / 1000, 2)} s = ${fmt(rate)} fixes/s (v1 JSON path in this run: ${fmt(v1Rate)} fixes/s); ${sent.sent - committed} lost, rejected ${listener.stats.rejected}`,
  );
  out(cpuLine('mavlink', c0, c1, sent.cpuUserMs + sent.cpuSystemMs, {}, committed));
  return { rate, committed, sent: sent.sent, signed, droneIds: aircraft.map((a) => a.id) };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:ingest failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
