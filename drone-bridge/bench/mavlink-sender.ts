/**
 * The bench's MAVLink load: N aircraft, each a UDP socket sending one GLOBAL_POSITION_INT per datagram (as a
 * flight controller or telemetry radio does), made and optionally signed with node-mavlink. Runs as a child
 * process of ingest.bench.ts (its CPU measured apart from the listener's). UDP has no acknowledgement, so the
 * parent reports the committed count over IPC and the sender keeps at most `window` fixes beyond it in flight:
 * without that, a sender faster than the database only fills the socket buffer and loses datagrams.
 */
import { createSocket } from 'node:dgram';
import { createFrameEncoder } from '../src/mavlink/encode.ts';

export interface MavlinkJob {
  type: 'run';
  port: number;
  aircraft: { systemId: number; key: string | null }[];
  fixesPerAircraft: number;
  window: number;
}
export interface MavlinkCommitted {
  type: 'committed';
  committed: number;
}
export interface MavlinkSendResult {
  type: 'done';
  sent: number;
  firstSendAt: number;
  lastSendAt: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

async function run(job: MavlinkJob, committed: () => number): Promise<MavlinkSendResult> {
  const socket = createSocket({ type: 'udp4', sendBufferSize: 4 * 1024 * 1024 });
  const cpu0 = process.cpuUsage();
  const encoders = job.aircraft.map((a) =>
    createFrameEncoder({ systemId: a.systemId, signingKey: a.key ? Buffer.from(a.key, 'hex') : undefined }),
  );
  const bootAt = Date.now() - 60_000;
  let sent = 0;
  const firstSendAt = Date.now();
  let pending = 0;
  for (let i = 0; i < job.fixesPerAircraft; i++) {
    for (const [n, enc] of encoders.entries()) {
      while (sent - committed() >= job.window || pending > 256) await new Promise((r) => setImmediate(r));
      const frame = enc.globalPositionInt({
        // Distinct times per fix: 5 ms apart, so every fix is a new reading.
        timeBootMs: Date.now() - bootAt + i * 5,
        lon: 120.05 + n * 0.001 + (i % 1000) * 1e-5,
        lat: 28.93 + (i % 1000) * 1e-5,
        altMsl: 300,
        altRel: 80,
        heading: (i * 7) % 360,
        vNorth: 5,
        vEast: 1,
        vUp: 0,
      });
      pending++;
      socket.send(frame, job.port, '127.0.0.1', () => {
        pending--;
      });
      sent++;
    }
  }
  while (pending > 0) await new Promise((r) => setImmediate(r));
  const lastSendAt = Date.now();
  socket.close();
  const cpu = process.cpuUsage(cpu0);
  return {
    type: 'done',
    sent,
    firstSendAt,
    lastSendAt,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
  };
}

if (process.send) {
  let committed = 0;
  process.on('message', (msg: MavlinkJob | MavlinkCommitted) => {
    if (msg.type === 'committed') {
      committed = msg.committed;
      return;
    }
    run(msg, () => committed).then(
      (r) => process.send?.(r),
      (err: unknown) => process.send?.({ type: 'done', error: String(err) }),
    );
  });
  process.send({ type: 'ready' });
}
