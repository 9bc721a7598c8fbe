import { describe, expect, it } from 'vitest';
import { callerBattery, estimateCallerBattery, type BatteryReading } from './caller-battery.ts';

const T0 = Date.parse('2026-05-01T08:00:00Z');
/** Readings of [minutes after T0, battery]. */
const readings = (...pairs: [number, number | null][]): BatteryReading[] =>
  pairs.map(([min, battery]) => ({ t: new Date(T0 + min * 60_000).toISOString(), battery }));

describe('estimateCallerBattery', () => {
  it('fits a steady drain: 1 % per 2 minutes from 40 % lasts about 80 minutes', () => {
    const b = estimateCallerBattery(readings([0, 40], [2, 39], [4, 38], [6, 37], [8, 36]));
    expect(b).toEqual({
      level: 36,
      at: '2026-05-01T08:08:00.000Z',
      trend: 'draining',
      ratePerHour: -30,
      minutesLeft: 70,
      minutesLeftCapped: false,
      samples: 5,
    });
    expect(callerBattery.parse(b)).toEqual(b);
  });

  it('rounds under an hour to 5 minutes', () => {
    // 12 %/hour from 5 %: 25 minutes.
    const b = estimateCallerBattery(readings([0, 7], [5, 6], [10, 5]));
    expect(b.minutesLeft).toBe(25);
    expect(b.ratePerHour).toBe(-12);
  });

  it('says 0 minutes for an empty battery that is still falling', () => {
    expect(estimateCallerBattery(readings([0, 2], [5, 1], [10, 0])).minutesLeft).toBe(0);
  });

  it('caps a slow drain at 600 minutes and says so', () => {
    const b = estimateCallerBattery(readings([0, 92], [20, 91], [40, 90], [60, 89]));
    expect(b).toMatchObject({ trend: 'draining', minutesLeft: 600, minutesLeftCapped: true, ratePerHour: -3 });
  });

  it('reads fixes in any order', () => {
    const sorted = estimateCallerBattery(readings([0, 40], [2, 39], [4, 38], [6, 37]));
    const shuffled = estimateCallerBattery(readings([4, 38], [0, 40], [6, 37], [2, 39]));
    expect(shuffled).toEqual(sorted);
  });

  it('skips fixes without a battery or with an impossible one (null, NaN, Infinity, <0, >100)', () => {
    const b = estimateCallerBattery(
      readings([0, 40], [1, null], [2, 39], [3, Number.NaN], [4, 38], [5, -1], [6, 37], [7, 101], [8, Infinity]),
    );
    expect(b).toMatchObject({ level: 37, samples: 4, trend: 'draining' });
  });

  it('skips fixes with an unreadable time', () => {
    const b = estimateCallerBattery([{ t: 'yesterday', battery: 90 }, ...readings([0, 40], [2, 39], [4, 38])]);
    expect(b).toMatchObject({ level: 38, samples: 3 });
  });

  it('keeps one reading per time (the later-listed one)', () => {
    const b = estimateCallerBattery(readings([0, 40], [0, 50], [5, 39], [10, 38]));
    expect(b.samples).toBe(3);
  });

  it('has nothing to say without any battery', () => {
    expect(estimateCallerBattery([])).toEqual({
      level: null,
      at: null,
      trend: 'unknown',
      ratePerHour: null,
      minutesLeft: null,
      minutesLeftCapped: false,
      samples: 0,
    });
    expect(estimateCallerBattery(readings([0, null], [5, null])).level).toBeNull();
  });

  it('gives the level but no estimate from fewer than three readings', () => {
    const b = estimateCallerBattery(readings([0, 40], [10, 30]));
    expect(b).toMatchObject({ level: 30, trend: 'unknown', ratePerHour: null, minutesLeft: null, samples: 2 });
  });

  it('gives no estimate from readings less than five minutes apart', () => {
    const b = estimateCallerBattery(readings([0, 40], [1, 39], [2, 38], [4, 37]));
    expect(b).toMatchObject({ trend: 'unknown', minutesLeft: null, samples: 4 });
  });

  it('says charging when the last reading jumped up', () => {
    const b = estimateCallerBattery(readings([0, 30], [5, 28], [10, 26], [12, 35]));
    expect(b).toMatchObject({ level: 35, trend: 'charging', minutesLeft: null, ratePerHour: null });
  });

  it('says charging when the fit rises slowly (one percent at a time)', () => {
    const b = estimateCallerBattery(readings([0, 30], [5, 31], [10, 32], [15, 33]));
    expect(b).toMatchObject({ trend: 'charging', ratePerHour: 12, minutesLeft: null });
  });

  it('fits only the readings after a charger jump', () => {
    // Unplugged at 60 %: the drain since then is 1 % a minute whatever came before the jump.
    const b = estimateCallerBattery(readings([0, 20], [5, 15], [10, 60], [15, 55], [20, 50], [25, 45]));
    expect(b).toMatchObject({ trend: 'draining', samples: 4, ratePerHour: -60, minutesLeft: 45 });
  });

  it('ignores a one-percent wobble up within a drain', () => {
    const b = estimateCallerBattery(readings([0, 40], [5, 38], [10, 39], [15, 36], [20, 35]));
    expect(b).toMatchObject({ trend: 'draining', samples: 5 });
  });

  it('fits only the last hour before the latest reading', () => {
    const b = estimateCallerBattery(readings([0, 90], [70, 50], [80, 45], [90, 40]));
    expect(b).toMatchObject({ samples: 3, ratePerHour: -30, minutesLeft: 80 });
  });

  it('fits at most the latest 120 readings', () => {
    const many = Array.from({ length: 200 }, (_, i) => [i / 6, 90 - i * 0.05] as [number, number]);
    expect(estimateCallerBattery(readings(...many))).toMatchObject({ samples: 120, trend: 'draining' });
  });

  it('calls a flat battery steady, with its rate and no time left', () => {
    const b = estimateCallerBattery(readings([0, 50], [10, 50], [20, 50], [30, 50]));
    expect(b).toMatchObject({ trend: 'steady', ratePerHour: 0, minutesLeft: null, samples: 4 });
    expect(Object.is(b.ratePerHour, -0)).toBe(false);
  });
});
