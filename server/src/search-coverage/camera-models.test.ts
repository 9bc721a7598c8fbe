import { describe, expect, it } from 'vitest';
import { cameraFor, DEFAULT_CAMERA, fovFromDiagonal } from './camera-models.ts';

describe('camera models', () => {
  it('turns a 4:3 diagonal field of view into horizontal and vertical ones', () => {
    const fov = fovFromDiagonal(84, [4, 3]);
    expect(fov.hfovDeg).toBeCloseTo(71.5, 0);
    expect(fov.vfovDeg).toBeCloseTo(56.5, 0);
    // The diagonal comes back: tan²(H/2) + tan²(V/2) = tan²(D/2).
    const t = (d: number) => Math.tan((d / 2) * (Math.PI / 180));
    expect(Math.hypot(t(fov.hfovDeg), t(fov.vfovDeg))).toBeCloseTo(t(84), 2);
  });

  it('knows DJI aircraft by product key and falls back to the default camera', () => {
    expect(cameraFor('0-77-1').name).toBe('Mavic 3T');
    expect(cameraFor('0-77-1').thermal?.hfovDeg).toBeCloseTo(49.8, 0);
    expect(cameraFor('0-89-0').wide.hfovDeg).toBeCloseTo(70.5, 0);
    expect(cameraFor(null)).toBe(DEFAULT_CAMERA);
    expect(cameraFor('0-1-2')).toBe(DEFAULT_CAMERA);
  });
});
