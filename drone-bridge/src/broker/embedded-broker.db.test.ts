import { connect, createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDrone } from '../testing/drones.ts';
import { freePort } from '../net/tcp-port.ts';
import { topics } from '../topics.ts';
import { PortInUseError, startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';

const log = pino({ level: 'silent' });
let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function occupy(): Promise<{ port: number; close: () => Promise<void> }> {
  const port = await freePort();
  const s = createServer();
  await new Promise<void>((r) => s.listen(port, '0.0.0.0', () => r()));
  return { port, close: () => new Promise((r) => s.close(() => r())) };
}

describe('startEmbeddedBroker ports', () => {
  it('takes the next free port when the wanted one is taken and strictPort is off', async () => {
    const taken = await occupy();
    const broker = await startEmbeddedBroker({ database, port: taken.port, host: '0.0.0.0', log });
    try {
      expect(broker.port).toBeGreaterThan(taken.port);
      expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
    } finally {
      await broker.close();
      await taken.close();
    }
  });

  it('fails with a clear error when the port is taken and strictPort is on', async () => {
    const taken = await occupy();
    try {
      const attempt = startEmbeddedBroker({ database, port: taken.port, strictPort: true, host: '0.0.0.0', log });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(`MQTT port ${taken.port} is already in use`);
    } finally {
      await taken.close();
    }
  });
});

describe('embedded broker rules', () => {
  let broker: EmbeddedBroker;
  const registry = new Registry();
  beforeAll(async () => {
    broker = await startEmbeddedBroker({
      database,
      port: 0,
      host: '127.0.0.1',
      log,
      registry,
      maxPacketBytes: 256 * 1024,
    });
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('lets a drone in only with its own id as client id and the right password', async () => {
    const d = await createTestDrone(database);
    const ok = await mqtt.connectAsync(broker.url, {
      clientId: d.id,
      username: d.id,
      password: d.password,
      reconnectPeriod: 0,
    });
    await ok.endAsync();
    const again = await mqtt.connectAsync(broker.url, {
      clientId: d.id,
      username: d.id,
      password: d.password,
      reconnectPeriod: 0,
    }); // cached path
    await again.endAsync();
    await expect(
      mqtt.connectAsync(broker.url, { clientId: 'other', username: d.id, password: d.password, reconnectPeriod: 0 }),
    ).rejects.toThrow();
    await expect(
      mqtt.connectAsync(broker.url, { clientId: d.id, username: d.id, password: 'nope', reconnectPeriod: 0 }),
    ).rejects.toThrow();
    await expect(mqtt.connectAsync(broker.url, { clientId: 'x', reconnectPeriod: 0 })).rejects.toThrow();
    await expect(
      mqtt.connectAsync(broker.url, {
        clientId: 'x',
        username: broker.bridgeUser.username,
        password: 'guess',
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow();
    expect(broker.stats.authFailures).toBe(4);
  });

  it('drops a drone’s publish under another id, dead-letters it, and keeps the drone connected', async () => {
    const a = await createTestDrone(database);
    const b = await createTestDrone(database);
    const listener = await mqtt.connectAsync(broker.url, {
      ...broker.bridgeUser,
      clientId: `l-${randomUUID().slice(0, 8)}`,
      reconnectPeriod: 0,
    });
    const seen: string[] = [];
    listener.on('message', (topic) => seen.push(topic));
    await listener.subscribeAsync('lookout/v1/drones/#', { qos: 1 });
    const drone = await mqtt.connectAsync(broker.url, {
      clientId: a.id,
      username: a.id,
      password: a.password,
      reconnectPeriod: 0,
    });
    try {
      await drone.publishAsync(topics.telemetry(b.id), '{"stolen":true}', { qos: 1 });
      await drone.publishAsync(`lookout/v1/drones/${a.id}/secret`, 'x', { qos: 1 });
      await drone.publishAsync(topics.telemetry(a.id), '{"mine":true}', { qos: 1 });
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([topics.telemetry(a.id)]);
      expect(drone.connected).toBe(true);
      // The dead letters are written after the publish is acknowledged: wait for them.
      await expect
        .poll(
          () =>
            database.query<{ reason: string; topic: string; payload: string }>(
              'select reason, topic, payload from dead_letters where drone_id = $1 order by id',
              [a.id],
            ),
          { timeout: 10_000 },
        )
        .toEqual([
          { reason: 'topic_not_allowed', topic: topics.telemetry(b.id), payload: '{"stolen":true}' },
          { reason: 'topic_not_allowed', topic: `lookout/v1/drones/${a.id}/secret`, payload: 'x' },
        ]);
    } finally {
      await drone.endAsync(true);
      await listener.endAsync(true);
    }
  });

  it('cuts a connection that announces a packet over the size limit, and stays up for others', async () => {
    const d = await createTestDrone(database);
    const drone = await mqtt.connectAsync(broker.url, {
      clientId: d.id,
      username: d.id,
      password: d.password,
      reconnectPeriod: 0,
    });
    const closed = new Promise<void>((r) => drone.once('close', () => r()));
    drone.publish(topics.sightings(d.id), Buffer.alloc(1024 * 1024, 0x41), { qos: 1 });
    await closed;
    const again = await mqtt.connectAsync(broker.url, {
      clientId: d.id,
      username: d.id,
      password: d.password,
      reconnectPeriod: 0,
    });
    expect(again.connected).toBe(true);
    await again.endAsync(true);
    await drone.endAsync(true);
  });
});

describe('embedded broker login throttle', () => {
  /** An MQTT client whose TCP connection leaves from `localAddress` (any 127.x address is this host). */
  function connectFrom(
    broker: EmbeddedBroker,
    localAddress: string,
    options: { clientId: string; username: string; password: string },
  ): Promise<mqtt.MqttClient> {
    const client = new mqtt.MqttClient(() => connect({ host: '127.0.0.1', port: broker.port, localAddress }), {
      ...options,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    return new Promise((resolve, reject) => {
      client.once('connect', () => resolve(client));
      client.once('error', (err) => {
        client.end(true);
        reject(err);
      });
    });
  }
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 0,
      (err: unknown) => (err as { code?: number }).code,
    );

  it('holds a drone name back from an address after wrong passwords (CONNACK 3), not from elsewhere', async () => {
    const registry = new Registry();
    const broker = await startEmbeddedBroker({
      database,
      port: 0,
      host: '127.0.0.1',
      log,
      registry,
      loginThrottle: { freeFailures: 3 },
    });
    try {
      const d = await createTestDrone(database);
      const creds = { clientId: d.id, username: d.id, password: d.password };
      for (let i = 0; i < 3; i++) {
        expect(await codeOf(connectFrom(broker, '127.0.0.2', { ...creds, password: `wrong-${i}` }))).toBe(4);
      }
      // Held back for 1 s: refused unchecked, even with the right password.
      expect(await codeOf(connectFrom(broker, '127.0.0.2', creds))).toBe(3);
      expect(broker.stats.throttledLogins).toBe(1);
      expect(await registry.getSingleMetricAsString('lookout_broker_auth_throttled_total')).toMatch(
        /lookout_broker_auth_throttled_total\{scope="pair"\} 1/,
      );
      // The drone's own address is not affected by what 127.0.0.2 did.
      const fromHome = await connectFrom(broker, '127.0.0.1', creds);
      await fromHome.endAsync(true);
      await new Promise((r) => setTimeout(r, 1100));
      const later = await connectFrom(broker, '127.0.0.2', creds);
      await later.endAsync(true);
    } finally {
      await broker.close();
    }
  });

  it('refuses an address that failed too often under many names, for everyone from it', async () => {
    const registry = new Registry();
    const broker = await startEmbeddedBroker({
      database,
      port: 0,
      host: '127.0.0.1',
      log,
      registry,
      loginThrottle: { addressFailuresPerMinute: 3, addressBlockS: 60 },
    });
    try {
      for (let i = 0; i < 4; i++) {
        const name = `nobody-${i}-${randomUUID().slice(0, 6)}`;
        expect(await codeOf(connectFrom(broker, '127.0.0.3', { clientId: name, username: name, password: 'x' }))).toBe(
          4,
        );
      }
      const d = await createTestDrone(database);
      const creds = { clientId: d.id, username: d.id, password: d.password };
      expect(await codeOf(connectFrom(broker, '127.0.0.3', creds))).toBe(3);
      expect(await registry.getSingleMetricAsString('lookout_broker_auth_throttled_total')).toMatch(/scope="addr"\} 1/);
      const elsewhere = await connectFrom(broker, '127.0.0.1', creds);
      await elsewhere.endAsync(true);
    } finally {
      await broker.close();
    }
  });
});
