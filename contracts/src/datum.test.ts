import distance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { featuresFromWgs84, fromWgs84, toWgs84 } from './datum.ts';

describe('datum conversion', () => {
  it("matches gcoord's published WGS-84 → BD-09 reference value", () => {
    // gcoord README: [116.403988, 39.914266] WGS84 → BD09 = [116.41661560068297, 39.92196580126834]
    const [lon, lat] = fromWgs84([116.403988, 39.914266], 'bd09');
    expect(lon).toBeCloseTo(116.41661560068297, 9);
    expect(lat).toBeCloseTo(39.92196580126834, 9);
  });

  it.each(['gcj02', 'bd09'] as const)('round-trips %s near Yongkang within 1 m', (datum) => {
    const wgs: [number, number] = [120.07, 28.95];
    const back = toWgs84(fromWgs84(wgs, datum), datum);
    expect(distance(wgs, back, { units: 'meters' })).toBeLessThan(1);
  });

  it('moves a GCJ-02 point by the known few hundred metres', () => {
    const wgs: [number, number] = [120.07, 28.95];
    const shifted = fromWgs84(wgs, 'gcj02');
    const m = distance(wgs, shifted, { units: 'meters' });
    expect(m).toBeGreaterThan(250);
    expect(m).toBeLessThan(700);
  });

  it('leaves WGS-84 untouched', () => {
    expect(toWgs84([120.07, 28.95], 'wgs84')).toEqual([120.07, 28.95]);
  });
});

describe('featuresFromWgs84', () => {
  it('converts every position of points, lines and polygons, and leaves the input as it was', () => {
    const features = [
      { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Point', coordinates: [120.07, 28.95] } },
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [120, 28.9],
              [120.1, 28.9],
              [120.1, 29],
              [120, 28.9],
            ],
          ],
        },
      },
    ];
    const before = JSON.parse(JSON.stringify(features)) as typeof features;
    const out = featuresFromWgs84(features, 'gcj02');
    expect(features).toEqual(before);
    expect(out[0]!.properties).toEqual({ id: 'a' });
    expect(out[0]!.geometry.coordinates).toEqual(fromWgs84([120.07, 28.95], 'gcj02'));
    const ring = (out[1]!.geometry.coordinates as number[][][])[0]!;
    expect(ring[2]).toEqual(fromWgs84([120.1, 29], 'gcj02'));
    expect(featuresFromWgs84(features, 'wgs84')).toBe(features);
  });
});
