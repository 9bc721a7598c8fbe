import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SectorFeature } from '@lookout/contracts';
import { createTestUser, insertDrone, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call, IPP, openCase } from '../testing/case-factories.ts';

let h: Harness;
let commander: string;
beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
});
afterAll(async () => {
  await h?.close();
});

/** A square of `sideM` metres whose south-west corner is `eastM`/`northM` from the IPP, closed. */
function square(eastM: number, northM: number, sideM: number) {
  const dLat = 1 / 111320;
  const dLon = 1 / (111320 * Math.cos((IPP.lat * Math.PI) / 180));
  const x0 = IPP.lon + eastM * dLon;
  const y0 = IPP.lat + northM * dLat;
  const x1 = x0 + sideM * dLon;
  const y1 = y0 + sideM * dLat;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

const sectorsOf = (caseId: string, cookie = commander) => call(h, 'GET', `/api/v1/cases/${caseId}/sectors`, { cookie });
const create = (caseId: string, body: unknown, cookie = commander) =>
  call(h, 'POST', `/api/v1/cases/${caseId}/sectors`, { cookie, body });
const patch = (caseId: string, id: string, body: unknown, cookie = commander) =>
  call(h, 'PATCH', `/api/v1/cases/${caseId}/sectors/${id}`, { cookie, body });

async function eventsOf(caseId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return h.database.query('select type, data from case_events where case_id = $1 order by seq', [caseId]);
}

/** A fresh officer with his unit, dispatched to the case. */
async function officerOnCase(caseId: string) {
  const u = await createTestUser(h.database, 'officer');
  const cookie = await login(h.base, u.username, u.password);
  const me = await call(h, 'GET', '/api/v1/me/assignment', { cookie });
  const unitId = me.body.unit.id as string;
  const sent = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
    cookie: commander,
    body: { unitId, target: { kind: 'point', ...IPP, datum: 'wgs84' } },
  });
  expect(sent.status).toBe(201);
  return { cookie, unitId };
}

