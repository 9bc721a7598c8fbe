/**
 * The bench's load: N drones, each its own MQTT client, publishing Lookout v1 fixes at QoS 1. Runs as a child
 * process of ingest.bench.ts (so its CPU is measured apart from the bridge's) and talks to it over IPC.
 *
 * mode "bridge": each drone keeps at most `window` fixes waiting for their ids on its `acks` topic, and measures
 *   publish → id back on acks (= row committed).
 * mode "raw": each drone keeps at most `window` QoS 1 publishes waiting for the broker's PUBACK; the parent's plain
 *   subscriber counts what arrives.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { v7 as uuidv7 } from 'uuid';

export interface PublisherDrone {
  id: string;
  password: string | undefined;
}

export interface PublishJob {
  type: 'run';
  mode: 'bridge' | 'raw';
  url: string;
  drones: PublisherDrone[];
  /** Fixes per drone. */
  fixesPerDrone: number;
  /** Fixes per MQTT message (1 = one fix per message, the DESIGN's common case). */
  batch: number;
  /** Fixes (bridge) or messages (raw) outstanding per drone. */
  window: number;
  durationS: number;
  /** Extra seconds to wait for the last acks. */
  graceS: number;
  /** Paced load: fixes per second over all drones (open loop, for latency at a given load); unset = as fast as the window allows. */
  ratePerS?: number | undefined;
}

export interface PublishProgress {
  type: 'progress';
  at: number;
  sent: number;
  acked: number;
}

