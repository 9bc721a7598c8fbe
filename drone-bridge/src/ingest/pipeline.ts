import type { Logger } from 'pino';
import type { DroneAcksMessage } from '@lookout/contracts';
import { aircraftFix } from '../decoders/dji-osd.ts';
import type {
  DecodeResult,
  DjiReplyRecord,
  DjiTopologyRecord,
  FixRecord,
  SightingRecord,
  StatusRecord,
} from '../decoders/types.ts';
import { dockStateOf } from '../dji/dock-state.ts';
import type { DeviceStateInput, DroneEventInput } from '../dji/dji.repo.ts';
import { djiDroneId } from '../dji/dji-topics.ts';
import type { BridgeMetrics } from '../metrics.ts';
import {
  truncatePayload,
  type BatchInput,
  type BatchOutcome,
  type DeadLetterRow,
  type IngestRepo,
} from './ingest.repo.ts';

/** One MQTT message as the bridge received and decoded it, with the PUBACK it owes the broker. */
export interface InboundMessage {
  topic: string;
  payload: Buffer;
  receivedAt: number;
  decoded: DecodeResult & { droneId?: string | undefined };
  /** Sends the held-back PUBACK; called only after the message's batch committed. */
  ack: () => void;
}

/** What each drone is told on its `acks` topic after a commit (the wire message less its version). */
export type DroneAcks = Required<Omit<DroneAcksMessage, 'v'>>;

export interface PipelineOptions {
  repo: IngestRepo;
  metrics: BridgeMetrics;
  log: Logger;
  /** Commit when this many messages wait (default 2000). */
  batchMax?: number;
  /** …or when the oldest has waited this long (default 20 ms). */
  lingerMs?: number;
  /** After each commit, in commit order: per drone, the ids to publish on its acks topic. */
  onCommitted?: (acks: Map<string, DroneAcks>, outcome: BatchOutcome, djiReplies: DjiReplyRecord[]) => void;
}

export interface PipelineStats {
  received: number;
  committedMessages: number;
  batches: number;
  fixesInserted: number;
  sightingsInserted: number;
  rejected: number;
  commitFailures: number;
  lastCommitAt: number | null;
}

/**
 * Accumulates decoded messages and commits them one transaction per batch: a batch closes at `batchMax`
 * messages or `lingerMs` after its first message; while one commit runs the next batch fills up, so under
 * load batches grow to whatever arrived during the previous commit (group commit). A failed commit is retried
 * with back-off and nothing is acknowledged until it succeeds.
 */
