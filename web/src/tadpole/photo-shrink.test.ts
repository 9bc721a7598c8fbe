import { describe, expect, it } from 'vitest';
import { fitWithin } from './photo-shrink.ts';

describe('fitWithin', () => {
  it('scales a 4000×3000 camera photo to 1600×1200', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
  });
  it('scales a portrait photo by its height', () => {
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
  });
  it('leaves a small photo alone', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
  it('never gives a zero side for an extreme panorama', () => {
    expect(fitWithin(100_000, 10)).toEqual({ width: 1600, height: 1 });
  });
});
