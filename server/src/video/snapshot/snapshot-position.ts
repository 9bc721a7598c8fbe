/** A laser rangefinder reading is used for a picture only when it was measured this recently. */
export const LASER_FRESH_MS = 10_000;
/** An aircraft fix older than this is no position for a picture taken now. */
export const AIRCRAFT_FIX_MAX_AGE_MS = 10 * 60_000;
/** The smallest radius around the aircraft when the picture is placed at the aircraft itself. */
export const AIRCRAFT_MIN_UNC_M = 50;
const AIRCRAFT_MAX_UNC_M = 2_000;

export interface LaserReading {
  t: Date;
  lon: number | null;
  lat: number | null;
  distance: number | null;
  /** DJI's `measure_target_error_state`: 0 normal, 1 too close, 2 too far, 3 no signal. */
  errorState: number | null;
}

export interface AircraftFix {
  t: Date;
  lon: number;
  lat: number;
  /** Height above take-off (m). */
  altRel: number | null;
}

export interface SnapshotPoint {
  lon: number;
  lat: number;
  uncM: number;
  position: 'laser' | 'aircraft';
  /** Laser range or fix age, for the sighting's note. */
  detail: string;
}

/**
 * The laser target's radius: the aircraft's own GNSS position (a few metres without RTK), plus the ranging error
 * (DJI's H20-series rangefinder: ±(0.2 m + 0.15 % of the distance)), plus the pointing error of gimbal attitude and
 * heading (about half a degree, ≈ 0.9 % of the distance). 5 m + 1 % of the distance covers the three.
 */
export function laserUncertaintyM(distanceM: number | null): number {
  return Math.round(5 + 0.01 * Math.max(0, distanceM ?? 0));
}

/**
 * The aircraft's radius: the camera sees ground about as far away as the aircraft is high (a gimbal pitched 45°
 * down), and farther when it looks nearer the horizon; never less than `AIRCRAFT_MIN_UNC_M`.
 */
export function aircraftUncertaintyM(altRel: number | null): number {
  return Math.round(Math.min(AIRCRAFT_MAX_UNC_M, Math.max(AIRCRAFT_MIN_UNC_M, altRel ?? 0)));
}

export function laserUsable(l: LaserReading | undefined, now: Date): l is LaserReading & { lon: number; lat: number } {
  return (
    l !== undefined &&
    l.errorState === 0 &&
    l.lon !== null &&
    l.lat !== null &&
    !(l.lon === 0 && l.lat === 0) &&
    Math.abs(now.getTime() - l.t.getTime()) <= LASER_FRESH_MS
  );
}

/**
 * Where a picture taken from a drone's live video shows, best first: the laser rangefinder's target when the
 * reading is valid, fresh and not 0,0 (DJI's "no position"); else the aircraft's latest fix, with a radius as wide
 * as the ground the camera may show. `undefined` when the drone has no recent position at all.
 */
export function snapshotPoint(
  laser: LaserReading | undefined,
  fix: AircraftFix | undefined,
  now: Date,
): SnapshotPoint | undefined {
  if (laserUsable(laser, now)) {
    const range = laser.distance === null ? '' : `, ${Math.round(laser.distance)} m`;
    return {
      lon: laser.lon,
      lat: laser.lat,
      uncM: laserUncertaintyM(laser.distance),
      position: 'laser',
      detail: `laser${range}`,
    };
  }
  if (!fix || now.getTime() - fix.t.getTime() > AIRCRAFT_FIX_MAX_AGE_MS) return undefined;
  const ageS = Math.max(0, Math.round((now.getTime() - fix.t.getTime()) / 1000));
  return {
    lon: fix.lon,
    lat: fix.lat,
    uncM: aircraftUncertaintyM(fix.altRel),
    position: 'aircraft',
    detail: `aircraft position, ${ageS} s old`,
  };
}
