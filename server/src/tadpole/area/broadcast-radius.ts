import type { AgeBand } from '@lookout/contracts';
import { urbanRing95, walkingMPerMin } from './age-bands.ts';

export interface RadiusInput {
  ageBand: AgeBand;
  /** When the child was last seen (lost) or found (found): the clock of the widening. */
  seenAt: Date;
  maxRadiusM: number;
  now: Date;
}

/**
 * The broadcast radius (m): the ISRID urban 95 % ring of the age band, plus the minutes since `seenAt` × the age
 * band's walking speed, capped at the alert's maximum. Time before `seenAt` (a clock skew) counts as zero.
 */
export function broadcastRadiusM(input: RadiusInput): number {
  const minutes = Math.max(0, (input.now.getTime() - input.seenAt.getTime()) / 60_000);
  const grown = urbanRing95(input.ageBand).radiusM + minutes * walkingMPerMin[input.ageBand];
  return Math.round(Math.min(grown, input.maxRadiusM));
}

/** Widen when the radius grew by more than `threshold` (0.2 = 20 %) over the last one sent. */
export function shouldWiden(sentRadiusM: number, radiusNowM: number, threshold = 0.2): boolean {
  return radiusNowM > sentRadiusM * (1 + threshold);
}

/**
 * When the widening pass will next widen an alert last sent at `sentRadiusM` (the radius passes the threshold), and
 * about how far; null when the cap stops it. A time already past means the next pass widens it.
 */
export function nextWidening(
  input: RadiusInput & { sentRadiusM: number },
  threshold = 0.2,
): { at: Date; radiusM: number } | null {
  const needed = input.sentRadiusM * (1 + threshold);
  if (needed >= input.maxRadiusM) return null;
  const minutes = Math.max(0, (needed - urbanRing95(input.ageBand).radiusM) / walkingMPerMin[input.ageBand]);
  const at = Math.max(input.now.getTime(), input.seenAt.getTime() + minutes * 60_000);
  return { at: new Date(at), radiusM: Math.round(needed) };
}
