import { assertFov, offsetLonLat } from './footprint.ts';

/**
 * A lawnmower (boustrophedon) flight over a polygon: parallel passes along the area's long axis, `spacing` apart,
 * each cut to the polygon, flown alternately one way and back. The spacing is the footprint's width across the
 * track at that height (a straight-down camera: 2·h·tan(hfov/2)) less the overlap. Works in a local metric plane
 * around the polygon's first vertex (fine for areas of a few kilometres). In a concave polygon a pass may fall
 * into several pieces; they are flown in order and the legs between them may cross outside the polygon.
 */

export interface LawnmowerInput {
  /** The area's outer ring then any holes (GeoJSON polygon coordinates, WGS-84). */
  area: number[][][];
  altitudeM: number;
  hfovDeg: number;
  /** 0–0.8: the share of a footprint's width two neighbouring passes share. */
  overlap: number;
  speedMs: number;
}

export interface LawnmowerPlan {
  coordinates: [number, number][];
  spacingM: number;
  passes: number;
  lengthM: number;
  minutes: number;
  /** The passes' direction, degrees clockwise from north (0–180). */
  axisDeg: number;
}

const RAD = Math.PI / 180;
const EARTH_RADIUS_M = 6_371_008.8;

/** The footprint's width across the track, straight down. */
export function swathWidthM(altitudeM: number, hfovDeg: number): number {
  assertFov({ hfovDeg, vfovDeg: hfovDeg });
  return 2 * altitudeM * Math.tan((hfovDeg / 2) * RAD);
}

export function lawnmower(input: LawnmowerInput): LawnmowerPlan {
  const spacingM = swathWidthM(input.altitudeM, input.hfovDeg) * (1 - input.overlap);
  const [lon0, lat0] = input.area[0]![0] as [number, number];
  const kx = EARTH_RADIUS_M * Math.cos(lat0 * RAD) * RAD;
  const ky = EARTH_RADIUS_M * RAD;
  // Local metres: x east, y north.
  const rings = input.area.map((ring) => ring.map(([lon, lat]) => [(lon! - lon0) * kx, (lat! - lat0) * ky] as const));
  const outer = rings[0]!;

  // The long axis: the pass direction that makes the area narrowest across the passes (fewest passes).
  let best = { axis: 0, width: Infinity };
  for (let deg = 0; deg < 180; deg += 1) {
    const [ux, uy] = [Math.sin(deg * RAD), Math.cos(deg * RAD)]; // along the passes
    let [lo, hi] = [Infinity, -Infinity];
    for (const [x, y] of outer) {
      const across = -x * uy + y * ux;
      lo = Math.min(lo, across);
      hi = Math.max(hi, across);
    }
    if (hi - lo < best.width - 1e-9) best = { axis: deg, width: hi - lo };
  }
  const [ux, uy] = [Math.sin(best.axis * RAD), Math.cos(best.axis * RAD)];
  // Rotated frame: a along the passes, c across them.
  const toAC = ([x, y]: readonly [number, number]) => [x * ux + y * uy, -x * uy + y * ux] as const;
  const fromAC = (a: number, c: number): [number, number] => {
    const x = a * ux - c * uy;
    const y = a * uy + c * ux;
    return [lon0 + x / kx, lat0 + y / ky];
  };
  const acRings = rings.map((r) => r.map(toAC));
  let [cLo, cHi] = [Infinity, -Infinity];
  for (const [, c] of acRings[0]!) {
    cLo = Math.min(cLo, c);
    cHi = Math.max(cHi, c);
  }
  const passes = Math.max(1, Math.ceil((cHi - cLo) / spacingM));
  // Centred: the swaths' spare width split evenly over both sides.
  const first = (cLo + cHi) / 2 - ((passes - 1) * spacingM) / 2;

  const coordinates: [number, number][] = [];
  let flown = 0;
  for (let i = 0; i < passes; i++) {
    const c = first + i * spacingM;
    const pieces = crossings(acRings, c);
    const forward = i % 2 === 0;
    const ordered = forward ? pieces : pieces.map(([s, e]) => [e, s] as [number, number]).reverse();
    for (const [s, e] of ordered) {
      coordinates.push(fromAC(s, c), fromAC(e, c));
      flown++;
    }
  }
  const lengthM = pathLength(coordinates, kx, ky);
  return {
    coordinates,
    spacingM,
    passes: flown === 0 ? 0 : passes,
    lengthM,
    minutes: lengthM / input.speedMs / 60,
    axisDeg: best.axis,
  };
}

/** The pieces of the line `across = c` inside the polygon (even-odd over all rings), ordered along it. */
function crossings(rings: (readonly (readonly [number, number])[])[], c: number): [number, number][] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [a1, c1] = ring[i]!;
      const [a2, c2] = ring[i + 1]!;
      // Half-open, so a vertex exactly on the line counts once.
      if (c1 <= c !== c2 <= c) xs.push(a1 + ((c - c1) / (c2 - c1)) * (a2 - a1));
    }
  }
  xs.sort((p, q) => p - q);
  const pieces: [number, number][] = [];
  for (let i = 0; i + 1 < xs.length; i += 2) if (xs[i + 1]! > xs[i]!) pieces.push([xs[i]!, xs[i + 1]!]);
  return pieces;
}

function pathLength(coords: [number, number][], kx: number, ky: number): number {
  let sum = 0;
  for (let i = 1; i < coords.length; i++) {
    sum += Math.hypot((coords[i]![0] - coords[i - 1]![0]) * kx, (coords[i]![1] - coords[i - 1]![1]) * ky);
  }
  return sum;
}

/** Points every `stepM` metres along a path, each with the heading of its leg (degrees from north). */
export function samplePath(coords: [number, number][], stepM: number): { lon: number; lat: number; hdg: number }[] {
  const out: { lon: number; lat: number; hdg: number }[] = [];
  for (let i = 1; i < coords.length; i++) {
    const [lon1, lat1] = coords[i - 1]!;
    const [lon2, lat2] = coords[i]!;
    const kx = EARTH_RADIUS_M * Math.cos(lat1 * RAD) * RAD;
    const dx = (lon2 - lon1) * kx;
    const dy = (lat2 - lat1) * EARTH_RADIUS_M * RAD;
    const len = Math.hypot(dx, dy);
    const hdg = (Math.atan2(dx, dy) / RAD + 360) % 360;
    const n = Math.max(1, Math.ceil(len / stepM));
    for (let k = 0; k <= n; k++) {
      const [lon, lat] = offsetLonLat(lon1, lat1, (dy * k) / n, (dx * k) / n);
      out.push({ lon, lat, hdg });
    }
  }
  return out;
}
