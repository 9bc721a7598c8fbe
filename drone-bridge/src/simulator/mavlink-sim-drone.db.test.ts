import { randomBytes } from 'node:crypto';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMavlinkListener, type MavlinkListener } from '../mavlink/mavlink-listener.ts';
import { releaseMavlinkDrones } from '../testing/mavlink-drones.ts';
import { MAVLINK_DEMO, startMavlinkSimDrone, type MavlinkSimDrone } from './mavlink-sim-drone.ts';

/**
 * The demo MAVLink aircraft over real UDP into the database (PGlite, or PostgreSQL with DATABASE_URL): its fixes
 * carry its gimbal's pitch, straight down, so its camera coverage lies under it.
 */

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const secretKey = randomBytes(32);
let database: Database;
let listener: MavlinkListener;
let sim: MavlinkSimDrone | undefined;

beforeAll(async () => {
  database = await openTestDatabase();
  listener = await startMavlinkListener({ database, port: 0, host: '127.0.0.1', secretKey, log, lingerMs: 5 });
});

afterAll(async () => {
  await sim?.stop();
  await listener?.close();
  if (database) {
    // Give system id 42 back: other test files may share a real database.
    if (sim) await releaseMavlinkDrones(database, [sim.droneId]);
    await database.close();
  }
});

describe('the demo MAVLink aircraft', () => {
  it('sends its gimbal pitch (−90°) with its positions, signed, and its fixes store it', async () => {
    const since = new Date();
    sim = await startMavlinkSimDrone({ database, secretKey, port: listener.port, host: '127.0.0.1', hz: 4, log });
    expect(sim?.systemId).toBe(MAVLINK_DEMO.systemId);
    await listener.refresh();
    const pitches = async () =>
      (
        await database.query<{ gimbal_pitch: number | null }>(
          'select gimbal_pitch from fixes where drone_id = $1 and t >= $2 order by t',
          [sim!.droneId, since.toISOString()],
        )
      ).map((r) => (r.gimbal_pitch === null ? null : Number(r.gimbal_pitch)));
    // The frames before the listener knew the new registration were refused; from the first gimbal message on,
    // every fix carries the pitch.
    await expect
      .poll(async () => (await pitches()).filter((p) => p !== null).length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(6);
    const got = await pitches();
    const fromFirst = got.slice(got.findIndex((p) => p !== null));
    expect(fromFirst.every((p) => p === MAVLINK_DEMO.gimbalPitch)).toBe(true);
  });
});
