import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { rejectReasons } from './decoders/types.ts';

/**
 * Prometheus metrics of the bridge and the embedded broker, registered on the Registry the caller passes (the
 * server's /metrics registry in the embedded default). Idempotent per registry: the broker and the bridge in one
 * process share the same instruments.
 */
export interface BridgeMetrics {
  accepted: Counter<'kind'>;
  duplicates: Counter<'kind'>;
  rejected: Counter<'reason'>;
  batchSize: Histogram;
  commitSeconds: Histogram;
  receiveToCommitSeconds: Histogram;
  readingToCommitSeconds: Histogram;
  commitFailures: Counter;
  pendingMessages: Gauge;
  authFailures: Counter;
  authThrottled: Counter<'scope'>;
  mavlinkFrames: Counter<'msg'>;
}

const cache = new WeakMap<Registry, BridgeMetrics>();

export function createBridgeMetrics(registry: Registry): BridgeMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  const metrics: BridgeMetrics = {
    accepted: new Counter({
      name: 'lookout_bridge_accepted_total',
      help: 'Readings newly stored, per kind (fix, sighting, status).',
      labelNames: ['kind'],
      registers,
    }),
    duplicates: new Counter({
      name: 'lookout_bridge_duplicates_total',
      help: 'Readings already stored (redelivered or resent), acknowledged again.',
      labelNames: ['kind'],
      registers,
    }),
    rejected: new Counter({
      name: 'lookout_bridge_rejected_total',
      help: 'Messages (or fixes of a batch) rejected, per reason; each is in dead_letters.',
      labelNames: ['reason'],
      registers,
    }),
    batchSize: new Histogram({
      name: 'lookout_bridge_batch_messages',
      help: 'MQTT messages per committed batch.',
      buckets: [1, 5, 10, 50, 100, 250, 500, 1000, 2000, 5000],
      registers,
    }),
    commitSeconds: new Histogram({
      name: 'lookout_bridge_commit_seconds',
      help: 'Time to commit one batch.',
      buckets: latencyBuckets,
      registers,
    }),
    receiveToCommitSeconds: new Histogram({
      name: 'lookout_bridge_receive_to_commit_seconds',
      help: 'Lag from a message reaching the bridge to its commit.',
      buckets: latencyBuckets,
      registers,
    }),
    readingToCommitSeconds: new Histogram({
      name: 'lookout_bridge_reading_to_commit_seconds',
      help: 'Lag from the reading time stamped by the drone to its commit.',
      buckets: [...latencyBuckets, 60, 300, 3600],
      registers,
    }),
    commitFailures: new Counter({
      name: 'lookout_bridge_commit_failures_total',
      help: 'Batch commits that failed and were retried.',
      registers,
    }),
    pendingMessages: new Gauge({
      name: 'lookout_bridge_pending_messages',
      help: 'Messages received and not yet committed (their PUBACK is held back).',
      registers,
    }),
    authFailures: new Counter({
      name: 'lookout_broker_auth_failures_total',
      help: 'Embedded broker: refused logins.',
      registers,
    }),
    authThrottled: new Counter({
      name: 'lookout_broker_auth_throttled_total',
      help: 'Embedded broker: CONNECTs refused unchecked after repeated failures, per scope (pair = name and address, addr).',
      labelNames: ['scope'],
      registers,
    }),
    mavlinkFrames: new Counter({
      name: 'lookout_mavlink_frames_total',
      help: 'MAVLink frames read, per message (heartbeat, global_position_int, sys_status, battery_status, gimbal_device_attitude_status, mount_status; ignored = other messages). Rejected frames are in lookout_bridge_rejected_total.',
      labelNames: ['msg'],
      registers,
    }),
  };
  for (const reason of rejectReasons) metrics.rejected.inc({ reason }, 0);
  cache.set(registry, metrics);
  return metrics;
}
