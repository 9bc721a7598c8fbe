import { describe, expect, it } from 'vitest';
import { urbanRing95 } from './age-bands.ts';
import { broadcastRadiusM, nextWidening, shouldWiden } from './broadcast-radius.ts';

const seenAt = new Date('2026-05-01T08:00:00Z');
const at = (minutes: number) => new Date(seenAt.getTime() + minutes * 60_000);

describe('broadcastRadiusM', () => {
  it('starts at the ISRID urban 95 % ring of the age band', () => {
    expect(broadcastRadiusM({ ageBand: 'child_1_3', seenAt, maxRadiusM: 50_000, now: seenAt })).toBe(700);
    expect(broadcastRadiusM({ ageBand: 'child_4_6', seenAt, maxRadiusM: 50_000, now: seenAt })).toBe(3400);
  });

  it('grows with elapsed minutes × the walking speed of the band', () => {
    // 1–3 years: 700 m + 60 min × 25 m/min.
    expect(broadcastRadiusM({ ageBand: 'child_1_3', seenAt, maxRadiusM: 50_000, now: at(60) })).toBe(2200);
    expect(broadcastRadiusM({ ageBand: 'child_7_9', seenAt, maxRadiusM: 50_000, now: at(30) })).toBe(5200 + 1500);
  });

  it('is capped at the alert maximum', () => {
    expect(broadcastRadiusM({ ageBand: 'child_1_3', seenAt, maxRadiusM: 1000, now: at(600) })).toBe(1000);
  });

  it('does not shrink below the ring for a seenAt in the future', () => {
    expect(broadcastRadiusM({ ageBand: 'child_1_3', seenAt: at(10), maxRadiusM: 5000, now: seenAt })).toBe(700);
  });

  it('uses the 10–12 urban row for 13–15 (ISRID has no urban 13–15 row)', () => {
    expect(urbanRing95('child_13_15')).toMatchObject({ radiusM: 5800, category: 'child_10_12' });
  });
});

describe('shouldWiden', () => {
  it('widens only past the threshold', () => {
    expect(shouldWiden(1000, 1200)).toBe(false);
    expect(shouldWiden(1000, 1201)).toBe(true);
    expect(shouldWiden(1000, 1100, 0.05)).toBe(true);
  });
});

describe('nextWidening', () => {
  it('is when the grown radius passes the last one sent by the threshold', () => {
    // 1–3 years: 700 m sent; 840 m is passed after (840 − 700) / 25 = 5.6 min.
    const next = nextWidening({ ageBand: 'child_1_3', seenAt, maxRadiusM: 50_000, now: seenAt, sentRadiusM: 700 });
    expect(next).toEqual({ at: at(5.6), radiusM: 840 });
    expect(shouldWiden(700, broadcastRadiusM({ ageBand: 'child_1_3', seenAt, maxRadiusM: 50_000, now: at(5.7) }))).toBe(
      true,
    );
  });

  it('is now when the pass is already due', () => {
    const next = nextWidening({ ageBand: 'child_1_3', seenAt, maxRadiusM: 50_000, now: at(30), sentRadiusM: 700 });
    expect(next?.at).toEqual(at(30));
  });

  it('is null when the cap stops the widening', () => {
    expect(nextWidening({ ageBand: 'child_1_3', seenAt, maxRadiusM: 800, now: seenAt, sentRadiusM: 700 })).toBeNull();
  });
});
