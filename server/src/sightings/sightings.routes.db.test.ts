import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDrone, insertSighting, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const patch = (cookie: string, id: number | string, body: unknown) =>
  fetch(`${h.base}/api/v1/sightings/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });

describe('GET /sightings', () => {
  it('gives a GeoJSON FeatureCollection of Points with the documented properties', async () => {
    const d = await insertDrone(h.database);
    const t = new Date(Date.now() - 5000);
    const s = await insertSighting(h.database, d.id, { t, lon: 120.02, lat: 28.91 });
    const res = await fetch(`${h.base}/api/v1/sightings?since=${new Date(t.getTime() - 1000).toISOString()}`, {
      headers: { cookie: await sessionFor(h, 'officer') },
    });
    expect(res.status).toBe(200);
    const fc = (await res.json()) as { type: string; features: { properties: { id: number } }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.find((f) => f.properties.id === s.id)).toEqual({
      type: 'Feature',
      id: s.id,
      geometry: { type: 'Point', coordinates: [120.02, 28.91] },
      properties: {
        id: s.id,
        seq: s.seq,
        droneId: d.id,
        callsign: d.callsign,
        t: t.toISOString(),
        uncM: 15,
        conf: expect.closeTo(0.7, 5) as number,
        kind: 'person',
        count: null,
        note: 'red jacket',
        status: 'new',
        hasPhoto: false,
      },
    });
  });
});

describe('PATCH /sightings/:id', () => {
  it('lets a commander confirm a sighting and moves it up the live feed', async () => {
    const d = await insertDrone(h.database);
    const s = await insertSighting(h.database, d.id);
    const res = await patch(await sessionFor(h, 'commander'), s.id, { status: 'confirmed' });
    expect(res.status).toBe(200);
    const f = (await res.json()) as { properties: { status: string; seq: number } };
    expect(f.properties.status).toBe('confirmed');
    expect(f.properties.seq).toBeGreaterThan(s.seq);
  });

  it('lets a pilot dismiss one', async () => {
    const d = await insertDrone(h.database);
    const s = await insertSighting(h.database, d.id);
    expect((await patch(await sessionFor(h, 'pilot'), s.id, { status: 'dismissed' })).status).toBe(200);
  });

  it.each(['officer', 'liaison'] as const)('refuses the %s role with 403', async (role) => {
    const d = await insertDrone(h.database);
    const s = await insertSighting(h.database, d.id);
    expect((await patch(await sessionFor(h, role), s.id, { status: 'confirmed' })).status).toBe(403);
  });

  it('answers a bad status, a bad id and a missing sighting with 400, 400, 404', async () => {
    const cookie = await sessionFor(h, 'admin');
    expect((await patch(cookie, 1, { status: 'new' })).status).toBe(400);
    expect((await patch(cookie, 'abc', { status: 'confirmed' })).status).toBe(400);
    expect((await patch(cookie, 999_999_999, { status: 'confirmed' })).status).toBe(404);
  });
});

describe('GET /sightings/:id/photo', () => {
  it('serves the JPEG, or 404 when there is none', async () => {
    const d = await insertDrone(h.database);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const withPhoto = await insertSighting(h.database, d.id, { photo: jpeg });
    const without = await insertSighting(h.database, d.id);
    const cookie = await sessionFor(h, 'officer');
    const res = await fetch(`${h.base}/api/v1/sightings/${withPhoto.id}/photo`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
    expect((await fetch(`${h.base}/api/v1/sightings/${without.id}/photo`, { headers: { cookie } })).status).toBe(404);
  });
});
