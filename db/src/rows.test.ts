import { describe, expect, it } from 'vitest';
import { date, iso, isoOrNull, jsonRecord, jsonValue, numOrNull, strOrNull } from './rows.ts';

describe('row mapping', () => {
  it('reads a timestamp from a Date or from text', () => {
    expect(iso(new Date(Date.UTC(2026, 10, 21, 8)))).toBe('2026-11-21T08:00:00.000Z');
    expect(iso('2026-11-21 08:00:00+00')).toBe('2026-11-21T08:00:00.000Z');
    expect(date('2026-11-21T08:00:00Z').getTime()).toBe(Date.UTC(2026, 10, 21, 8));
  });

  it('keeps null as null', () => {
    expect([isoOrNull(null), numOrNull(undefined), strOrNull(null), jsonValue(null)]).toEqual([null, null, null, null]);
  });

  it('reads numerics sent as text', () => {
    expect(numOrNull('12.5')).toBe(12.5);
  });

  it('reads json from an object or its text', () => {
    expect(jsonRecord('{"a":1}')).toEqual({ a: 1 });
    expect(jsonRecord(null)).toEqual({});
    expect(jsonValue('[1]')).toEqual([1]);
  });
});