/** A fresh pilot flying a fresh drone for the case (he attached it himself). */
async function pilotOnCase(caseId: string) {
  const u = await createTestUser(h.database, 'pilot');
  const cookie = await login(h.base, u.username, u.password);
  const drone = await insertDrone(h.database);
  const res = await call(h, 'POST', `/api/v1/cases/${caseId}/drones`, { cookie, body: { droneId: drone.id } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const me = await call(h, 'GET', '/api/v1/auth/me', { cookie });
  return { cookie, droneId: drone.id, userId: String(me.body.user.id) };
}

describe('drawing, listing, changing and deleting sectors', () => {
  it('a drawn sector gets the next free name, its area, and a `sector_created` step', async () => {
    const caseId = await openCase(h, commander);
    const res = await create(caseId, { geometry: square(0, 0, 400), priority: 1 });
    expect(res.status).toBe(201);
    const s = res.body as SectorFeature;
    expect(s.properties).toMatchObject({ name: 'A1', priority: 1, status: 'unsearched', assignee: null, caseId });
    expect(s.properties.areaM2).toBeGreaterThan(400 * 400 * 0.99);
    expect(s.properties.areaM2).toBeLessThan(400 * 400 * 1.01);
    const second = await create(caseId, { geometry: square(400, 0, 400) });
    expect(second.status).toBe(201); // sharing an edge is no overlap
    expect(second.body.properties.name).toBe('A2');

    const list = await sectorsOf(caseId);
    expect(list.status).toBe(200);
    expect(list.body.features.map((f: SectorFeature) => f.properties.name)).toEqual(['A1', 'A2']);
    expect((await eventsOf(caseId)).filter((e) => e.type === 'sector_created').map((e) => e.data.name)).toEqual([
      'A1',
      'A2',
    ]);
  });

  it('the commander assigns a sector to a unit on the case; its officer sees it and sets only its status', async () => {
    const caseId = await openCase(h, commander);
    const o = await officerOnCase(caseId);
    const s = (await create(caseId, { geometry: square(-800, 0, 300) })).body as SectorFeature;
    const assigned = await patch(caseId, s.id, { assignee: { kind: 'unit', ref: o.unitId }, priority: 1 });
    expect(assigned.status).toBe(200);
    expect(assigned.body.properties.assignee).toMatchObject({ kind: 'unit', ref: o.unitId });
    expect(assigned.body.properties.assignee.label).toBeTruthy();
    expect(assigned.body.properties.priority).toBe(1);

    const seen = await sectorsOf(caseId, o.cookie);
    expect(seen.status).toBe(200);
    expect(seen.body.features[0].properties.assignee.ref).toBe(o.unitId);
    const searching = await patch(caseId, s.id, { status: 'searching' }, o.cookie);
    expect(searching.status).toBe(200);
    expect(searching.body.properties.status).toBe('searching');
    const priority = await patch(caseId, s.id, { priority: 3 }, o.cookie);
    expect(priority.status).toBe(400);
    expect(priority.body.error.details).toMatchObject({ reason: 'status_only', fields: ['priority'] });

    const steps = (await eventsOf(caseId)).filter((e) => e.type.startsWith('sector_'));
    expect(steps.map((e) => e.type)).toEqual(['sector_created', 'sector_changed', 'sector_assigned', 'sector_status']);
    expect(steps[3]!.data).toMatchObject({ name: 'A1', status: 'searching', from: 'unsearched' });
  });

  it('an officer whose unit does not search the sector may not change it', async () => {
    const caseId = await openCase(h, commander);
    const o = await officerOnCase(caseId);
    const s = (await create(caseId, { geometry: square(0, -900, 300) })).body as SectorFeature;
    const res = await patch(caseId, s.id, { status: 'searched' }, o.cookie);
    expect(res.status).toBe(403);
  });

  it('the pilot flying the drone a sector is assigned to sets its status, with a step in the case log', async () => {
    const caseId = await openCase(h, commander);
    const p = await pilotOnCase(caseId);
    const s = (await create(caseId, { geometry: square(-800, 800, 300) })).body as SectorFeature;
    expect((await patch(caseId, s.id, { assignee: { kind: 'drone', ref: p.droneId } })).status).toBe(200);

    const res = await patch(caseId, s.id, { status: 'searching' }, p.cookie);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.properties).toMatchObject({ status: 'searching', assignee: { kind: 'drone', ref: p.droneId } });
    const steps = (await eventsOf(caseId)).filter((e) => e.type === 'sector_status');
    expect(steps).toHaveLength(1);
    expect(steps[0]!.data).toMatchObject({ sectorId: s.id, name: s.properties.name, status: 'searching' });
    const [actor] = await h.database.query<{ actor_id: string }>(
      `select actor_id from case_events where case_id = $1 and type = 'sector_status'`,
      [caseId],
    );
    expect(String(actor!.actor_id)).toBe(p.userId);
  });

  it("a pilot may not set another drone's sector, nor any field but the status of his own", async () => {
    const caseId = await openCase(h, commander);
    const mine = await pilotOnCase(caseId);
    const other = await pilotOnCase(caseId);
    const his = (await create(caseId, { geometry: square(800, 800, 300) })).body as SectorFeature;
    const theirs = (await create(caseId, { geometry: square(1200, 800, 300) })).body as SectorFeature;
    const unassigned = (await create(caseId, { geometry: square(1600, 800, 300) })).body as SectorFeature;
    expect((await patch(caseId, his.id, { assignee: { kind: 'drone', ref: mine.droneId } })).status).toBe(200);
    expect((await patch(caseId, theirs.id, { assignee: { kind: 'drone', ref: other.droneId } })).status).toBe(200);

    expect((await patch(caseId, theirs.id, { status: 'searched' }, mine.cookie)).status).toBe(403);
    expect((await patch(caseId, unassigned.id, { status: 'searched' }, mine.cookie)).status).toBe(403);
    const renamed = await patch(caseId, his.id, { status: 'searched', name: 'Z9' }, mine.cookie);
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.details).toMatchObject({ reason: 'status_only', fields: ['name'] });
    // A pilot off the case does not reach it at all.
    const outsider = await sessionFor(h, 'pilot');
    expect((await patch(caseId, his.id, { status: 'searched' }, outsider)).status).toBe(403);
    const now = (await sectorsOf(caseId)).body.features as SectorFeature[];
    expect(now.map((f) => [f.properties.name, f.properties.status])).toEqual(
      [his, theirs, unassigned].map((f) => [f.properties.name, 'unsearched']),
    );
    expect((await eventsOf(caseId)).some((e) => e.type === 'sector_status')).toBe(false);
  });

  it('deletes a sector with a `sector_deleted` step; a second delete is a 404', async () => {
    const caseId = await openCase(h, commander);
    const s = (await create(caseId, { geometry: square(0, 0, 200), name: 'B7' })).body as SectorFeature;
    const path = `/api/v1/cases/${caseId}/sectors/${s.id}`;
    expect((await call(h, 'DELETE', path, { cookie: commander })).status).toBe(204);
    expect((await sectorsOf(caseId)).body.features).toEqual([]);
    expect((await call(h, 'DELETE', path, { cookie: commander })).status).toBe(404);
    expect((await eventsOf(caseId)).some((e) => e.type === 'sector_deleted' && e.data.name === 'B7')).toBe(true);
  });
});

