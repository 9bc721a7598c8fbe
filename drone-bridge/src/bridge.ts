import type { Database } from '@lookout/db';
import type { DroneAcksMessage } from '@lookout/contracts';
import mqtt, { type IClientOptions, type IClientSubscribeOptions, type ISubscriptionMap, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { decodeMessage, type DjiReplyRecord } from './decoders/index.ts';
import { djiReplyMessage, emptyDjiConfig, type DjiPlatformConfig } from './dji/dji-replies.ts';
import type { BatchOutcome } from './ingest/ingest.repo.ts';
import { createIngestRepo } from './ingest/ingest.repo.ts';
import { createIngestPipeline, type DroneAcks, type PipelineStats } from './ingest/pipeline.ts';
import { createBridgeMetrics } from './metrics.ts';
import { installDeferredAcks } from './mqtt/deferred-acks.ts';
import { bridgeSubscriptions, topics } from './topics.ts';

export interface BridgeOptions {
  database: Database;
  mqttUrl: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Fixed per bridge: the broker keeps its persistent session (and unacknowledged messages) under it. */
  clientId: string;
  /** Subscribe through `$share/lookout-bridge/…` (MQTT 5 brokers; not aedes). Default false. */
  shared?: boolean | undefined;
  /** 4 = MQTT 3.1.1 (aedes), 5 = MQTT 5. Default 5 when shared, else 4. */
  protocolVersion?: 4 | 5 | undefined;
  log: Logger;
  registry?: Registry | undefined;
  batchMax?: number | undefined;
  lingerMs?: number | undefined;
  /** MQTT 5 session expiry (s). Default 300 when shared (a dead member's share waits for it), else 3600. */
  sessionExpirySeconds?: number | undefined;
  /** App id/key/licence and NTP server for DJI docks' `config` request. */
  djiConfig?: DjiPlatformConfig | undefined;
  /**
   * Called after a commit that bound DJI devices and before the gateway's `status_reply`: refresh the broker's
   * rules (the embedded broker's snapshot, Mosquitto's ACL file) so the new devices may publish at once.
   */
  onDjiTopologyChanged?: (() => Promise<void>) | undefined;
}

export interface BridgeStats extends PipelineStats {
  connects: number;
  acksPublished: number;
  djiRepliesPublished: number;
}

export interface Bridge {
  stop(): Promise<void>;
  /** Drop the connection now without committing or acknowledging anything (what SIGKILL does); for fault tests. */
  abort(): Promise<void>;
  isConnected(): boolean;
  stats: BridgeStats;
  /** Resolves once the first CONNACK and SUBACK are in. */
  ready: Promise<void>;
}

/** Largest packet the bridge accepts from an MQTT 5 broker (bigger ones the broker must not send). */
const MAX_PACKET_BYTES = 8 * 1024 * 1024 + 1024;

export function startBridge(options: BridgeOptions): Bridge {
  const log = options.log.child({ module: 'bridge', clientId: options.clientId });
  const shared = options.shared ?? false;
  const protocolVersion = options.protocolVersion ?? (shared ? 5 : 4);
  if (shared && protocolVersion !== 5) throw new Error('shared subscriptions need MQTT 5 (protocolVersion 5)');
  const metrics = createBridgeMetrics(options.registry ?? new Registry());
  const repo = createIngestRepo(options.database);
  let stopping = false;

  const stats: BridgeStats = {
    received: 0,
    committedMessages: 0,
    batches: 0,
    fixesInserted: 0,
    sightingsInserted: 0,
    rejected: 0,
    commitFailures: 0,
    lastCommitAt: null,
    connects: 0,
    acksPublished: 0,
    djiRepliesPublished: 0,
  };

  const pipeline = createIngestPipeline({
    repo,
    metrics,
    log,
    batchMax: options.batchMax,
    lingerMs: options.lingerMs,
    onCommitted: (acks, outcome, replies) => {
      publishAcks(acks);
      if (replies.length || outcome.topologies.some((t) => t.changed))
        djiChain = djiChain.then(() => answerDji(outcome, replies));
    },
  });

  // DJI replies go out in commit order, each after the broker's rules know the devices the commit bound.
  let djiChain = Promise.resolve();
  async function answerDji(outcome: BatchOutcome, replies: DjiReplyRecord[]): Promise<void> {
    if (outcome.topologies.some((t) => t.changed) && options.onDjiTopologyChanged) {
      await options.onDjiTopologyChanged().catch((err: unknown) => log.error({ err }, 'broker rules refresh failed'));
    }
    const topologies = new Map(outcome.topologies.map((t) => [t.gateway, t]));
    for (const r of replies) {
      const body = djiReplyMessage(r, Date.now(), options.djiConfig ?? emptyDjiConfig, topologies);
      stats.djiRepliesPublished++;
      client.publish(r.topic, JSON.stringify(body), { qos: 1 }, (err) => {
        if (err) log.warn({ err, topic: r.topic }, 'DJI reply publish failed');
      });
    }
  }

  function publishAcks(acks: Map<string, DroneAcks>): void {
    for (const [droneId, a] of acks) {
      if (a.ids.length === 0 && a.rejected.length === 0) continue;
      const body: DroneAcksMessage = { v: 1, ids: a.ids };
      if (a.rejected.length) body.rejected = a.rejected;
      stats.acksPublished++;
      client.publish(topics.acks(droneId), JSON.stringify(body), { qos: 1 }, (err) => {
        if (err) log.warn({ err, droneId }, 'acks publish failed (the drone will resend; its readings are stored)');
      });
    }
  }

  const mqttOptions: IClientOptions = {
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    protocolVersion,
    clean: false,
    keepalive: 30,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    manualConnect: true,
    resubscribe: true,
    ...(protocolVersion === 5
      ? {
          properties: {
            sessionExpiryInterval: options.sessionExpirySeconds ?? (shared ? 300 : 3600),
            receiveMaximum: 65535,
            maximumPacketSize: MAX_PACKET_BYTES,
          },
        }
      : {}),
  };
  const client: MqttClient = mqtt.connect(options.mqttUrl, mqttOptions);

  // Before connecting: a persistent session's queued messages arrive right after CONNACK.
  installDeferredAcks(client, (packet, ack) => {
    if (stopping) return; // not acknowledged: the broker redelivers to the next session
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const now = Date.now();
    pipeline.push({
      topic: packet.topic,
      payload,
      receivedAt: now,
      decoded: decodeMessage(packet.topic, payload, { now }),
      ack,
    });
  });

  let resolveReady!: () => void;
  let rejectReady!: (err: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  client.on('connect', (connack) => {
    stats.connects++;
    log.info({ sessionPresent: connack.sessionPresent }, 'connected to MQTT broker');
    // Always send SUBSCRIBE, even when the broker says the session is present: mqtt.js would skip filters it
    // remembers, and Mosquitto 2.0 restores a persisted *shared* subscription after a restart without
    // delivering to it (found by bridge.fault.db.test.ts). rh 1: retained statuses only on a new subscription.
    const filters: Record<string, IClientSubscribeOptions> = {};
    for (const filter of bridgeSubscriptions(shared))
      filters[filter] = protocolVersion === 5 ? { qos: 1, rh: 1 } : { qos: 1 };
    client.subscribe({ ...filters, resubscribe: true } as ISubscriptionMap, (err, granted) => {
      if (err) {
        log.error({ err }, 'subscribe failed');
        rejectReady(err);
        return;
      }
      const refused = (granted ?? []).filter((g) => g.qos > 2);
      if (refused.length) {
        const e = new Error(`broker refused subscriptions: ${refused.map((g) => g.topic).join(', ')}`);
        log.error(e.message);
        rejectReady(e);
        return;
      }
      resolveReady();
    });
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'MQTT client error'));
  client.on('close', () => {
    if (!stopping) log.warn('MQTT connection closed; reconnecting');
  });
  client.connect();

  Object.defineProperties(stats, {
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
    stats,
    ready,
    isConnected: () => client.connected,
    async stop() {
      const c = client;
      if (shared && c.connected) {
        // Leave the share group: stop deliveries first (UNSUBACK comes after any PUBLISH already sent), commit
        // and acknowledge everything received, then end the session so the broker stops counting this bridge
        // as a member (a dead member's share would wait in its queue until the session expires).
        await c
          .unsubscribeAsync(bridgeSubscriptions(shared))
          .catch((err: unknown) => log.warn({ err }, 'unsubscribe failed'));
      }
      // Commit (and acknowledge) what has arrived, then stop taking more and disconnect cleanly. Without
      // sharing, the persistent session stays: messages published while the bridge is down queue for it.
      await pipeline.flush();
      stopping = true;
      await pipeline.close();
      if (shared && protocolVersion === 5) await c.endAsync(false, { properties: { sessionExpiryInterval: 0 } });
      else await c.endAsync(false);
      log.info({ ...stats }, 'bridge stopped');
    },
    async abort() {
      stopping = true;
      await client.endAsync(true);
    },
  };
}
