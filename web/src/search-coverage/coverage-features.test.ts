import type { CoverageFeature, CoverageResponse } from '@lookout/contracts';
import { describe, expect, it } from 'vitest';
import { areaName, coverageMapFeatures, findGap, gapPieces } from './coverage-features.ts';

const square = (w: number, s: number, d: number): [number, number][] => [
  [w, s],
  [w + d, s],
  [w + d, s + d],
  [w, s + d],
  [w, s],
];

const gap = (within: string, polys: [number, number][][][]): CoverageFeature => ({
  type: 'Feature',
  geometry: { type: 'MultiPolygon', coordinates: polys },
  properties: { kind: 'gap', areaM2: 0, within },
});

const covered = (band: 'good' | 'fair' | 'poor' | 'walk'): CoverageFeature => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [square(120, 28.9, 0.001)] },
  properties: { kind: 'covered', band, sensor: 'visible', areaM2: 1 },
});

const response = (features: CoverageFeature[]): CoverageResponse => ({
  type: 'FeatureCollection',
  features,
  caseId: 'c1',
  at: '2026-12-05T08:00:00.000Z',
  areas: [
    {
      kind: 'ring',
      ref: '50',
      label: '50%',
      areaM2: 1,
      shares: { good: 0, fair: 0, poor: 0, walk: 0, covered: 0 },
      thermal: 0,
      pod: 0,
    },
    {
      kind: 'sector',
      ref: 's-1',
      label: 'A1',
      areaM2: 1,
      shares: { good: 0, fair: 0, poor: 0, walk: 0, covered: 0 },
      thermal: 0,
      pod: 0,
    },
  ],
  counted: { fixes: 0, walkedPositions: 0 },
});

describe('gapPieces', () => {
  it('splits a MultiPolygon gap into pieces, the largest first, keyed by their area’s name and rank', () => {
    const pieces = gapPieces(response([gap('50', [[square(120, 28.9, 0.001)], [square(120.01, 28.9, 0.003)]])]));
    expect(pieces.map((p) => p.key)).toEqual(['50#0', '50#1']);
    expect(pieces[0]!.areaM2).toBeGreaterThan(pieces[1]!.areaM2);
    expect(pieces[0]!.bounds[0]).toEqual([120.01, 28.9]);
  });

  it('keys each area’s pieces apart', () => {
    const pieces = gapPieces(
      response([gap('50', [[square(120, 28.9, 0.001)]]), gap('s-1', [[square(121, 28.9, 0.002)]])]),
    );
    expect(pieces.map((p) => p.key).sort()).toEqual(['50#0', 's-1#0']);
  });

  it('ignores the covered features', () => {
    expect(gapPieces(response([covered('good')]))).toEqual([]);
  });
});

describe('findGap', () => {
  it('finds a piece by its key, and nothing for an unknown key or none', () => {
    const pieces = gapPieces(response([gap('50', [[square(120, 28.9, 0.001)]])]));
    expect(findGap(pieces, '50#0')?.within).toBe('50');
    expect(findGap(pieces, '50#9')).toBeNull();
    expect(findGap(pieces, null)).toBeNull();
  });
});

describe('areaName', () => {
  it('names a ring by its percent and a sector by its label', () => {
    const areas = response([]).areas;
    const ring = (p: string) => `${p}%圈`;
    expect(areaName(areas, '50', ring)).toBe('50%圈');
    expect(areaName(areas, 's-1', ring)).toBe('A1');
    expect(areaName(areas, 'gone', ring)).toBe('gone');
  });
});

describe('coverageMapFeatures', () => {
  it('draws the best band last, with its colour', () => {
    const f = coverageMapFeatures(response([covered('good'), covered('walk'), covered('fair')]), null, '未覆盖') as {
      properties: { band: string; colour: string };
    }[];
    expect(f.map((x) => x.properties.band)).toEqual(['walk', 'fair', 'good']);
    expect(f[2]!.properties.colour).toBe('#009e73');
  });

  it('labels no sliver', () => {
    const res = response([gap('50', [[square(120, 28.9, 0.002)], [square(120.01, 28.9, 0.0001)]])]);
    const f = coverageMapFeatures(res, null, '未覆盖') as { properties: { label: string } }[];
    expect(f.map((x) => x.properties.label)).toEqual(['未覆盖', '']);
  });

  it('marks the selected gap piece and labels every gap', () => {
    const res = response([gap('50', [[square(120, 28.9, 0.001)], [square(120.01, 28.9, 0.003)]])]);
    const f = coverageMapFeatures(res, '50#1', 'Not covered') as {
      properties: { key: string; selected: boolean; label: string };
    }[];
    expect(f.map((x) => [x.properties.key, x.properties.selected])).toEqual([
      ['50#0', false],
      ['50#1', true],
    ]);
    expect(f.every((x) => x.properties.label === 'Not covered')).toBe(true);
  });
});
