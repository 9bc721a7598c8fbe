import { caseDetail } from '@lookout/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from '../testing/contract.ts';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call, IPP, openCase } from '../testing/case-factories.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('POST /cases', () => {
  it('opens a lost_person case with an `opened` event, the IPP converted to WGS-84', async () => {
    const cookie = await sessionFor(h, 'officer');
    const res = await call(h, 'POST', '/api/v1/cases', {
      cookie,
      body: {
        kind: 'lost_person',
        title: '三渡溪水库 三名驴友',
        reporterPhone: '138 0000 5678',
        subjectCount: 3,
        subjectCategory: 'hiker',
        terrain: 'temperate_mountain',
        // GCJ-02, as an AMap pin would give it
        ipp: { lon: 120.0745, lat: 28.9474, datum: 'gcj02' },
      },
    });
    expect(res.status).toBe(201);
    const c = res.body.case;
    expect(c).toMatchObject({
      kind: 'lost_person',
      status: 'open',
      step: 'reported',
      reporterPhone: '13800005678',
      subjectCount: 3,
    });
    // GCJ-02 → WGS-84 near Yongkang moves the point by a few hundred metres, south-west.
    expect(c.ipp.lon).toBeLessThan(120.0745);
    expect(c.ipp.lat).toBeGreaterThan(28.945);
    const detail = await call(h, 'GET', `/api/v1/cases/${c.id}`, { cookie });
    expect(detail.status).toBe(200);
    expectContract(caseDetail, detail.body);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['opened']);
  });

  it.each([
    ['no subject category', { kind: 'lost_person', title: 'x' }],
    ['an unknown kind', { kind: 'lost_cat', title: 'x', subjectCategory: 'hiker' }],
    ['an IPP without datum', { kind: 'lost_person', title: 'x', subjectCategory: 'hiker', ipp: { lon: 120, lat: 28 } }],
    [
      'an IPP out of range',
      { kind: 'lost_person', title: 'x', subjectCategory: 'hiker', ipp: { lon: 200, lat: 28, datum: 'wgs84' } },
    ],
  ])('answers 400 for %s', async (_name, body) => {
    expect((await call(h, 'POST', '/api/v1/cases', { cookie: await sessionFor(h, 'commander'), body })).status).toBe(
      400,
    );
  });

  it.each(['pilot', 'liaison'] as const)('refuses the %s role with 403', async (role) => {
    const res = await call(h, 'POST', '/api/v1/cases', {
      cookie: await sessionFor(h, role),
      body: { kind: 'lost_person', title: 'x', subjectCategory: 'hiker' },
    });
    expect(res.status).toBe(403);
  });
});

describe('GET /cases and /cases/:id', () => {
  it('lists open cases with their step and IPP', async () => {
    const cookie = await sessionFor(h, 'commander');
    const id = await openCase(h, cookie);
    const res = await call(h, 'GET', '/api/v1/cases?status=open', { cookie });
    expect(res.status).toBe(200);
    const c = res.body.cases.find((x: { id: string }) => x.id === id);
    expect(c).toMatchObject({
      step: 'reported',
      acknowledgedAt: null,
      ipp: IPP,
      subjectCategory: 'hiker',
      targetSightingId: null,
    });
  });

  it('gives the detail with rings for a hiker in temperate mountains', async () => {
    const cookie = await sessionFor(h, 'commander');
    const id = await openCase(h, cookie);
    const res = await call(h, 'GET', `/api/v1/cases/${id}`, { cookie });
    expect(res.body.callerLocations).toEqual({ type: 'FeatureCollection', features: [] });
    expect(res.body.matches).toEqual([]);
    expect(res.body.rings.features.map((f: { properties: { percent: number } }) => f.properties.percent)).toEqual([
      95, 75, 50, 25,
    ]);
  });

  it('lets an officer see only cases he opened or is assigned to', async () => {
    const other = await openCase(h, await sessionFor(h, 'commander'));
    const officer = await sessionFor(h, 'officer');
    const own = await openCase(h, officer);
    expect((await call(h, 'GET', `/api/v1/cases/${own}`, { cookie: officer })).status).toBe(200);
    expect((await call(h, 'GET', `/api/v1/cases/${other}`, { cookie: officer })).status).toBe(403);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const cookie = await sessionFor(h, 'admin');
    expect((await call(h, 'GET', '/api/v1/cases/not-a-uuid', { cookie })).status).toBe(400);
    expect((await call(h, 'GET', '/api/v1/cases/00000000-0000-4000-8000-000000000000', { cookie })).status).toBe(404);
  });
});

describe('POST /cases/:id/acknowledge', () => {
  it('records `acknowledged` once (the 2-minute clock) and answers 409 after', async () => {
    const cookie = await sessionFor(h, 'commander');
    const id = await openCase(h, cookie);
    const first = await call(h, 'POST', `/api/v1/cases/${id}/acknowledge`, { cookie });
    expect(first.status).toBe(200);
    expect(first.body.case.step).toBe('acknowledged');
    expect(Date.parse(first.body.case.acknowledgedAt)).toBeGreaterThanOrEqual(Date.parse(first.body.case.createdAt));
    expect((await call(h, 'POST', `/api/v1/cases/${id}/acknowledge`, { cookie })).status).toBe(409);
  });

  it('is for commanders: an officer gets 403', async () => {
    const id = await openCase(h, await sessionFor(h, 'commander'));
    expect(
      (await call(h, 'POST', `/api/v1/cases/${id}/acknowledge`, { cookie: await sessionFor(h, 'officer') })).status,
    ).toBe(403);
  });
});

describe('GET /cases/:id/rings', () => {
  it('gives the ISRID rings with radius, label and the cited source', async () => {
    const cookie = await sessionFor(h, 'commander');
    const id = await openCase(h, cookie);
    expect((await call(h, 'GET', `/api/v1/cases/${id}/rings`, { cookie: await sessionFor(h, 'liaison') })).status).toBe(
      403,
    );
    const res = await call(h, 'GET', `/api/v1/cases/${id}/rings`, { cookie });
    expect(res.status).toBe(200);
    expect(res.body.source).toMatch(/ISRID/);
    const p95 = res.body.features[0].properties;
    expect(p95).toEqual({ percent: 95, radiusM: 18_300, label: '95% · 18.3 km' });
  });

  it('answers 404 when the case has no IPP', async () => {
    const cookie = await sessionFor(h, 'commander');
    const res = await call(h, 'POST', '/api/v1/cases', {
      cookie,
      body: { kind: 'lost_person', title: 'no ipp', subjectCategory: 'hiker' },
    });
    expect((await call(h, 'GET', `/api/v1/cases/${res.body.case.id}/rings`, { cookie })).status).toBe(404);
  });
});
