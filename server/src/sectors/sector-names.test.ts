import { describe, expect, it } from 'vitest';
import { freeNames } from './sectors.service.ts';

describe('freeNames', () => {
  it('numbers from 1 and skips the names taken', () => {
    expect(freeNames('A', new Set(['A2', 'A4', 'B1']), 4)).toEqual(['A1', 'A3', 'A5', 'A6']);
    expect(freeNames('BC', new Set(), 2)).toEqual(['BC1', 'BC2']);
  });
});
