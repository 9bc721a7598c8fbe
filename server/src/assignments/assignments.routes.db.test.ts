import { myAssignmentResponse } from '@lookout/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestUser,
  insertDrone,
  insertFix,
  login,
  sessionFor,
  startHarness,
  type Harness,
} from '../testing/harness.ts';
import { expectContract } from '../testing/contract.ts';
import { call, eastOf, freshSpot, insertSightingAt, IPP, openCase } from '../testing/case-factories.ts';
import { liveClient } from '../testing/live-client.ts';

let h: Harness;
let commander: string;
beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
});
afterAll(async () => {
  await h?.close();
});

/** A fresh officer: his cookie and his unit (created on demand by GET /me/assignment). */
async function officer() {
  const u = await createTestUser(h.database, 'officer');
  const cookie = await login(h.base, u.username, u.password);
  const me = await call(h, 'GET', '/api/v1/me/assignment', { cookie });
  expect(me.status).toBe(200);
  return { cookie, unitId: me.body.unit.id as string };
}

async function dispatch(caseId: string, unitId: string, target: unknown) {
  return call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, { cookie: commander, body: { unitId, target } });
}

const status = (cookie: string, id: string, s: string, key = randomUUID()) =>
  call(h, 'POST', `/api/v1/assignments/${id}/status`, { cookie, body: { status: s, idempotencyKey: key } });

describe('units', () => {
  it('gives every officer a unit, listed for the commander with position and assignment', async () => {
    const o = await officer();
    const res = await call(h, 'GET', '/api/v1/units', { cookie: commander });
    expect(res.status).toBe(200);
    expect(res.body.units.find((u: { id: string }) => u.id === o.unitId)).toMatchObject({
      position: null,
      assignment: null,
    });
    expect((await call(h, 'GET', '/api/v1/units', { cookie: o.cookie })).status).toBe(403);
  });
});

describe('POST /cases/:id/assignments', () => {
  it('dispatches a unit to a point given in GCJ-02 (stored WGS-84) with event `unit_dispatched`', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const res = await dispatch(caseId, o.unitId, { kind: 'point', lon: 120.0745, lat: 28.9474, datum: 'gcj02' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseId,
      unitId: o.unitId,
      status: 'dispatched',
      target: { kind: 'point', ref: null },
    });
    expect(res.body.target.lon).toBeLessThan(120.0745);
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: o.cookie });
    expect(detail.status).toBe(200); // an assigned officer may read the case
    expect(detail.body.case.step).toBe('dispatched');
    expect(detail.body.assignments).toHaveLength(1);
  });

  it('dispatches to a sighting and to a caller location of the case; 404 for one of another case', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const drone = await insertDrone(h.database);
    const s = await insertSightingAt(h.database, drone.id, { lon: 120.2, lat: 28.7 });
    const toSighting = await dispatch(caseId, o.unitId, { kind: 'sighting', ref: s.id });
    expect(toSighting.status).toBe(201);
    expect(toSighting.body.target).toEqual({ kind: 'sighting', ref: String(s.id), lon: 120.2, lat: 28.7 });
    const other = await openCase(h, commander);
    const cl = await call(h, 'POST', `/api/v1/cases/${other}/caller-locations`, {
      cookie: commander,
      body: { lon: 120.3, lat: 28.6, datum: 'wgs84' },
    });
    expect((await dispatch(caseId, o.unitId, { kind: 'caller_location', ref: cl.body.id })).status).toBe(404);
    expect((await dispatch(other, o.unitId, { kind: 'caller_location', ref: cl.body.id })).status).toBe(201);
  });

  it.each([
    ['a point without datum', { kind: 'point', lon: 120, lat: 28 }],
    ['a point out of range', { kind: 'point', lon: 120, lat: 95, datum: 'wgs84' }],
    ['an unknown target kind', { kind: 'helipad', ref: 1 }],
  ])('answers 400 for %s', async (_n, target) => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    expect((await dispatch(caseId, o.unitId, target)).status).toBe(400);
  });

  it('is for commanders: an officer gets 403', async () => {
    const o = await officer();
    const caseId = await openCase(h, o.cookie);
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
      cookie: o.cookie,
      body: { unitId: o.unitId, target: { kind: 'point', lon: 120, lat: 28, datum: 'wgs84' } },
    });
    expect(res.status).toBe(403);
  });
});

