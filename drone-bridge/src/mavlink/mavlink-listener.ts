import { createSocket, type Socket } from 'node:dgram';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createIngestRepo } from '../ingest/ingest.repo.ts';
import { createIngestPipeline, type PipelineStats } from '../ingest/pipeline.ts';
import { createBridgeMetrics } from '../metrics.ts';
import { createMavlinkDecoder, type MavlinkSystem } from './mavlink-decoder.ts';
import { createMavlinkRepo, type MavlinkSystemRow } from './mavlink.repo.ts';
import { mavlinkSigningKeyBox, openSigningKey } from './signing.ts';

export const DEFAULT_MAVLINK_UDP_PORT = 14550;

export interface MavlinkListenerOptions {
  database: Database;
  /** Default 14550; 0 = any free port. */
  port?: number | undefined;
  /** true: fail if `port` is taken; false: take the next free one. */
  strictPort?: boolean | undefined;
  /** Default 0.0.0.0 (every interface: aircraft and radios reach the station over the LAN). */
  host?: string | undefined;
  /** The server's secret (SECRETS_KEY): opens the drones' sealed signing keys. */
  secretKey: Buffer | undefined;
  log: Logger;
  registry?: Registry | undefined;
  batchMax?: number | undefined;
  lingerMs?: number | undefined;
  /** How often the system id → drone table is re-read (also at once, at most every second, on an unknown id). */
  refreshMs?: number | undefined;
  /** Socket receive buffer: UDP drops what does not fit while a commit runs. Default 4 MiB (the kernel may cap it). */
  receiveBufferBytes?: number | undefined;
}

export interface MavlinkListenerStats extends PipelineStats {
  datagrams: number;
}

