import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../bridge.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded-broker.ts';
import { freePort } from '../net/tcp-port.ts';
import { createTestDrone } from '../testing/drones.ts';
import { lawnmower } from './flight-pattern.ts';
import { startSimulator } from './index.ts';
import { startSimDrone } from './sim-drone.ts';

/**
 * The simulator end to end on the embedded default: demo drones with their own credentials → aedes (drone auth
 * and ACL) → bridge → database, and the drone app's outbox resending across a broker outage.
 */
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let database: Database;
let dataDir: string;

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-sim-e2e-'));
});
afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startStack(port = 0): Promise<{ broker: EmbeddedBroker; bridge: Bridge }> {
  const broker = await startEmbeddedBroker({
    database,
    port,
    strictPort: port !== 0,
    host: '127.0.0.1',
    log,
  });
  const bridge = startBridge({
    database,
    mqttUrl: broker.url,
    ...broker.bridgeUser,
    clientId: `sim-test-bridge-${port}`,
    log,
    lingerMs: 10,
  });
  await bridge.ready;
  return { broker, bridge };
}

describe('simulator', () => {
  it('flies the demo drones: Lookout v1 fixes, a sighting and DJI osd all reach the database and come back acked', async () => {
    const since = new Date();
    const { broker, bridge } = await startStack();
    const sim = await startSimulator({
      database,
      mqttUrl: broker.url,
      dataDir,
      log,
      hz: 5,
      sightingEveryS: 1,
    });
    try {
      const ids = sim.drones.map((d) => d.droneId);
      const counts = async () =>
        database.query<{ drone_id: string; src: string; n: number }>(
          `select drone_id, src, count(*)::int as n from fixes where drone_id = any($1::text[]) and received_at >= $2 group by 1, 2`,
          [ids, since.toISOString()],
        );
      await waitFor('fixes from every demo drone and a DJI osd fix', async () => {
        const rows = await counts();
        const sim = new Set(rows.filter((r) => r.src === 'sim' && r.n >= 5).map((r) => r.drone_id));
        return ids.every((id) => sim.has(id)) && rows.some((r) => r.src === 'dji');
      });
      await waitFor('a sighting', async () => {
        const rows = await database.query(
          `select 1 from sightings where drone_id = any($1::text[]) and received_at >= $2 limit 1`,
          [ids, since.toISOString()],
        );
        return rows.length > 0;
      });
      // The drones heard their ids back: their outboxes empty out.
      await waitFor('acks back to the drones', () =>
        sim.drones.every((d) => d.stats().acked > 0 && d.stats().pending < 20),
      );
      const states = await database.query<{
        drone_id: string;
        lon: number;
        lat: number;
      }>(`select drone_id, st_x(geom) as lon, st_y(geom) as lat from drone_state where drone_id = any($1::text[])`, [
        ids,
      ]);
      expect(states).toHaveLength(3);
      for (const s of states) {
        // Over the hills near Yongkang.
        expect(s.lon).toBeGreaterThan(120.0);
        expect(s.lon).toBeLessThan(120.15);
        expect(s.lat).toBeGreaterThan(28.9);
        expect(s.lat).toBeLessThan(29.0);
      }
    } finally {
      await sim.stop();
      await bridge.stop();
      await broker.close();
    }
  }, 60_000);

  it('resends what was not acknowledged after the broker went away, so every reading is stored once', async () => {
    const drone = await createTestDrone(database, 'sim-outage');
    const port = await freePort();
    let stack = await startStack(port);
    const sim = startSimDrone({
      mqttUrl: stack.broker.url,
      droneId: drone.id,
      password: drone.password,
      callsign: drone.id,
      route: lawnmower({
        corner: [120.06, 28.94],
        legBearing: 0,
        legM: 500,
        widthM: 200,
        spacingM: 50,
      }),
      home: [120.06, 28.94],
      homeMsl: 200,
      speed: 8,
      altRel: 60,
      hz: 20,
      sightingEveryS: 2,
      resendAfterMs: 3_000,
      log,
    });
    try {
      await waitFor('first acks', () => sim.stats().acked > 10);
      // The broker (in-memory queues) and the bridge vanish; the drone keeps flying, its readings pile up.
      await stack.bridge.abort();
      await stack.broker.close();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(sim.stats().pending).toBeGreaterThan(10);
      stack = await startStack(port);
      // Land: no new readings; everything still pending must come back acknowledged.
      await sim.stop({ drainMs: 30_000 });
      const s = sim.stats();
      expect(s.resent).toBeGreaterThan(0);
      const stored = async () => {
        const rows = await database.query<{ n: number; d: number }>(
          `select count(*)::int as n, count(distinct reading_id)::int as d from (
             select reading_id from fixes where drone_id = $1 union all select reading_id from sightings where drone_id = $1) r`,
          [drone.id],
        );
        return rows[0]!;
      };
      const final = await stored();
      expect(final.n).toBe(final.d);
      expect(s.pending).toBe(0);
      expect(final.n).toBe(s.sent);
    } finally {
      await sim.stop();
      await stack.bridge.stop();
      await stack.broker.close();
    }
  }, 60_000);
});