describe('POST /assignments/:id/status', () => {
  it('walks 出发 → 到达 → 找到 with one event each; a retried key is a no-op', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const a = (await dispatch(caseId, o.unitId, { kind: 'point', ...IPP, datum: 'wgs84' })).body;
    const key = randomUUID();
    expect((await status(o.cookie, a.id, 'en_route', key)).body.status).toBe('en_route');
    expect((await status(o.cookie, a.id, 'en_route', key)).status).toBe(200);
    expect((await status(o.cookie, a.id, 'on_scene')).body.status).toBe('on_scene');
    const onSceneKey = randomUUID();
    expect((await status(o.cookie, a.id, 'found', onSceneKey)).body.status).toBe('found');
    // The same key again after the step: answered like the first, nothing recorded twice.
    expect((await status(o.cookie, a.id, 'found', onSceneKey)).body.status).toBe('found');
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    const types = detail.body.events.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t.startsWith('unit_') || t === 'person_found')).toEqual([
      'unit_dispatched',
      'unit_en_route',
      'unit_on_scene',
      'person_found',
    ]);
    expect(detail.body.case.step).toBe('found');
  });

  it('refuses a step backwards (409) and a bad status (400)', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const a = (await dispatch(caseId, o.unitId, { kind: 'point', ...IPP, datum: 'wgs84' })).body;
    await status(o.cookie, a.id, 'on_scene');
    expect((await status(o.cookie, a.id, 'en_route')).status).toBe(409);
    expect((await status(o.cookie, a.id, 'dispatched')).status).toBe(400);
    expect(
      (await call(h, 'POST', `/api/v1/assignments/${a.id}/status`, { cookie: o.cookie, body: { status: 'found' } }))
        .status,
    ).toBe(400);
  });

  it("answers 403 to an officer posting for another officer's assignment, 403 to a liaison", async () => {
    const mine = await officer();
    const other = await officer();
    const caseId = await openCase(h, commander);
    const a = (await dispatch(caseId, mine.unitId, { kind: 'point', ...IPP, datum: 'wgs84' })).body;
    expect((await status(other.cookie, a.id, 'found')).status).toBe(403);
    expect((await status(await sessionFor(h, 'liaison'), a.id, 'found')).status).toBe(403);
    expect((await status(commander, a.id, 'stood_down')).body.status).toBe('stood_down');
  });
});