describe('redrawing a sector outline (PATCH geometry)', () => {
  const outline = async (caseId: string, id: string) =>
    ((await sectorsOf(caseId)).body.features as SectorFeature[]).find((f) => f.id === id)!;

  it('changes the outline and area, keeps name, priority, status and assignee, with a `sector_changed` step', async () => {
    const caseId = await openCase(h, commander);
    const o = await officerOnCase(caseId);
    const s = (await create(caseId, { geometry: square(0, 0, 400), name: 'N1', priority: 1 })).body as SectorFeature;
    expect((await patch(caseId, s.id, { assignee: { kind: 'unit', ref: o.unitId } })).status).toBe(200);
    expect((await patch(caseId, s.id, { status: 'searching' }, o.cookie)).status).toBe(200);

    const res = await patch(caseId, s.id, { geometry: square(0, 0, 200) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = (res.body as SectorFeature).properties;
    expect(p).toMatchObject({
      name: 'N1',
      priority: 1,
      status: 'searching',
      assignee: { kind: 'unit', ref: o.unitId },
    });
    expect(p.areaM2).toBeGreaterThan(200 * 200 * 0.99);
    expect(p.areaM2).toBeLessThan(200 * 200 * 1.01);
    expect((await outline(caseId, s.id)).geometry.coordinates).toEqual(res.body.geometry.coordinates);
    const steps = (await eventsOf(caseId)).filter((e) => e.type.startsWith('sector_'));
    expect(steps.at(-1)).toMatchObject({
      type: 'sector_changed',
      data: { sectorId: s.id, name: 'N1', fields: ['geometry'] },
    });
    expect(steps.filter((e) => e.type === 'sector_assigned')).toHaveLength(1);

    // Its officer sets only the status, not the outline.
    const his = await patch(caseId, s.id, { geometry: square(0, 0, 300) }, o.cookie);
    expect(his.status).toBe(400);
    expect(his.body.error.details).toMatchObject({ reason: 'status_only', fields: ['geometry'] });
    expect((await outline(caseId, s.id)).properties.areaM2).toBe(p.areaM2);
  });

  it('a new outline over its own old one is no overlap', async () => {
    const caseId = await openCase(h, commander);
    const s = (await create(caseId, { geometry: square(0, 0, 400) })).body as SectorFeature;
    const res = await patch(caseId, s.id, { geometry: square(100, 100, 500) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.properties.areaM2).toBeGreaterThan(500 * 500 * 0.99);
    expect(res.body.properties.name).toBe(s.properties.name);
  });

  it('an outline over another sector is a 409 naming it, and the sector stays as it was', async () => {
    const caseId = await openCase(h, commander);
    const a = (await create(caseId, { geometry: square(0, 0, 400), name: 'A1' })).body as SectorFeature;
    expect((await create(caseId, { geometry: square(400, 0, 400), name: 'B1' })).status).toBe(201);
    const res = await patch(caseId, a.id, { geometry: square(0, 0, 600) });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ reason: 'overlap', sector: 'B1' });
    expect((await outline(caseId, a.id)).geometry.coordinates).toEqual(a.geometry.coordinates);
    expect((await eventsOf(caseId)).some((e) => e.type === 'sector_changed')).toBe(false);
  });

  it('a self-intersecting outline or one outside every ring is a 400, and the sector stays as it was', async () => {
    const caseId = await openCase(h, commander);
    const a = (await create(caseId, { geometry: square(0, 0, 400) })).body as SectorFeature;
    const [p0, p1, p2, p3] = square(0, 0, 400).coordinates[0]!;
    const bow = { type: 'Polygon', coordinates: [[p0, p2, p1, p3, p0]] };
    const crossed = await patch(caseId, a.id, { geometry: bow });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.details.reason).toBe('invalid_polygon');
    expect(crossed.body.error.message).toMatch(/Self-intersection/);
    const far = await patch(caseId, a.id, { geometry: square(30_000, 0, 500) });
    expect(far.status).toBe(400);
    expect(far.body.error.details.reason).toBe('outside_rings');
    expect((await outline(caseId, a.id)).geometry.coordinates).toEqual(a.geometry.coordinates);
    expect((await eventsOf(caseId)).some((e) => e.type === 'sector_changed')).toBe(false);
  });

  it('a pilot may not redraw the sector of the drone he flies', async () => {
    const caseId = await openCase(h, commander);
    const p = await pilotOnCase(caseId);
    const s = (await create(caseId, { geometry: square(-800, 800, 300) })).body as SectorFeature;
    expect((await patch(caseId, s.id, { assignee: { kind: 'drone', ref: p.droneId } })).status).toBe(200);
    const res = await patch(caseId, s.id, { geometry: square(-800, 800, 200) }, p.cookie);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ reason: 'status_only', fields: ['geometry'] });
    expect((await outline(caseId, s.id)).geometry.coordinates).toEqual(s.geometry.coordinates);
  });
});

