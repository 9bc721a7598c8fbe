import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import type { PlaceView, PlacesImportBody } from '@lookout/contracts';
import { AppError } from '../errors.ts';
import { fromWgs84 } from '@lookout/contracts';
import { createPlacesRepo } from './places.repo.ts';
import { createPlacesService, type PlacesService } from './places.service.ts';

let database: Database;
let places: PlacesService;
beforeAll(async () => {
  database = await openTestDatabase();
  places = createPlacesService({ repo: createPlacesRepo(database), log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await database?.close();
});

/** Each test's own station, so files sharing a real database never see each other's places. */
const station = () => `test-station-${randomUUID().slice(0, 8)}`;

const point = (name: string, lon: number, lat: number, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { name, ...props },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});

const geojson = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

function body(over: Partial<PlacesImportBody> & Pick<PlacesImportBody, 'text'>): PlacesImportBody {
  return { source: 'gazetteer.geojson', format: 'geojson', datum: 'wgs84', skipBadRows: false, ...over };
}

/** The search, narrowed to one station's places (a shared database holds other tests' too). */
async function find(st: string, q: string, near?: [number, number]): Promise<PlaceView[]> {
  const { places: found } = await places.search({ q, limit: 50, ...(near ? { near } : {}) });
  return found.filter((p) => p.station === st);
}

async function importInto(st: string, b: PlacesImportBody) {
  return places.importFile(b, { userId: null, station: st });
}

const AREA = [
  point('笔架山', 120.0738, 28.9536, { kind: 'peak', alias: '笔架尖' }),
  point('笔架山登山口', 120.065, 28.9454),
  point('三渡溪水库', 120.064, 28.9425),
  point('花都路', 120.0415, 28.8985),
  point('花川警务站', 120.044, 28.901, { kind: '警务站' }),
];

describe('importing a gazetteer', () => {
  it('imports GeoJSON points and reads the kind from the name when the file has none', async () => {
    const st = station();
    const result = await importInto(st, body({ text: geojson(AREA) }));
    expect(result).toEqual({ source: 'gazetteer.geojson', imported: 5, replaced: 0, skipped: [] });
    const [peak] = await find(st, '笔架山');
    expect(peak).toMatchObject({ name: '笔架山', kind: 'peak', alias: '笔架尖', lon: 120.0738, lat: 28.9536 });
    expect((await find(st, '笔架山登山口'))[0]!.kind).toBe('trailhead');
    expect((await find(st, '三渡溪水库'))[0]!.kind).toBe('reservoir');
    expect((await find(st, '花川警务站'))[0]!.kind).toBe('post');
  });

  it('stores a point on a road line and inside a reservoir polygon', async () => {
    const st = station();
    const road = {
      type: 'Feature',
      properties: { name: '花都路' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [120.035, 28.897],
          [120.048, 28.9],
        ],
      },
    };
    const lake = {
      type: 'Feature',
      properties: { name: '三渡溪水库' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [120.06, 28.94],
            [120.068, 28.94],
            [120.068, 28.946],
            [120.06, 28.946],
            [120.06, 28.94],
          ],
        ],
      },
    };
    await importInto(st, body({ text: geojson([road, lake]) }));
    const [r] = await find(st, '花都路');
    expect(r!.kind).toBe('road');
    expect(r!.lon).toBeGreaterThanOrEqual(120.035);
    expect(r!.lon).toBeLessThanOrEqual(120.048);
    const [l] = await find(st, '三渡溪水库');
    expect(l!.lon).toBeGreaterThan(120.06);
    expect(l!.lon).toBeLessThan(120.068);
    expect(l!.lat).toBeGreaterThan(28.94);
    expect(l!.lat).toBeLessThan(28.946);
  });

  it('imports a CSV with GCJ-02 and BD-09 rows and stores WGS-84', async () => {
    const st = station();
    const wgs: [number, number] = [120.0738, 28.9536];
    const gcj = fromWgs84(wgs, 'gcj02');
    const bd = fromWgs84([120.0415, 28.8985], 'bd09');
    const csv = `name,kind,lon,lat,datum\n笔架山,peak,${gcj[0]},${gcj[1]},GCJ-02\n花都路,road,${bd[0]},${bd[1]},bd09\n`;
    const result = await importInto(st, body({ source: 'places.csv', format: 'csv', text: csv }));
    expect(result.imported).toBe(2);
    const [peak] = await find(st, '笔架山');
    expect(peak!.lon).toBeCloseTo(wgs[0], 5);
    expect(peak!.lat).toBeCloseTo(wgs[1], 5);
    const [road] = await find(st, '花都路');
    expect(road!.lon).toBeCloseTo(120.0415, 5);
    expect(road!.lat).toBeCloseTo(28.8985, 5);
  });

  it("takes the file's datum for rows that name none, and Chinese column names", async () => {
    const st = station();
    const gcj = fromWgs84([120.0738, 28.9536], 'gcj02');
    const csv = `名称,类型,经度,纬度\n笔架山,山,${gcj[0]},${gcj[1]}\n`;
    await importInto(st, body({ format: 'csv', datum: 'gcj02', text: csv }));
    const [peak] = await find(st, 'bjs');
    expect(peak).toMatchObject({ kind: 'peak' });
    expect(peak!.lon).toBeCloseTo(120.0738, 5);
  });

  it('refuses a file with bad rows, naming each row, and stores nothing', async () => {
    const st = station();
    const csv = [
      'name,kind,lon,lat,datum',
      '笔架山,peak,120.07,28.95,wgs84',
      ',peak,120.07,28.95,wgs84',
      '三渡溪水库,lake-ish,120.06,28.94,wgs84',
      '花都路,road,200,28.9,wgs84',
      '花川,post,0,0,wgs84',
      '花川村,village,120.04,28.9,mars',
      '花川小学,landmark,abc,28.9,wgs84',
    ].join('\n');
    const err = await importInto(st, body({ format: 'csv', text: csv })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const details = (err as AppError).details as { count: number; problems: { row: number; reason: string }[] };
    expect((err as AppError).status).toBe(400);
    expect(details.count).toBe(6);
    expect(details.problems.map((p) => p.row)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(details.problems[1]!.reason).toContain('lake-ish');
    expect(details.problems[2]!.reason).toContain('lon');
    expect(details.problems[3]!.reason).toContain('0,0');
    expect(details.problems[4]!.reason).toContain('mars');
    expect(await find(st, '笔架山')).toEqual([]);
  });

  it('with skipBadRows imports the good rows and lists the bad ones', async () => {
    const st = station();
    const text = geojson([
      point('笔架山', 120.0738, 28.9536),
      { type: 'Feature', properties: { name: '无坐标' }, geometry: null },
      point('', 120.07, 28.95),
    ]);
    const result = await importInto(st, body({ text, skipBadRows: true }));
    expect(result.imported).toBe(1);
    expect(result.skipped.map((p) => p.row)).toEqual([2, 3]);
    expect(result.skipped[0]!.reason).toContain('geometry');
  });

  it('refuses what is not GeoJSON at all', async () => {
    for (const text of ['not json', '{"type":"Point","coordinates":[1,2]}', '['.repeat(40) + ']'.repeat(40)]) {
      const err = await importInto(station(), body({ text })).catch((e: unknown) => e);
      expect((err as AppError).status).toBe(400);
      expect(((err as AppError).details as { problems: { row: number }[] }).problems[0]!.row).toBe(0);
    }
  });

  it('replaces the places of the same source on a re-import, and leaves other sources alone', async () => {
    const st = station();
    await importInto(st, body({ source: 'a.geojson', text: geojson(AREA) }));
    await importInto(st, body({ source: 'b.geojson', text: geojson([point('长岭', 120.085, 28.961)]) }));
    const again = await importInto(
      st,
      body({ source: 'a.geojson', text: geojson([point('笔架山', 120.074, 28.954)]) }),
    );
    expect(again).toMatchObject({ imported: 1, replaced: 5 });
    expect(await find(st, '笔架山')).toHaveLength(1);
    expect(await find(st, '花都路')).toEqual([]);
    expect(await find(st, '长岭')).toHaveLength(1);
  });
});

