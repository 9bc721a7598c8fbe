import type { LaserTarget } from './types.ts';

/** DJI names a payload `{type}-{subtype}-{gimbalindex}` (Cloud-API-Doc, aircraft properties: payload_index). */
export const PAYLOAD_INDEX = /^\d{1,4}-\d{1,4}-\d{1,4}$/;

const finite = (v: unknown, min: number, max: number): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : null;

function readTarget(payloadIndex: string, o: Record<string, unknown>): LaserTarget {
  const state = o.measure_target_error_state;
  return {
    payloadIndex,
    lon: finite(o.measure_target_longitude, -180, 180),
    lat: finite(o.measure_target_latitude, -90, 90),
    alt: finite(o.measure_target_altitude, -1_000, 12_000),
    distance: finite(o.measure_target_distance, 0, 100_000),
    errorState: typeof state === 'number' && Number.isInteger(state) && state >= 0 && state < 100 ? state : null,
  };
}

const usable = (t: LaserTarget) =>
  t.errorState === 0 && t.lon !== null && t.lat !== null && !(t.lon === 0 && t.lat === 0);

/**
 * The laser rangefinder reading in an aircraft OSD `data` object: the payload objects (keys like `"52-0-0"`,
 * `"39-0-7"`) carrying `measure_target_*`. With several payloads, one with a usable reading wins; else the first,
 * so an "out of range" state replaces an older valid point. `null` when no payload reports a rangefinder.
 */
export function laserTargetOf(data: unknown): LaserTarget | null {
  if (typeof data !== 'object' || data === null) return null;
  let first: LaserTarget | null = null;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (!PAYLOAD_INDEX.test(key) || typeof value !== 'object' || value === null) continue;
    const o = value as Record<string, unknown>;
    if (!('measure_target_error_state' in o) && !('measure_target_latitude' in o)) continue;
    const target = readTarget(key, o);
    if (usable(target)) return target;
    first ??= target;
  }
  return first;
}