describe('officer routes', () => {
  it.each(['liaison', 'pilot', 'commander'] as const)('answer 403 to a %s', async (role) => {
    const cookie = await sessionFor(h, role);
    expect((await call(h, 'GET', '/api/v1/me/assignment', { cookie })).status).toBe(403);
    const body = { positions: [{ lon: 120, lat: 28, accuracy: 5, t: new Date().toISOString(), idempotencyKey: 'k' }] };
    expect((await call(h, 'POST', '/api/v1/me/positions', { cookie, body })).status).toBe(403);
  });

  it('GET /me/assignment gives the assignment, its case and the nearest live drone as a beacon', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const target = freshSpot();
    await dispatch(caseId, o.unitId, { kind: 'point', ...target, datum: 'wgs84' });
    const near = await insertDrone(h.database);
    const far = await insertDrone(h.database);
    await insertFix(h.database, near.id, { t: new Date(), ...eastOf(target, 150) });
    await insertFix(h.database, far.id, { t: new Date(), ...eastOf(target, 3_000) });
    const res = await call(h, 'GET', '/api/v1/me/assignment', { cookie: o.cookie });
    expectContract(myAssignmentResponse, res.body);
    expect(res.body.assignment.caseId).toBe(caseId);
    expect(res.body.case.id).toBe(caseId);
    expect(res.body.nearestDrone).toMatchObject({ id: near.id, callsign: near.callsign });
    expect(res.body.nearestDrone.distanceM).toBeGreaterThan(140);
    expect(res.body.nearestDrone.distanceM).toBeLessThan(160);
  });

  it('POST /me/positions stores a batch once (idempotent), refuses more than 500 and bad values', async () => {
    const o = await officer();
    const positions = Array.from({ length: 500 }, (_, i) => ({
      lon: 120.07 + i * 1e-5,
      lat: 28.95,
      accuracy: 8,
      t: new Date(Date.now() - (500 - i) * 1000).toISOString(),
      idempotencyKey: randomUUID(),
    }));
    const first = await call(h, 'POST', '/api/v1/me/positions', { cookie: o.cookie, body: { positions } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ stored: 500, duplicates: 0 });
    const again = await call(h, 'POST', '/api/v1/me/positions', { cookie: o.cookie, body: { positions } });
    expect(again.body).toEqual({ stored: 500, duplicates: 500 });
    const tooMany = [...positions, { ...positions[0]!, idempotencyKey: randomUUID() }];
    expect(
      (await call(h, 'POST', '/api/v1/me/positions', { cookie: o.cookie, body: { positions: tooMany } })).status,
    ).toBe(400);
    for (const bad of [{ lat: 99 }, { accuracy: 0 }, { accuracy: 1e6 }, { idempotencyKey: '' }, { t: 'yesterday' }]) {
      const body = { positions: [{ ...positions[0]!, ...bad }] };
      expect((await call(h, 'POST', '/api/v1/me/positions', { cookie: o.cookie, body })).status).toBe(400);
    }
    const units = await call(h, 'GET', '/api/v1/units', { cookie: commander });
    expect(units.body.units.find((u: { id: string }) => u.id === o.unitId).position.lon).toBeCloseTo(
      120.07 + 499e-5,
      9,
    );
  });
});

