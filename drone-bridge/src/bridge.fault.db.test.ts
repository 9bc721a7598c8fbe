import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMosquittoAuthFiles } from './mosquitto/auth-files.ts';
import { createTestDrone } from './testing/drones.ts';
import { hasMosquitto, startTestMosquitto, type TestMosquitto } from './testing/mosquitto.ts';
import { topics } from './topics.ts';

/**
 * Faults (issue 3): the standalone bridge process (`drone-bridge/src/main.ts`) is SIGKILLed several times,
 * Mosquitto is restarted and then SIGKILLed while a drone streams fixes and sightings at QoS 1, resending each reading until its id
 * comes back on `acks` (as a real drone app does). Afterwards every reading is stored exactly once.
 * Needs the real PostgreSQL (the standalone bridge takes DATABASE_URL) and the mosquitto binary.
 */
const databaseUrl = process.env.DATABASE_URL;
const mainPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

describe.skipIf(!databaseUrl || !hasMosquitto())('bridge process under SIGKILL and broker restart', () => {
  let database: Database;
  let broker: TestMosquitto;
  const bridgeUser = { username: '_lookout-bridge', password: randomUUID() };
  let proc: ChildProcess | undefined;
  const clientId = `fault-bridge-${randomUUID().slice(0, 8)}`;

  function startBridgeProcess(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        MQTT_URL: `mqtt://${bridgeUser.username}:${bridgeUser.password}@127.0.0.1:${broker.port}`,
        BRIDGE_CLIENT_ID: clientId,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
    });
    return child;
  }

  async function kill(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<number | null> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    return exited;
  }

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await kill(proc, 'SIGKILL');
    await broker?.dispose();
    await database?.close();
  });

  it('stores every reading exactly once across three SIGKILLs of the bridge, a Mosquitto restart and a Mosquitto crash, and exits cleanly on SIGTERM', async () => {
    const drone = await createTestDrone(database, 'fault');
    broker = await startTestMosquitto({ writeAuth: (files) => writeMosquittoAuthFiles(database, { ...files, bridgeUser }).then(() => undefined) });
    proc = startBridgeProcess();

    const client = await mqtt.connectAsync(broker.url, { clientId: drone.id, username: drone.id, password: drone.password, clean: false, reconnectPeriod: 100, protocolVersion: 4 });
    const outbox = new Map<string, { topic: string; body: string; sentAt: number }>();
    const acked = new Set<string>();
    client.on('message', (_t, payload) => {
      const body = JSON.parse(payload.toString()) as { ids: string[] };
      for (const id of body.ids) {
        acked.add(id);
        outbox.delete(id);
      }
    });
    await client.subscribeAsync(topics.acks(drone.id), { qos: 1 });
    const send = (id: string) => {
      const m = outbox.get(id);
      if (!m) return;
      m.sentAt = Date.now();
      client.publish(m.topic, m.body, { qos: 1 }, () => undefined);
    };
    const resend = setInterval(() => {
      for (const [id, m] of outbox) if (Date.now() - m.sentAt > 3000) send(id);
    }, 500);

    const FIXES = 10_000;
    const SIGHTINGS = 100;
    const all: string[] = [];
    let lastCount = 0;
    const storedCount = async () => {
      try {
        lastCount = (await database.query<{ n: number }>('select count(*)::int as n from fixes where drone_id = $1', [drone.id]))[0]!.n;
      } catch {
        // The shared PostgreSQL may be restarted by another suite; the next poll asks again.
      }
      return lastCount;
    };
    // Each fault strikes while the bridge is visibly committing (the count grew since it started) and
    // readings are still outstanding; the counts at each fault are checked below.
    const struckAt: number[] = [];
    const faults = (async () => {
      for (let k = 0; k < 3; k++) {
        const before = await storedCount();
        while ((await storedCount()) < before + 300) await new Promise((r) => setTimeout(r, 20));
        await kill(proc, 'SIGKILL');
        struckAt.push(await storedCount());
        proc = startBridgeProcess();
      }
      const before = await storedCount();
      while ((await storedCount()) < before + 300) await new Promise((r) => setTimeout(r, 20));
      await broker.stop(); // graceful: the queue of the bridge's persistent session is saved
      struckAt.push(await storedCount());
      await new Promise((r) => setTimeout(r, 300));
      await broker.start();
      // And a broker crash: what it had not saved is lost, so the drone's resends have to fill the gap.
      const beforeCrash = await storedCount();
      while ((await storedCount()) < beforeCrash + 300) await new Promise((r) => setTimeout(r, 20));
      await broker.kill();
      struckAt.push(await storedCount());
      await broker.start();
    })();

    try {
      for (let i = 0; i < FIXES; i++) {
        const id = randomUUID();
        const t = new Date(Date.now() - 1000).toISOString();
        outbox.set(id, { topic: topics.telemetry(drone.id), body: JSON.stringify({ v: 1, id, seq: i, t, lon: 120.07 + i * 1e-6, lat: 28.93, bat: 80 }), sentAt: 0 });
        all.push(id);
        send(id);
        if (i % 100 === 0) {
          const sid = randomUUID();
          if (all.length / 100 <= SIGHTINGS) {
            outbox.set(sid, { topic: topics.sightings(drone.id), body: JSON.stringify({ v: 1, id: sid, t, lon: 120.07, lat: 28.93, conf: 0.5 }), sentAt: 0 });
            all.push(sid);
            send(sid);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await faults;
      const deadline = Date.now() + Number(process.env.FAULT_WAIT_MS ?? 90_000);
      while (outbox.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (outbox.size > 0) {
        const ids = [...outbox.keys()];
        const storedOut = await database.query<{ n: number }>('select count(*)::int as n from fixes where drone_id = $1 and reading_id = any($2::uuid[])', [drone.id, ids]);
        process.stderr.write(`DIAG outbox=${outbox.size} storedOfOutbox=${storedOut[0]!.n} struck=${struckAt.join(',')} connected=${client.connected}\n`);
      }
      expect(outbox.size).toBe(0);
    } finally {
      clearInterval(resend);
      await client.endAsync(true);
    }

    const fixes = await database.query<{ n: number; distinct_ids: number }>('select count(*)::int as n, count(distinct reading_id)::int as distinct_ids from fixes where drone_id = $1', [drone.id]);
    const sightings = await database.query<{ n: number }>('select count(*)::int as n from sightings where drone_id = $1', [drone.id]);
    expect(fixes[0]).toEqual({ n: FIXES, distinct_ids: FIXES });
    expect(sightings[0]!.n).toBe(SIGHTINGS);
    const stored = new Set(
      (await database.query<{ id: string }>('select reading_id::text as id from fixes where drone_id = $1 union all select reading_id::text from sightings where drone_id = $1', [drone.id])).map((r) => r.id),
    );
    for (const id of acked) expect(stored.has(id)).toBe(true);
    expect(acked.size).toBe(all.length);
    expect(struckAt).toHaveLength(5);
    for (const n of struckAt) expect(n).toBeLessThan(FIXES);

    expect(await kill(proc, 'SIGTERM')).toBe(0);
  }, 180_000);
});
