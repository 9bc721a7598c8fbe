/**
 * The ground a camera sees: the four corner rays of its image cast from the drone onto flat ground.
 *
 * Frame: x along the heading (horizontal), y to the right of it, z up; the camera sits at height `h` above the
 * ground. The gimbal pitch is the optical axis's angle from the horizon (−90 straight down, 0 level, the DJI sign);
 * the image's long side (horizontal field of view) lies across the heading, its short side along it. A corner ray
 * that never reaches the ground (above the horizon) or reaches it beyond `maxRangeM` is cut at that range along
 * its own direction, so the footprint of an oblique camera stays a quadrilateral of bounded size.
 */

/** Mean earth radius (metres), the one turf uses, so turf's `destination` agrees with `offsetLonLat`. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export interface CameraPose {
  lon: number;
  lat: number;
  /** Height above the ground below (metres). */
  heightM: number;
  /** Degrees clockwise from true north; unknown → 0 (the footprint is then only rotated wrongly, not sized). */
  headingDeg: number;
  /** Degrees, −90 straight down (the default when the drone does not say), 0 level. */
  pitchDeg?: number;
}

export interface CameraFov {
  /** Across the heading (the image's long side), degrees, 0 < h < 180. */
  hfovDeg: number;
  /** Along the heading (the image's short side), degrees, 0 < v < 180. */
  vfovDeg: number;
}

export interface FootprintOptions {
  /** Farthest ground distance a corner may reach; default `min(4 × h, 1500 m)`. */
  maxRangeM?: number;
}

/** Ground offsets (metres: north, east) of a corner. */
type Offset = [number, number];

/** The point `northM`/`eastM` metres from lon/lat on a local sphere (exact enough within a few km). */
export function offsetLonLat(lon: number, lat: number, northM: number, eastM: number): [number, number] {
  const dLat = northM / EARTH_RADIUS_M / RAD;
  const dLon = eastM / (EARTH_RADIUS_M * Math.cos(lat * RAD)) / RAD;
  return [lon + dLon, lat + dLat];
}

export function assertFov(fov: CameraFov): void {
  for (const [name, v] of [
    ['hfovDeg', fov.hfovDeg],
    ['vfovDeg', fov.vfovDeg],
  ] as const) {
    if (!Number.isFinite(v) || v <= 0 || v >= 180) {
      throw new RangeError(`${name} must be above 0 and below 180 degrees (got ${v})`);
    }
  }
}

/**
 * The corners' ground offsets in the drone's own frame (x along the heading, y right), metres: front-left,
 * back-left, back-right, front-right. Null when the camera is not above the ground.
 */
export function footprintOffsets(
  heightM: number,
  pitchDeg: number,
  fov: CameraFov,
  opts: FootprintOptions = {},
): [number, number][] | null {
  assertFov(fov);
  if (!Number.isFinite(heightM) || heightM <= 0) return null;
  const maxRange = opts.maxRangeM ?? Math.min(4 * heightM, 1500);
  const d = -(Number.isFinite(pitchDeg) ? pitchDeg : -90) * RAD; // depression of the optical axis
  const forward = [Math.cos(d), 0, -Math.sin(d)] as const;
  const up = [Math.sin(d), 0, Math.cos(d)] as const;
  const ta = Math.tan((fov.hfovDeg / 2) * RAD);
  const tb = Math.tan((fov.vfovDeg / 2) * RAD);
  const corner = (right: number, top: number): [number, number] => {
    const x = forward[0] + top * tb * up[0];
    const y = right * ta;
    const z = forward[2] + top * tb * up[2];
    const horizontal = Math.hypot(x, y);
    if (horizontal === 0) return [0, 0];
    // Ground reached at t = h / −z when the ray points down; its horizontal distance is t·|(x, y)|.
    const reach = z < 0 ? (heightM / -z) * horizontal : Infinity;
    const k = Math.min(reach, maxRange) / horizontal;
    return [x * k, y * k];
  };
  return [corner(-1, 1), corner(-1, -1), corner(1, -1), corner(1, 1)];
}

/**
 * The footprint polygon (GeoJSON ring, counter-clockwise, closed) of a camera, or null when it is not above the
 * ground. Throws a RangeError for a field of view outside (0°, 180°).
 */
export function footprint(pose: CameraPose, fov: CameraFov, opts: FootprintOptions = {}): [number, number][] | null {
  const offsets = footprintOffsets(pose.heightM, pose.pitchDeg ?? -90, fov, opts);
  if (!offsets) return null;
  const hdg = (Number.isFinite(pose.headingDeg) ? pose.headingDeg : 0) * RAD;
  const [c, s] = [Math.cos(hdg), Math.sin(hdg)];
  const ring = offsets.map(([x, y]: Offset) => offsetLonLat(pose.lon, pose.lat, x * c - y * s, x * s + y * c));
  return [...ring, ring[0]!];
}
