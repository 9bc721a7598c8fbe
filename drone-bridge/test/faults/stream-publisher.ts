import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '../../src/topics.ts';
import { Outbox, parseAcks } from '../../src/simulator/outbox.ts';
import { makeFix, makeSighting, type AircraftSample } from '../../src/simulator/readings.ts';

export interface StreamOptions {
  url: string;
  droneId: string;
  password: string;
  fixes: number;
  sightings: number;
  /** Readings sent per second (paced), so the stream spans the faults. */
  ratePerS: number;
  /** At most this many readings unacked at once (a drone's send window). */
  window: number;
  /** Resend a reading unacked for this long, ms. */
  resendAfterMs: number;
}

/**
 * A drone app streaming a fixed number of fixes and sightings at QoS 1, the way the simulator does: every reading
 * stays in the outbox until its id comes back on `acks`; after a reconnect everything unacked is sent again, and
 * so is anything unacked for `resendAfterMs`. Records every id it saw acknowledged.
 */
export class StreamPublisher {
  readonly acked = new Set<string>();
  readonly fixIds: string[] = [];
  readonly sightingIds: string[] = [];
  readonly outbox = new Outbox({ capacity: 1_000_000 });
  resent = 0;
  connects = 0;
  #client: MqttClient;
  #queue: { topic: string; id: string; payload: string }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #resender: NodeJS.Timeout | undefined;
  #o: StreamOptions;

  constructor(o: StreamOptions) {
    this.#o = o;
    // Build the whole stream up front: ids are made once per reading and reused on every resend.
    const every = Math.max(1, Math.floor(o.fixes / Math.max(1, o.sightings)));
    let sightings = 0;
    let t = Date.now();
    for (let i = 0; i < o.fixes; i++) {
      t += 5;
      const s: AircraftSample = {
        position: [120.07 + (i % 200) * 1e-5, 28.95 + Math.floor(i / 200) * 1e-5],
        homeMsl: 200,
        altRel: 60,
        heading: (i * 3) % 360,
        speed: 6,
        vs: 0,
        bat: 100 - (i / o.fixes) * 60,
        at: new Date(t),
      };
      const fix = makeFix(s, i + 1);
      this.fixIds.push(fix.id);
      this.#queue.push({
        topic: topics.telemetry(o.droneId),
        id: fix.id,
        payload: JSON.stringify(fix),
      });
      if (sightings < o.sightings && i % every === every - 1) {
        const sighting = makeSighting(s, Math.random);
        sightings++;
        this.sightingIds.push(sighting.id);
        this.#queue.push({
          topic: topics.sightings(o.droneId),
          id: sighting.id,
          payload: JSON.stringify(sighting),
        });
      }
    }
    this.#queue.reverse(); // pop() from the end = oldest first

    this.#client = mqtt.connect(o.url, {
      clientId: o.droneId,
      username: o.droneId,
      password: o.password,
      protocolVersion: 4,
      clean: false,
      reconnectPeriod: 300,
      connectTimeout: 5_000,
    });
    this.#client.on('message', (topic, payload) => {
      if (topic !== topics.acks(o.droneId)) return;
      const ids = parseAcks(payload);
      for (const id of ids) this.acked.add(id);
      this.outbox.ack(ids);
    });
    this.#client.on('connect', () => {
      this.connects++;
      this.#client.subscribe(topics.acks(o.droneId), { qos: 1 });
      const again = this.outbox.takeForResend(Date.now());
      this.resent += again.length;
      for (const e of again) this.#client.publish(e.topic, e.payload, { qos: 1 });
    });
    this.#client.on('error', () => undefined);
  }

  get total(): number {
    return this.fixIds.length + this.sightingIds.length;
  }

  get sent(): number {
    return this.total - this.#queue.length;
  }

  /** Start streaming; resolves when every reading has been sent once (not yet acked). */
  start(): Promise<void> {
    const tickMs = 20;
    const perTick = Math.max(1, Math.round((this.#o.ratePerS * tickMs) / 1000));
    this.#resender = setInterval(() => {
      if (!this.#client.connected) return;
      const again = this.outbox.takeForResend(Date.now(), this.#o.resendAfterMs, 2_000);
      this.resent += again.length;
      for (const e of again) this.#client.publish(e.topic, e.payload, { qos: 1 });
    }, 500);
    return new Promise((resolve) => {
      this.#timer = setInterval(() => {
        for (let k = 0; k < perTick && this.#queue.length > 0 && this.outbox.size < this.#o.window; k++) {
          const r = this.#queue.pop()!;
          this.outbox.add(r.id, r.topic, r.payload, Date.now());
          // While offline the outbox holds it; the reconnect sends it.
          if (this.#client.connected) this.#client.publish(r.topic, r.payload, { qos: 1 });
        }
        if (this.#queue.length === 0) {
          clearInterval(this.#timer);
          resolve();
        }
      }, tickMs);
    });
  }

  /** Wait until every reading is acknowledged or `timeoutMs` passes; true when all were. */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#queue.length === 0 && this.outbox.size === 0) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#resender);
    await this.#client.endAsync(true);
  }
}
