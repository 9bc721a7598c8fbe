import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWgs84 } from '@lookout/contracts';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call, openCase } from '../testing/case-factories.ts';

const AML_TOKEN = 'aml-test-token-0123456789abcdef';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { AML_SERVICE_TOKEN: AML_TOKEN } });
});
afterAll(async () => {
  await h?.close();
});

const post = async (body: unknown, role: 'officer' | 'commander' | 'liaison' = 'commander') => {
  const cookie = await sessionFor(h, role);
  const caseId = await openCase(h, await sessionFor(h, 'commander'));
  return { caseId, res: await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, { cookie, body }) };
};

describe('POST /cases/:id/caller-locations (staff)', () => {
  it('takes 度分秒 text with a datum and stores WGS-84 next to what was received', async () => {
    const { res } = await post({ text: '北纬28度57分0秒 东经120度4分12秒', datum: 'gcj02', accuracyM: 30 });
    expect(res.status).toBe(201);
    const p = res.body.properties;
    expect(p).toMatchObject({
      source: 'manual',
      datumReceived: 'gcj02',
      latReceived: 28.95,
      lonReceived: 120.07,
      accuracyM: 30,
    });
    const [lon, lat] = toWgs84([120.07, 28.95], 'gcj02');
    expect(res.body.geometry.coordinates[0]).toBeCloseTo(lon, 9);
    expect(res.body.geometry.coordinates[1]).toBeCloseTo(lat, 9);
  });

  it('takes the datum a map share implies (AMap = GCJ-02) without being told', async () => {
    const { res } = await post({ text: '我在这里 https://uri.amap.com/marker?position=120.0745,28.9474&name=x' });
    expect(res.status).toBe(201);
    expect(res.body.properties.datumReceived).toBe('gcj02');
  });

  it('takes MGRS (WGS-84 by definition)', async () => {
    const { res } = await post({ text: '51RTN1441405982' });
    expect(res.status).toBe(201);
    expect(res.body.properties.datumReceived).toBe('wgs84');
  });

  it('takes lon/lat with a datum', async () => {
    const { res } = await post({ lon: 120.07, lat: 28.95, datum: 'bd09', accuracyM: 100 });
    expect(res.status).toBe(201);
    expect(res.body.properties.datumReceived).toBe('bd09');
  });

  it('answers 400 datum_required for decimal degrees without a datum', async () => {
    const { res } = await post({ text: '28.95, 120.07' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('datum_required');
    const bare = await post({ lon: 120.07, lat: 28.95 });
    expect(bare.res.body.error.code).toBe('datum_required');
  });

  it.each(['somewhere on the hill', '95.5, 200.1', '28°75\'00"N 120°04\'00"E', '51RTN14414059'.slice(0, 6) + 'ZZ'])(
    'answers 400 bad_coordinate for %j',
    async (text) => {
      const { res } = await post({ text, datum: 'wgs84' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('bad_coordinate');
    },
  );

  it.each([
    ['accuracy 0', { lon: 120, lat: 28, datum: 'wgs84', accuracyM: 0 }],
    ['accuracy over 50 km', { lon: 120, lat: 28, datum: 'wgs84', accuracyM: 50_001 }],
    ['lat out of range', { lon: 120, lat: -91, datum: 'wgs84' }],
    ['an unknown datum', { lon: 120, lat: 28, datum: 'cgcs2000' }],
    ['nothing at all', {}],
  ])('answers 400 for %s', async (_n, body) => {
    expect((await post(body)).res.status).toBe(400);
  });

  it('refuses a liaison with 403', async () => {
    expect((await post({ lon: 120, lat: 28, datum: 'wgs84' }, 'liaison')).res.status).toBe(403);
  });
});

describe('POST /aml/caller-locations (call centre)', () => {
  const aml = (body: unknown, token?: string) =>
    call(h, 'POST', '/api/v1/aml/caller-locations', {
      body,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });

  it('stores an `aml` location with the service token, idempotently', async () => {
    const caseId = await openCase(h, await sessionFor(h, 'commander'));
    const body = {
      caseId,
      lon: 120.07,
      lat: 28.95,
      datum: 'wgs84',
      accuracyM: 25,
      t: new Date().toISOString(),
      idempotencyKey: randomUUID(),
    };
    const res = await aml(body, AML_TOKEN);
    expect(res.status).toBe(201);
    expect(res.body.properties.source).toBe('aml');
    expect((await aml(body, AML_TOKEN)).body.id).toBe(res.body.id);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    const caseId = await openCase(h, await sessionFor(h, 'commander'));
    const body = { caseId, lon: 120.07, lat: 28.95, datum: 'wgs84', accuracyM: 25, t: new Date().toISOString() };
    expect((await aml(body)).status).toBe(401);
    expect((await aml(body, 'x'.repeat(AML_TOKEN.length))).status).toBe(401);
  });

  it('answers 404 for an unknown case', async () => {
    const body = {
      caseId: randomUUID(),
      lon: 120.07,
      lat: 28.95,
      datum: 'wgs84',
      accuracyM: 25,
      t: new Date().toISOString(),
    };
    expect((await aml(body, AML_TOKEN)).status).toBe(404);
  });
});