export interface MavlinkListener {
  /** udp://host:port */
  url: string;
  port: number;
  stats: MavlinkListenerStats;
  /** Re-read the registered systems now. */
  refresh(): Promise<void>;
  /** Commit everything received so far. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export class MavlinkPortInUseError extends Error {
  constructor(
    readonly port: number,
    cause?: unknown,
  ) {
    super(`MAVLink UDP port ${port} is already in use (MAVLINK_UDP_PORT); free it or choose another port`, { cause });
    this.name = 'MavlinkPortInUseError';
  }
}

function bind(socket: Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      socket.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      socket.off('error', onError);
      resolve();
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    socket.bind(port, host);
  });
}

/**
 * MAVLink over UDP into the same pipeline as MQTT: decode each datagram's frames, map system ids to registered
 * drones, check signatures, and batch the fixes, presence and dead letters into the database. UDP has no
 * acknowledgement: a datagram lost on the way or dropped by a full socket buffer is gone (at most once).
 */
export async function startMavlinkListener(options: MavlinkListenerOptions): Promise<MavlinkListener> {
  const log = options.log.child({ module: 'mavlink' });
  const metrics = createBridgeMetrics(options.registry ?? new Registry());
  const repo = createMavlinkRepo(options.database);
  const decoder = createMavlinkDecoder();
  const box = options.secretKey ? mavlinkSigningKeyBox(options.secretKey) : undefined;
  const pipeline = createIngestPipeline({
    repo: createIngestRepo(options.database),
    metrics,
    log,
    batchMax: options.batchMax,
    lingerMs: options.lingerMs,
  });
  let datagrams = 0;
  let systems = new Map<number, MavlinkSystem>();
  let sealedBySystem = new Map<number, string>();
  let lastRefreshAt = 0;
  let refreshing: Promise<void> | undefined;
  let closed = false;
  const warnedKeys = new Set<string>();

  function toSystem(row: MavlinkSystemRow): MavlinkSystem {
    if (row.signingKeySealed === null) return { droneId: row.droneId, systemId: row.systemId, signingKey: null };
    try {
      if (!box) throw new Error('no SECRETS_KEY to open it');
      return { droneId: row.droneId, systemId: row.systemId, signingKey: openSigningKey(box, row.signingKeySealed) };
    } catch (err) {
      const problem = `signing key of ${row.droneId} cannot be opened: ${(err as Error).message}`;
      if (!warnedKeys.has(row.droneId)) {
        warnedKeys.add(row.droneId);
        log.error(
          { drone: row.droneId },
          `${problem}; its frames are refused (the bridge needs the server's SECRETS_KEY)`,
        );
      }
      return { droneId: row.droneId, systemId: row.systemId, signingKey: null, keyProblem: problem };
    }
  }

  async function load(): Promise<void> {
    const rows = await repo.systems();
    const next = new Map<number, MavlinkSystem>();
    const nextSealed = new Map<number, string>();
    for (const row of rows) {
      const fingerprint = `${row.droneId}|${row.signingKeySealed ?? ''}`;
      nextSealed.set(row.systemId, fingerprint);
      const known = systems.get(row.systemId);
      next.set(row.systemId, known && sealedBySystem.get(row.systemId) === fingerprint ? known : toSystem(row));
    }
    for (const [systemId, fingerprint] of sealedBySystem)
      if (nextSealed.get(systemId) !== fingerprint) decoder.forget(systemId);
    systems = next;
    sealedBySystem = nextSealed;
    lastRefreshAt = Date.now();
  }

  function refresh(): Promise<void> {
    refreshing ??= load()
      .catch((err: unknown) => log.warn({ err }, 'reading the MAVLink systems failed; keeping the last table'))
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  await load();
  const refreshTimer = setInterval(() => void refresh(), options.refreshMs ?? 5_000);
  refreshTimer.unref();

  const socket = createSocket({ type: 'udp4', recvBufferSize: options.receiveBufferBytes ?? 4 * 1024 * 1024 });
  socket.on('message', (datagram, remote) => {
    if (closed) return;
    datagrams++;
    const receivedAt = Date.now();
    const topic = `mavlink:udp://${remote.address}:${remote.port}`;
    const { frames, counts } = decoder.decode(datagram, receivedAt, (id) => systems.get(id));
    for (const [msg, n] of counts) metrics.mavlinkFrames.inc({ msg }, n);
    let unknown = false;
    for (const f of frames) {
      if (f.decoded.rejections.some((r) => r.reason === 'unknown_drone')) unknown = true;
      pipeline.push({ topic, payload: f.bytes, receivedAt, decoded: f.decoded, ack: () => undefined });
    }
    // A drone registered a moment ago: look again now rather than at the next tick (at most once a second).
    if (unknown && Date.now() - lastRefreshAt > 1_000) void refresh();
  });

  const host = options.host ?? '0.0.0.0';
  const firstPort = options.port ?? DEFAULT_MAVLINK_UDP_PORT;
  let port = firstPort;
  for (let attempt = 0; ; attempt++) {
    try {
      await bind(socket, port, host);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || firstPort === 0) {
        clearInterval(refreshTimer);
        throw err;
      }
      if (options.strictPort) {
        clearInterval(refreshTimer);
        socket.close();
        throw new MavlinkPortInUseError(port, err);
      }
      if (attempt >= 50) {
        clearInterval(refreshTimer);
        socket.close();
        throw new Error(`no free MAVLink UDP port in ${firstPort}..${port}`, { cause: err });
      }
      port++;
    }
  }
  socket.on('error', (err) => log.warn({ err: err.message }, 'MAVLink socket error'));
  port = socket.address().port;
  if (port !== firstPort && firstPort !== 0)
    log.info({ wanted: firstPort, port }, 'MAVLink port taken; using the next free one');
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  log.info({ host, port, systems: systems.size }, 'MAVLink listener up');

  const stats = {} as MavlinkListenerStats;
  Object.defineProperties(stats, {
    datagrams: { get: () => datagrams, enumerable: true },
    received: { get: () => pipeline.stats.received, enumerable: true },
    committedMessages: { get: () => pipeline.stats.committedMessages, enumerable: true },
    batches: { get: () => pipeline.stats.batches, enumerable: true },
    fixesInserted: { get: () => pipeline.stats.fixesInserted, enumerable: true },
    sightingsInserted: { get: () => pipeline.stats.sightingsInserted, enumerable: true },
    rejected: { get: () => pipeline.stats.rejected, enumerable: true },
    commitFailures: { get: () => pipeline.stats.commitFailures, enumerable: true },
    lastCommitAt: { get: () => pipeline.stats.lastCommitAt, enumerable: true },
  });

  return {
    url: `udp://${urlHost}:${port}`,
    port,
    stats,
    refresh,
    flush: () => pipeline.flush(),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(refreshTimer);
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      await pipeline.close();
      await refreshing;
      log.info({ datagrams, ...pipeline.stats }, 'MAVLink listener stopped');
    },
  };
}