export function createIngestPipeline(options: PipelineOptions) {
  const { repo, metrics, log } = options;
  const batchMax = options.batchMax ?? 2000;
  const lingerMs = options.lingerMs ?? 20;
  let pending: InboundMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  const stats: PipelineStats = {
    received: 0,
    committedMessages: 0,
    batches: 0,
    fixesInserted: 0,
    sightingsInserted: 0,
    rejected: 0,
    commitFailures: 0,
    lastCommitAt: null,
  };

  function push(message: InboundMessage): void {
    stats.received++;
    pending.push(message);
    metrics.pendingMessages.inc();
    if (pending.length >= batchMax) kick();
    else if (!timer && !running) timer = setTimeout(kick, lingerMs);
  }

  function kick(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running) return;
    running = drain().finally(() => {
      running = undefined;
    });
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.length <= batchMax ? pending : pending.slice(0, batchMax);
      pending = pending.length <= batchMax ? [] : pending.slice(batchMax);
      await commitWithRetry(batch);
    }
  }

  async function commitWithRetry(batch: InboundMessage[]): Promise<void> {
    let delay = 100;
    for (;;) {
      try {
        await commit(batch);
        return;
      } catch (err) {
        metrics.commitFailures.inc();
        stats.commitFailures++;
        if (closed) {
          // Shutting down with the database away: leave the messages unacknowledged; the broker redelivers.
          log.error({ err, messages: batch.length }, 'commit failed while stopping; messages left to the broker');
          metrics.pendingMessages.dec(batch.length);
          return;
        }
        log.error({ err, messages: batch.length, retryInMs: delay }, 'batch commit failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  async function commit(batch: InboundMessage[]): Promise<void> {
    const droneIdSet = new Set(batch.map((m) => m.decoded.droneId).filter((d): d is string => d !== undefined));
    const topologies: DjiTopologyRecord[] = [];
    const djiSerials = new Set<string>();
    const djiReplies: DjiReplyRecord[] = [];
    for (const m of batch) {
      for (const rec of m.decoded.records) {
        if (rec.kind === 'dji-topology') topologies.push(rec);
        else if (rec.kind === 'dji-osd') {
          djiSerials.add(rec.serial);
          droneIdSet.add(djiDroneId(rec.serial));
        } else if (rec.kind === 'dji-state') djiSerials.add(rec.serial);
        else if (rec.kind === 'dji-event') djiSerials.add(rec.gateway);
        else if (rec.kind === 'dji-reply') djiReplies.push(rec);
      }
    }
    const droneIds = [...droneIdSet];
    let acks = new Map<string, DroneAcks>();
    let rejectedByReason = new Map<string, number>();
    let fixCount = 0;
    let sightingCount = 0;
    let statusCount = 0;
    let readingTimes: number[] = [];

    const build: Parameters<IngestRepo['commitBatch']>[0] = (known, dji): BatchInput => {
      // Rebuilt on every attempt: the set of known drones may differ after a retry.
      acks = new Map();
      rejectedByReason = new Map();
      fixCount = 0;
      sightingCount = 0;
      readingTimes = [];
      const fixes: FixRecord[] = [];
      const sightings: SightingRecord[] = [];
      const statuses: StatusRecord[] = [];
      const deadLetters: DeadLetterRow[] = [];
      const deviceStates: DeviceStateInput[] = [];
      const droneEvents: DroneEventInput[] = [];
      const aircraftOf = (gateway: string) =>
        [...dji.devices.values()].find((d) => d.gatewaySerial === gateway && d.domain === '0')?.droneId ?? null;
      const seen = new Set<string>();
      const ackFor = (droneId: string): DroneAcks => {
        let a = acks.get(droneId);
        if (!a) acks.set(droneId, (a = { ids: [], rejected: [] }));
        return a;
      };
      const dead = (
        m: InboundMessage,
        reason: DeadLetterRow['reason'],
        detail: string,
        payload?: string,
        payloadBytes?: number,
      ) => {
        rejectedByReason.set(reason, (rejectedByReason.get(reason) ?? 0) + 1);
        deadLetters.push({
          topic: m.topic,
          droneId: m.decoded.droneId ?? null,
          reason,
          detail,
          payloadBytes: payloadBytes ?? (payload === undefined ? m.payload.length : Buffer.byteLength(payload)),
          payload: payload ?? truncatePayload(m.payload),
        });
      };
      for (const m of batch) {
        const droneId = m.decoded.droneId;
        if (droneId !== undefined && !known.has(droneId)) {
          dead(m, 'unknown_drone', `no enabled drone ${droneId}`);
          continue;
        }
        for (const r of m.decoded.rejections) {
          dead(m, r.reason, r.detail, r.payload, r.payloadBytes);
          if (droneId !== undefined && r.id) ackFor(droneId).rejected.push({ id: r.id, reason: r.reason });
        }
        const records = [...m.decoded.records];
        for (let i = 0; i < records.length; i++) {
          const rec = records[i]!;
          if (rec.kind === 'dji-reply') continue;
          if (rec.kind === 'dji-topology') {
            const o = dji.topologies.get(rec.gateway);
            if (o?.result === 1)
              dead(m, 'gateway_unbound', `gateway ${rec.gateway} is bound to no pilot; an admin binds it`);
            for (const r of o?.refused ?? [])
              dead(m, 'serial_bound_elsewhere', `${r.serial} is bound to ${r.boundTo ?? 'a gateway role'}`);
            continue;
          }
          if (rec.kind === 'dji-event') {
            const droneId = rec.type === 'hms' && !rec.deviceType?.startsWith('0-') ? null : aircraftOf(rec.gateway);
            // dji_devices.drone_id always names an existing drone (a foreign key).
            droneEvents.push({ event: rec, droneId });
            continue;
          }
          if (rec.kind === 'dji-state') {
            if (!dji.devices.has(rec.serial)) dead(m, 'unknown_drone', `${rec.serial} is in no gateway's topology`);
            else
              deviceStates.push({
                serial: rec.serial,
                t: rec.t,
                state: rec.data,
                lon: null,
                lat: null,
                heightEllipsoid: null,
              });
            continue;
          }
          if (rec.kind === 'dji-osd') {
            const device = dji.devices.get(rec.serial);
            if (!device) {
              dead(m, 'unknown_drone', `${rec.serial} is in no gateway's topology`);
              continue;
            }
            if (device.domain === '3') {
              deviceStates.push(dockStateOf(rec));
              continue;
            }
            if (device.domain !== '0' || !device.droneId || !known.has(device.droneId)) continue;
            const decoded = aircraftFix(device.droneId, rec.t, rec.data, { now: m.receivedAt });
            for (const r of decoded.rejections) dead(m, r.reason, r.detail, r.payload, r.payloadBytes);
            for (const f of decoded.records) {
              if (f.kind !== 'fix') continue;
              const key = `fix|${f.droneId}|${f.readingId}`;
              fixCount++;
              if (seen.has(key)) continue;
              seen.add(key);
              readingTimes.push(f.t);
              fixes.push(f);
            }
            continue;
          }
          if (rec.kind === 'status') {
            statuses.push(rec);
            continue;
          }
          ackFor(rec.droneId).ids.push(rec.readingId);
          if (rec.kind === 'fix') fixCount++;
          else sightingCount++;
          const key = `${rec.kind}|${rec.droneId}|${rec.readingId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          readingTimes.push(rec.t);
          if (rec.kind === 'fix') fixes.push(rec);
          else sightings.push(rec);
        }
      }
      statusCount = statuses.length;
      return { fixes, sightings, statuses, deadLetters, deviceStates, droneEvents };
    };

    const started = performance.now();
    const outcome = await repo.commitBatch(build, droneIds, { topologies, serials: [...djiSerials] });
    const committedAt = Date.now();
    metrics.commitSeconds.observe((performance.now() - started) / 1000);
    metrics.batchSize.observe(batch.length);
    metrics.pendingMessages.dec(batch.length);
    metrics.accepted.inc({ kind: 'fix' }, outcome.fixesInserted);
    metrics.accepted.inc({ kind: 'sighting' }, outcome.sightingsInserted);
    metrics.accepted.inc({ kind: 'status' }, outcome.statusesApplied);
    metrics.duplicates.inc({ kind: 'fix' }, fixCount - outcome.fixesInserted);
    metrics.duplicates.inc({ kind: 'sighting' }, sightingCount - outcome.sightingsInserted);
    void statusCount;
    let rejected = 0;
    for (const [reason, n] of rejectedByReason) {
      metrics.rejected.inc({ reason }, n);
      rejected += n;
    }
    for (const m of batch) metrics.receiveToCommitSeconds.observe((committedAt - m.receivedAt) / 1000);
    for (const t of readingTimes) metrics.readingToCommitSeconds.observe(Math.max(0, committedAt - t) / 1000);
    stats.batches++;
    stats.committedMessages += batch.length;
    stats.fixesInserted += outcome.fixesInserted;
    stats.sightingsInserted += outcome.sightingsInserted;
    stats.rejected += rejected;
    stats.lastCommitAt = committedAt;
    // PUBACKs in the order the PUBLISHes arrived (MQTT 4.6), then the drones' own acks.
    for (const m of batch) m.ack();
    options.onCommitted?.(acks, outcome, djiReplies);
  }

  return {
    push,
    stats,
    get pending(): number {
      return pending.length;
    },
    /** Commit everything received so far. */
    async flush(): Promise<void> {
      kick();
      while (running) await running;
    },
    /** Flush and stop retrying forever: a failing commit leaves its messages to the broker. */
    async close(): Promise<void> {
      closed = true;
      kick();
      while (running) await running;
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;
