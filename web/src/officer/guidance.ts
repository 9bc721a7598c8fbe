import turfBearing from '@turf/bearing';
import turfDistance from '@turf/distance';

/**
 * Guidance to a target on foot: true bearing, distance and walking time, and the arrow's turn on the screen.
 * Pure functions; turf does the spherical maths.
 */

export type LonLat = [number, number];

/** Walking speed on a hillside, km/h: slower than the 5 km/h of a flat road (Tobler's hiking function gives ~3–4 km/h on 10–20 % slopes). */
export const DEFAULT_WALK_KMH = 3;

/** Naismith's rule: one minute more for every 10 m of ascent (descent adds nothing). */
export const CLIMB_MIN_PER_M = 1 / 10;

/** The ground's height at the officer and at the target (from the station's DEM). */
export interface Heights {
  fromM: number;
  toM: number;
}

export interface Guidance {
  /** Degrees clockwise from true north, 0 ≤ b < 360. */
  bearingDeg: number;
  distanceM: number;
  /** Minutes at the walking speed plus the climb's, rounded up; 0 when within 10 m. */
  etaMin: number;
  /** Metres up to the target (negative: down), when the heights are known. */
  climbM: number | null;
  /** The minutes the climb adds (Naismith). */
  climbMin: number;
}

export function guidance(
  from: LonLat,
  to: LonLat,
  walkKmh = DEFAULT_WALK_KMH,
  heights: Heights | null = null,
): Guidance {
  const distanceM = turfDistance(from, to, { units: 'meters' });
  const bearingDeg = (turfBearing(from, to) + 360) % 360;
  const climbM = heights ? heights.toM - heights.fromM : null;
  const climbMin = distanceM <= 10 || climbM === null ? 0 : Math.max(0, climbM) * CLIMB_MIN_PER_M;
  const etaMin = distanceM <= 10 ? 0 : Math.ceil(distanceM / ((walkKmh * 1000) / 60) + climbMin);
  return { bearingDeg, distanceM, etaMin, climbM, climbMin: Math.round(climbMin) };
}

/** 16-point compass name key: `N`, `NNE`, … (the locale files turn it into 北, 北东北, …). */
const POINTS = [
  'N',
  'NNE',
  'NE',
  'ENE',
  'E',
  'ESE',
  'SE',
  'SSE',
  'S',
  'SSW',
  'SW',
  'WSW',
  'W',
  'WNW',
  'NW',
  'NNW',
] as const;
export type CompassPoint = (typeof POINTS)[number];

export function compassPoint(bearingDeg: number): CompassPoint {
  const i = Math.round((((bearingDeg % 360) + 360) % 360) / 22.5) % 16;
  return POINTS[i]!;
}

/** `350 米` / `1.2 公里` (or m / km): whole metres below 1 km, one decimal below 10 km. */
export function distanceText(m: number, lang: 'zh-CN' | 'en'): string {
  const [mUnit, kmUnit] = lang === 'en' ? [' m', ' km'] : [' 米', ' 公里'];
  if (m < 1000) return `${Math.round(m)}${mUnit}`;
  if (m < 10_000) return `${(m / 1000).toFixed(1)}${kmUnit}`;
  return `${Math.round(m / 1000)}${kmUnit}`;
}

/** `约 12 分钟` / `约 1 小时 5 分钟` (or `about 12 min`). */
export function etaText(min: number, lang: 'zh-CN' | 'en'): string {
  if (min <= 0) return lang === 'en' ? 'here' : '已到附近';
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (lang === 'en') return h > 0 ? `about ${h} h ${m} min` : `about ${m} min`;
  return h > 0 ? `约 ${h} 小时 ${m} 分钟` : `约 ${m} 分钟`;
}

/**
 * How far to turn the on-screen arrow (degrees clockwise): relative to where the phone points when a compass
 * heading is known (heading-up), else relative to the map's own bearing (north-up map: the true bearing).
 */
export function arrowRotation(bearingDeg: number, headingDeg: number | null, mapBearingDeg = 0): number {
  const ref = headingDeg ?? mapBearingDeg;
  return (((bearingDeg - ref) % 360) + 360) % 360;
}

/**
 * Compass heading (degrees clockwise from north) from a DeviceOrientationEvent: iOS gives
 * `webkitCompassHeading`; elsewhere an absolute event's `alpha` is counter-clockwise from north. Null when the
 * event is not referenced to north (a relative `alpha` says nothing about where north is).
 */
export function headingFromOrientation(
  e: {
    alpha: number | null;
    absolute?: boolean;
    webkitCompassHeading?: number;
  },
  screenAngle = 0,
): number | null {
  let h: number | null = null;
  if (typeof e.webkitCompassHeading === 'number' && Number.isFinite(e.webkitCompassHeading)) h = e.webkitCompassHeading;
  else if (e.absolute && e.alpha !== null) h = 360 - e.alpha;
  if (h === null) return null;
  return (((h + screenAngle) % 360) + 360) % 360;
}
