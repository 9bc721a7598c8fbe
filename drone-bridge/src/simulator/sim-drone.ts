import mqtt from 'mqtt';
import type { Logger } from 'pino';
import { advance, startFlight, type FlightState, type LonLat } from './flight-pattern.ts';
import { topics as droneTopics } from '../topics.ts';
import { Outbox, parseAcks } from './outbox.ts';
import { makeDjiOsd, makeFix, makeSighting, type AircraftSample } from './readings.ts';

export interface SimDroneOptions {
  mqttUrl: string;
  droneId: string;
  password: string;
  callsign: string;
  /** The search route; flown in a loop. */
  route: LonLat[];
  /** Take-off and battery-swap point. */
  home: LonLat;
  homeMsl: number;
  speed: number;
  altRel: number;
  /** Telemetry rate, Hz. */
  hz: number;
  /** Mean seconds between sightings. */
  sightingEveryS: number;
  /** Also send DJI Cloud API `osd` envelopes (on `…/{id}/dji/osd`) every `djiEveryS` (DJI's 0.5 Hz by default). */
  djiOsd?: boolean;
  djiEveryS?: number;
  startBattery?: number;
  /** Percent per second. */
  batteryDrain?: number;
  /** Resend readings unacked for this long, ms. */
  resendAfterMs?: number;
  rng?: () => number;
  log: Logger;
}

export interface SimDrone {
  readonly droneId: string;
  stats(): {
    sent: number;
    acked: number;
    pending: number;
    resent: number;
    dropped: number;
    sightings: number;
  };
  /** Stop flying; with `drainMs`, first wait (up to that long) until every reading is acknowledged. */
  stop(options?: { drainMs?: number }): Promise<void>;
}

type Phase = { kind: 'search' } | { kind: 'rth' } | { kind: 'swap'; untilMs: number };

/**
 * One demo drone: its own MQTT client and credentials, publishing telemetry and sightings as a real drone app
 * does (QoS 1, uuid v7 ids, retained status with a Last Will), keeping each reading until its id comes back on
 * `acks`, and resending what is unacked after a reconnect and when it has waited too long.
 */