export interface PublishResult {
  type: 'done';
  mode: 'bridge' | 'raw';
  sent: number;
  acked: number;
  firstSendAt: number;
  lastSendAt: number;
  lastAckAt: number;
  /** ms, publish → id back on acks (bridge) or → PUBACK (raw), sorted ascending; a sample of at most 200k. */
  latencies: number[];
  /** Acked fixes per whole second since the first send. */
  perSecond: number[];
  cpuUserMs: number;
  cpuSystemMs: number;
  error?: string;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function fixPayload(id: string, seq: number, now: number, i: number): Record<string, unknown> {
  // Circles around 笔架山 so the rows look like flights; t = publish time, which the WebSocket probe reads.
  const a = ((seq % 3600) / 3600) * 2 * Math.PI;
  return {
    v: 1,
    id,
    seq,
    t: new Date(now).toISOString(),
    src: 'sim',
    lon: round(120.07 + 0.01 * Math.cos(a) + i * 0.0001, 7),
    lat: round(28.95 + 0.01 * Math.sin(a), 7),
    altMsl: 312.5,
    altRel: 60.2,
    hdg: round((a * 180) / Math.PI, 1),
    gs: 6.2,
    vs: -0.3,
    bat: 64,
  };
}

async function connect(url: string, d: PublisherDrone): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    clientId: d.id,
    username: d.id,
    password: d.password,
    clean: true,
    protocolVersion: 4,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

export async function runPublishers(job: PublishJob, onProgress: (p: PublishProgress) => void): Promise<PublishResult> {
  const cpu0 = process.cpuUsage();
  const clients = await Promise.all(job.drones.map((d) => connect(job.url, d)));
  const deadline = Date.now() + job.durationS * 1000;
  let sent = 0;
  let acked = 0;
  let firstSendAt = 0;
  let lastSendAt = 0;
  let lastAckAt = 0;
  const latencies: number[] = [];
  const perSecond: number[] = [];
  const sampleEvery = Math.max(1, Math.ceil((job.fixesPerDrone * job.drones.length) / 200_000));
  const noteAck = (n: number, now: number, latency: number) => {
    acked += n;
    lastAckAt = now;
    if (acked % sampleEvery < n) latencies.push(latency);
    const sec = Math.floor((now - firstSendAt) / 1000);
    perSecond[sec] = (perSecond[sec] ?? 0) + n;
  };

  const progress = setInterval(() => onProgress({ type: 'progress', at: Date.now(), sent, acked }), 1_000);

  const perDrone = clients.map((client, i) => {
    const drone = job.drones[i]!;
    const acksTopic = `lookout/v1/drones/${drone.id}/acks`;
    const telemetryTopic = `lookout/v1/drones/${drone.id}/telemetry`;
    const pending = new Map<string, number>(); // reading id → sent at
    let mySent = 0;
    let myInflight = 0;
    let seq = 0;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    const total = job.fixesPerDrone;

    const done = () => mySent >= total || Date.now() > deadline;
    // Paced: a token bucket filled by the shared ticker below.
    let tokens = job.ratePerS ? 0 : Number.POSITIVE_INFINITY;
    const addTokens = (n: number) => {
      tokens = Math.min(tokens + n, Math.max(job.batch, n * 10));
      pump();
    };

    function pump(): void {
      while (!done() && myInflight < job.window && tokens >= Math.min(job.batch, total - mySent)) {
        const now = Date.now();
        if (!firstSendAt) firstSendAt = now;
        const n = Math.min(job.batch, total - mySent);
        tokens -= n;
        const fixes: Record<string, unknown>[] = [];
        for (let k = 0; k < n; k++) {
          const id = uuidv7();
          seq += 1;
          fixes.push(fixPayload(id, seq, now, i));
          if (job.mode === 'bridge') pending.set(id, now);
        }
        const payload = JSON.stringify(n === 1 ? fixes[0] : { v: 1, fixes });
        mySent += n;
        sent += n;
        lastSendAt = now;
        if (job.mode === 'bridge') {
          myInflight += n;
          client.publish(telemetryTopic, payload, { qos: 1 });
        } else {
          myInflight += 1;
          client.publish(telemetryTopic, payload, { qos: 1 }, () => {
            myInflight -= 1;
            noteAck(n, Date.now(), Date.now() - now);
            if (done() && myInflight === 0) finish();
            else pump();
          });
        }
      }
      if (done() && myInflight === 0) finish();
    }

    if (job.mode === 'bridge') {
      client.on('message', (topic, payload) => {
        if (topic !== acksTopic) return;
        const now = Date.now();
        let ids: unknown;
        try {
          ids = (JSON.parse(payload.toString()) as { ids?: unknown }).ids;
        } catch {
          return;
        }
        if (!Array.isArray(ids)) return;
        for (const id of ids) {
          const at = pending.get(id as string);
          if (at === undefined) continue;
          pending.delete(id as string);
          myInflight -= 1;
          noteAck(1, now, now - at);
        }
        pump();
      });
    }

    const ready =
      job.mode === 'bridge'
        ? new Promise<void>((resolve, reject) =>
            client.subscribe(acksTopic, { qos: 1 }, (err) => (err ? reject(err) : resolve())),
          )
        : Promise.resolve();
    return { ready, start: pump, finished, addTokens };
  });

  await Promise.all(perDrone.map((p) => p.ready));
  for (const p of perDrone) p.start();
  const pacer = job.ratePerS
    ? setInterval(() => {
        for (const p of perDrone) p.addTokens((job.ratePerS! * 0.01) / perDrone.length);
      }, 10)
    : undefined;
  // Stop waiting for acks that will not come (a lost message shows as acked < sent).
  await Promise.race([
    Promise.all(perDrone.map((p) => p.finished)),
    new Promise((r) => setTimeout(r, (job.durationS + job.graceS) * 1000)),
  ]);
  clearInterval(progress);
  clearInterval(pacer);
  await Promise.all(clients.map((c) => c.endAsync(true)));
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  return {
    type: 'done',
    mode: job.mode,
    sent,
    acked,
    firstSendAt,
    lastSendAt,
    lastAckAt,
    latencies,
    perSecond: Array.from(perSecond, (x) => x ?? 0),
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
  };
}

// As a child process: one job per message from the parent.
if (process.send) {
  process.on('message', (msg: PublishJob) => {
    if (msg?.type !== 'run') return;
    runPublishers(msg, (p) => process.send?.(p))
      .then((r) => process.send?.(r))
      .catch((err: unknown) => {
        const r: Partial<PublishResult> = {
          type: 'done',
          mode: msg.mode,
          error: String(err),
        };
        process.send?.(r);
      });
  });
  process.send({ type: 'ready' });
}
