import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDjiDevicesRepo } from './dji-devices.repo.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const serial = (prefix: string) => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}`;

describe('DJI devices repo', () => {
  it('lists a dock with its merged state, the ellipsoid height and the MSL height', async () => {
    const dock = serial('DK');
    await database.query(
      `insert into dji_devices (serial, role, domain, state, geom, height_ellipsoid, state_at)
       values ($1, 'gateway', '3', $2::jsonb, st_setsrid(st_makepoint(120.07, 28.95), 4326), 48.5, now())`,
      [dock, JSON.stringify({ mode_code: 4, cover_state: 1, drone_in_dock: 0, job_number: 3 })],
    );
    const found = (await createDjiDevicesRepo(database).docks()).find((d) => d.serial === dock);
    expect(found).toMatchObject({ lon: 120.07, lat: 28.95, heightEllipsoid: 48.5, modeCode: 4, droneInDock: false });
    expect(found!.heightMsl).toBeCloseTo(39.7, 1);
  });

  it('lists a drone’s events newest first', async () => {
    const droneId = `dji-${serial('AC')}`;
    await database.query(`insert into drones (id, callsign, credential_hash, source) values ($1, $1, '!', 'dji')`, [
      droneId,
    ]);
    for (const [i, type] of (['hms', 'flighttask_progress'] as const).entries())
      await database.query(
        `insert into drone_events (device_serial, drone_id, reading_id, t, type, level, code, data)
         values ('DK1', $1, $2, now() + ($3 || ' seconds')::interval, $4, $5, $6, '{}'::jsonb)`,
        [droneId, randomUUID(), i, type, type === 'hms' ? 2 : null, type === 'hms' ? '0x16100083' : 'in_progress'],
      );
    const events = await createDjiDevicesRepo(database).droneEvents(droneId, 10);
    expect(events.map((e) => e.type)).toEqual(['flighttask_progress', 'hms']);
    expect(events[1]).toMatchObject({ level: 2, code: '0x16100083', droneId });
  });
});