describe('splitting a ring into sectors', () => {
  it('cuts the 25 % ring into 500 m cells named A1… from the north-west, covering the ring without overlap', async () => {
    const caseId = await openCase(h, commander);
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/sectors/split`, {
      cookie: commander,
      body: { ringPercent: 25, cellM: 500 },
    });
    expect(res.status).toBe(201);
    const made = res.body.features as SectorFeature[];
    // The 25 % ring of a hiker in temperate mountains is 1.1 km: π·1.1² km² ≈ 15.2 cells of 0.25 km², plus the
    // clipped cells along the rim.
    expect(made.length).toBeGreaterThanOrEqual(16);
    expect(made.length).toBeLessThanOrEqual(24);
    const names = made.map((f) => f.properties.name).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(names).toEqual(made.map((_, i) => `A${i + 1}`));
    const total = made.reduce((sum, f) => sum + f.properties.areaM2, 0);
    const ring = Math.PI * 1100 * 1100;
    expect(total).toBeGreaterThan(ring * 0.95); // slivers under 5 % of a cell dropped, the 96-gon a little smaller
    expect(total).toBeLessThan(ring * 1.001);
    for (const f of made) expect(f.properties.areaM2).toBeLessThanOrEqual(500 * 500 * 1.01);
    const a1 = made.find((f) => f.properties.name === 'A1')!;
    const north = Math.max(...made.map((f) => Math.max(...f.geometry.coordinates[0]!.map((p) => p[1]!))));
    // A1 lies in the northernmost row of cells (the grid starts at the ring's northern tip).
    expect(Math.min(...a1.geometry.coordinates[0]!.map((p) => p[1]!))).toBeGreaterThan(north - 500 / 111320 - 1e-7);
    expect((await eventsOf(caseId)).find((e) => e.type === 'sectors_split')?.data).toMatchObject({
      count: made.length,
      first: 'A1',
      ringPercent: 25,
      cellM: 500,
    });
  });

  it('leaves out the sectors already drawn and skips their names', async () => {
    const caseId = await openCase(h, commander);
    const drawn = await create(caseId, { geometry: square(-500, -500, 1000), name: 'A2' });
    expect(drawn.status).toBe(201);
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/sectors/split`, {
      cookie: commander,
      body: { ringPercent: 25, cellM: 500 },
    });
    expect(res.status).toBe(201);
    const names = (res.body.features as SectorFeature[]).map((f) => f.properties.name);
    expect(names).not.toContain('A2');
    expect(names).toContain('A1');
    expect(names).toContain('A3');
    // The split's cells meet the drawn square only along edges: another split or a new sector there conflicts.
    const overlap = await create(caseId, { geometry: square(-100, -100, 200) });
    expect(overlap.status).toBe(409);
  });

  it('a cell too small for the ring is a 400 that says so', async () => {
    const caseId = await openCase(h, commander);
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/sectors/split`, {
      cookie: commander,
      body: { ringPercent: 95, cellM: 100 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/too small/);
    expect((await sectorsOf(caseId)).body.features).toEqual([]);
  });

  it('a ring the case does not have is a 400', async () => {
    const caseId = await openCase(h, commander);
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/sectors/split`, {
      cookie: commander,
      body: { ringPercent: 60, cellM: 500 },
    });
    expect(res.status).toBe(400);
  });
});

