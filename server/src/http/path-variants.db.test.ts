import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../testing/case-factories.ts';
import { insertDrone, insertFix, insertSighting, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

/**
 * Another spelling of a path must not reach a route while skipping its access rule: with real rows behind the
 * routes, a liaison (no positions) and a pilot (no cases) ask for them in upper or mixed case, with a trailing
 * slash or a percent-encoded letter.
 */
let h: Harness;
let liaison: string;
let pilot: string;
let droneId: string;
let sightingId: number;
let caseId: string;

beforeAll(async () => {
  h = await startHarness();
  liaison = await sessionFor(h, 'liaison');
  pilot = await sessionFor(h, 'pilot');
  const drone = await insertDrone(h.database);
  droneId = drone.id;
  await insertFix(h.database, droneId, { t: new Date(), lon: 120.01, lat: 28.9 });
  sightingId = (await insertSighting(h.database, droneId, { photo: Buffer.from([0xff, 0xd8, 0xff, 0xd9]) })).id;
  caseId = await openCase(h, await sessionFor(h, 'commander'));
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function status(path: string, cookie: string): Promise<number> {
  const res = await fetch(`${h.base}${path}`, { headers: { cookie }, redirect: 'manual' });
  await res.arrayBuffer();
  return res.status;
}

describe('path variants of routes a role may not use', () => {
  it('the liaison gets no drone positions, tracks, sightings or photos in any spelling', async () => {
    const paths = [
      '/api/v1/Drones',
      '/API/V1/DRONES',
      '/api/v1/drones/',
      '/api/v1/%64rones',
      '/API/V1/TRACKS',
      '/api/v1/SIGHTINGS',
      `/api/v1/drones/${droneId}/Track`,
      `/API/V1/SIGHTINGS/${sightingId}/photo`,
      `/api/v1/sightings/${sightingId}/photo/`,
    ];
    const got = Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await status(p, liaison)])));
    expect(got).toEqual(Object.fromEntries(paths.map((p) => [p, 404])));
  });

  it('the lower-case paths still answer the liaison 403 and the pilot 200', async () => {
    expect(await status('/api/v1/drones', liaison)).toBe(403);
    expect(await status(`/api/v1/sightings/${sightingId}/photo`, liaison)).toBe(403);
    expect(await status('/api/v1/drones', pilot)).toBe(200);
    expect(await status(`/api/v1/drones/${droneId}/track`, pilot)).toBe(200);
  });

  it("a pilot or a liaison gets no case's rings in any spelling", async () => {
    for (const cookie of [pilot, liaison]) {
      expect(await status(`/API/V1/CASES/${caseId}/rings`, cookie)).toBe(404);
      expect(await status(`/api/v1/cases/${caseId}/Rings`, cookie)).toBe(404);
      expect(await status(`/api/v1/cases/${caseId}/rings`, cookie)).toBe(403);
    }
  });
});
