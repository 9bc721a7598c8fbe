/**
 * Faults on the real services (DATABASE_URL and MQTT_URL set; skipped otherwise): a drone streams 10,000 fixes
 * and 100 sightings at QoS 1 through our own Mosquitto (project config, persistence on) to the standalone bridge
 * process, while the bridge is SIGKILLed and restarted, Mosquitto is restarted, PostgreSQL is restarted.
 * Afterwards every reading the drone saw acknowledged is stored exactly once and nothing is stored twice.
 *
 * The PostgreSQL test restarts the machine's cluster (`pg_ctlcluster 15 main restart`): run this folder on its own
 * (`npx vitest run drone-bridge/test/faults`), not beside other suites using the same database.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { createTestDrone } from '../../src/testing/drones.ts';
import type { TestMosquitto } from '../../src/testing/mosquitto.ts';
import {
  BridgeProcess,
  postgresClientPorts,
  ensurePgRunning,
  pgCluster,
  realServices,
  sleep,
  startFaultMosquitto,
  storedReadings,
} from './fault-harness.ts';
import { StreamPublisher } from './stream-publisher.ts';

const FIXES = 10_000;
const SIGHTINGS = 100;
const databaseUrl = process.env.DATABASE_URL ?? '';

describe.skipIf(!realServices)('faults: every acknowledged reading stored exactly once', () => {
  let database: Database;
  let mosquitto: TestMosquitto | undefined;
  let bridge: BridgeProcess | undefined;
  let publisher: StreamPublisher | undefined;

  beforeAll(async () => {
    await ensurePgRunning();
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await publisher?.close();
    await bridge?.kill();
    await mosquitto?.dispose();
    publisher = undefined;
    bridge = undefined;
    mosquitto = undefined;
    await ensurePgRunning();
  });
  afterAll(async () => {
    await ensurePgRunning();
    await database?.close();
  });

  /** One drone, our Mosquitto, the bridge process and a publisher; `fault` runs while the stream flows. */
  async function scenario(
    name: string,
    fault: (ctx: { bridge: BridgeProcess; mosquitto: TestMosquitto; publisher: StreamPublisher }) => Promise<void>,
    ratePerS = 700,
  ) {
    const drone = await createTestDrone(database, `fault-${name}`);
    const m = await startFaultMosquitto(database);
    mosquitto = m.mosquitto;
    bridge = new BridgeProcess({
      databaseUrl,
      mqttUrl: mosquitto.url,
      ...m.bridgeUser,
    });
    bridge.start();
    publisher = new StreamPublisher({
      url: mosquitto.url,
      droneId: drone.id,
      password: drone.password,
      fixes: FIXES,
      sightings: SIGHTINGS,
      ratePerS,
      window: 2_000,
      resendAfterMs: 5_000,
    });
    const streamed = publisher.start();
    await fault({ bridge, mosquitto, publisher });
    await until(publisher, 1, 120_000);
    await streamed;
    if (!bridge.running) bridge.start();
    const drained = await publisher.drained(120_000);
    const stored = await storedReadings(database, drone.id);

    const ackedMissing = [...publisher.acked].filter((id) => stored.perId.get(id) !== 1);
    const twice = [...stored.perId].filter(([, n]) => n > 1);
    const context = `sent ${publisher.sent}/${publisher.total}, acked ${publisher.acked.size}, pending ${publisher.outbox.size}, resent ${publisher.resent}, reconnects ${publisher.connects}, bridge starts ${bridge.starts}\n--- bridge log (tail) ---\n${bridge.log().slice(-4_000)}`;
    expect(ackedMissing, `acknowledged but not stored exactly once; ${context}`).toEqual([]);
    expect(twice, `stored twice; ${context}`).toEqual([]);
    expect(stored.rows).toBe(stored.distinct);
    // The stream really finished through the faults: every reading came back acknowledged and is stored.
    expect(drained, context).toBe(true);
    expect(publisher.acked.size).toBe(FIXES + SIGHTINGS);
    expect(stored.distinct).toBe(FIXES + SIGHTINGS);
    return { drone, stored };
  }

  /** Wait until the publisher has sent at least `fraction` of the stream (it stalls while nothing is acknowledged). */
  async function until(publisher: StreamPublisher, fraction: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (publisher.sent < publisher.total * fraction) {
      if (Date.now() > deadline) {
        throw new Error(
          `stream stalled at ${publisher.sent}/${publisher.total} sent, ${publisher.acked.size} acked, ${publisher.outbox.size} waiting\n--- bridge log (tail) ---\n${bridge?.log().slice(-4_000)}\n--- mosquitto ---\n${mosquitto
            ?.stderr()
            .split('\n')
            .filter((l) => !l.includes('password salt'))
            .join('\n')
            .slice(-2_000)}`,
        );
      }
      await sleep(50);
    }
  }

  it('survives the bridge process being SIGKILLed and restarted several times', async () => {
    await scenario('bridge-kill', async ({ bridge, publisher }) => {
      const ackedAtKill: number[] = [];
      for (const at of [0.15, 0.35, 0.55, 0.75]) {
        await until(publisher, at);
        ackedAtKill.push(publisher.acked.size);
        await bridge.kill('SIGKILL');
        await sleep(800);
        bridge.start();
      }
      // The kills fell in the middle of the stream, with readings still unacknowledged.
      expect(ackedAtKill.every((n) => n < FIXES + SIGHTINGS)).toBe(true);
      expect(bridge.starts).toBe(5);
    });
  }, 240_000);

  it('survives Mosquitto being restarted (gracefully, then SIGKILLed) in the middle', async () => {
    await scenario('mosquitto-restart', async ({ mosquitto, publisher }) => {
      await until(publisher, 0.3);
      await mosquitto.stop();
      await sleep(1_000);
      await mosquitto.start();
      await until(publisher, 0.65);
      await mosquitto.kill();
      await sleep(1_000);
      await mosquitto.start();
    });
    // The bridge rode it out by reconnecting; the drone reconnected too.
    expect(bridge!.starts).toBe(1);
    expect(publisher!.connects).toBeGreaterThanOrEqual(3);
  }, 240_000);

  it('survives PostgreSQL being restarted in the middle, twice, under load', async () => {
    await scenario(
      'pg-restart',
      async ({ publisher }) => {
        // A fast stream keeps the bridge inside transactions, so a restart lands between two of its queries.
        for (const at of [0.3, 0.6]) {
          await until(publisher, at);
          pgCluster('restart');
          await ensurePgRunning();
        }
      },
      3_000,
    );
    // The bridge process lived through it (reconnected and retried its batch): never restarted.
    expect(bridge!.starts).toBe(1);
    expect(bridge!.running).toBe(true);
  }, 240_000);

  // Catches a checked-out pg client with no 'error' listener: PostgreSQL's FATAL (or a reset) arriving between two
  // statements of a batch is emitted as an unhandled 'error' event and kills the process. A restart of the cluster
  // hits that window only now and then; terminating exactly the bridge's idle-in-transaction backends hits it at once.
  it('survives its database connections being terminated in the middle of a transaction', async () => {
    let terminated = 0;
    await scenario(
      'pg-terminate',
      async ({ bridge, publisher }) => {
        await until(publisher, 0.2);
        // Only the bridge's own backends, caught between two statements of a batch ('idle in transaction'):
        // the moment a pooled client is checked out and has no query running.
        const deadline = Date.now() + 20_000;
        while (terminated < 5 && Date.now() < deadline && publisher.sent < publisher.total) {
          const ports = bridge.pid ? postgresClientPorts(bridge.pid) : [];
          if (ports.length) {
            const rows = await database.query<{ ok: boolean }>(
              `select pg_terminate_backend(pid) as ok from pg_stat_activity
               where client_port = any($1::int[]) and state = 'idle in transaction'`,
              [ports],
            );
            terminated += rows.filter((r) => r.ok).length;
          }
          await sleep(1);
        }
      },
      3_000,
    );
    expect(terminated).toBeGreaterThan(0);
    expect(bridge!.starts).toBe(1);
    expect(bridge!.running).toBe(true);
  }, 240_000);
});
