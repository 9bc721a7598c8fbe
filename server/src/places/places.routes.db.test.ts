import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlacesImportResult, PlacesOnMapResponse, PlacesSearchResponse } from '@lookout/contracts';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
let commander: string;
let liaison: string;
beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
  liaison = await sessionFor(h, 'liaison');
});
afterAll(async () => {
  await h?.close();
});

/** Fixed per test, so a rerun on a shared real database replaces its own places instead of adding more. */
const SOURCE = 'places.routes.db.test';

const postImport = (cookie: string | null, body: string, contentType = 'application/json') =>
  fetch(`${h.base}/api/v1/places/import`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) },
    body,
  });

const search = (cookie: string | null, query: string) =>
  fetch(`${h.base}/api/v1/places?${query}`, { headers: cookie ? { cookie } : {} });

const gazetteer = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: '笔架山' }, geometry: { type: 'Point', coordinates: [120.0738, 28.9536] } },
    {
      type: 'Feature',
      properties: { name: '花川警务站' },
      geometry: { type: 'Point', coordinates: [120.044, 28.901] },
    },
  ],
});

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details?: { reason?: string } } }).error;

describe('POST /places/import and GET /places', () => {
  it('a commander imports a GeoJSON file; any role finds 笔架山 by its initials, nearest first', async () => {
    const res = await postImport(commander, JSON.stringify({ source: SOURCE, format: 'geojson', text: gazetteer }));
    expect(res.status).toBe(200);
    expect((await res.json()) as PlacesImportResult).toMatchObject({ source: SOURCE, imported: 2, skipped: [] });

    const found = await search(liaison, 'q=bjs&near=120.07,28.95&limit=50');
    expect(found.status).toBe(200);
    const mine = ((await found.json()) as PlacesSearchResponse).places.filter((p) => p.source === SOURCE);
    expect(mine[0]).toMatchObject({ name: '笔架山', kind: 'peak', match: 'exact' });
    expect(mine[0]!.distanceM).toBeGreaterThan(300);
    expect(mine[0]!.distanceM).toBeLessThan(600);
  });

  it('a bad row is a 400 that names the row', async () => {
    const csv = 'name,kind,lon,lat\n笔架山,peak,120.07,28.95\n花都路,road,120.04,95\n';
    const res = await postImport(commander, JSON.stringify({ source: `${SOURCE}.bad`, format: 'csv', text: csv }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { problems: { row: number; reason: string }[] } } };
    expect(body.error.details.problems).toEqual([{ row: 3, reason: expect.stringContaining('lat') as string }]);
  });
});

const onMap = (cookie: string | null, query: string) =>
  fetch(`${h.base}/api/v1/places/on-map?${query}`, { headers: cookie ? { cookie } : {} });

describe('GET /places/on-map', () => {
  // A corner of the map no other test uses, so a shared real database holds only these places there.
  const named = (name: string, kind: string, lon: number, lat: number) => ({
    type: 'Feature',
    properties: { name, kind },
    geometry: { type: 'Point', coordinates: [lon, lat] },
  });
  const corner = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      named('东溪桥', 'landmark', 101.51, 31.51),
      named('白岩顶', 'peak', 101.52, 31.52),
      named('下坪村', 'village', 101.53, 31.53),
      named('远处的山', 'peak', 101.9, 31.9),
    ],
  });

  it('gives the names inside the view, peaks and villages first, and says when the limit cut some off', async () => {
    const imported = await postImport(
      commander,
      JSON.stringify({ source: `${SOURCE}.on-map`, format: 'geojson', text: corner }),
    );
    expect(imported.status).toBe(200);

    const all = await onMap(liaison, 'bbox=101.5,31.5,101.6,31.6');
    expect(all.status).toBe(200);
    const body = (await all.json()) as PlacesOnMapResponse;
    expect(body.places.map((p) => p.name)).toEqual(['白岩顶', '下坪村', '东溪桥']);
    expect(body.truncated).toBe(false);
    expect(body.places[0]).toMatchObject({ kind: 'peak', lon: 101.52, lat: 31.52 });

    const cut = (await (await onMap(liaison, 'bbox=101.5,31.5,101.6,31.6&limit=2')).json()) as PlacesOnMapResponse;
    expect(cut.places.map((p) => p.name)).toEqual(['白岩顶', '下坪村']);
    expect(cut.truncated).toBe(true);
  });

  it('without a session 401; a bad box or limit 400', async () => {
    expect((await onMap(null, 'bbox=101.5,31.5,101.6,31.6')).status).toBe(401);
    for (const query of [
      '',
      'bbox=101.5,31.5,101.6',
      'bbox=101.6,31.5,101.5,31.6',
      'bbox=101.5,31.6,101.6,31.5',
      'bbox=101.5,31.5,181,31.6',
      'bbox=101.5,-91,101.6,31.6',
      'bbox=a,b,c,d',
      'bbox=101.5,31.5,101.6,31.6&limit=0',
      'bbox=101.5,31.5,101.6,31.6&limit=501',
    ]) {
      const res = await onMap(liaison, query);
      expect(res.status, query).toBe(400);
      expect((await errorOf(res)).code).toBe('bad_request');
    }
  });
});

