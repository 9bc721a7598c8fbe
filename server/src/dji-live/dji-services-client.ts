import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { djiServicesReplyFilter, djiTopics } from '@lookout/drone-bridge';

/**
 * Asks DJI gateways for something through DJI Cloud API `services` and waits for the answer: publishes
 * `{tid, bid, timestamp, method, data}` on `thing/product/{gateway_sn}/services` and resolves with the
 * `services_reply` of the same gateway carrying the same `tid` and `bid` (Cloud-API-Doc
 * docs/en/60.api-reference/20.dock-to-cloud/00.mqtt/00.topic-definition.md). Both ids are fresh UUIDs per request:
 * DJI's own examples reuse placeholder ids, so neither alone is trusted to be unique.
 *
 * One MQTT client per server process, on the broker DJI devices use, logged in with the bridge's credentials (the
 * embedded aedes and the generated Mosquitto ACL let that user publish `thing/product/+/services` and read
 * `thing/product/+/services_reply`). Clean session: an answer to a request made before a reconnect is lost, and
 * that request times out.
 */

export interface DjiBrokerLogin {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** 5 on Mosquitto (DJI devices speak MQTT 5), 4 on the embedded aedes. */
  protocolVersion: 4 | 5;
}

export interface DjiServicesAnswer {
  result: number;
  /** The whole `data` of the reply (`result` and anything else the method answers). */
  data: Record<string, unknown>;
}

export type DjiServicesFailure = 'timeout' | 'not_connected' | 'publish_refused';

export class DjiServicesError extends Error {
  constructor(
    readonly kind: DjiServicesFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DjiServicesError';
  }
}

export interface DjiServicesClient {
  call(gateway: string, method: string, data: Record<string, unknown>): Promise<DjiServicesAnswer>;
  /** Connected and subscribed to the replies. */
  ready(): boolean;
  close(): Promise<void>;
}

/** Replies are small; anything larger is not one. */
const MAX_REPLY_BYTES = 64 * 1024;

const replySchema = z.object({
  tid: z.string().max(128),
  bid: z.string().max(128),
  data: z.looseObject({ result: z.number().int() }),
});

const SERVICES_REPLY_RE = /^thing\/product\/([^/]+)\/services_reply$/;

interface Pending {
  resolve(answer: DjiServicesAnswer): void;
  reject(err: Error): void;
}

export function createDjiServicesClient(options: {
  broker: DjiBrokerLogin;
  clientId: string;
  /** How long a gateway has to answer. */
  timeoutMs: number;
  log: Logger;
}): DjiServicesClient {
  const log = options.log.child({ module: 'dji-services' });
  const pending = new Map<string, Pending>();
  const keyOf = (gateway: string, tid: string, bid: string) => `${gateway}\n${tid}\n${bid}`;
  let subscribed = false;
  const waiting = new Set<() => void>();

  const client: MqttClient = mqtt.connect(options.broker.url, {
    clientId: options.clientId,
    ...(options.broker.username ? { username: options.broker.username } : {}),
    ...(options.broker.password ? { password: options.broker.password } : {}),
    protocolVersion: options.broker.protocolVersion,
    clean: true,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
  });

  let lastError = '';
  client.on('error', (err) => {
    if (err.message !== lastError) log.warn({ err: err.message }, 'DJI broker: connection problem');
    lastError = err.message;
  });
  client.on('close', () => {
    subscribed = false;
  });
  client.on('connect', () => {
    lastError = '';
    client.subscribe(djiServicesReplyFilter, { qos: 1 }, (err, granted) => {
      const refused = err ?? (granted?.some((g) => g.qos > 2) ? new Error('subscription refused') : undefined);
      if (refused) {
        log.error({ err: refused.message, filter: djiServicesReplyFilter }, 'DJI broker: cannot read services replies');
        return;
      }
      subscribed = true;
      for (const wake of waiting) wake();
      waiting.clear();
      log.info('DJI services client ready');
    });
  });

  client.on('message', (topic, payload) => {
    const match = SERVICES_REPLY_RE.exec(topic);
    if (!match || payload.length > MAX_REPLY_BYTES) return;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      log.debug({ topic }, 'services_reply is not JSON');
      return;
    }
    const reply = replySchema.safeParse(json);
    if (!reply.success) {
      log.debug({ topic }, 'services_reply without tid, bid or data.result');
      return;
    }
    const key = keyOf(match[1]!, reply.data.tid, reply.data.bid);
    const p = pending.get(key);
    if (!p) return;
    pending.delete(key);
    p.resolve({ result: reply.data.data.result, data: reply.data.data });
  });

  /** Waits until connected and subscribed, at most `ms`. */
  function untilReady(ms: number): Promise<boolean> {
    if (subscribed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiting.delete(wake);
        resolve(false);
      }, ms);
      waiting.add(wake);
    });
  }

  return {
    ready: () => subscribed,
    async call(gateway, method, data) {
      const started = Date.now();
      if (!(await untilReady(Math.min(options.timeoutMs, 5000)))) {
        throw new DjiServicesError('not_connected', 'Lookout is not connected to the DJI broker');
      }
      const tid = randomUUID();
      const bid = randomUUID();
      const key = keyOf(gateway, tid, bid);
      const answer = new Promise<DjiServicesAnswer>((resolve, reject) => pending.set(key, { resolve, reject }));
      const body = JSON.stringify({ tid, bid, timestamp: Date.now(), method, data });
      try {
        await client.publishAsync(djiTopics.services(gateway), body, { qos: 1 });
      } catch (err) {
        pending.delete(key);
        log.error({ err: (err as Error).message, gateway, method }, 'DJI broker refused a services request');
        throw new DjiServicesError('publish_refused', 'The DJI broker did not take the request');
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => {
            pending.delete(key);
            reject(
              new DjiServicesError(
                'timeout',
                `Gateway ${gateway} did not answer ${method} within ${options.timeoutMs} ms`,
              ),
            );
          },
          Math.max(0, options.timeoutMs - (Date.now() - started)),
        );
      });
      try {
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      for (const p of pending.values()) p.reject(new DjiServicesError('not_connected', 'The server is stopping'));
      pending.clear();
      await client.endAsync(true);
    },
  };
}
