import { randomUUID } from 'node:crypto';
import type { DjiConnection } from '@lookout/contracts';
import { djiDroneId, djiTopics, writeMosquittoAuthFiles, type Bridge, type DynsecSync } from '@lookout/drone-bridge';
import {
  hasDynsec,
  hasMosquitto,
  revokeStaleTestPilots,
  startDynsecBridge,
  startTestMosquitto,
  testSerial,
  type TestMosquitto,
  announceTopology,
} from '@lookout/drone-bridge/testing';
import { openTestDatabase } from '@lookout/db/testing';
import type { Database } from '@lookout/db';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, login, startHarness, type Harness } from '../testing/harness.ts';

/**
 * A station's own Mosquitto with the dynamic-security plugin, a server configured with its admin
 * (MQTT_DYNSEC_USER/PASSWORD) and a bridge keeping DJI access there: a pilot's credentials from the Pilot 2 page
 * work on the broker at once — no mosquitto-sync, no SIGHUP — and stop working when they are revoked.
 */
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe.skipIf(!hasMosquitto() || !hasDynsec())('pilot credentials on a Mosquitto with dynamic security', () => {
  let database: Database;
  let mosquitto: TestMosquitto;
  let sync: DynsecSync;
  let bridge: Bridge;
  let h: Harness;
  const bridgeUser = { username: '_lookout-bridge', password: randomUUID() };
  const admin = { username: 'lookout-dynsec', password: randomUUID() };
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    // Run alone (`npm run test:real:alone`): every unbound credential left by other files would make a new
    // gateway's pilot ambiguous on Mosquitto, which does not tell the bridge who published.
    await revokeStaleTestPilots(database, { everyUnbound: true });
    // The files are written once, before any pilot exists, and never reloaded.
    mosquitto = await startTestMosquitto({
      writeAuth: (files) =>
        writeMosquittoAuthFiles(database, { ...files, bridgeUser, djiAccess: 'dynsec' }).then(() => undefined),
      dynsecAdmin: admin,
    });
    // A short interval, so the bridge's sync often runs while the server issues credentials.
    ({ sync, bridge } = await startDynsecBridge({
      database,
      url: mosquitto.url,
      admin,
      bridgeUser,
      log,
      intervalMs: 100,
    }));
    h = await startHarness({
      database,
      env: {
        MQTT_URL: mosquitto.url,
        MQTT_DYNSEC_USER: admin.username,
        MQTT_DYNSEC_PASSWORD: admin.password,
        DJI_MQTT_URL: mosquitto.url,
      },
    });
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    await h?.close();
    await bridge?.stop();
    await sync?.close();
    await mosquitto?.dispose();
    await database?.close();
  });

  async function signIn(): Promise<{ cookie: string; connection: DjiConnection }> {
    const u = await createTestUser(database, 'pilot');
    const cookie = await login(h.base, u.username, u.password);
    const res = await fetch(`${h.base}/api/v1/dji/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: '{}',
    });
    expect(res.status).toBe(200);
    return { cookie, connection: (await res.json()) as DjiConnection };
  }

  /** DJI Pilot 2's thing component: MQTT 5 with the credentials `/dji/connect` returned. */
  async function pilot2(c: DjiConnection): Promise<MqttClient> {
    const client = await mqtt.connectAsync(
      c.mqtt.url,
      {
        clientId: `pilot2-${randomUUID().slice(0, 8)}`,
        username: c.mqtt.username,
        password: c.mqtt.password,
        protocolVersion: 5,
        reconnectPeriod: 0,
        connectTimeout: 5_000,
      },
      false,
    );
    clients.push(client);
    return client;
  }

  /** update_topo of `gateway` with `aircraft` under it; resolves with the platform's status_reply. */
  async function announce(client: MqttClient, gateway: string, aircraft: string) {
    return (await announceTopology(client, gateway, aircraft)).reply;
  }

  /** `promise`, or a clear failure after `ms` instead of the test's timeout. */
  function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  }

  it('lets a pilot log in with the credentials he was just given, and binds his gateway', async () => {
    const { connection } = await signIn();
    expect(connection.mqtt.url).toBe(mosquitto.url.replace(/^mqtt:/, 'tcp:'));
    const client = await pilot2(connection);
    expect(client.connected).toBe(true);

    const gateway = testSerial('RC');
    const aircraft = testSerial('AC');
    expect(await announce(client, gateway, aircraft)).toMatchObject({ data: { result: 0 } });
    // The bridge bound the aircraft to his gateway before the status_reply: its OSD is accepted (PUBACK 0) and stored.
    await client.publishAsync(
      djiTopics.osd(aircraft),
      JSON.stringify({
        tid: randomUUID(),
        bid: randomUUID(),
        timestamp: Date.now(),
        data: { latitude: 28.95, longitude: 120.07, height: 160, elevation: 60, attitude_head: 10 },
      }),
      { qos: 1 },
    );
    await expect
      .poll(
        async () => (await database.query('select 1 from fixes where drone_id = $1', [djiDroneId(aircraft)])).length,
      )
      .toBe(1);
  });

  it('shuts a pilot out once his credentials are revoked', async () => {
    const { cookie, connection } = await signIn();
    const client = await pilot2(connection);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const res = await fetch(`${h.base}/api/v1/dji/disconnect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: '{}',
    });
    expect(res.status).toBe(200);
    // The bridge's sync deletes his dynamic-security client, which disconnects him.
    await within(10_000, 'the disconnection', closed);
    await expect(within(10_000, 'the refusal', pilot2(connection))).rejects.toThrow(/not authori[sz]ed/i);
  });
});
