import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './bridge.ts';
import { startEmbeddedBroker } from './broker/embedded-broker.ts';
import { writeMosquittoAuthFiles } from './mosquitto/auth-files.ts';
import { createTestDrone } from './testing/drones.ts';
import { hasMosquitto, startTestMosquitto } from './testing/mosquitto.ts';
import { topics } from './topics.ts';

/**
 * The bridge against real brokers and a real database: the embedded aedes always; the project's Mosquitto
 * configuration (password file, ACL, explicit queue limits, MQTT 5 shared subscription) when `mosquitto` is
 * installed. The database is PGlite+PostGIS, or the real PostgreSQL when DATABASE_URL is set.
 */

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

interface Target {
  url: string;
  bridgeUser: { username: string; password: string };
  shared: boolean;
  protocolVersion: 4 | 5;
  /** The broker itself records a publish outside the drone's ACL (aedes); Mosquitto drops it silently. */
  deadLettersDeniedPublish: boolean;
  stderr?: () => string;
  close(): Promise<void>;
}

interface World {
  database: Database;
  target: Target;
  registry: Registry;
  droneA: { id: string; password: string };
  droneB: { id: string; password: string };
}

const targets: { name: string; skip: boolean; start: (database: Database, registry: Registry) => Promise<Target> }[] = [
  {
    name: 'embedded aedes',
    skip: false,
    async start(database, registry) {
      const broker = await startEmbeddedBroker({ database, port: 0, host: '127.0.0.1', log, registry });
      return {
        url: broker.url,
        bridgeUser: broker.bridgeUser,
        shared: false,
        protocolVersion: 4,
        deadLettersDeniedPublish: true,
        close: () => broker.close(),
      };
    },
  },
  {
    name: 'Mosquitto with password file and ACL',
    skip: !hasMosquitto(),
    async start(database) {
      const bridgeUser = { username: '_lookout-bridge', password: randomUUID() };
      const m = await startTestMosquitto({
        writeAuth: (files) => writeMosquittoAuthFiles(database, { ...files, bridgeUser }).then(() => undefined),
      });
      return {
        url: m.url,
        bridgeUser,
        shared: true,
        protocolVersion: 5,
        deadLettersDeniedPublish: false,
        stderr: () => m.stderr(),
        close: () => m.dispose(),
      };
    },
  },
];

const now = () => Date.now();
const fix = (over: Record<string, unknown> = {}) => ({
  v: 1,
  id: randomUUID(),
  t: new Date(now() - 1000).toISOString(),
  src: 'app',
  lon: 120.07,
  lat: 28.93,
  altMsl: 300,
  hdg: 10,
  bat: 80,
  ...over,
});

/** The bridge under test, for the state printed when a wait times out. */
let current: { bridge?: Bridge } = {};

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `timed out waiting for ${what}; bridge ${JSON.stringify({ ...current.bridge?.stats, connected: current.bridge?.isConnected() })}`,
  );
}

interface DroneClient {
  client: MqttClient;
  acked: Set<string>;
  rejected: Map<string, string>;
  log: string[];
  publish(topic: string, payload: string | Buffer, opts?: { retain?: boolean }): Promise<void>;
  close(): Promise<void>;
}

async function connectDrone(
  url: string,
  id: string,
  password: string,
  extra: mqtt.IClientOptions = {},
): Promise<DroneClient> {
  // Like a real drone: a persistent session, so acks published while it is reconnecting are not lost (Mosquitto
  // 2.0 closes an MQTT 3.1.1 connection that publishes outside its ACL).
  const client = await mqtt.connectAsync(url, {
    clientId: id,
    username: id,
    password,
    protocolVersion: 4,
    clean: false,
    reconnectPeriod: 200,
    ...extra,
  });
  const acked = new Set<string>();
  const rejected = new Map<string, string>();
  const log: string[] = [];
  client.on('close', () => log.push(`close at ${Date.now()}`));
  client.on('error', (e) => log.push(`error ${e.message}`));
  client.on('connect', () => log.push(`connect at ${Date.now()}`));
  client.on('message', (_topic, payload) => {
    log.push(payload.toString().slice(0, 200));
    const body = JSON.parse(payload.toString()) as { ids: string[]; rejected?: { id: string; reason: string }[] };
    for (const i of body.ids) acked.add(i);
    for (const r of body.rejected ?? []) rejected.set(r.id, r.reason);
  });
  await client.subscribeAsync(topics.acks(id), { qos: 1 });
  return {
    client,
    acked,
    rejected,
    log,
    async publish(topic, payload, opts = {}) {
      await client.publishAsync(topic, payload, { qos: 1, retain: opts.retain ?? false });
    },
    close: () => client.endAsync(true),
  };
}

