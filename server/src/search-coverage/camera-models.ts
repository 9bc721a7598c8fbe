import type { CameraFov } from './footprint.ts';

/**
 * Cameras' fields of view per drone model. DJI publishes a diagonal field of view (DFOV); the horizontal and
 * vertical ones follow from the sensor's aspect ratio on a rectilinear lens:
 * tan(H/2) = tan(D/2)·w/√(w²+h²), tan(V/2) = tan(D/2)·h/√(w²+h²).
 *
 * How Lookout knows a drone's model: a DJI aircraft reports its product key `domain-type-sub_type` in its gateway's
 * topology, kept in `dji_devices` (domain, product_type, product_sub_type; the keys are DJI Cloud API's product
 * list, https://developer.dji.com/doc/cloud-api-tutorial/en/overview/product-support.html). Every other drone
 * (Lookout v1 JSON, MAVLink, the simulator) gets DEFAULT_CAMERA, a DJI-class wide camera (84° DFOV, 4:3).
 *
 * The wide camera counts unless the drone streams its thermal lens (drone_lenses): then the thermal camera, narrower, so
 * coverage is the wide camera's ("visible"). The FOV figures are DJI's own spec pages:
 * - Mavic 3E/3T: wide 84° DFOV (4:3); 3T thermal 61° DFOV, 640×512 — https://enterprise.dji.com/mavic-3-enterprise/specs
 * - Matrice 30/30T: wide 84° DFOV (4:3); thermal 61° DFOV, 640×512 — https://enterprise.dji.com/matrice-30/specs
 * - Matrice 3D/3TD (Dock 2): wide 84° (4:3); thermal 61° DFOV, 640×512 — https://enterprise.dji.com/dock-2/specs
 * - Matrice 300/350 RTK: no camera of their own; Lookout assumes the Zenmuse H20T, the usual SAR payload: wide
 *   82.9° DFOV (4:3), thermal 40.6° DFOV, 640×512 — https://enterprise.dji.com/zenmuse-h20-series/specs
 * - Matrice 4E/4T, 4D/4TD: wide 82° (4:3); thermal 45° DFOV, 640×512 — https://enterprise.dji.com/matrice-4-series/specs
 */

export interface CameraModel {
  name: string;
  /** The wide (visible) camera. */
  wide: CameraFov;
  /** The thermal camera, when the model has one. */
  thermal: CameraFov | null;
  source: string;
}

const RAD = Math.PI / 180;

/** Horizontal and vertical field of view from a diagonal one and the sensor's aspect (width, height). */
export function fovFromDiagonal(dfovDeg: number, aspect: [number, number]): CameraFov {
  const [w, h] = aspect;
  const t = Math.tan((dfovDeg / 2) * RAD);
  const diag = Math.hypot(w, h);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    hfovDeg: round((2 * Math.atan((t * w) / diag)) / RAD),
    vfovDeg: round((2 * Math.atan((t * h) / diag)) / RAD),
  };
}

const FOUR_THREE: [number, number] = [4, 3];
const THERMAL_640: [number, number] = [640, 512];

const M3E = 'https://enterprise.dji.com/mavic-3-enterprise/specs';
const M30 = 'https://enterprise.dji.com/matrice-30/specs';
const DOCK2 = 'https://enterprise.dji.com/dock-2/specs';
const H20 = 'https://enterprise.dji.com/zenmuse-h20-series/specs';
const M4 = 'https://enterprise.dji.com/matrice-4-series/specs';

const wide84 = fovFromDiagonal(84, FOUR_THREE);
const thermal61 = fovFromDiagonal(61, THERMAL_640);
const h20t = { wide: fovFromDiagonal(82.9, FOUR_THREE), thermal: fovFromDiagonal(40.6, THERMAL_640) };
const m4 = { wide: fovFromDiagonal(82, FOUR_THREE), thermal: fovFromDiagonal(45, THERMAL_640) };

/** Drones with no known model: a DJI-class wide camera (84° diagonal, 4:3). */
export const DEFAULT_CAMERA: CameraModel = {
  name: 'default (84° DFOV, 4:3)',
  wide: wide84,
  thermal: null,
  source: 'assumed: the wide camera of DJI Mavic 3E / Matrice 30 class aircraft',
};

/** A thermal lens on a drone whose model is not known (a drone said it streams thermal): the common 640×512, 61°. */
export const DEFAULT_THERMAL: CameraFov = thermal61;

/** By DJI product key `domain-type-sub_type`. */
export const DJI_CAMERAS: Readonly<Record<string, CameraModel>> = {
  '0-77-0': { name: 'Mavic 3E', wide: wide84, thermal: null, source: M3E },
  '0-77-1': { name: 'Mavic 3T', wide: wide84, thermal: thermal61, source: M3E },
  '0-67-0': { name: 'Matrice 30', wide: wide84, thermal: null, source: M30 },
  '0-67-1': { name: 'Matrice 30T', wide: wide84, thermal: thermal61, source: M30 },
  '0-91-0': { name: 'Matrice 3D', wide: wide84, thermal: null, source: DOCK2 },
  '0-91-1': { name: 'Matrice 3TD', wide: wide84, thermal: thermal61, source: DOCK2 },
  '0-60-0': { name: 'Matrice 300 RTK + H20T (assumed)', ...h20t, source: H20 },
  '0-89-0': { name: 'Matrice 350 RTK + H20T (assumed)', ...h20t, source: H20 },
  '0-99-0': { name: 'Matrice 4E', wide: m4.wide, thermal: null, source: M4 },
  '0-99-1': { name: 'Matrice 4T', ...m4, source: M4 },
  '0-100-0': { name: 'Matrice 4D', wide: m4.wide, thermal: null, source: M4 },
  '0-100-1': { name: 'Matrice 4TD', ...m4, source: M4 },
};

/** The camera of a drone given its DJI product key (null or unknown → DEFAULT_CAMERA). */
export function cameraFor(djiKey: string | null): CameraModel {
  return (djiKey && DJI_CAMERAS[djiKey]) || DEFAULT_CAMERA;
}
