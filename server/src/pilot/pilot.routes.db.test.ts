import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, IPP, openCase } from '../testing/case-factories.ts';
import { createTestUser, insertDrone, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

/** Issue 14 item 1: drones attached to cases, the pilot's map data, sightings marked from it, the hand-off. */
let h: Harness;
let commander: string;
beforeAll(async () => {
  h = await startHarness({ env: { PHOTO_MAX_BYTES: '200000' } });
  commander = await sessionFor(h, 'commander');
});
afterAll(async () => {
  await h?.close();
});

interface Pilot {
  cookie: string;
  id: string;
}

async function pilot(): Promise<Pilot> {
  const u = await createTestUser(h.database, 'pilot');
  const cookie = await login(h.base, u.username, u.password);
  const me = await call(h, 'GET', '/api/v1/auth/me', { cookie });
  return { cookie, id: me.body.user.id as string };
}

const attach = (cookie: string, caseId: string, body: Record<string, unknown>) =>
  call(h, 'POST', `/api/v1/cases/${caseId}/drones`, { cookie, body });

const mark = (cookie: string, body: Record<string, unknown>) => call(h, 'POST', '/api/v1/sightings', { cookie, body });

const markBody = (caseId: string, droneId: string, extra: Record<string, unknown> = {}) => ({
  caseId,
  droneId,
  readingId: randomUUID(),
  lon: IPP.lon + 0.002,
  lat: IPP.lat + 0.001,
  datum: 'wgs84',
  kind: 'group',
  count: 3,
  note: '三人，红色外套',
  ...extra,
});

const events = async (caseId: string) =>
  (await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander })).body.events as {
    type: string;
    actorId: string | null;
    data: Record<string, unknown>;
  }[];

/** A pilot flying a drone for a fresh case that has the caller's phone. */
async function flying(): Promise<{ p: Pilot; caseId: string; droneId: string }> {
  const p = await pilot();
  const caseId = await openCase(h, commander, { reporterPhone: '13800000000' });
  const { id: droneId } = await insertDrone(h.database);
  expect((await attach(p.cookie, caseId, { droneId })).status).toBe(201);
  return { p, caseId, droneId };
}

async function officerUnit(): Promise<string> {
  const u = await createTestUser(h.database, 'officer');
  const cookie = await login(h.base, u.username, u.password);
  return (await call(h, 'GET', '/api/v1/me/assignment', { cookie })).body.unit.id as string;
}

const jpeg = (w = 64, hgt = 48) =>
  sharp({ create: { width: w, height: hgt, channels: 3, background: '#c62828' } })
    .jpeg()
    .toBuffer();

const putPhoto = (cookie: string, id: number, bytes: Buffer, type = 'image/jpeg') =>
  fetch(`${h.base}/api/v1/sightings/${id}/photo`, {
    method: 'PUT',
    headers: { cookie, 'content-type': type },
    body: new Uint8Array(bytes),
  });

