import { describe, expect, it } from 'vitest';
import { fillNearest } from './fill.ts';

const HOLE = -9999;
const isHole = (v: number) => v === HOLE;

describe('fillNearest', () => {
  it('fills each hole with the nearest height', () => {
    const g = Float32Array.from([10, HOLE, HOLE, 40]);
    expect(fillNearest(g, 4, 1, isHole)).toBe(2);
    expect([...g]).toEqual([10, 10, 40, 40]);
  });

  it('fills a margin outside the data in two dimensions', () => {
    // prettier-ignore
    const g = Float32Array.from([
      HOLE, HOLE, HOLE,
      HOLE, 5,    HOLE,
      HOLE, HOLE, HOLE,
    ]);
    fillNearest(g, 3, 3, isHole);
    expect([...g]).toEqual(Array(9).fill(5));
  });

  it('leaves a grid with no data at all untouched', () => {
    const g = Float32Array.from([HOLE, HOLE]);
    expect(fillNearest(g, 2, 1, isHole)).toBe(0);
    expect([...g]).toEqual([HOLE, HOLE]);
  });
});
