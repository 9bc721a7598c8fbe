import type { MultiPolygon, Polygon, Position } from 'geojson';
import { MAX_SECTOR_VERTICES, type SectorPolygon } from '@lookout/contracts';

/** WGS-84 equatorial radius (m), as turf's `area` uses. */
const R = 6378137;
const rad = (d: number) => (d * Math.PI) / 180;

/**
 * The area (m²) a closed ring of [lon, lat] encloses on the sphere (the formula of Chamberlain and Duquette, as in
 * turf's `area`); positive whatever the winding.
 */
export function ringAreaM2(ring: Position[]): number {
  const n = ring.length;
  if (n < 4) return 0;
  let total = 0;
  for (let i = 0; i < n - 1; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[i + 1]!;
    total += rad(lon2! - lon1!) * (2 + Math.sin(rad(lat1!)) + Math.sin(rad(lat2!)));
  }
  return Math.abs((total * R * R) / 2);
}

/** A polygon's area: its outer ring less its holes. */
export function polygonAreaM2(rings: Position[][]): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return Math.max(0, ringAreaM2(outer) - holes.reduce((s, h) => s + ringAreaM2(h), 0));
}

/** The polygons of a Polygon or MultiPolygon (anything else has none). */
export function polygonsOf(g: { type: string }): Position[][][] {
  if (g.type === 'Polygon') return [(g as Polygon).coordinates];
  if (g.type === 'MultiPolygon') return (g as MultiPolygon).coordinates;
  return [];
}

/** A ring's bounding box [[west, south], [east, north]]. */
export function ringBounds(ring: Position[]): [[number, number], [number, number]] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of ring) {
    w = Math.min(w, lon!);
    e = Math.max(e, lon!);
    s = Math.min(s, lat!);
    n = Math.max(n, lat!);
  }
  return [
    [w, s],
    [e, n],
  ];
}

/**
 * The outline a flight plan is asked for: a gap's outer ring without its holes (the islands inside were seen;
 * flying over them again costs little), thinned to at most `maxVertices` positions so the plan's contract takes
 * it, and closed.
 */
export function planOutline(rings: Position[][], maxVertices = MAX_SECTOR_VERTICES): SectorPolygon {
  const outer = rings[0] ?? [];
  const open = outer.slice(0, -1).map((p) => [p[0]!, p[1]!] as [number, number]);
  const step = Math.ceil(open.length / maxVertices);
  const kept = step > 1 ? open.filter((_, i) => i % step === 0) : open;
  return { type: 'Polygon', coordinates: [[...kept, kept[0]!]] };
}