export function startSimDrone(o: SimDroneOptions): SimDrone {
  const log = o.log.child({ drone: o.droneId, callsign: o.callsign });
  const rng = o.rng ?? Math.random;
  const topics = {
    telemetry: droneTopics.telemetry(o.droneId),
    sightings: droneTopics.sightings(o.droneId),
    status: droneTopics.status(o.droneId),
    acks: droneTopics.acks(o.droneId),
    djiOsd: droneTopics.djiOsd(o.droneId),
  };
  const outbox = new Outbox();
  const resendAfterMs = o.resendAfterMs ?? 30_000;
  const drain = o.batteryDrain ?? 0.06;
  let seq = 0;
  let sent = 0;
  let resent = 0;
  let sightings = 0;
  let bat = o.startBattery ?? 100;
  let phase: Phase = { kind: 'search' };
  let route: LonLat[] = [o.home, ...o.route];
  let flight: FlightState = startFlight(route, o.speed);
  let lastTick = Date.now();
  // Sightings come as a Poisson process with the given mean; the first one soon, so a fresh demo shows one.
  const nextSightingInMs = () => -Math.log(1 - rng()) * o.sightingEveryS * 1000;
  let nextSightingAt = Date.now() + rng() * Math.min(o.sightingEveryS, 45) * 1000;
  let lastDji = 0;
  let stopped = false;

  const client = mqtt.connect(o.mqttUrl, {
    clientId: o.droneId,
    username: o.droneId,
    password: o.password,
    protocolVersion: 4,
    // A persistent session keeps the acks that arrive while the link is down.
    clean: false,
    reconnectPeriod: 1_000,
    connectTimeout: 5_000,
    will: {
      topic: topics.status,
      payload: Buffer.from('{"v":1,"online":false}'),
      qos: 1,
      retain: true,
    },
  });

  client.on('message', (topic, payload) => {
    if (topic === topics.acks) outbox.ack(parseAcks(payload));
  });
  client.on('connect', (ack) => {
    log.info({ sessionPresent: ack.sessionPresent, pending: outbox.size }, 'connected');
    if (!ack.sessionPresent)
      client.subscribe(topics.acks, { qos: 1 }, (err) => err && log.warn({ err }, 'subscribe acks failed'));
    publishStatus(true);
    // After a reconnect everything unacked goes again: the broker may have lost it, or its ack.
    const again = outbox.takeForResend(Date.now());
    for (const e of again) client.publish(e.topic, e.payload, { qos: 1 });
    resent += again.length;
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'mqtt error'));
  client.on('offline', () => log.info('offline'));

  function publishStatus(online: boolean): void {
    const body = JSON.stringify({
      v: 1,
      online,
      t: new Date().toISOString(),
      bat: Math.round(bat),
    });
    client.publish(topics.status, body, { qos: 1, retain: true });
  }

  function send(topic: string, id: string, payload: string): void {
    outbox.add(id, topic, payload, Date.now());
    sent += 1;
    // Offline: the outbox sends it after the reconnect (mqtt.js would also queue it; one copy is enough).
    if (client.connected) client.publish(topic, payload, { qos: 1 });
  }

  function sample(now: number): AircraftSample {
    return {
      position: flight.position,
      homeMsl: o.homeMsl,
      altRel: phase.kind === 'swap' ? 0 : o.altRel + Math.sin(now / 7_000) * 1.5,
      heading: flight.heading,
      speed: phase.kind === 'swap' ? 0 : flight.speed,
      vs: phase.kind === 'swap' ? 0 : Math.cos(now / 7_000) * 0.2,
      bat,
      at: new Date(now),
    };
  }

  function tick(): void {
    const now = Date.now();
    const dt = (now - lastTick) / 1000;
    lastTick = now;

    if (phase.kind === 'swap') {
      if (now >= phase.untilMs) {
        bat = 100;
        phase = { kind: 'search' };
        route = [o.home, ...o.route];
        flight = startFlight(route, o.speed);
        log.info('battery swapped, back to the search');
      }
    } else {
      bat = Math.max(0, bat - drain * dt);
      flight = advance(route, flight, dt, phase.kind === 'search');
      if (phase.kind === 'search' && bat < 25) {
        phase = { kind: 'rth' };
        route = [flight.position, o.home];
        flight = startFlight(route, o.speed * 1.5);
        log.info({ bat: Math.round(bat) }, 'battery low, returning home');
      } else if (phase.kind === 'rth' && flight.done) {
        phase = { kind: 'swap', untilMs: now + 20_000 };
      }
    }

    const s = sample(now);
    seq += 1;
    const fix = makeFix(s, seq);
    send(topics.telemetry, fix.id, JSON.stringify(fix));

    if (phase.kind === 'search' && now >= nextSightingAt) {
      nextSightingAt = now + nextSightingInMs();
      const sighting = makeSighting(s, rng);
      sightings += 1;
      log.info({ id: sighting.id, kind: sighting.kind, conf: sighting.conf }, 'sighting');
      send(topics.sightings, sighting.id, JSON.stringify(sighting));
    }

    if (o.djiOsd && now - lastDji >= (o.djiEveryS ?? 2) * 1000 && client.connected) {
      lastDji = now;
      // DJI's osd is a fire-and-forget state push (no reading id to ack), so it does not go through the outbox.
      client.publish(topics.djiOsd, JSON.stringify(makeDjiOsd(s, o.droneId)), {
        qos: 1,
      });
    }
  }

  function resendStale(): void {
    if (!client.connected) return;
    const again = outbox.takeForResend(Date.now(), resendAfterMs, 1_000);
    for (const e of again) client.publish(e.topic, e.payload, { qos: 1 });
    if (again.length) {
      resent += again.length;
      log.info({ count: again.length, pending: outbox.size }, 'resent unacked readings');
    }
  }

  const ticker = setInterval(tick, Math.round(1000 / o.hz));
  const resender = setInterval(resendStale, 5_000);

  return {
    droneId: o.droneId,
    stats: () => ({
      sent,
      acked: outbox.acked,
      pending: outbox.size,
      resent,
      dropped: outbox.dropped,
      sightings,
    }),
    async stop(stopOptions = {}) {
      if (stopped) return;
      stopped = true;
      clearInterval(ticker);
      const deadline = Date.now() + (stopOptions.drainMs ?? 0);
      while (outbox.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      clearInterval(resender);
      if (client.connected) {
        await new Promise<void>((resolve) => {
          const body = JSON.stringify({
            v: 1,
            online: false,
            t: new Date().toISOString(),
          });
          client.publish(topics.status, body, { qos: 1, retain: true }, () => resolve());
          setTimeout(resolve, 1_000).unref();
        });
      }
      await client.endAsync(true);
    },
  };
}
