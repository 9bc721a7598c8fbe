import type { CoverageArea, CoverageFeature, CoverageResponse } from '@lookout/contracts';
import type { Position } from 'geojson';
import { BAND_COLOURS } from './coverage-format.ts';
import { polygonAreaM2, polygonsOf, ringBounds } from './coverage-geometry.ts';

/** One piece of unsearched ground the user can pick: a polygon of a gap feature, with its own area. */
export interface GapPiece {
  /** `${within}#${n}`, n counting the area's pieces from the largest: stable while the gaps stay as they are. */
  key: string;
  /** The ring's percent or the sector's id the gap lies in. */
  within: string;
  areaM2: number;
  rings: Position[][];
  bounds: [[number, number], [number, number]];
}

/**
 * Gaps smaller than this are outlined but not labelled, and listed after the others: the slivers between two
 * passes flown a little too far apart would otherwise cover the map with "未覆盖".
 */
export const MIN_LABELLED_GAP_M2 = 2000;

type GapFeature = CoverageFeature & { properties: { kind: 'gap' } };
const isGap = (f: CoverageFeature): f is GapFeature => f.properties.kind === 'gap';

/** Every gap polygon apart (a MultiPolygon gap is many places to fly to), the largest first. */
export function gapPieces(res: Pick<CoverageResponse, 'features'>): GapPiece[] {
  const byArea = new Map<string, Omit<GapPiece, 'key'>[]>();
  for (const f of res.features.filter(isGap)) {
    const list = byArea.get(f.properties.within) ?? [];
    for (const rings of polygonsOf(f.geometry)) {
      if (!rings[0] || rings[0].length < 4) continue;
      list.push({ within: f.properties.within, areaM2: polygonAreaM2(rings), rings, bounds: ringBounds(rings[0]) });
    }
    byArea.set(f.properties.within, list);
  }
  const out: GapPiece[] = [];
  for (const [within, list] of byArea)
    list.sort((a, b) => b.areaM2 - a.areaM2).forEach((p, n) => out.push({ ...p, key: `${within}#${n}` }));
  return out.sort((a, b) => b.areaM2 - a.areaM2);
}

/** The gap piece with this key (after a refresh, the piece that now has it), or null. */
export function findGap(pieces: GapPiece[], key: string | null): GapPiece | null {
  return key === null ? null : (pieces.find((p) => p.key === key) ?? null);
}

/** The name of the area a gap lies in, as the table shows it. */
export function areaName(areas: CoverageArea[], within: string, ringName: (percent: string) => string): string {
  const a = areas.find((x) => x.ref === within);
  if (!a) return within;
  return a.kind === 'ring' ? ringName(a.ref) : a.label;
}

/**
 * What the coverage layer draws: covered ground (best band on top, so it is the one seen where swaths overlap)
 * with its colour, and each gap piece with its key and whether it is the selected one.
 */
export function coverageMapFeatures(res: CoverageResponse, selected: string | null, gapLabel: string): unknown[] {
  const order = { walk: 0, poor: 1, fair: 2, good: 3 } as const;
  const covered = res.features
    .filter((f) => f.properties.kind === 'covered')
    .map((f) => {
      const p = f.properties as Extract<CoverageFeature['properties'], { kind: 'covered' }>;
      return {
        type: 'Feature',
        geometry: f.geometry,
        properties: { kind: 'covered', band: p.band, sensor: p.sensor, colour: BAND_COLOURS[p.band], z: order[p.band] },
      };
    })
    .sort((a, b) => a.properties.z - b.properties.z);
  const gaps = gapPieces(res).map((g) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: g.rings },
    properties: {
      kind: 'gap',
      key: g.key,
      within: g.within,
      selected: g.key === selected,
      label: g.areaM2 >= MIN_LABELLED_GAP_M2 ? gapLabel : '',
    },
  }));
  return [...covered, ...gaps];
}
