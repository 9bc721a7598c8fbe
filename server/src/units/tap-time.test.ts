import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { checkTapTime, tapTimeProblem } from './tap-time.ts';

const now = new Date('2026-12-01T08:00:00Z');
const at = (deltaS: number) => new Date(now.getTime() + deltaS * 1000);

describe('tap time', () => {
  it('takes a tap from a minute ahead to a day ago', () => {
    for (const d of [60, 0, -33, -24 * 3600]) expect(tapTimeProblem(at(d), now)).toBeNull();
  });

  it('refuses a tap from further ahead or older, saying which', () => {
    expect(tapTimeProblem(at(61), now)).toBe('is 61 s ahead of the server (at most 60 s)');
    expect(tapTimeProblem(at(-24 * 3600 - 3600), now)).toBe('is 25 h old (at most 24 h)');
    expect(tapTimeProblem(new Date('nonsense'), now)).toBe('is not a time');
  });

  it('throws a 400 with the field and the bounds', () => {
    const err = (() => {
      try {
        checkTapTime('tappedAt', at(120).toISOString(), now);
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(400);
    expect(err.message).toBe('tappedAt is 120 s ahead of the server (at most 60 s)');
    expect(err.details).toMatchObject({ field: 'tappedAt', maxAheadS: 60, maxAgeS: 86400 });
  });
});
