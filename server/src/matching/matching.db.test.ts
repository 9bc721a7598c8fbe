import type { Match } from '@lookout/contracts';
import distance from '@turf/distance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDrone, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call, eastOf, freshSpot, insertSightingAt, openCase } from '../testing/case-factories.ts';
import { eventually, liveClient } from '../testing/live-client.ts';

let h: Harness;
let commander: string;
beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
});
afterAll(async () => {
  await h?.close();
});

const minutes = (n: number) => n * 60_000;

/** A case whose caller gave one rough ±80 m fix at `t0`, at a random spot (unique per test). */
async function caseWithFix(t0 = new Date(Date.now() - minutes(10))) {
  const fix = freshSpot();
  const caseId = await openCase(h, commander, { ipp: { ...fix, datum: 'wgs84' } });
  const res = await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
    cookie: commander,
    body: { lon: fix.lon, lat: fix.lat, datum: 'wgs84', accuracyM: 80, t: t0.toISOString() },
  });
  expect(res.status).toBe(201);
  return { caseId, fix, t0, callerLocationId: res.body.id as number };
}

const matchesOf = async (caseId: string) =>
  (await call(h, 'GET', `/api/v1/cases/${caseId}/matches`, { cookie: commander })).body.matches as Match[];

describe('matching a new sighting (through the live feed, as the bridge writes it)', () => {
  it('ranks a sighting 120 m from the fix 4 minutes later, with PostGIS distance agreeing with turf', async () => {
    const { caseId, fix, t0, callerLocationId } = await caseWithFix();
    const drone = await insertDrone(h.database);
    const spot = eastOf(fix, 120);
    const s = await insertSightingAt(h.database, drone.id, {
      ...spot,
      t: new Date(t0.getTime() + minutes(4)),
      uncM: 15,
      conf: 0.8,
    });
    const [m] = await eventually(async () => {
      const ms = await matchesOf(caseId);
      return ms.length ? ms : undefined;
    });
    expect(m).toMatchObject({ caseId, callerLocationId, sightingId: s.id, status: 'proposed', minutesApart: 4 });
    const oracle = distance([fix.lon, fix.lat], [spot.lon, spot.lat], { units: 'meters' });
    // turf is spherical (haversine), PostGIS geography is on the spheroid: they agree within 0.5 %.
    expect(Math.abs(m!.distanceM - oracle) / oracle).toBeLessThan(0.005);
    expect(m!.distanceM).toBeGreaterThan(115);
    expect(m!.distanceM).toBeLessThan(125);
    expect(m!.reason.zh).toBe('相距 120 米，定位精度 ±80 米，间隔 4 分钟');
    expect(m!.sighting).toMatchObject({ droneId: drone.id, callsign: drone.callsign, count: 3 });
    expect(m!.score).toBeGreaterThan(0.5);
  });

  it('ranks the nearer of two sightings first', async () => {
    const { caseId, fix, t0 } = await caseWithFix();
    const drone = await insertDrone(h.database);
    const far = await insertSightingAt(h.database, drone.id, {
      ...eastOf(fix, 400),
      t: new Date(t0.getTime() + minutes(5)),
    });
    const near = await insertSightingAt(h.database, drone.id, {
      ...eastOf(fix, 60),
      t: new Date(t0.getTime() + minutes(5)),
    });
    const ms = await eventually(async () => {
      const list = await matchesOf(caseId);
      return list.length === 2 ? list : undefined;
    });
    expect(ms.map((m) => m.sightingId)).toEqual([near.id, far.id]);
    for (const m of ms) {
      const oracle = distance([fix.lon, fix.lat], [m.sighting.lon, m.sighting.lat], { units: 'meters' });
      expect(Math.abs(m.distanceM - oracle) / oracle).toBeLessThan(0.005);
    }
  });

  it('leaves out sightings too far, too long apart, dismissed, or tied to another case', async () => {
    const { caseId, fix, t0 } = await caseWithFix();
    const other = await openCase(h, commander);
    const drone = await insertDrone(h.database);
    await insertSightingAt(h.database, drone.id, { ...eastOf(fix, 12_000), t: new Date(t0.getTime() + minutes(5)) });
    await insertSightingAt(h.database, drone.id, { ...eastOf(fix, 50), t: new Date(t0.getTime() - minutes(7 * 60)) });
    await insertSightingAt(h.database, drone.id, {
      ...eastOf(fix, 50),
      t: new Date(t0.getTime() + minutes(1)),
      caseId: other,
    });
    // 3 km away 1 minute later: a hiker cannot have walked that far, beyond 3 spreads.
    await insertSightingAt(h.database, drone.id, { ...eastOf(fix, 3_000), t: new Date(t0.getTime() + minutes(1)) });
    const marker = await insertSightingAt(h.database, drone.id, {
      ...eastOf(fix, 30),
      t: new Date(t0.getTime() + minutes(2)),
    });
    const ms = await eventually(async () => {
      const list = await matchesOf(caseId);
      return list.length ? list : undefined;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await matchesOf(caseId)).map((m) => m.sightingId)).toEqual([marker.id]);
    expect(ms).toHaveLength(1);
  });

  it('matches a caller location that arrives after the sighting', async () => {
    const drone = await insertDrone(h.database);
    const t0 = new Date(Date.now() - minutes(3));
    const spot = freshSpot();
    const s = await insertSightingAt(h.database, drone.id, { ...spot, t: t0 });
    const caseId = await openCase(h, commander);
    const fix = eastOf(spot, -200);
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
      cookie: commander,
      body: { lon: fix.lon, lat: fix.lat, datum: 'wgs84', accuracyM: 150, t: new Date().toISOString() },
    });
    expect(res.status).toBe(201);
    const ms = await matchesOf(caseId);
    expect(ms.map((m) => m.sightingId)).toContain(s.id);
  });
});

