import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bridge } from '../bridge.ts';
import { rebindDjiDevice, revokeDjiPilot } from '../dji/dji-access.repo.ts';
import { djiDroneId, djiTopics } from '../dji/dji-topics.ts';
import { createTestDjiPilot, revokeStaleTestPilots, testSerial } from '../testing/dji-pilots.ts';
import { announceTopology } from '../testing/dji-topology.ts';
import { startDynsecBridge } from '../testing/dynsec-bridge.ts';
import { hasDynsec, hasMosquitto, startTestMosquitto, type TestMosquitto } from '../testing/mosquitto.ts';
import { writeMosquittoAuthFiles } from './auth-files.ts';
import { createDynsecPilotIssuer, type DynsecPilotIssuer } from './dynsec-issue.ts';
import type { DynsecSync } from './dynsec-sync.ts';

/**
 * DJI access on a Mosquitto the bridge does not own: a real Mosquitto 2.0 with its dynamic-security plugin, the
 * bridge and the dynsec sync in this process. Binding changes (a topology, an admin's rebinding, a revocation)
 * reach the broker without a restart or a reload; a refused publish gets PUBACK 0x87 over MQTT 5.
 */
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const NOT_AUTHORIZED = 0x87;

describe.skipIf(!hasMosquitto() || !hasDynsec())('DJI access through Mosquitto’s dynamic-security plugin', () => {
  let database: Database;
  let mosquitto: TestMosquitto;
  let sync: DynsecSync;
  let bridge: Bridge;
  let issuer: DynsecPilotIssuer;
  const bridgeUser = { username: '_lookout-bridge', password: randomUUID() };
  const admin = { username: 'lookout-dynsec', password: randomUUID() };
  const clients: MqttClient[] = [];

  /** Pilot credentials are still authenticated by the password file: rewrite it and reload, as mosquitto-sync does. */
  const writeFiles = (files: { passwordFile: string; aclFile: string }) =>
    writeMosquittoAuthFiles(database, { ...files, bridgeUser, djiAccess: 'dynsec' }).then(() => undefined);

  beforeAll(async () => {
    database = await openTestDatabase();
    // Run alone (`npm run test:real:alone`): every unbound credential left by other files would make a new
    // gateway's pilot ambiguous on Mosquitto, which does not tell the bridge who published.
    await revokeStaleTestPilots(database, { everyUnbound: true });
    mosquitto = await startTestMosquitto({ writeAuth: writeFiles, dynsecAdmin: admin });
    ({ sync, bridge } = await startDynsecBridge({
      database,
      url: mosquitto.url,
      admin,
      bridgeUser,
      log,
      intervalMs: 300,
    }));
    issuer = createDynsecPilotIssuer({
      database,
      url: mosquitto.url,
      admin,
      clientId: `issuer-${randomUUID().slice(0, 8)}`,
      log,
    });
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    await bridge?.stop();
    await issuer?.close();
    await sync?.close();
    await mosquitto?.dispose();
    await database?.close();
  });

  async function pilotLogin() {
    const pilot = await createTestDjiPilot(database);
    await writeFiles(mosquitto);
    await mosquitto.reload();
    await sync.sync();
    const connect = () =>
      mqtt.connectAsync(mosquitto.url, {
        clientId: `pilot2-${randomUUID().slice(0, 8)}`,
        username: pilot.username,
        password: pilot.password,
        protocolVersion: 5,
        // Mosquitto 2.0.11 with `max_queued_messages 0` (lookout.conf) closes an MQTT 5 connection right after
        // refusing its QoS 1 PUBLISH with 0x87; DJI Pilot 2 reconnects, and so does this client.
        reconnectPeriod: 200,
      });
    const client = await connect();
    clients.push(client);
    return { ...pilot, client, connect };
  }

  /** The PUBACK reason code of a QoS 1 publish (0 = accepted). */
  async function publish(client: MqttClient, topic: string, body: unknown): Promise<number> {
    await until('the connection', async () => client.connected);
    try {
      await client.publishAsync(topic, JSON.stringify(body), { qos: 1 });
      return 0;
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (typeof code !== 'number') throw err;
      // The close that follows a refusal (see pilotLogin) arrives a moment later; be connected again after it.
      await new Promise((r) => setTimeout(r, 300));
      await until('the reconnection', async () => client.connected);
      return code;
    }
  }

  const osd = (lat: number) => ({
    tid: randomUUID(),
    bid: randomUUID(),
    timestamp: Date.now() - 1_000 + Math.floor(Math.random() * 900),
    data: { latitude: lat, longitude: 120.07, height: 160, elevation: 60, attitude_head: 10 },
  });

  /** update_topo of `gateway` with `aircraft` under it, answered with result 0. */
  async function announce(client: MqttClient, gateway: string, aircraft: string): Promise<void> {
    const publishAccepted = async (topic: string, body: unknown) => {
      expect(await publish(client, topic, body)).toBe(0);
    };
    const { reply } = await announceTopology(client, gateway, aircraft, { publish: publishAccepted });
    expect(reply).toMatchObject({ data: { result: 0 } });
  }

  async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('accepts a sub-device once its topology bound it, and refused it before (0x87)', async () => {
    const p = await pilotLogin();
    const gateway = testSerial('RC');
    const aircraft = testSerial('AC');
    expect(await publish(p.client, djiTopics.osd(aircraft), osd(28.95))).toBe(NOT_AUTHORIZED);
    await announce(p.client, gateway, aircraft);
    // No reload, no restart: the plugin was updated before the status_reply went out.
    expect(await publish(p.client, djiTopics.osd(aircraft), osd(28.96))).toBe(0);
    await until('the fix', async () => {
      const rows = await database.query('select 1 from fixes where drone_id = $1', [djiDroneId(aircraft)]);
      return rows.length === 1;
    });
  });

  it('refuses a serial bound to another gateway (0x87) until an admin rebinds it', async () => {
    const ownerGw = testSerial('RC');
    const intruderGw = testSerial('RC');
    const aircraft = testSerial('AC');
    // One pilot at a time: Mosquitto does not say who published, so an unbound gateway goes to the one pilot
    // whose credentials have no gateway yet.
    const owner = await pilotLogin();
    await announce(owner.client, ownerGw, aircraft);
    const intruder = await pilotLogin();
    // The intruder's topology names the same aircraft: stored for his gateway, the aircraft refused.
    await announce(intruder.client, intruderGw, aircraft);
    expect(await publish(intruder.client, djiTopics.osd(aircraft), osd(28.97))).toBe(NOT_AUTHORIZED);
    expect(await publish(owner.client, djiTopics.osd(aircraft), osd(28.97))).toBe(0);

    // What `lookout dji-rebind <aircraft> --gateway <intruder's>` does, from another process: only the database.
    expect(await rebindDjiDevice(database, aircraft, { gateway: intruderGw })).toBe(true);
    await until('the rebinding on the broker', async () => {
      return (await publish(intruder.client, djiTopics.osd(aircraft), osd(28.98))) === 0;
    });
    expect(await publish(owner.client, djiTopics.osd(aircraft), osd(28.99))).toBe(NOT_AUTHORIZED);
  });

  it('takes every topic from revoked credentials and disconnects them', async () => {
    const p = await pilotLogin();
    const gateway = testSerial('RC');
    const aircraft = testSerial('AC');
    await announce(p.client, gateway, aircraft);
    const closed = new Promise<void>((resolve) => p.client.once('close', () => resolve()));
    await revokeDjiPilot(database, p.userId);
    await closed;
    // The stale password file still lets him in until the next mosquitto-sync, but the plugin grants nothing.
    const again = await p.connect();
    clients.push(again);
    expect(await publish(again, djiTopics.osd(aircraft), osd(28.95))).toBe(NOT_AUTHORIZED);
    expect(await publish(again, djiTopics.status(gateway), osd(28.95))).toBe(NOT_AUTHORIZED);
  });

  const loginNow = (p: { username: string; password: string }) =>
    mqtt.connectAsync(
      mosquitto.url,
      { ...p, clientId: `pilot2-${randomUUID().slice(0, 8)}`, protocolVersion: 5, reconnectPeriod: 0 },
      false,
    );

  it('deletes the client of credentials issued and revoked between two passes', async () => {
    await sync.sync();
    const p = await createTestDjiPilot(database);
    await issuer.issue(p);
    await revokeDjiPilot(database, p.userId);
    // The wanted pilots are the same as at the last pass, but a credential was issued meanwhile.
    await sync.sync();
    await expect(loginNow(p)).rejects.toThrow(/not authori[sz]ed/i);
  });

  it('lets issued credentials log in at once, with no password file, whichever of issuer and sync comes first', async () => {
    // The server's order: credentials stored, then the client created with the plain password; a sync after it
    // keeps the client.
    const first = await createTestDjiPilot(database);
    await issuer.issue(first);
    await sync.sync();
    const a = await loginNow(first);
    clients.push(a);
    expect(a.connected).toBe(true);
    // The sync saw the stored credentials first and made the client without a password: the issuer sets it.
    const second = await createTestDjiPilot(database);
    await sync.sync();
    await issuer.issue(second);
    const b = await loginNow(second);
    clients.push(b);
    expect(b.connected).toBe(true);
    // Unbound credentials would make the next gateway's owner ambiguous.
    await revokeDjiPilot(database, first.userId);
    await revokeDjiPilot(database, second.userId);
    await sync.sync();
    await expect(loginNow(first)).rejects.toThrow(/not authori[sz]ed/i);
  });
});
