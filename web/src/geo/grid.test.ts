import { describe, expect, it } from 'vitest';
import { gridLines, gridStepDegrees } from './grid.ts';

describe('gridStepDegrees', () => {
  it('is about 0.009° of latitude per km and wider in longitude away from the equator', () => {
    const { dLat, dLon } = gridStepDegrees(1000, 28.95);
    expect(dLat).toBeCloseTo(0.008983, 5);
    expect(dLon).toBeCloseTo(dLat / Math.cos((28.95 * Math.PI) / 180), 9);
  });
});

describe('gridLines', () => {
  const view = { west: 120.04, south: 28.93, east: 120.1, north: 28.97 };

  it('covers a 5.8 × 4.4 km view with lines 1 km apart', () => {
    const lines = gridLines(view, 28.95)!;
    const lat = lines.filter((l) => l.properties.axis === 'lat');
    const lon = lines.filter((l) => l.properties.axis === 'lon');
    expect(lat).toHaveLength(4);
    expect(lon).toHaveLength(5); // 5.85 km wide: lines at 5 whole-km positions
    const lats = lat.map((l) => l.geometry.coordinates[0]![1]);
    expect(lats[1]! - lats[0]!).toBeCloseTo(1000 / 111_320, 9);
    for (const l of lines) {
      for (const [x, y] of l.geometry.coordinates) {
        expect(x).toBeGreaterThanOrEqual(view.west);
        expect(x).toBeLessThanOrEqual(view.east);
        expect(y).toBeGreaterThanOrEqual(view.south);
        expect(y).toBeLessThanOrEqual(view.north);
      }
    }
  });

  it('keeps lines in place when the view pans', () => {
    const a = gridLines(view, 28.95)!;
    const b = gridLines({ ...view, west: view.west + 0.003, east: view.east + 0.003 }, 28.95)!;
    const lonA = a.filter((l) => l.properties.axis === 'lon').map((l) => l.geometry.coordinates[0]![0]);
    const lonB = b.filter((l) => l.properties.axis === 'lon').map((l) => l.geometry.coordinates[0]![0]);
    expect(lonB.filter((x) => lonA.includes(x)).length).toBeGreaterThanOrEqual(lonA.length - 1);
  });

  it('gives up when zoomed out too far', () => {
    expect(gridLines({ west: 110, south: 20, east: 130, north: 35 }, 28.95)).toBeNull();
  });
});
