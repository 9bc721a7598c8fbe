import { describe, expect, it } from 'vitest';
import type { Position } from '../api-types.ts';
import { TelemetryBuffer } from './telemetry-buffer.ts';

function pos(droneId: string, seq: number, second: number, lon = 120 + second / 1000): Position {
  const t = new Date(Date.UTC(2026, 0, 1, 8, 0, second)).toISOString();
  return { droneId, seq, t, lon, lat: 28.95, altMsl: null, altRel: null, hdg: null, gs: null, vs: null, bat: null };
}

describe('TelemetryBuffer', () => {
  it('keeps only the newest position per drone', () => {
    const b = new TelemetryBuffer();
    b.push([pos('a', 1, 1), pos('a', 2, 2), pos('b', 3, 1)]);
    b.push([pos('a', 4, 3)]);
    const { latest } = b.drain();
    expect(latest.size).toBe(2);
    expect(latest.get('a')?.seq).toBe(4);
    expect(latest.get('b')?.seq).toBe(3);
  });

  it('does not let an older fix that arrives late replace a newer one', () => {
    const b = new TelemetryBuffer();
    b.push([pos('a', 5, 10)]);
    b.push([pos('a', 2, 4)]);
    expect(b.drain().latest.get('a')?.seq).toBe(5);
  });

  it('keeps every trail point, sorted by time and without duplicates', () => {
    const b = new TelemetryBuffer();
    b.push([pos('a', 2, 2), pos('a', 1, 1), pos('a', 2, 2)]);
    expect(
      b
        .drain()
        .points.get('a')
        ?.map((p) => p[2] % 60_000),
    ).toEqual([1000, 2000]);
  });

  it('empties on drain', () => {
    const b = new TelemetryBuffer();
    b.push([pos('a', 1, 1)]);
    b.drain();
    expect(b.size).toBe(0);
    expect(b.drain().latest.size).toBe(0);
  });

  it('skips positions with impossible numbers', () => {
    const b = new TelemetryBuffer();
    b.push([
      { ...pos('a', 1, 1), lon: Number.NaN },
      { ...pos('b', 2, 1), t: 'yesterday' },
    ]);
    expect(b.size).toBe(0);
  });
});