function counter(registry: Registry, name: string, label: Record<string, string>): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return Promise.resolve(0);
  return Promise.resolve(metric.get()).then((m) =>
    m.values.filter((v) => Object.entries(label).every(([k, x]) => v.labels[k] === x)).reduce((a, v) => a + v.value, 0),
  );
}

for (const t of targets) {
  describe.skipIf(t.skip)(`bridge with ${t.name}`, () => {
    const w = {} as World;
    let bridge: Bridge;
    const startMain = () =>
      startBridge({
        database: w.database,
        mqttUrl: w.target.url,
        ...w.target.bridgeUser,
        clientId: `test-bridge-${randomUUID().slice(0, 8)}`,
        shared: w.target.shared,
        protocolVersion: w.target.protocolVersion,
        log,
        registry: w.registry,
        lingerMs: 10,
      });

    beforeAll(async () => {
      w.database = await openTestDatabase();
      w.registry = new Registry();
      w.droneA = await createTestDrone(w.database, 'a');
      w.droneB = await createTestDrone(w.database, 'b');
      w.target = await t.start(w.database, w.registry);
      bridge = startMain();
      current = { bridge };
      await bridge.ready;
    });

    afterAll(async () => {
      await bridge?.stop().catch(() => undefined);
      await w.target?.close();
      await w.database?.close();
    });

    it('stores valid fixes and sightings exactly once and acknowledges them on the acks topic', async () => {
      const drone = await connectDrone(w.target.url, w.droneA.id, w.droneA.password);
      try {
        const single = fix();
        const batch = { v: 1, fixes: [fix({ lat: 28.931, gimbalPitch: -45 }), fix({ lat: 28.932 })] };
        const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('lookout'), 0xff, 0xd9]);
        const sighting = {
          v: 1,
          id: randomUUID(),
          t: new Date(now() - 500).toISOString(),
          lon: 120.071,
          lat: 28.931,
          uncM: 15,
          conf: 0.7,
          kind: 'person',
          note: '红衣',
          photo: jpeg.toString('base64'),
        };
        const newest = fix({ t: new Date(now()).toISOString(), lat: 28.94 });
        await drone.publish(topics.telemetry(w.droneA.id), JSON.stringify(single));
        await drone.publish(topics.telemetry(w.droneA.id), JSON.stringify(single)); // a resend
        await drone.publish(topics.telemetry(w.droneA.id), JSON.stringify(batch));
        await drone.publish(topics.sightings(w.droneA.id), JSON.stringify(sighting));
        await drone.publish(topics.sightings(w.droneA.id), JSON.stringify(sighting));
        await drone.publish(topics.telemetry(w.droneA.id), JSON.stringify(newest));
        const ids = [single.id, ...batch.fixes.map((f) => f.id), sighting.id, newest.id];
        await waitFor('acks', () => ids.every((i) => drone.acked.has(i)));

        const rows = await w.database.query<{ reading_id: string; n: number }>(
          'select reading_id::text, count(*)::int as n from fixes where drone_id = $1 group by 1',
          [w.droneA.id],
        );
        expect(rows.map((r) => r.n)).toEqual([1, 1, 1, 1]);
        expect(new Set(rows.map((r) => r.reading_id))).toEqual(
          new Set([single.id, ...batch.fixes.map((f) => f.id), newest.id]),
        );
        const pitched = await w.database.query<{ gimbal_pitch: number | null }>(
          'select gimbal_pitch from fixes where reading_id = $1',
          [batch.fixes[0]!.id],
        );
        expect(pitched).toEqual([{ gimbal_pitch: -45 }]);
        const s = await w.database.query<{ n: number; note: string; photo: Buffer; lon: number }>(
          'select count(*) over ()::int as n, note, photo, st_x(geom) as lon from sightings where drone_id = $1',
          [w.droneA.id],
        );
        expect(s).toHaveLength(1);
        expect(s[0]!.note).toBe('红衣');
        expect(Buffer.from(s[0]!.photo).equals(jpeg)).toBe(true);
        const state = await w.database.query<{ lat: number; reading: string }>(
          'select st_y(s.geom) as lat, f.reading_id::text as reading from drone_state s join fixes f on f.id = s.fix_id where s.drone_id = $1',
          [w.droneA.id],
        );
        expect(state).toEqual([{ lat: 28.94, reading: newest.id }]);
        expect(await counter(w.registry, 'lookout_bridge_duplicates_total', { kind: 'fix' })).toBeGreaterThanOrEqual(1);
      } finally {
        await drone.close();
      }
    });

    it('rejects bad input with a reason, counts and dead-letters it, and keeps the valid messages around it', async () => {
      const drone = await connectDrone(w.target.url, w.droneB.id, w.droneB.password);
      const ghost = `ghost-${randomUUID().slice(0, 8)}`;
      const internal = await mqtt.connectAsync(w.target.url, {
        ...w.target.bridgeUser,
        clientId: `test-${randomUUID().slice(0, 8)}`,
        protocolVersion: 4,
      });
      try {
        const before = async (reason: string) => counter(w.registry, 'lookout_bridge_rejected_total', { reason });
        const reasons = [
          'not_json',
          'invalid_schema',
          'out_of_range',
          'future_time',
          'too_large',
          'unknown_drone',
          'topic_not_allowed',
        ];
        const start = Object.fromEntries(await Promise.all(reasons.map(async (r) => [r, await before(r)] as const)));
        const tel = topics.telemetry(w.droneB.id);
        const first = fix();
        const last = fix();
        const stolen = fix();
        await drone.publish(tel, JSON.stringify(first));
        await drone.publish(tel, '{"v":1,"id":');
        await drone.publish(tel, JSON.stringify(fix({ lat: '28.9' })));
        await drone.publish(
          tel,
          `{"v":1,"id":"${randomUUID()}","t":"${new Date().toISOString()}","lon":120,"lat":NaN}`,
        );
        await drone.publish(
          tel,
          `{"v":1,"id":"${randomUUID()}","t":"${new Date().toISOString()}","lon":Infinity,"lat":28}`,
        );
        const lat91 = fix({ lat: 91 });
        await drone.publish(tel, JSON.stringify(lat91));
        await drone.publish(tel, JSON.stringify(fix({ lon: 181 })));
        await drone.publish(tel, JSON.stringify(fix({ t: new Date(now() + 365 * 86400_000).toISOString() })));
        await drone.publish(topics.sightings(w.droneB.id), Buffer.alloc(5 * 1024 * 1024, 0x41));
        await drone.publish(topics.telemetry(w.droneA.id), JSON.stringify(stolen)); // under another drone's id
        await internal.publishAsync(topics.telemetry(ghost), JSON.stringify(fix()), { qos: 1 }); // an unknown drone
        await drone.publish(tel, JSON.stringify(last));

        await waitFor('the valid fixes acked', () => drone.acked.has(first.id) && drone.acked.has(last.id)).catch(
          (err: Error) => {
            throw new Error(
              `${err.message}; first ${first.id} last ${last.id}; drone got ${JSON.stringify(drone.log)} connected=${drone.client.connected}; broker: ${
                w.target
                  .stderr?.()
                  .split('\n')
                  .filter((l) => !l.includes('password salt'))
                  .slice(-20)
                  .join(' | ') ?? ''
              }`,
            );
          },
        );
        await waitFor('dead letters', async () => {
          const n = await w.database.query<{ n: number }>(
            'select count(*)::int as n from dead_letters where drone_id in ($1, $2)',
            [w.droneB.id, ghost],
          );
          return n[0]!.n >= 9;
        });

        const dead = await w.database.query<{
          reason: string;
          topic: string;
          payload_bytes: number;
          payload: string | null;
        }>('select reason, topic, payload_bytes, payload from dead_letters where drone_id in ($1, $2) order by id', [
          w.droneB.id,
          ghost,
        ]);
        const byReason = (r: string) => dead.filter((d) => d.reason === r);
        expect(byReason('not_json')).toHaveLength(3); // truncated JSON, NaN, Infinity
        expect(byReason('invalid_schema')).toHaveLength(1);
        expect(byReason('out_of_range')).toHaveLength(2);
        expect(byReason('future_time')).toHaveLength(1);
        expect(byReason('too_large')).toHaveLength(1);
        expect(byReason('too_large')[0]!.payload_bytes).toBe(5 * 1024 * 1024);
        expect(byReason('too_large')[0]!.payload!.length).toBeLessThanOrEqual(4096);
        expect(byReason('unknown_drone').map((d) => d.topic)).toEqual([topics.telemetry(ghost)]);
        if (w.target.deadLettersDeniedPublish) {
          await waitFor('the refused publish dead-lettered', () =>
            w.database
              .query<{ n: number }>(
                "select count(*)::int as n from dead_letters where reason = 'topic_not_allowed' and drone_id = $1",
                [w.droneB.id],
              )
              .then((r) => r[0]!.n === 1),
          );
          expect(await before('topic_not_allowed')).toBe(start.topic_not_allowed! + 1);
        }

        for (const [reason, n] of [
          ['not_json', 3],
          ['invalid_schema', 1],
          ['out_of_range', 2],
          ['future_time', 1],
          ['too_large', 1],
          ['unknown_drone', 1],
        ] as const) {
          expect(await before(reason), reason).toBe(start[reason]! + n);
        }
        // Rejected readings with an id are reported back so the drone stops resending them.
        await waitFor('rejection reported', () => drone.rejected.get(lat91.id) === 'out_of_range');

        const stored = await w.database.query<{ reading_id: string }>(
          'select reading_id::text from fixes where drone_id = $1',
          [w.droneB.id],
        );
        expect(stored.map((r) => r.reading_id).sort()).toEqual([first.id, last.id].sort());
        const stolenRows = await w.database.query('select 1 from fixes where reading_id = $1', [stolen.id]);
        expect(stolenRows).toHaveLength(0);
        expect(bridge.isConnected()).toBe(true);
      } finally {
        await drone.close();
        await internal.endAsync(true);
      }
    });

    it('refuses a wrong password', async () => {
      await expect(
        mqtt.connectAsync(w.target.url, {
          clientId: w.droneA.id,
          username: w.droneA.id,
          password: 'wrong',
          protocolVersion: 4,
          reconnectPeriod: 0,
        }),
      ).rejects.toThrow();
    });

    it('never delivers one drone’s acks to another drone', async () => {
      const spy = await connectDrone(w.target.url, w.droneA.id, w.droneA.password);
      const owner = await connectDrone(w.target.url, w.droneB.id, w.droneB.password);
      try {
        const seen: string[] = [];
        spy.client.on('message', (topic) => seen.push(topic));
        // aedes refuses the subscription (SUBACK 128); Mosquitto grants it and filters delivery by the ACL.
        await spy.client.subscribeAsync(topics.acks(w.droneB.id), { qos: 1 }).catch(() => undefined);
        const f = fix();
        await owner.publish(topics.telemetry(w.droneB.id), JSON.stringify(f));
        await waitFor('owner acked', () => owner.acked.has(f.id));
        await new Promise((r) => setTimeout(r, 200));
        expect(seen.filter((t) => t === topics.acks(w.droneB.id))).toEqual([]);
      } finally {
        await spy.close();
        await owner.close();
      }
    });

    it('marks a drone online from its status and offline from its Last Will', async () => {
      const drone = await connectDrone(w.target.url, w.droneA.id, w.droneA.password, {
        will: { topic: topics.status(w.droneA.id), payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
      });
      await drone.publish(topics.status(w.droneA.id), '{"v":1,"online":true}', { retain: true });
      const online = () =>
        w.database
          .query<{ online: boolean | null }>('select online from drone_state where drone_id = $1', [w.droneA.id])
          .then((r) => r[0]?.online);
      await waitFor('online', async () => (await online()) === true);
      (drone.client.stream as unknown as { destroy(): void }).destroy(); // vanish without DISCONNECT: the broker sends the will
      drone.client.options.reconnectPeriod = 0;
      await waitFor('offline', async () => (await online()) === false);
      await drone.close();
    });

    it('keeps many messages in flight, and a message whose commit never happened is redelivered to the next session', async () => {
      await bridge.stop();
      const clientId = `test-bridge-${randomUUID().slice(0, 8)}`;
      const opts = {
        database: w.database,
        mqttUrl: w.target.url,
        ...w.target.bridgeUser,
        clientId,
        shared: w.target.shared,
        protocolVersion: w.target.protocolVersion,
        log,
        registry: w.registry,
      };
      // A batch commits only at 50 messages (the linger is a minute): if each PUBACK waited for its commit,
      // mqtt.js would hand over one message at a time and the batch would never fill.
      const first = startBridge({ ...opts, batchMax: 50, lingerMs: 60_000 });
      current = { bridge: first };
      await first.ready;
      const drone = await connectDrone(w.target.url, w.droneA.id, w.droneA.password);
      try {
        const fifty = Array.from({ length: 50 }, () => fix());
        await Promise.all(fifty.map((f) => drone.publish(topics.telemetry(w.droneA.id), JSON.stringify(f))));
        await waitFor('50 acked', () => fifty.every((f) => drone.acked.has(f.id)), 10_000);
        const received = first.stats.received;

        const orphan = fix();
        await drone.publish(topics.telemetry(w.droneA.id), JSON.stringify(orphan));
        await waitFor('the orphan received', () => first.stats.received === received + 1);
        await first.abort(); // as if killed: no commit, no PUBACK
        expect(await w.database.query('select 1 from fixes where reading_id = $1', [orphan.id])).toHaveLength(0);

        bridge = startBridge({ ...opts, lingerMs: 10 });
        current = { bridge };
        await waitFor('the orphan redelivered, stored and acked', () => drone.acked.has(orphan.id));
        expect(await w.database.query('select 1 from fixes where reading_id = $1', [orphan.id])).toHaveLength(1);
      } finally {
        await drone.close();
      }
    });
  });
}