describe('POST /cases/:id/drones', () => {
  it('attaches the pilot’s drone as a step of the case (`drone_attached`), once', async () => {
    const p = await pilot();
    const caseId = await openCase(h, commander);
    const drone = await insertDrone(h.database);
    const first = await attach(p.cookie, caseId, { droneId: drone.id });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ outcome: 'attached', drone: { droneId: drone.id, pilotId: p.id } });
    const again = await attach(p.cookie, caseId, { droneId: drone.id });
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('already_attached');
    const attached = (await events(caseId)).filter((e) => e.type === 'drone_attached');
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({ actorId: p.id, data: { droneId: drone.id, callsign: drone.callsign } });
    // Another pilot cannot take it over; the commander sees who flies it.
    expect((await attach((await pilot()).cookie, caseId, { droneId: drone.id })).status).toBe(409);
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    expect(detail.body.drones).toEqual([expect.objectContaining({ droneId: drone.id, pilotId: p.id })]);
  });

  it('lets a commander attach a drone and name its pilot; refuses a pilot who is not one', async () => {
    const p = await pilot();
    const caseId = await openCase(h, commander);
    const drone = await insertDrone(h.database);
    const officer = await createTestUser(h.database, 'officer');
    const officerId = (
      await call(h, 'GET', '/api/v1/auth/me', { cookie: await login(h.base, officer.username, officer.password) })
    ).body.user.id as string;
    expect((await attach(commander, caseId, { droneId: drone.id, pilotId: officerId })).status).toBe(400);
    expect((await attach(commander, caseId, { droneId: drone.id, pilotId: p.id })).status).toBe(201);
    const mine = await call(h, 'GET', '/api/v1/pilot/cases', { cookie: p.cookie });
    expect(mine.body.attached.map((a: { case: { id: string } }) => a.case.id)).toContain(caseId);
    // A pilot naming someone else is refused.
    const other = await insertDrone(h.database);
    expect((await attach(p.cookie, caseId, { droneId: other.id, pilotId: randomUUID() })).status).toBe(403);
  });

  it('answers 404 for an unknown case or drone, 409 for a closed case or a disabled drone, 403 for other roles', async () => {
    const p = await pilot();
    const drone = await insertDrone(h.database);
    expect((await attach(p.cookie, randomUUID(), { droneId: drone.id })).status).toBe(404);
    const caseId = await openCase(h, commander);
    expect((await attach(p.cookie, caseId, { droneId: 'no-such-drone' })).status).toBe(404);
    const disabled = await insertDrone(h.database);
    await h.database.query('update drones set disabled = true where id = $1', [disabled.id]);
    expect((await attach(p.cookie, caseId, { droneId: disabled.id })).status).toBe(409);
    for (const role of ['officer', 'liaison'] as const) {
      expect((await attach(await sessionFor(h, role), caseId, { droneId: drone.id })).status, role).toBe(403);
    }
    expect((await attach('', caseId, { droneId: drone.id })).status).toBe(401);
    expect((await attach(p.cookie, caseId, { droneId: '' })).status).toBe(400);
    expect((await attach(p.cookie, caseId, { droneId: 'x'.repeat(65) })).status).toBe(400);
    const closed = await openCase(h, commander);
    await call(h, 'POST', `/api/v1/cases/${closed}/close`, { cookie: commander, body: { outcome: 'found_safe' } });
    expect((await attach(p.cookie, closed, { droneId: drone.id })).status).toBe(409);
  });
});

describe('the pilot’s view of his case', () => {
  it('lists his cases with their drones and the other open cases; reads his case without the caller’s phone', async () => {
    const { p, caseId, droneId } = await flying();
    const other = await openCase(h, commander);
    const mine = await call(h, 'GET', '/api/v1/pilot/cases', { cookie: p.cookie });
    expect(mine.status).toBe(200);
    const entry = mine.body.attached.find((a: { case: { id: string } }) => a.case.id === caseId);
    expect(entry.drones).toEqual([expect.objectContaining({ droneId, pilotId: p.id })]);
    expect(mine.body.open.map((c: { id: string }) => c.id)).toContain(other);
    expect(mine.body.open.map((c: { id: string }) => c.id)).not.toContain(caseId);
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: p.cookie });
    expect(detail.status).toBe(200);
    expect(detail.body.case.reporterPhone).toBeNull();
    expect(detail.body.rings.features.length).toBeGreaterThan(0);
    expect((await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander })).body.case.reporterPhone).toBe(
      '13800000000',
    );
    // A case he does not fly for stays closed to him, and so do the commander's routes.
    expect((await call(h, 'GET', `/api/v1/cases/${other}`, { cookie: p.cookie })).status).toBe(403);
    expect((await call(h, 'GET', '/api/v1/cases', { cookie: p.cookie })).status).toBe(403);
    expect((await call(h, 'POST', `/api/v1/cases/${caseId}/acknowledge`, { cookie: p.cookie })).status).toBe(403);
    expect((await call(h, 'GET', '/api/v1/pilot/cases', { cookie: commander })).status).toBe(403);
  });
});

