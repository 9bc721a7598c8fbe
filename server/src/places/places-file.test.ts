import { describe, expect, it } from 'vitest';
import { kindFromName, kindFromWord } from './place-kind.ts';
import { parsePlacesFile } from './places-file.ts';

const csv = (text: string) => parsePlacesFile({ format: 'csv', datum: 'wgs84', text });

describe('parsePlacesFile, CSV', () => {
  it('numbers rows by their line, the header being line 1', () => {
    const { rows, problems } = csv('name,lon,lat\n笔架山,120.07,28.95\n\n花都路,120.04,abc\n');
    expect(rows.map((r) => [r.row, r.name])).toEqual([[2, '笔架山']]);
    expect(problems).toEqual([{ row: 4, reason: 'lat: not a number' }]);
  });

  it('reads quoted fields with commas, a BOM and a per-row datum', () => {
    const { rows } = csv('\uFEFFname,notes,lon,lat,datum\n笔架山,"主峰, 620 m",120.07,28.95,GCJ-02\n');
    expect(rows[0]).toMatchObject({ notes: '主峰, 620 m', datum: 'gcj02', kind: 'peak' });
  });

  it('says what is wrong with a row in words', () => {
    const { problems } = csv('name,lon,lat,datum\n笔架山,abc,28.95,\n笔架山,120,28,mars\n');
    expect(problems[0]!.reason).toBe('lon: not a number');
    expect(problems[1]!.reason).toContain('"mars"');
  });
});

describe('parsePlacesFile, GeoJSON', () => {
  it('numbers features from 1 and places a line on itself', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { 名称: '花都路' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [120, 28],
              [120.01, 28],
            ],
          },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [120, 28] } },
        {
          type: 'Feature',
          properties: { name: '岭脚村', x: 1, 经度: 2 },
          geometry: { type: 'Point', coordinates: [120.08, 28.94] },
        },
      ],
    });
    const { rows, problems } = parsePlacesFile({ format: 'geojson', datum: 'bd09', text });
    expect(rows[0]).toMatchObject({ row: 1, name: '花都路', kind: 'road', lat: 28, datum: 'bd09' });
    expect(problems.map((p) => p.row)).toEqual([2]);
    expect(rows[1]).toMatchObject({ row: 3, lon: 120.08, lat: 28.94 }); // the geometry wins over x / 经度
  });
});

describe('place kinds', () => {
  it('takes English and Chinese kind words', () => {
    expect(kindFromWord('Reservoir')).toBe('reservoir');
    expect(kindFromWord('警务站')).toBe('post');
    expect(kindFromWord('lake-ish')).toBeNull();
  });

  it('reads the kind from the ending of a name, the longest ending first', () => {
    expect(kindFromName('笔架山登山口')).toBe('trailhead');
    expect(kindFromName('三渡溪水库')).toBe('reservoir');
    expect(kindFromName('花川小学')).toBe('other');
  });
});
