import { describe, expect, it } from 'vitest';
import { copyRows, percentile, sustainedRate } from './lib.ts';

describe('percentile', () => {
  it('takes the nearest rank of a sorted sample', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('sustainedRate', () => {
  it('averages the steady seconds, leaving out ramp-up and tail', () => {
    expect(sustainedRate([0, 100, 1000, 1000, 1000, 1000, 300, 0])).toBe(1000);
  });
  it('uses every busy second of a short run', () => {
    expect(sustainedRate([500, 700])).toBe(600);
    expect(sustainedRate([])).toBe(0);
  });
});

describe('copyRows', () => {
  it('writes one COPY text line per fix with EWKT points, spread over the drones', () => {
    let n = 0;
    const text = copyRows(['a', 'b'], 3, () => `id-${n++}`).join('');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split('\t')[0])).toEqual(['a', 'b', 'a']);
    expect(lines[0]!.split('\t')[5]).toMatch(/^SRID=4326;POINT\(120\.\d+ 28\.\d+\)$/);
    expect(lines[0]!.split('\t')).toHaveLength(12);
  });
});
