import { describe, expect, it } from 'vitest';
import { laserTargetOf } from './dji-laser.ts';

const payload = (o: Record<string, unknown>) => ({
  measure_target_altitude: 120.5,
  measure_target_distance: 312.2,
  measure_target_error_state: 0,
  measure_target_latitude: 28.9012,
  measure_target_longitude: 120.0134,
  payload_index: '52-0-0',
  ...o,
});

describe('laserTargetOf', () => {
  it('reads the rangefinder target under the payload index', () => {
    expect(laserTargetOf({ latitude: 28.9, longitude: 120, '52-0-0': payload({}) })).toEqual({
      payloadIndex: '52-0-0',
      lon: 120.0134,
      lat: 28.9012,
      alt: 120.5,
      distance: 312.2,
      errorState: 0,
    });
  });

  it('prefers a payload with a valid reading over one out of range', () => {
    const t = laserTargetOf({
      '39-0-7': payload({ measure_target_error_state: 2, measure_target_latitude: 0, measure_target_longitude: 0 }),
      '52-0-0': payload({}),
    });
    expect(t?.payloadIndex).toBe('52-0-0');
  });

  it('keeps an error state (DJI docs example: too far at 0,0) so it replaces an older valid point', () => {
    const t = laserTargetOf({
      '52-0-0': payload({ measure_target_error_state: 1, measure_target_latitude: 0, measure_target_longitude: 0 }),
    });
    expect(t).toMatchObject({ errorState: 1, lat: 0, lon: 0 });
  });

  it('ignores payloads without a rangefinder, bad numbers and non-payload keys', () => {
    expect(laserTargetOf({ '52-0-0': { gimbal_pitch: -30 }, battery: { capacity_percent: 50 } })).toBeNull();
    expect(laserTargetOf(null)).toBeNull();
    const t = laserTargetOf({ '52-0-0': payload({ measure_target_latitude: 'x', measure_target_longitude: 999 }) });
    expect(t).toMatchObject({ lat: null, lon: null });
  });
});
