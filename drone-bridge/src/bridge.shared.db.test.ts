import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './bridge.ts';
import { writeMosquittoAuthFiles } from './mosquitto/auth-files.ts';
import { createTestDrone } from './testing/drones.ts';
import { hasMosquitto, startTestMosquitto, type TestMosquitto } from './testing/mosquitto.ts';
import { topics } from './topics.ts';

/**
 * Scaling out: two bridges share one stream through the MQTT 5 shared subscription
 * `$share/lookout-bridge/…` on Mosquitto; each reading is stored once, both bridges take part, and when one
 * bridge stops the other carries on with the rest.
 */
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe.skipIf(!hasMosquitto())('two bridges on a shared subscription', () => {
  let database: Database;
  let broker: TestMosquitto;
  const bridges: Bridge[] = [];
  const bridgeUser = { username: '_lookout-bridge', password: randomUUID() };

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    for (const b of bridges) await b.stop().catch(() => undefined);
    await broker?.dispose();
    await database?.close();
  });

  it('stores each reading once, splits the load, and survives one bridge stopping', async () => {
    const drone = await createTestDrone(database, 'shared');
    broker = await startTestMosquitto({
      writeAuth: (files) => writeMosquittoAuthFiles(database, { ...files, bridgeUser }).then(() => undefined),
    });
    for (const n of [1, 2]) {
      const bridge = startBridge({
        database,
        mqttUrl: broker.url,
        ...bridgeUser,
        clientId: `shared-bridge-${n}-${randomUUID().slice(0, 6)}`,
        shared: true,
        protocolVersion: 5,
        log,
        registry: new Registry(),
      });
      bridges.push(bridge);
      await bridge.ready;
    }

    const client = await mqtt.connectAsync(broker.url, {
      clientId: drone.id,
      username: drone.id,
      password: drone.password,
      protocolVersion: 4,
    });
    const acked = new Set<string>();
    client.on('message', (_t, payload) => {
      for (const id of (JSON.parse(payload.toString()) as { ids: string[] }).ids) acked.add(id);
    });
    await client.subscribeAsync(topics.acks(drone.id), { qos: 1 });
    const ids: string[] = [];
    const publish = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        ids.push(id);
        const t = new Date().toISOString();
        await client.publishAsync(
          topics.telemetry(drone.id),
          JSON.stringify({ v: 1, id, t, lon: 120.07, lat: 28.95 }),
          { qos: 1 },
        );
      }
    };

    await publish(1000);
    await expect.poll(() => acked.size, { timeout: 60_000 }).toBe(1000);
    const [first, second] = bridges as [Bridge, Bridge];
    expect(first.stats.committedMessages).toBeGreaterThan(0);
    expect(second.stats.committedMessages).toBeGreaterThan(0);
    expect(first.stats.committedMessages + second.stats.committedMessages).toBe(1000);

    await first.stop();
    await publish(500);
    await expect.poll(() => acked.size, { timeout: 60_000 }).toBe(1500);

    const [row] = await database.query<{ n: number; d: number }>(
      'select count(*)::int as n, count(distinct reading_id)::int as d from fixes where drone_id = $1',
      [drone.id],
    );
    expect(row).toEqual({ n: 1500, d: 1500 });
    await client.endAsync();
    // Its own Mosquitto, two bridges and two 30 s waits: more than the default 60 s on a loaded 2-core machine.
  }, 180_000);
});