describe('bad requests', () => {
  it('without a session: 401 for search and import', async () => {
    expect((await search(null, 'q=bjs')).status).toBe(401);
    expect(
      (await postImport(null, JSON.stringify({ source: SOURCE, format: 'geojson', text: gazetteer }))).status,
    ).toBe(401);
  });

  it('an officer, a pilot or a liaison may not import: 403', async () => {
    for (const role of ['officer', 'pilot', 'liaison'] as const) {
      const res = await postImport(
        await sessionFor(h, role),
        JSON.stringify({ source: `${SOURCE}.${role}`, format: 'geojson', text: gazetteer }),
      );
      expect(res.status, role).toBe(403);
    }
  });

  it('a query without q, too long, with a NUL, or a bad near or limit: 400', async () => {
    for (const query of [
      '',
      'q=',
      `q=${'山'.repeat(65)}`,
      'q=a%00b',
      'q=bjs&near=120.07',
      'q=bjs&near=200,28',
      'q=bjs&near=a,b',
      'q=bjs&limit=0',
      'q=bjs&limit=51',
    ]) {
      const res = await search(liaison, query);
      expect(res.status, query).toBe(400);
      expect((await errorOf(res)).code).toBe('bad_request');
    }
  });

  it('an import with a NUL (in the body or inside the file) or nested too deep: 400', async () => {
    const nul = await postImport(commander, JSON.stringify({ source: 'a\u0000b', format: 'geojson', text: gazetteer }));
    expect(nul.status).toBe(400);
    expect((await errorOf(nul)).details?.reason).toBe('nul');
    const deepBody = `{"source":"x","format":"geojson","text":"{}","deep":${'['.repeat(100)}${']'.repeat(100)}}`;
    const deep = await postImport(commander, deepBody);
    expect(deep.status).toBe(400);
    expect((await errorOf(deep)).details?.reason).toBe('json_depth');
    const deepFile = `{"type":"FeatureCollection","features":${'['.repeat(100)}${']'.repeat(100)}}`;
    const inner = await postImport(
      commander,
      JSON.stringify({ source: `${SOURCE}.deep`, format: 'geojson', text: deepFile }),
    );
    expect(inner.status).toBe(400);
    expect((await errorOf(inner)).details?.reason).toBe('bad_rows');
  });

  it('an import with a wrong format, datum, coordinates or no text: 400', async () => {
    const bodies = [
      { source: SOURCE, format: 'kml', text: gazetteer },
      { source: SOURCE, format: 'geojson', datum: 'mars', text: gazetteer },
      { source: SOURCE, format: 'geojson', text: '' },
      { source: '', format: 'geojson', text: gazetteer },
      { source: `${SOURCE}.coords`, format: 'csv', text: 'name,lon,lat\n笔架山,120.07,abc\n' },
      { source: `${SOURCE}.coords`, format: 'csv', text: 'name,lon,lat\n笔架山,0,0\n' },
      { source: `${SOURCE}.empty`, format: 'csv', text: 'name,lon,lat\n' },
    ];
    for (const b of bodies) {
      const res = await postImport(commander, JSON.stringify(b));
      expect(res.status, JSON.stringify(b)).toBe(400);
    }
  });

  it('an import that is not JSON: 415; larger than the limit: 413', async () => {
    expect((await postImport(commander, 'name,lon,lat\n', 'text/csv')).status).toBe(415);
    const huge = JSON.stringify({ source: SOURCE, format: 'csv', text: 'x'.repeat(5 * 1024 * 1024) });
    const res = await postImport(commander, huge);
    expect(res.status).toBe(413);
  });

  it('text over the import limit but under the body limit: 400', async () => {
    const res = await postImport(
      commander,
      JSON.stringify({ source: SOURCE, format: 'csv', text: 'x'.repeat(1_000_001) }),
    );
    expect(res.status).toBe(400);
  });
});
