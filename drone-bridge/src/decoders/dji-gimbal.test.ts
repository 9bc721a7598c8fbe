import { describe, expect, it } from 'vitest';
import { gimbalPitchOf } from './dji-gimbal.ts';

describe('gimbalPitchOf', () => {
  it('reads gimbal_pitch under the camera payload index', () => {
    expect(gimbalPitchOf({ latitude: 28.9, '81-0-0': { gimbal_pitch: -45.2, payload_index: '81-0-0' } })).toBe(-45.2);
  });

  it('takes the first gimbal when the aircraft carries several', () => {
    expect(gimbalPitchOf({ '52-0-2': { gimbal_pitch: -10 }, '53-0-0': { gimbal_pitch: -90 } })).toBe(-90);
  });

  it('is null with no payload, no pitch, or a pitch no gimbal can have', () => {
    expect(gimbalPitchOf({ latitude: 28.9, gimbal_pitch: -90 })).toBeNull();
    expect(gimbalPitchOf({ '81-0-0': { measure_target_distance: 10 } })).toBeNull();
    expect(gimbalPitchOf({ '81-0-0': { gimbal_pitch: -400 } })).toBeNull();
    expect(gimbalPitchOf({ '81-0-0': { gimbal_pitch: '-90' } })).toBeNull();
    expect(gimbalPitchOf(null)).toBeNull();
  });
});
