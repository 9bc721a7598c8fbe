import type { CoverageBand, CoverageShares } from '@lookout/contracts';

/**
 * Detection bands and a simple probability of detection (POD) from coverage.
 *
 * Bands by height above ground: up to 60 m a person is a few dozen pixels on a wide camera (good), up to 120 m a
 * handful (fair), above that a dot (poor). An officer's own walked swath is `walk`.
 *
 * POD = Σ share_band × p_band with the p below. These are planning assumptions in the spirit of the sweep-width
 * tables searchers use, not measured detection rates for these cameras: they rank areas, they do not promise a
 * chance of finding anybody. Where bands overlap the ground counts once, in the band with the highest p
 * (PRECEDENCE), so shares never add up past 1.
 */
export const POD_BY_BAND: Readonly<Record<CoverageBand, number>> = { good: 0.8, walk: 0.6, fair: 0.5, poor: 0.25 };

/** Best first: a place seen in several bands counts in the first of them. */
export const PRECEDENCE: readonly CoverageBand[] = ['good', 'walk', 'fair', 'poor'];

export const GOOD_MAX_M = 60;
export const FAIR_MAX_M = 120;

/** The band of an aerial fix at this height above ground (metres, > 0). */
export function bandForHeight(heightM: number): Exclude<CoverageBand, 'walk'> {
  if (heightM <= GOOD_MAX_M) return 'good';
  if (heightM <= FAIR_MAX_M) return 'fair';
  return 'poor';
}

export function podOf(shares: Pick<CoverageShares, CoverageBand>): number {
  const pod = PRECEDENCE.reduce((sum, band) => sum + shares[band] * POD_BY_BAND[band], 0);
  return Math.min(1, Math.max(0, pod));
}