describe('live', () => {
  it('pushes the assignment and unit positions to the commander; a liaison gets neither', async () => {
    const boss = await liveClient(h, commander);
    const liaison = await liveClient(h, await sessionFor(h, 'liaison'));
    await boss.waitFor((m) => m.type === 'snapshot');
    await liaison.waitFor((m) => m.type === 'snapshot');
    const o = await officer();
    const caseId = await openCase(h, commander);
    const a = (await dispatch(caseId, o.unitId, { kind: 'point', ...IPP, datum: 'wgs84' })).body;
    await boss.waitFor((m) => m.type === 'event' && m.event.kind === 'assignment' && m.event.assignment.id === a.id);
    const body = {
      positions: [
        { lon: 120.071, lat: 28.951, accuracy: 6, t: new Date().toISOString(), idempotencyKey: randomUUID() },
      ],
    };
    await call(h, 'POST', '/api/v1/me/positions', { cookie: o.cookie, body });
    const pos = await boss.waitFor((m) => m.type === 'positions' && (m.units ?? []).some((u) => u.unitId === o.unitId));
    expect(pos.type === 'positions' && pos.units?.find((u) => u.unitId === o.unitId)).toMatchObject({
      lon: 120.071,
      lat: 28.951,
      accuracyM: 6,
    });
    // The liaison sees the dispatch step of the case list, not the assignment (its target) or any position.
    await liaison.waitFor(
      (m) =>
        m.type === 'event' &&
        m.event.kind === 'case_event' &&
        m.event.caseId === caseId &&
        m.event.type === 'unit_dispatched',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(liaison.messages.some((m) => m.type === 'positions')).toBe(false);
    expect(liaison.messages.some((m) => m.type === 'event' && m.event.kind === 'assignment')).toBe(false);
    boss.close();
    liaison.close();
  });
});

describe('POST /cases/:id/close', () => {
  it('closes with the outcome, stands down the units still out, and answers 409 the second time', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const a = await dispatch(caseId, o.unitId, { kind: 'point', ...IPP, datum: 'wgs84' });
    expect(a.status).toBe(201);
    expect((await call(h, 'POST', `/api/v1/cases/${caseId}/close`, { cookie: o.cookie, body: {} })).status).toBe(403);
    expect(
      (await call(h, 'POST', `/api/v1/cases/${caseId}/close`, { cookie: commander, body: { outcome: 'maybe' } }))
        .status,
    ).toBe(400);
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/close`, {
      cookie: commander,
      body: { outcome: 'found_safe', note: '三人均安全' },
    });
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({ status: 'closed', step: 'closed' });
    expect(Date.parse(res.body.case.closedAt)).toBeGreaterThan(0);
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    const closed = detail.body.events.find((e: { type: string }) => e.type === 'closed');
    expect(closed.data).toEqual({ outcome: 'found_safe', note: '三人均安全' });
    expect(detail.body.assignments[0].status).toBe('stood_down');
    expect(detail.body.events.map((e: { type: string }) => e.type)).toContain('unit_stood_down');
    // The officer's phone no longer shows it as his assignment; the case takes no more caller locations.
    expect((await call(h, 'GET', '/api/v1/me/assignment', { cookie: o.cookie })).body.assignment).toBeNull();
    const late = await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
      cookie: commander,
      body: { ...IPP, datum: 'wgs84', accuracyM: 50 },
    });
    expect(late.status).toBe(409);
    expect(
      (await call(h, 'POST', `/api/v1/cases/${caseId}/close`, { cookie: commander, body: { outcome: 'other' } }))
        .status,
    ).toBe(409);
    const open = await call(h, 'GET', '/api/v1/cases', { cookie: commander });
    expect(open.body.cases.map((c: { id: string }) => c.id)).not.toContain(caseId);
  });
});

describe('live socket for an officer', () => {
  it('carries his own cases in full (learnt from his dispatch) and of the others only the case list', async () => {
    const o = await officer();
    const live = await liveClient(h, o.cookie);
    await live.waitFor((m) => m.type === 'snapshot');
    const mine = await openCase(h, commander);
    const other = await openCase(h, commander);
    expect((await dispatch(mine, o.unitId, { kind: 'point', ...IPP, datum: 'wgs84' })).status).toBe(201);
    await live.waitFor((m) => m.type === 'event' && m.event.kind === 'assignment' && m.event.caseId === mine);
    for (const caseId of [other, mine]) {
      const res = await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
        cookie: commander,
        body: { ...IPP, datum: 'wgs84', accuracyM: 60 },
      });
      expect(res.status).toBe(201);
    }
    await live.waitFor((m) => m.type === 'event' && m.event.kind === 'caller_location' && m.event.caseId === mine);
    const ofOther = live.messages.filter((m) => m.type === 'event' && 'caseId' in m.event && m.event.caseId === other);
    expect(ofOther.map((m) => (m.type === 'event' && m.event.kind === 'case_event' ? m.event.type : m.type))).toEqual([
      'opened',
    ]);
    live.close();
  });
});

describe('one assignment per unit and case', () => {
  it('sends an officer already out to the new target: one assignment, status kept, the change recorded', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const first = await dispatch(caseId, o.unitId, { kind: 'point', lon: 120.07, lat: 28.95, datum: 'wgs84' });
    expect(first.status).toBe(201);
    expect(first.body.outcome).toBe('dispatched');
    expect((await status(o.cookie, first.body.id, 'en_route')).status).toBe(200);

    const again = await dispatch(caseId, o.unitId, { kind: 'point', lon: 120.08, lat: 28.96, datum: 'wgs84' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      id: first.body.id,
      outcome: 'retargeted',
      status: 'en_route',
      target: { kind: 'point', lon: 120.08, lat: 28.96 },
    });
    const same = await dispatch(caseId, o.unitId, { kind: 'point', lon: 120.08, lat: 28.96, datum: 'wgs84' });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ id: first.body.id, outcome: 'already_en_route', status: 'en_route' });

    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    expect(detail.body.assignments).toHaveLength(1);
    const retargeted = detail.body.events.filter((e: { type: string }) => e.type === 'assignment_retargeted');
    expect(retargeted).toHaveLength(1);
    expect(retargeted[0].data).toMatchObject({
      assignmentId: first.body.id,
      status: 'en_route',
      from: { kind: 'point', lon: 120.07, lat: 28.95 },
      to: { kind: 'point', lon: 120.08, lat: 28.96 },
    });
    const board = await call(h, 'GET', '/api/v1/board', { cookie: commander });
    expect(board.body.cases.find((c: { id: string }) => c.id === caseId).counts.units).toBe(1);

    // Found on the one assignment: the unit's current assignment (the map label) says so.
    expect((await status(o.cookie, first.body.id, 'found')).status).toBe(200);
    const units = await call(h, 'GET', '/api/v1/units', { cookie: commander });
    expect(units.body.units.find((u: { id: string }) => u.id === o.unitId).assignment).toMatchObject({
      id: first.body.id,
      status: 'found',
    });
  });

  it('holds in the database: a second live row for the same unit and case is refused', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const insert = () =>
      h.database.query(
        `insert into assignments (case_id, unit_id, target_kind, target) values ($1, $2, 'point', ST_SetSRID(ST_MakePoint(120, 28), 4326))`,
        [caseId, o.unitId],
      );
    await insert();
    await expect(insert()).rejects.toThrow(/assignments_active_unit_case_uq|duplicate key/);
    // Once he is stood down, a new dispatch is a new assignment.
    await h.database.query(`update assignments set status = 'stood_down' where case_id = $1`, [caseId]);
    await insert();
  });
});

describe('status changes sent late from the outbox', () => {
  it('records the step at the tap, keeps the arrival, and the clocks use the tap', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const a = await dispatch(caseId, o.unitId, { kind: 'point', lon: 120.07, lat: 28.95, datum: 'wgs84' });
    const tappedAt = new Date(Date.now() - 33_000).toISOString();
    const res = await call(h, 'POST', `/api/v1/assignments/${a.body.id}/status`, {
      cookie: o.cookie,
      body: { status: 'on_scene', idempotencyKey: randomUUID(), tappedAt },
    });
    expect(res.status).toBe(200);
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    const ev = detail.body.events.find((e: { type: string }) => e.type === 'unit_on_scene');
    expect(ev.at).toBe(tappedAt);
    expect(Date.parse(ev.data.receivedAt) - Date.parse(tappedAt)).toBeGreaterThanOrEqual(33_000);
    expect(ev.data.tappedAt).toBe(tappedAt);
    expect(detail.body.case.times.on_scene).toBe(tappedAt);
    const board = await call(h, 'GET', '/api/v1/board', { cookie: commander });
    const row = board.body.cases.find((c: { id: string }) => c.id === caseId);
    expect(row.clocks.find((c: { step: string }) => c.step === 'on_scene').reachedAt).toBe(tappedAt);
  });

  it('refuses a tap time from the future or more than a day old with a 400 that says why', async () => {
    const o = await officer();
    const caseId = await openCase(h, commander);
    const a = await dispatch(caseId, o.unitId, { kind: 'point', lon: 120.07, lat: 28.95, datum: 'wgs84' });
    const send = (tappedAt: string) =>
      call(h, 'POST', `/api/v1/assignments/${a.body.id}/status`, {
        cookie: o.cookie,
        body: { status: 'en_route', idempotencyKey: randomUUID(), tappedAt },
      });
    const ahead = await send(new Date(Date.now() + 5 * 60_000).toISOString());
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.code).toBe('bad_request');
    expect(ahead.body.error.message).toMatch(/^tappedAt is \d+ s ahead of the server \(at most 60 s\)$/);
    expect(ahead.body.error.details).toMatchObject({ field: 'tappedAt', maxAheadS: 60, maxAgeS: 86400 });
    const old = await send(new Date(Date.now() - 25 * 3_600_000).toISOString());
    expect(old.status).toBe(400);
    expect(old.body.error.message).toMatch(/h old \(at most 24 h\)$/);
    const after = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    expect(after.body.assignments[0].status).toBe('dispatched');
  });

  it('refuses positions with an impossible fix time, naming each', async () => {
    const o = await officer();
    const t = new Date(Date.now() + 10 * 60_000).toISOString();
    const res = await call(h, 'POST', '/api/v1/me/positions', {
      cookie: o.cookie,
      body: {
        positions: [
          { lon: 120, lat: 28, accuracy: 5, t: new Date().toISOString(), idempotencyKey: randomUUID() },
          { lon: 120, lat: 28, accuracy: 5, t, idempotencyKey: 'late-one' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.refused).toEqual([
      expect.objectContaining({ index: 1, idempotencyKey: 'late-one', t }),
    ]);
  });
});
