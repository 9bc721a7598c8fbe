import circle from '@turf/circle';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import table from './isrid-rings.data.json' with { type: 'json' };

export interface RingSet {
  category: string;
  terrain: string;
  n: number;
  /** Distances from the IPP in metres for the 25/50/75/95 % quantiles. */
  rings: { percent: number; radiusM: number }[];
  source: string;
}

export const isridSource: string = table.source;

/** The ISRID rings for a subject category and terrain, or undefined when the table has no such row. */
export function isridRings(category: string, terrain: string): RingSet | undefined {
  const row = table.rows.find((r) => r.category === category && r.terrain === terrain);
  if (!row) return undefined;
  return {
    category,
    terrain,
    n: row.n,
    rings: table.quantiles.map((percent, i) => ({ percent, radiusM: (row.km[i] ?? 0) * 1000 })),
    source: table.source,
  };
}

/** Terrains the table knows for a category, for the case form's choices. */
export function terrainsFor(category: string): string[] {
  return table.rows.filter((r) => r.category === category).map((r) => r.terrain);
}

export interface RingProperties {
  percent: number;
  radiusM: number;
  label: string;
}

/** The rings as GeoJSON polygons around the IPP (largest first, so smaller ones draw on top). */
export function ringPolygons(
  ipp: [number, number],
  set: RingSet,
  steps = 96,
): FeatureCollection<Polygon, RingProperties> {
  const features: Feature<Polygon, RingProperties>[] = [...set.rings]
    .sort((a, b) => b.radiusM - a.radiusM)
    .map(({ percent, radiusM }) => {
      const c = circle(ipp, radiusM / 1000, { steps, units: 'kilometers' });
      return {
        type: 'Feature',
        geometry: c.geometry,
        properties: { percent, radiusM, label: `${percent}% · ${formatKm(radiusM)}` },
      };
    });
  return { type: 'FeatureCollection', features };
}

function formatKm(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}
