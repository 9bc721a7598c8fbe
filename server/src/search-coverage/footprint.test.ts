import area from '@turf/area';
import destination from '@turf/destination';
import distance from '@turf/distance';
import { polygon } from '@turf/helpers';
import { describe, expect, it } from 'vitest';
import { footprint, footprintOffsets } from './footprint.ts';

const here = { lon: 120.07, lat: 28.95 };
const fov = { hfovDeg: 71.6, vfovDeg: 56.7 };
const tan = (deg: number) => Math.tan((deg * Math.PI) / 180);

/** turf's point `along` metres ahead (bearing `hdg`) then `right` metres to the right of it. */
function turfCorner(hdg: number, along: number, right: number): [number, number] {
  const ahead = destination([here.lon, here.lat], Math.abs(along) / 1000, along >= 0 ? hdg : hdg + 180);
  return destination(ahead, Math.abs(right) / 1000, right >= 0 ? hdg + 90 : hdg - 90).geometry.coordinates as [
    number,
    number,
  ];
}

describe('camera footprint', () => {
  it('is, straight down, the rectangle whose corners turf computes, with the expected area', () => {
    const h = 80;
    const hdg = 37;
    const ring = footprint({ ...here, heightM: h, headingDeg: hdg }, fov)!;
    const halfAlong = h * tan(fov.vfovDeg / 2);
    const halfAcross = h * tan(fov.hfovDeg / 2);
    const expected = [
      turfCorner(hdg, halfAlong, -halfAcross),
      turfCorner(hdg, -halfAlong, -halfAcross),
      turfCorner(hdg, -halfAlong, halfAcross),
      turfCorner(hdg, halfAlong, halfAcross),
    ];
    expected.forEach((corner, i) => {
      // Within 1 % of the half diagonal.
      expect(distance(corner, ring[i]!, { units: 'meters' })).toBeLessThan(0.01 * Math.hypot(halfAlong, halfAcross));
    });
    const got = area(polygon([ring]));
    const want = 4 * halfAlong * halfAcross;
    expect(Math.abs(got - want) / want).toBeLessThan(0.01);
  });

  it('is a closed counter-clockwise ring (RFC 7946)', () => {
    const ring = footprint({ ...here, heightM: 50, headingDeg: 0 }, fov)!;
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    let twiceArea = 0;
    for (let i = 0; i < 4; i++) twiceArea += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
    expect(twiceArea).toBeGreaterThan(0);
  });

  it('is a trapezoid, wider far ahead, when the camera looks forward and down', () => {
    const h = 60;
    const corners = footprintOffsets(h, -45, fov)!;
    const [fl, bl, br, fr] = corners;
    const farWidth = fr![1] - fl![1];
    const nearWidth = br![1] - bl![1];
    expect(farWidth).toBeGreaterThan(nearWidth * 1.5);
    // Both edges run across the heading (same distance ahead at both ends): a trapezoid, not a skewed shape.
    expect(fl![0]).toBeCloseTo(fr![0], 6);
    expect(bl![0]).toBeCloseTo(br![0], 6);
    // The near edge is ahead of the drone: 45° − half the vertical field of view below the horizon… at h / tan.
    const nearDepression = 45 + fov.vfovDeg / 2;
    expect(bl![0]).toBeCloseTo(h / tan(nearDepression), 6);
  });

  it('cuts rays above the horizon at the maximum range', () => {
    const corners = footprintOffsets(50, -10, fov, { maxRangeM: 300 })!;
    const [fl, , , fr] = corners;
    expect(Math.hypot(...fl!)).toBeCloseTo(300, 6);
    expect(Math.hypot(...fr!)).toBeCloseTo(300, 6);
  });

  it('has no footprint at 0 m or below', () => {
    expect(footprint({ ...here, heightM: 0, headingDeg: 0 }, fov)).toBeNull();
    expect(footprint({ ...here, heightM: -5, headingDeg: 0 }, fov)).toBeNull();
  });

  it('rejects a field of view of 0 or 180 degrees or more', () => {
    const pose = { ...here, heightM: 50, headingDeg: 0 };
    expect(() => footprint(pose, { hfovDeg: 0, vfovDeg: 50 })).toThrow(RangeError);
    expect(() => footprint(pose, { hfovDeg: 180, vfovDeg: 50 })).toThrow(RangeError);
    expect(() => footprint(pose, { hfovDeg: 60, vfovDeg: 200 })).toThrow(RangeError);
  });
});
