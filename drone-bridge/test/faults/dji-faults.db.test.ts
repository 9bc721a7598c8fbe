/**
 * Faults with a DJI gateway on the real services (DATABASE_URL and MQTT_URL set; skipped otherwise): a pilot's
 * remote controller announces its topology, then streams its aircraft's OSD at QoS 1, one message per timestamp,
 * while the standalone bridge process is SIGKILLed and restarted. A DJI device learns nothing from Lookout but the
 * broker's PUBACK, so the promise is about those: every OSD message the broker acknowledged is a fix in the
 * database once the bridge is back, exactly once. Against the embedded aedes (MQTT 3.1.1, in this process) and
 * our own Mosquitto (MQTT 5, persistence on, the generated per-pilot ACL).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { pino } from 'pino';
import { startEmbeddedBroker } from '../../src/broker/embedded-broker.ts';
import { djiDroneId } from '../../src/dji/dji-topics.ts';
import { writeMosquittoAuthFiles } from '../../src/mosquitto/auth-files.ts';
import { createTestDjiPilot, revokeStaleTestPilots, testSerial } from '../../src/testing/dji-pilots.ts';
import { hasMosquitto } from '../../src/testing/mosquitto.ts';
import { BridgeProcess, realServices, retry, sleep, startFaultMosquitto } from './fault-harness.ts';
import { DjiGatewayStream } from './dji-gateway-stream.ts';

const MESSAGES = 3_000;
const databaseUrl = process.env.DATABASE_URL ?? '';
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A broker the bridge process and the gateway talk to, and how to make it take new DJI bindings. */
interface Rig {
  url: string;
  protocolVersion: 4 | 5;
  bridgeUser: { username: string; password: string };
  /** Environment the bridge needs for this broker. */
  bridgeEnv: Record<string, string>;
  syncAccess(): Promise<void>;
  close(): Promise<void>;
}

const rigs: { name: string; skip: boolean; start(database: Database): Promise<Rig> }[] = [
  {
    name: 'embedded aedes (MQTT 3.1.1)',
    skip: false,
    async start(database) {
      const broker = await startEmbeddedBroker({ database, port: 0, host: '127.0.0.1', log });
      return {
        url: broker.url,
        protocolVersion: 4,
        bridgeUser: broker.bridgeUser,
        // aedes has no shared subscriptions; the bridge keeps a persistent MQTT 3.1.1 session instead.
        bridgeEnv: { BRIDGE_SHARED: 'false' },
        syncAccess: () => broker.refreshDji(),
        close: () => broker.close(),
      };
    },
  },
  {
    name: 'Mosquitto (MQTT 5)',
    skip: !hasMosquitto(),
    async start(database) {
      const { mosquitto, bridgeUser } = await startFaultMosquitto(database);
      return {
        url: mosquitto.url,
        protocolVersion: 5,
        bridgeUser,
        bridgeEnv: {},
        async syncAccess() {
          await writeMosquittoAuthFiles(database, { ...mosquitto, bridgeUser });
          await mosquitto.reload();
        },
        close: () => mosquitto.dispose(),
      };
    },
  },
];

for (const rig of rigs) {
  describe.skipIf(!realServices || rig.skip)(`faults with a DJI gateway — ${rig.name}`, () => {
    let database: Database;
    let broker: Rig | undefined;
    let bridge: BridgeProcess | undefined;
    let gateway: DjiGatewayStream | undefined;

    beforeAll(async () => {
      database = await openTestDatabase();
      await revokeStaleTestPilots(database, { everyUnbound: true });
    });
    afterEach(async () => {
      await gateway?.close();
      await bridge?.kill();
      await broker?.close();
      gateway = undefined;
      bridge = undefined;
      broker = undefined;
    });
    afterAll(async () => {
      await database?.close();
    });

    /** Stored fixes of the aircraft: timestamp (ms) → rows. */
    async function storedFixes(droneId: string): Promise<Map<number, number>> {
      const rows = await retry(() =>
        database.query<{ ms: string | number; n: number }>(
          `select (extract(epoch from t) * 1000)::bigint as ms, count(*)::int as n from fixes where drone_id = $1
           group by t`,
          [droneId],
        ),
      );
      return new Map(rows.map((r) => [Number(r.ms), Number(r.n)]));
    }

    it('stores every OSD message the broker acknowledged, once, through SIGKILLs of the bridge', async () => {
      const pilot = await createTestDjiPilot(database);
      broker = await rig.start(database);
      bridge = new BridgeProcess({
        databaseUrl,
        mqttUrl: broker.url,
        ...broker.bridgeUser,
        extra: broker.bridgeEnv,
      });
      bridge.start();
      await bridge.ready();

      const aircraft = testSerial('AC');
      const droneId = djiDroneId(aircraft);
      gateway = new DjiGatewayStream({
        url: broker.url,
        username: pilot.username,
        password: pilot.password,
        gateway: testSerial('RC'),
        aircraft,
        protocolVersion: broker.protocolVersion,
        messages: MESSAGES,
        ratePerS: 300,
        firstTimestamp: Date.now() - 120_000,
      });
      await gateway.announce();
      // The topology bound the aircraft to this pilot's gateway; the broker must know before its OSD flows.
      await broker.syncAccess();

      const streamed = gateway.stream();
      const storedAtKill: number[] = [];
      for (const at of [0.2, 0.45, 0.7]) {
        while (gateway.sent < MESSAGES * at) await sleep(20);
        storedAtKill.push((await storedFixes(droneId)).size);
        await bridge.kill('SIGKILL');
        await sleep(800);
        bridge.start();
      }
      await streamed;
      expect(await gateway.settled(60_000), 'every OSD publish answered by the broker').toBe(true);
      await bridge.ready();

      // Give the restarted bridge the broker's queue; stop waiting once every acknowledged message is a fix.
      const deadline = Date.now() + 120_000;
      let stored = await storedFixes(droneId);
      while ([...gateway.acked].some((t) => !stored.has(t)) && Date.now() < deadline) {
        await sleep(500);
        stored = await storedFixes(droneId);
      }
      const context = `sent ${gateway.sent}, acked ${gateway.acked.size}, refused ${gateway.refused.length}, stored ${stored.size}, stored at kills ${storedAtKill.join('/')}, bridge starts ${bridge.starts}\n--- bridge log (tail) ---\n${bridge.log().slice(-4_000)}`;
      const missing = [...gateway.acked].filter((t) => !stored.has(t));
      const twice = [...stored].filter(([, n]) => n > 1);
      expect(missing, `acknowledged by the broker but not stored; ${context}`).toEqual([]);
      expect(twice, `stored twice; ${context}`).toEqual([]);
      expect(gateway.refused, context).toEqual([]);
      expect(gateway.acked.size).toBe(MESSAGES);
      expect(stored.size).toBe(MESSAGES);
      // The kills fell in the middle of the stream.
      expect(
        storedAtKill.every((n) => n < MESSAGES),
        context,
      ).toBe(true);
      expect(bridge.starts).toBe(4);
    }, 240_000);
  });
}
