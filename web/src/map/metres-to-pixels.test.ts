import { describe, expect, it } from 'vitest';
import { metresToPixels } from './metres-to-pixels.ts';

describe('metresToPixels', () => {
  it('doubles the radius with each zoom level, reading the given property', () => {
    const e = metresToPixels(0, 'acc') as unknown[];
    expect(e.slice(0, 3)).toEqual(['interpolate', ['exponential', 2], ['zoom']]);
    const atZ0 = e[4] as [string, [string, string], number];
    expect(atZ0[1]).toEqual(['get', 'acc']);
    expect(atZ0[2]).toBeCloseTo(78_271.5, 1);
  });

  it('shrinks metres per pixel with the cosine of the latitude', () => {
    const at60 = (metresToPixels(60, 'uncM') as unknown[])[4] as [string, unknown, number];
    expect(at60[2]).toBeCloseTo(78_271.5 / 2, 1);
  });
});