describe('POST /sightings (marked on the pilot’s map)', () => {
  it('stores the sighting for the case with `sighting_marked`; a retry of the same reading stores nothing new', async () => {
    const { p, caseId, droneId } = await flying();
    const body = markBody(caseId, droneId);
    const res = await mark(p.cookie, body);
    expect(res.status).toBe(201);
    expect(res.body.properties).toMatchObject({
      droneId,
      kind: 'group',
      count: 3,
      note: '三人，红色外套',
      status: 'new',
    });
    expect(res.body.geometry.coordinates[0]).toBeCloseTo(body.lon, 9);
    const retry = await mark(p.cookie, body);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(res.body.id);
    const marked = (await events(caseId)).filter((e) => e.type === 'sighting_marked');
    expect(marked).toEqual([
      expect.objectContaining({ actorId: p.id, data: expect.objectContaining({ sightingId: res.body.id }) }),
    ]);
    const [row] = await h.database.query<{ case_id: string }>('select case_id from sightings where id = $1', [
      res.body.id,
    ]);
    expect(row!.case_id).toBe(caseId);
    const list = await call(h, 'GET', '/api/v1/sightings', { cookie: commander });
    expect(list.body.features.map((f: { id: number }) => f.id)).toContain(res.body.id);
  });

  it('converts a GCJ-02 point to WGS-84', async () => {
    const { p, caseId, droneId } = await flying();
    const res = await mark(p.cookie, markBody(caseId, droneId, { lon: 120.0745, lat: 28.9474, datum: 'gcj02' }));
    expect(res.status).toBe(201);
    const [lon, lat] = res.body.geometry.coordinates as [number, number];
    expect(Math.abs(lon - 120.0745)).toBeGreaterThan(0.001);
    expect(Math.abs(lat - 28.9474)).toBeGreaterThan(0.001);
  });

  it('refuses a drone not attached (409), another pilot’s drone (403), a case not his (403), other roles (403)', async () => {
    const { p, caseId, droneId } = await flying();
    const loose = await insertDrone(h.database);
    const notAttached = await mark(p.cookie, markBody(caseId, loose.id));
    expect(notAttached.status).toBe(409);
    expect(notAttached.body.error.details.reason).toBe('drone_not_attached');
    const second = await pilot();
    const own = await insertDrone(h.database);
    expect((await attach(second.cookie, caseId, { droneId: own.id })).status).toBe(201);
    expect((await mark(second.cookie, markBody(caseId, droneId))).status).toBe(403);
    expect((await mark(second.cookie, markBody(caseId, own.id))).status).toBe(201);
    const stranger = await pilot();
    expect((await mark(stranger.cookie, markBody(caseId, droneId))).status).toBe(403);
    for (const role of ['officer', 'liaison'] as const) {
      expect((await mark(await sessionFor(h, role), markBody(caseId, droneId))).status, role).toBe(403);
    }
    expect((await mark('', markBody(caseId, droneId))).status).toBe(401);
  });

  it.each([
    ['an impossible latitude', { lat: 95 }],
    ['an impossible longitude', { lon: -181 }],
    ['a string for a number', { lon: '120.07' }],
    ['an unknown kind', { kind: 'alien' }],
    ['a count of 0', { count: 0 }],
    ['a fractional count', { count: 1.5 }],
    ['a note too long', { note: '字'.repeat(501) }],
    ['no reading id', { readingId: undefined }],
    ['a reading id that is no uuid', { readingId: 'abc' }],
    ['an unknown datum', { datum: 'bd09ll' }],
  ])('answers 400 for %s', async (_name, extra) => {
    const { p, caseId, droneId } = await flying();
    expect((await mark(p.cookie, markBody(caseId, droneId, extra))).status).toBe(400);
  });

  it('answers 400 for a NUL in the note and for JSON nested too deep', async () => {
    const { p, caseId, droneId } = await flying();
    expect((await mark(p.cookie, markBody(caseId, droneId, { note: 'a\u0000b' }))).status).toBe(400);
    const deep = await fetch(`${h.base}/api/v1/sightings`, {
      method: 'POST',
      headers: { cookie: p.cookie, 'content-type': 'application/json' },
      body: `{"caseId":"${caseId}","x":${'['.repeat(100)}${']'.repeat(100)}}`,
    });
    expect(deep.status).toBe(400);
  });
});