describe('catching up', () => {
  it('matches a sighting written while no server listened when a server starts', async () => {
    const { caseId, fix, t0, callerLocationId } = await caseWithFix();
    const drone = await insertDrone(h.database);
    const s = await insertSightingAt(
      h.database,
      drone.id,
      { ...eastOf(fix, 150), t: new Date(t0.getTime() + minutes(6)) },
      { doorbell: false },
    );
    await new Promise((r) => setTimeout(r, 500));
    // On a shared real database another test file's server may start meanwhile, and catch it up first.
    if (!process.env.DATABASE_URL) expect(await matchesOf(caseId)).toEqual([]);
    const second = await startHarness({ database: h.database });
    try {
      const [m] = await eventually(async () => {
        const ms = await matchesOf(caseId);
        return ms.length ? ms : undefined;
      });
      expect(m).toMatchObject({ callerLocationId, sightingId: s.id });
    } finally {
      await second.close();
    }
  });
});

describe('POST /matches/:id/confirm', () => {
  it('makes the sighting the case target, confirms it, logs `match_confirmed`; 409 the second time', async () => {
    const { caseId, fix, t0 } = await caseWithFix();
    const drone = await insertDrone(h.database);
    const s = await insertSightingAt(h.database, drone.id, {
      ...eastOf(fix, 100),
      t: new Date(t0.getTime() + minutes(3)),
    });
    const [m] = await eventually(async () => {
      const ms = await matchesOf(caseId);
      return ms.length ? ms : undefined;
    });
    expect(
      (await call(h, 'POST', `/api/v1/matches/${m!.id}/confirm`, { cookie: await sessionFor(h, 'officer') })).status,
    ).toBe(403);
    const res = await call(h, 'POST', `/api/v1/matches/${m!.id}/confirm`, { cookie: commander });
    expect(res.status).toBe(200);
    expect(res.body.match.status).toBe('confirmed');
    expect(res.body.case.targetSightingId).toBe(s.id);
    const [row] = await h.database.query<{ status: string; case_id: string }>(
      'select status, case_id from sightings where id = $1',
      [s.id],
    );
    expect(row).toEqual({ status: 'confirmed', case_id: caseId });
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    expect(detail.body.events.map((e: { type: string }) => e.type)).toContain('match_confirmed');
    expect((await call(h, 'POST', `/api/v1/matches/${m!.id}/confirm`, { cookie: commander })).status).toBe(409);
    expect((await call(h, 'POST', '/api/v1/matches/999999999/confirm', { cookie: commander })).status).toBe(404);
  });
});

describe('live', () => {
  it('pushes caller locations and matches to a commander, not to a liaison', async () => {
    const boss = await liveClient(h, commander);
    const liaison = await liveClient(h, await sessionFor(h, 'liaison'));
    await boss.waitFor((m) => m.type === 'snapshot');
    await liaison.waitFor((m) => m.type === 'snapshot');
    const { caseId, fix, t0 } = await caseWithFix();
    const drone = await insertDrone(h.database);
    await insertSightingAt(h.database, drone.id, { ...eastOf(fix, 90), t: new Date(t0.getTime() + minutes(2)) });
    await boss.waitFor((m) => m.type === 'event' && m.event.kind === 'caller_location' && m.event.caseId === caseId);
    const match = await boss.waitFor(
      (m) => m.type === 'event' && m.event.kind === 'match' && m.event.caseId === caseId,
    );
    expect(match.type === 'event' && match.event.kind === 'match' && match.event.match.reason.zh).toMatch(
      /^相距 \d+ 米/,
    );
    await liaison.waitFor((m) => m.type === 'event' && m.event.kind === 'case_event' && m.event.caseId === caseId);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      liaison.messages.some(
        (m) => m.type === 'event' && (m.event.kind === 'match' || m.event.kind === 'caller_location'),
      ),
    ).toBe(false);
    boss.close();
    liaison.close();
  });
});
