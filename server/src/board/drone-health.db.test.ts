import { randomUUID } from 'node:crypto';
import { boardDroneHealthResponse } from '@lookout/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from '../testing/contract.ts';
import { sessionFor, startHarness, uid, type Harness } from '../testing/harness.ts';
import { call } from '../testing/case-factories.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

/** A DJI aircraft under a dock of its own (other test files share a real database). */
async function djiDrone(): Promise<{ droneId: string; callsign: string; dock: string }> {
  const droneId = `dji-${uid()}${uid()}`;
  const callsign = `M3TD-${uid()}`;
  await h.database.query(`insert into drones (id, callsign, credential_hash, source) values ($1, $2, '!', 'dji')`, [
    droneId,
    callsign,
  ]);
  return { droneId, callsign, dock: `DK${uid()}`.toUpperCase() };
}

async function hms(
  dock: string,
  droneId: string | null,
  agoS: number,
  item: { level: number; code: string; in_the_sky?: number; component_index?: number },
): Promise<void> {
  const data = {
    level: item.level,
    module: 3,
    in_the_sky: item.in_the_sky ?? 1,
    code: item.code,
    device_type: droneId ? '0-91-1' : '3-2-0',
    imminent: 0,
    args: { component_index: item.component_index ?? 0, sensor_index: 0 },
  };
  await h.database.query(
    `insert into drone_events (device_serial, drone_id, reading_id, t, type, level, code, data)
     values ($1, $2, $3, $4, 'hms', $5, $6, $7::jsonb)`,
    [dock, droneId, randomUUID(), ago(agoS), item.level, item.code, JSON.stringify(data)],
  );
}

async function board(cookie?: string) {
  const res = await call(h, 'GET', '/api/v1/board/drone-health', {
    cookie: cookie ?? (await sessionFor(h, 'commander')),
  });
  expect(res.status).toBe(200);
  return expectContract(boardDroneHealthResponse, res.body);
}

describe('GET /board/drone-health', () => {
  it('folds the repeated reports of one warning into one row: since its first, active while repeated', async () => {
    const { droneId, callsign, dock } = await djiDrone();
    for (const s of [600, 300, 30]) await hms(dock, droneId, s, { level: 2, code: '0x16100083' });
    const answer = await board();
    expect(answer).toMatchObject({ minLevel: 2, activeForS: 120, keptForS: 1800 });
    const mine = answer.items.filter((i) => i.deviceSerial === dock);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ droneId, callsign, code: '0x16100083', inTheSky: true, active: true, reports: 3 });
    // Since the first report, ten minutes ago (the slow shared test machine gets a minute's slack).
    expect(Math.abs(Date.parse(mine[0]!.firstAt) - (Date.now() - 600_000))).toBeLessThan(60_000);
  });

  it('shows a warning not repeated for two minutes as past, and none older than half an hour', async () => {
    const { droneId, dock } = await djiDrone();
    await hms(dock, droneId, 400, { level: 2, code: '0x1A420BC0' });
    await hms(dock, droneId, 2400, { level: 2, code: '0x16100001' });
    const mine = (await board()).items.filter((i) => i.deviceSerial === dock);
    expect(mine.map((i) => [i.code, i.active])).toEqual([['0x1A420BC0', false]]);
  });

  it('leaves notices and cautions to the drone’s own panel', async () => {
    const { droneId, dock } = await djiDrone();
    await hms(dock, droneId, 10, { level: 0, code: '0x1' });
    await hms(dock, droneId, 10, { level: 1, code: '0x2' });
    expect((await board()).items.filter((i) => i.deviceSerial === dock)).toEqual([]);
  });

  it('keeps two components with the same code apart, and names a dock’s own warning by its serial', async () => {
    const { droneId, dock } = await djiDrone();
    await hms(dock, droneId, 20, { level: 2, code: '0x16100083', component_index: 0 });
    await hms(dock, droneId, 10, { level: 2, code: '0x16100083', component_index: 1 });
    await hms(dock, null, 5, { level: 2, code: '0x27010001', in_the_sky: 0 });
    const mine = (await board()).items.filter((i) => i.deviceSerial === dock);
    expect(mine.map((i) => [i.code, i.componentIndex, i.callsign])).toEqual([
      ['0x16100083', 1, expect.any(String)],
      ['0x16100083', 0, expect.any(String)],
      ['0x27010001', 0, null],
    ]);
  });

  it.each(['pilot', 'officer', 'liaison'] as const)('refuses the %s role', async (role) => {
    const res = await call(h, 'GET', '/api/v1/board/drone-health', { cookie: await sessionFor(h, role) });
    expect(res.status).toBe(403);
  });
});
