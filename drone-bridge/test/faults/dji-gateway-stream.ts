import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { djiTopics } from '../../src/dji/dji-topics.ts';
import { announceTopology } from '../../src/testing/dji-topology.ts';

export interface DjiGatewayStreamOptions {
  url: string;
  /** The pilot's broker credentials, as DJI Pilot 2 gets them from Lookout's Pilot 2 page. */
  username: string;
  password: string;
  gateway: string;
  aircraft: string;
  /** 4 on the embedded aedes, 5 on Mosquitto (DJI documents its Cloud API on MQTT 5). */
  protocolVersion: 4 | 5;
  /** OSD messages to send, and how many per second. */
  messages: number;
  ratePerS: number;
  /** Timestamp (ms) of the first OSD message; each next one is 10 ms later. */
  firstTimestamp: number;
}

/**
 * A DJI gateway (remote controller with its aircraft) as the Cloud API has it talk: `update_topo` on
 * `sys/product/{gw}/status`, answered on `status_reply`, then the aircraft's OSD on `thing/product/{sn}/osd` at
 * QoS 1, one message per timestamp. A DJI device has no Lookout `acks` topic: all it ever learns is the broker's
 * PUBACK, so that is what this records — the timestamps whose PUBLISH the broker acknowledged.
 */
export class DjiGatewayStream {
  /** Timestamps of the OSD messages the broker acknowledged (PUBACK, reason < 0x80). */
  readonly acked = new Set<number>();
  /** PUBLISHes that came back refused or failed. */
  readonly refused: { t: number; error: string }[] = [];
  sent = 0;
  #client: MqttClient | undefined;
  #timer: NodeJS.Timeout | undefined;
  #o: DjiGatewayStreamOptions;

  constructor(o: DjiGatewayStreamOptions) {
    this.#o = o;
  }

  get client(): MqttClient {
    if (!this.#client) throw new Error('not connected');
    return this.#client;
  }

  /** Connect, announce the topology and wait for its `status_reply` with result 0. */
  async announce(timeoutMs = 30_000): Promise<void> {
    const o = this.#o;
    const client = await mqtt.connectAsync(o.url, {
      clientId: o.gateway,
      username: o.username,
      password: o.password,
      protocolVersion: o.protocolVersion,
      clean: false,
      reconnectPeriod: 300,
      connectTimeout: 5_000,
    });
    this.#client = client;
    client.on('error', () => undefined);
    const { reply } = await announceTopology(client, o.gateway, o.aircraft, { timeoutMs });
    const result = (reply.data as { result?: unknown } | undefined)?.result;
    if (result !== 0) throw new Error(`update_topo answered with result ${String(result)}`);
  }

  /** Stream the OSD messages, paced; resolves when each was published once (not necessarily acknowledged). */
  stream(): Promise<void> {
    const o = this.#o;
    const client = this.client;
    const tickMs = 20;
    const perTick = Math.max(1, Math.round((o.ratePerS * tickMs) / 1000));
    return new Promise((resolve) => {
      this.#timer = setInterval(() => {
        for (let k = 0; k < perTick && this.sent < o.messages; k++) {
          const i = this.sent++;
          const t = o.firstTimestamp + i * 10;
          const osd = {
            tid: randomUUID(),
            bid: randomUUID(),
            timestamp: t,
            gateway: o.gateway,
            data: {
              latitude: 28.95 + Math.floor(i / 200) * 1e-5,
              longitude: 120.07 + (i % 200) * 1e-5,
              height: 160.5,
              elevation: 60.2,
              attitude_head: (i % 360) - 180,
              horizontal_speed: 6,
              vertical_speed: 0,
              battery: { capacity_percent: 90 },
              mode_code: 3,
            },
          };
          // mqtt.js keeps an unacknowledged QoS 1 PUBLISH and sends it again after a reconnect.
          client.publish(djiTopics.osd(o.aircraft), JSON.stringify(osd), { qos: 1 }, (err) => {
            if (err) this.refused.push({ t, error: err.message });
            else this.acked.add(t);
          });
        }
        if (this.sent >= o.messages) {
          clearInterval(this.#timer);
          resolve();
        }
      }, tickMs);
    });
  }

  /** Wait until every sent message has its PUBACK (or came back refused), or `timeoutMs` passes. */
  async settled(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.acked.size + this.refused.length >= this.sent) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#client?.endAsync(true);
  }
}
