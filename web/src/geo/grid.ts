/**
 * A 1 km reference grid for radio talk ("目标在 C4 格"): straight lat/lon lines spaced `spacingM` metres apart,
 * anchored at whole multiples of the spacing so the grid does not shift while panning. The east–west spacing is
 * computed at `refLat` (the operation centre) so it stays fixed across the view; over a few tens of km the error
 * against a true metric grid is below 1 %. Returns null when the view would need more than `maxLines` lines
 * (zoomed too far out to be useful).
 */
export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface GridLine {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: [number, number][] };
  properties: { axis: 'lat' | 'lon'; index: number };
}

const METRES_PER_DEG_LAT = 111_320;

export function gridStepDegrees(spacingM: number, refLat: number): { dLat: number; dLon: number } {
  const dLat = spacingM / METRES_PER_DEG_LAT;
  const dLon = spacingM / (METRES_PER_DEG_LAT * Math.cos((refLat * Math.PI) / 180));
  return { dLat, dLon };
}

export function gridLines(b: Bounds, refLat: number, spacingM = 1000, maxLines = 400): GridLine[] | null {
  const { dLat, dLon } = gridStepDegrees(spacingM, refLat);
  const i0 = Math.ceil(b.south / dLat);
  const i1 = Math.floor(b.north / dLat);
  const j0 = Math.ceil(b.west / dLon);
  const j1 = Math.floor(b.east / dLon);
  const count = Math.max(0, i1 - i0 + 1) + Math.max(0, j1 - j0 + 1);
  if (count > maxLines) return null;
  const lines: GridLine[] = [];
  for (let i = i0; i <= i1; i++) {
    const lat = i * dLat;
    lines.push({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [b.west, lat],
          [b.east, lat],
        ],
      },
      properties: { axis: 'lat', index: i },
    });
  }
  for (let j = j0; j <= j1; j++) {
    const lon = j * dLon;
    lines.push({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [lon, b.south],
          [lon, b.north],
        ],
      },
      properties: { axis: 'lon', index: j },
    });
  }
  return lines;
}