describe('bad sectors are refused with a clear 4xx', () => {
  it('a self-intersecting outline is a 400 naming the self-intersection', async () => {
    const caseId = await openCase(h, commander);
    const bow = {
      type: 'Polygon',
      coordinates: [
        [
          [IPP.lon, IPP.lat],
          [IPP.lon + 0.004, IPP.lat + 0.004],
          [IPP.lon + 0.004, IPP.lat],
          [IPP.lon, IPP.lat + 0.004],
          [IPP.lon, IPP.lat],
        ],
      ],
    };
    const res = await create(caseId, { geometry: bow });
    expect(res.status).toBe(400);
    expect(res.body.error.details.reason).toBe('invalid_polygon');
    expect(res.body.error.message).toMatch(/Self-intersection/);
  });

  it('a sector outside every ring is a 400; a case without rings takes it', async () => {
    const caseId = await openCase(h, commander);
    const far = square(30_000, 0, 500); // the 95 % ring is 18.3 km
    const res = await create(caseId, { geometry: far });
    expect(res.status).toBe(400);
    expect(res.body.error.details.reason).toBe('outside_rings');
    const noRings = await openCase(h, commander, { ipp: undefined });
    expect((await create(noRings, { geometry: far })).status).toBe(201);
  });

  it('an overlap beyond a sliver is a 409 naming the sector; a sliver along the edge is not', async () => {
    const caseId = await openCase(h, commander);
    expect((await create(caseId, { geometry: square(0, 0, 400) })).status).toBe(201);
    const res = await create(caseId, { geometry: square(200, 200, 400) });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ reason: 'overlap', sector: 'A1' });
    // 0.2 m into A1 along a 400 m edge: 80 m², 0.05 % of it — a drawing's wobble.
    expect((await create(caseId, { geometry: square(399.8, 0, 400) })).status).toBe(201);
  });

  it('a taken name is a 409', async () => {
    const caseId = await openCase(h, commander);
    expect((await create(caseId, { geometry: square(0, 0, 100), name: 'C1' })).status).toBe(201);
    expect((await create(caseId, { geometry: square(1000, 0, 100), name: 'C1' })).status).toBe(409);
  });

  it('an assignee that does not exist or does not work on the case is a 400', async () => {
    const caseId = await openCase(h, commander);
    const geometry = square(0, 0, 100);
    const ghost = await create(caseId, {
      geometry,
      assignee: { kind: 'unit', ref: '00000000-0000-4000-8000-000000000000' },
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.details.reason).toBe('no_such_assignee');
    const other = await openCase(h, commander);
    const o = await officerOnCase(other);
    const notHere = await create(caseId, { geometry, assignee: { kind: 'unit', ref: o.unitId } });
    expect(notHere.status).toBe(400);
    expect(notHere.body.error.details.reason).toBe('assignee_not_in_case');
    const drone = await insertDrone(h.database);
    const idle = await create(caseId, { geometry, assignee: { kind: 'drone', ref: drone.id } });
    expect(idle.status).toBe(400);
    expect(idle.body.error.details.reason).toBe('assignee_not_in_case');
    expect((await sectorsOf(caseId)).body.features).toEqual([]);
  });

  it('an open ring or a body of the wrong shape is a 400', async () => {
    const caseId = await openCase(h, commander);
    const open = square(0, 0, 100);
    open.coordinates[0]!.pop();
    expect((await create(caseId, { geometry: open })).status).toBe(400);
    expect((await create(caseId, { geometry: { type: 'Point', coordinates: [IPP.lon, IPP.lat] } })).status).toBe(400);
  });
});

describe('who may', () => {
  it('without a session 401; a liaison 403; an officer may not draw; an officer off the case may not read', async () => {
    const caseId = await openCase(h, commander);
    const geometry = square(0, 0, 100);
    expect((await call(h, 'GET', `/api/v1/cases/${caseId}/sectors`)).status).toBe(401);
    expect((await sectorsOf(caseId, await sessionFor(h, 'liaison'))).status).toBe(403);
    const officer = await sessionFor(h, 'officer');
    expect((await create(caseId, { geometry }, officer)).status).toBe(403);
    expect((await sectorsOf(caseId, officer)).status).toBe(403);
    const pilot = await sessionFor(h, 'pilot');
    expect(
      (
        await call(h, 'POST', `/api/v1/cases/${caseId}/sectors/split`, {
          cookie: pilot,
          body: { ringPercent: 25, cellM: 500 },
        })
      ).status,
    ).toBe(403);
  });
});