describe('PUT /sightings/:id/photo', () => {
  it('stores the photo once, re-encoded; refuses a second, a non-image, an oversize one and a stranger', async () => {
    const { p, caseId, droneId } = await flying();
    const id = (await mark(p.cookie, markBody(caseId, droneId))).body.id as number;
    const stranger = await pilot();
    expect((await putPhoto(stranger.cookie, id, await jpeg())).status).toBe(403);
    expect((await putPhoto(p.cookie, id, Buffer.from('not an image'))).status).toBe(400);
    expect((await putPhoto(p.cookie, id, Buffer.alloc(200_001, 1))).status).toBe(413);
    expect((await putPhoto(p.cookie, id, await jpeg(), 'text/plain')).status).toBe(415);
    const ok = await putPhoto(p.cookie, id, await jpeg(80, 60));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ id, width: 80, height: 60 });
    expect((await putPhoto(p.cookie, id, await jpeg())).status).toBe(409);
    const photo = await fetch(`${h.base}/api/v1/sightings/${id}/photo`, { headers: { cookie: commander } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toContain('image/jpeg');
    expect((await putPhoto(p.cookie, 999_999_999, await jpeg())).status).toBe(404);
  });
});

describe('the hand-off to the ground (同步给地面)', () => {
  it('lets the pilot of the case send a unit to his sighting, recorded as his dispatch', async () => {
    const { p, caseId, droneId } = await flying();
    const sightingId = (await mark(p.cookie, markBody(caseId, droneId))).body.id as number;
    const unitId = await officerUnit();
    const units = await call(h, 'GET', '/api/v1/units', { cookie: p.cookie });
    expect(units.status).toBe(200);
    expect(units.body.units.map((u: { id: string }) => u.id)).toContain(unitId);
    const sent = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
      cookie: p.cookie,
      body: { unitId, target: { kind: 'sighting', ref: sightingId } },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ outcome: 'dispatched', target: { kind: 'sighting', ref: String(sightingId) } });
    const dispatched = (await events(caseId)).find((e) => e.type === 'unit_dispatched');
    expect(dispatched).toMatchObject({ actorId: p.id, data: { handOff: true, unitId } });
    // The commander changes it: his retarget is no hand-off.
    const moved = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
      cookie: commander,
      body: { unitId, target: { kind: 'point', lon: IPP.lon, lat: IPP.lat, datum: 'wgs84' } },
    });
    expect(moved.body.outcome).toBe('retargeted');
    const retargeted = (await events(caseId)).find((e) => e.type === 'assignment_retargeted');
    expect(retargeted?.data.handOff).toBe(false);
  });

  it('refuses a pilot who does not fly for the case', async () => {
    const { caseId, droneId, p } = await flying();
    const sightingId = (await mark(p.cookie, markBody(caseId, droneId))).body.id as number;
    const stranger = await pilot();
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
      cookie: stranger.cookie,
      body: { unitId: await officerUnit(), target: { kind: 'sighting', ref: sightingId } },
    });
    expect(res.status).toBe(403);
  });
});

describe('DELETE /cases/:id/drones/:droneId', () => {
  it('detaches (`drone_detached`): the case leaves the pilot’s scope', async () => {
    const { p, caseId, droneId } = await flying();
    const stranger = await pilot();
    expect(
      (await call(h, 'DELETE', `/api/v1/cases/${caseId}/drones/${droneId}`, { cookie: stranger.cookie })).status,
    ).toBe(403);
    expect((await call(h, 'DELETE', `/api/v1/cases/${caseId}/drones/${droneId}`, { cookie: p.cookie })).status).toBe(
      204,
    );
    expect((await events(caseId)).filter((e) => e.type === 'drone_detached')).toHaveLength(1);
    expect((await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: p.cookie })).status).toBe(403);
    expect((await mark(p.cookie, markBody(caseId, droneId))).status).toBe(403);
    expect((await call(h, 'DELETE', `/api/v1/cases/${caseId}/drones/${droneId}`, { cookie: commander })).status).toBe(
      404,
    );
    // Attached again later, by the commander: a new step.
    expect((await attach(commander, caseId, { droneId, pilotId: p.id })).status).toBe(201);
    expect((await events(caseId)).filter((e) => e.type === 'drone_attached')).toHaveLength(2);
  });
});
