import { describe, expect, it } from 'vitest';
import { parseWktArea } from './wkt.ts';

describe('parseWktArea', () => {
  it('reads a polygon with a hole, longitude first', () => {
    expect(
      parseWktArea('POLYGON ((120 28, 121 28, 121 29, 120 28), (120.2 28.2, 120.3 28.2, 120.3 28.3, 120.2 28.2))'),
    ).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [120, 28],
          [121, 28],
          [121, 29],
          [120, 28],
        ],
        [
          [120.2, 28.2],
          [120.3, 28.2],
          [120.3, 28.3],
          [120.2, 28.2],
        ],
      ],
    });
  });

  it('reads a multipolygon in lower case and drops Z values', () => {
    const g = parseWktArea('multipolygon z (((1 2 5, 3 4 5, 5 6 5, 1 2 5)), ((7 8 0, 9 10 0, 11 12 0, 7 8 0)))');
    expect(g).toMatchObject({ type: 'MultiPolygon' });
    expect((g as { coordinates: number[][][][] }).coordinates[1]![0]![0]).toEqual([7, 8]);
  });

  it('names what is wrong instead of throwing', () => {
    expect(parseWktArea('POINT (1 2)')).toMatch(/POLYGON/);
    expect(parseWktArea('SRID=4326;POLYGON ((1 2, 3 4, 5 6, 1 2))')).toMatch(/POLYGON/);
    expect(parseWktArea('POLYGON ((1 2, 3 4, 5 6, 1 2)')).toMatch(/unreadable/);
    expect(parseWktArea('POLYGON ((1 2, 3 x, 5 6, 1 2))')).toMatch(/unreadable/);
    expect(parseWktArea('POLYGON ((1 2, 3 4, 5 6, 1 2)) trailing')).toMatch(/unexpected|unreadable|POLYGON/);
  });
});