describe('searching places', () => {
  let st: string;
  beforeAll(async () => {
    st = station();
    await importInto(
      st,
      body({ text: geojson([...AREA, point('长岭', 120.085, 28.961), point('笔架村', 120.06, 28.93)]) }),
    );
  });
  const names = (found: PlaceView[]) => found.map((p) => p.name);

  it('finds a name by a Chinese substring', async () => {
    expect(names(await find(st, '架山'))).toEqual(['笔架山', '笔架山登山口']);
    expect((await find(st, '架山'))[0]!.match).toBe('substring');
  });

  it('finds by pinyin initials: bjs is 笔架山, exact before the longer names it begins', async () => {
    const found = await find(st, 'bjs');
    expect(found[0]).toMatchObject({ name: '笔架山', match: 'exact' });
    expect(names(found)).toContain('笔架山登山口');
    expect(found.find((p) => p.name === '笔架山登山口')!.match).toBe('prefix');
  });

  it('finds by full pinyin and its prefix, with any spaces or capitals', async () => {
    expect((await find(st, 'bijiashan'))[0]).toMatchObject({ name: '笔架山', match: 'exact' });
    const spaced = await find(st, 'Bi Jia');
    expect(spaced.map((p) => p.match)).toEqual(['prefix', 'prefix', 'prefix']);
    expect(names(spaced).sort()).toEqual(['笔架村', '笔架山', '笔架山登山口'].sort());
    expect(names(spaced)[2]).toBe('笔架山登山口'); // the shorter names first
  });

  it('finds a polyphonic name by the reading people use (花都路 = huadulu)', async () => {
    expect((await find(st, 'huadulu'))[0]).toMatchObject({ name: '花都路', match: 'exact' });
    expect((await find(st, 'changling'))[0]).toMatchObject({ name: '长岭', match: 'exact' });
  });

  it('finds by the alias', async () => {
    expect((await find(st, '笔架尖'))[0]).toMatchObject({ name: '笔架山', match: 'exact' });
  });

  it('ranks exact over prefix over substring over fuzzy', async () => {
    const found = await find(st, '笔架山');
    expect(found.map((p) => [p.name, p.match])).toEqual([
      ['笔架山', 'exact'],
      ['笔架山登山口', 'prefix'],
    ]);
    const fuzzy = await find(st, 'bjshan');
    expect(fuzzy[0]).toMatchObject({ name: '笔架山', match: 'fuzzy' });
    expect((await find(st, '笔山'))[0]).toMatchObject({ name: '笔架山', match: 'fuzzy' });
  });

  it('orders equal matches by distance from near and says how far', async () => {
    const nearVillage = await find(st, 'bj', [120.06, 28.93]);
    expect(nearVillage[0]!.name).toBe('笔架村');
    expect(nearVillage[0]!.distanceM).toBeLessThan(1);
    const nearPeak = await find(st, 'bj', [120.0738, 28.9536]);
    expect(nearPeak[0]!.name).toBe('笔架山');
    expect(nearPeak[1]!.distanceM).toBeGreaterThan(nearPeak[0]!.distanceM!);
    expect((await find(st, 'bj'))[0]!.distanceM).toBeNull();
  });

  it('treats LIKE wildcards in the query as text', async () => {
    expect(await find(st, '%')).toEqual([]);
    expect(await find(st, '_')).toEqual([]);
  });
});
