import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** A synthetic DEM for tests: a cone hill on a flat plain, WGS-84, written as GeoTIFF with GDAL. */
export const CONE = {
  lon: 116.2,
  lat: 40.0,
  /** Off the 50 m contour levels, so the plain itself draws no contour line. */
  baseM: 210,
  summitM: 800,
  radiusM: 2000,
  /** Half the DEM's side, degrees. */
  halfDeg: 0.04,
  cellDeg: 0.0002,
};

const M_PER_DEG_LAT = 110_574;
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

/** The cone's height at a point (metres). */
export function coneHeight(lon: number, lat: number): number {
  const dx = (lon - CONE.lon) * mPerDegLon(CONE.lat);
  const dy = (lat - CONE.lat) * M_PER_DEG_LAT;
  const d = Math.hypot(dx, dy);
  return CONE.baseM + (CONE.summitM - CONE.baseM) * Math.max(0, 1 - d / CONE.radiusM);
}

/** The point `metres` from the summit towards `bearingDeg`. */
export function fromSummit(metres: number, bearingDeg: number): [number, number] {
  const a = (bearingDeg * Math.PI) / 180;
  return [CONE.lon + (metres * Math.sin(a)) / mPerDegLon(CONE.lat), CONE.lat + (metres * Math.cos(a)) / M_PER_DEG_LAT];
}

/**
 * Writes `<dir>/<name>.tif`. `hole`: cells within that many metres of the point 1 km north of the summit have no data.
 */
export function writeConeDem(dir: string, name: string, hole?: { radiusM: number }): string {
  const n = Math.round((2 * CONE.halfDeg) / CONE.cellDeg);
  const west = CONE.lon - CONE.halfDeg;
  const south = CONE.lat - CONE.halfDeg;
  const holeAt = fromSummit(1000, 0);
  const rows: string[] = [];
  for (let r = 0; r < n; r++) {
    const lat = south + (n - r - 0.5) * CONE.cellDeg;
    const row: string[] = [];
    for (let c = 0; c < n; c++) {
      const lon = west + (c + 0.5) * CONE.cellDeg;
      const inHole =
        hole && Math.hypot((lon - holeAt[0]) * mPerDegLon(CONE.lat), (lat - holeAt[1]) * M_PER_DEG_LAT) < hole.radiusM;
      row.push(inHole ? '-9999' : coneHeight(lon, lat).toFixed(2));
    }
    rows.push(row.join(' '));
  }
  const asc = path.join(dir, `${name}.asc`);
  writeFileSync(
    asc,
    `ncols ${n}\nnrows ${n}\nxllcorner ${west}\nyllcorner ${south}\ncellsize ${CONE.cellDeg}\nNODATA_value -9999\n${rows.join('\n')}\n`,
  );
  const tif = path.join(dir, `${name}.tif`);
  execFileSync('gdal_translate', ['-q', '-a_srs', 'EPSG:4326', '-of', 'GTiff', asc, tif]);
  return tif;
}
