import { describe, expect, it } from 'vitest';
import {
  createGimbalPitchTracker,
  GIMBAL_PITCH_FRESH_MS,
  mountStatusPitch,
  pitchYawQuaternion,
  quaternionPitch,
} from './gimbal-pitch.ts';

const pitchOf = (q: readonly number[]) => {
  const r = quaternionPitch(q);
  if ('problem' in r) throw new Error(r.problem);
  return r.pitch;
};
/** As a flight controller sends it: float32 components. */
const f32 = (q: readonly number[]) => Array.from(Float32Array.from(q));
const { SQRT1_2 } = Math;

describe('quaternion → pitch', () => {
  it('reads straight down, 45° down and level', () => {
    // A rotation of θ about the y axis: (cos θ/2, 0, sin θ/2, 0).
    expect(pitchOf(f32([SQRT1_2, 0, -SQRT1_2, 0]))).toBe(-90);
    expect(pitchOf(f32([Math.cos(Math.PI / 8), 0, -Math.sin(Math.PI / 8), 0]))).toBeCloseTo(-45, 2);
    expect(pitchOf([1, 0, 0, 0])).toBe(0);
    expect(pitchOf(f32([Math.cos(Math.PI / 12), 0, Math.sin(Math.PI / 12), 0]))).toBeCloseTo(30, 2);
  });

  it('gives the same pitch whatever the yaw (vehicle or earth frame alike)', () => {
    for (const yaw of [0, 35, 90, -120, 179]) {
      expect(pitchOf(f32(pitchYawQuaternion(-45, yaw)))).toBeCloseTo(-45, 2);
      expect(pitchOf(f32(pitchYawQuaternion(-90, yaw)))).toBeCloseTo(-90, 2);
      expect(pitchOf(f32(pitchYawQuaternion(10, yaw)))).toBeCloseTo(10, 2);
    }
    // Yaw 90° then pitch −45°, written out: q = q_z(90°) · q_y(−45°).
    const [c, s] = [Math.cos(-Math.PI / 8), Math.sin(-Math.PI / 8)];
    expect(pitchOf(f32([SQRT1_2 * c, -SQRT1_2 * s, SQRT1_2 * s, SQRT1_2 * c]))).toBeCloseTo(-45, 2);
  });

  it('gives a small roll’s attitude its pitch', () => {
    // roll 10°, pitch −30°, yaw 0: q = q_y(−30°) · q_x(10°).
    const [cr, sr, cp, sp] = [
      Math.cos(Math.PI / 36),
      Math.sin(Math.PI / 36),
      Math.cos(-Math.PI / 12),
      Math.sin(-Math.PI / 12),
    ];
    expect(pitchOf([cp * cr, cp * sr, sp * cr, -sp * sr])).toBeCloseTo(-30, 6);
  });

  it('reads a gimbal tilted past straight down as beyond −90 (not as rolled over)', () => {
    // Pitch −110° about the y axis alone: Euler angles would say pitch −70°, roll 180°, yaw 180°.
    const t = (-110 * Math.PI) / 180 / 2;
    expect(pitchOf([Math.cos(t), 0, Math.sin(t), 0])).toBeCloseTo(-110, 6);
  });

  it('accepts any scale close to a unit quaternion, refuses what is not an attitude', () => {
    expect(pitchOf([0.98 * SQRT1_2, 0, -0.98 * SQRT1_2, 0])).toBe(-90);
    expect(quaternionPitch([0, 0, 0, 0])).toEqual({ problem: 'quaternion norm 0.000 is not 1' });
    expect(quaternionPitch([3, 0, 1, 0])).toMatchObject({ problem: expect.stringMatching(/norm 3\.162 is not 1/) });
    expect(quaternionPitch([Number.NaN, 0, 0, 0])).toMatchObject({ problem: expect.stringMatching(/not finite/) });
    expect(quaternionPitch([1, 0, 0])).toMatchObject({ problem: expect.stringMatching(/not finite/) });
  });
});

describe('MOUNT_STATUS pointing_a', () => {
  it('is centidegrees', () => {
    expect(mountStatusPitch(-4500)).toBe(-45);
    expect(mountStatusPitch(-9000)).toBe(-90);
    expect(mountStatusPitch(1250)).toBe(12.5);
  });
});

describe('pitch per system', () => {
  it('gives the latest pitch while fresh, null after 3 s, and keeps systems apart', () => {
    const t = createGimbalPitchTracker();
    expect(t.pitchAt(1, 1_000)).toBeNull();
    expect(t.record(1, -45, 1_000)).toBeUndefined();
    expect(t.record(2, -90, 1_000)).toBeUndefined();
    expect(t.pitchAt(1, 1_000 + GIMBAL_PITCH_FRESH_MS)).toBe(-45);
    expect(t.pitchAt(1, 1_001 + GIMBAL_PITCH_FRESH_MS)).toBeNull();
    expect(t.record(1, -30, 5_000)).toBeUndefined();
    expect(t.pitchAt(1, 5_500)).toBe(-30);
    expect(t.pitchAt(2, 1_500)).toBe(-90);
    t.forget(1);
    expect(t.pitchAt(1, 5_500)).toBeNull();
    expect(t.pitchAt(2, 1_500)).toBe(-90);
  });

  it('refuses a pitch outside −120..+60 and keeps nothing of it', () => {
    const t = createGimbalPitchTracker();
    expect(t.record(1, -120, 0)).toBeUndefined();
    expect(t.record(1, 60, 0)).toBeUndefined();
    expect(t.record(1, -20, 0)).toBeUndefined();
    expect(t.record(1, 75, 100)).toBe('gimbal pitch 75.00° outside -120..60');
    expect(t.record(1, -130.5, 100)).toMatch(/outside/);
    expect(t.record(1, Number.NaN, 100)).toMatch(/outside/);
    expect(t.pitchAt(1, 200)).toBe(-20);
  });
});
