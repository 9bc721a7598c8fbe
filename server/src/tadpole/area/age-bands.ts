import { isridRings } from '../../search-planning/isrid-rings.ts';
import type { AgeBand } from '@lookout/contracts';

/** What the public card says (the band, never a birth date). */
export const ageText: Record<AgeBand, string> = {
  child_1_3: '约1–3岁',
  child_4_6: '约4–6岁',
  child_7_9: '约7–9岁',
  child_10_12: '约10–12岁',
  child_13_15: '约13–15岁',
};

/**
 * Sustained walking speed for the widening, m/min. Planning assumptions, not measurements: a toddler wanders at
 * about 1.5 km/h with stops, an older child walks at 3–4 km/h (SARTrack's "travel circle" = speed × time). A
 * station can replace them with its own figures.
 */
export const walkingMPerMin: Record<AgeBand, number> = {
  child_1_3: 25,
  child_4_6: 40,
  child_7_9: 50,
  child_10_12: 60,
  child_13_15: 70,
};

/**
 * ISRID has no urban row for 13–15; we use the nearest younger urban row (10–12, 5.8 km) rather than dementia
 * (12.6 km), which would reach far past where a teenager on foot is likely to be.
 */
const urbanCategory: Record<AgeBand, string> = {
  child_1_3: 'child_1_3',
  child_4_6: 'child_4_6',
  child_7_9: 'child_7_9',
  child_10_12: 'child_10_12',
  child_13_15: 'child_10_12',
};

/** The ISRID urban 95 % ring (m) of the age band, and the table row it came from. */
export function urbanRing95(band: AgeBand): { radiusM: number; category: string; source: string } {
  const set = isridRings(urbanCategory[band], 'urban');
  const ring = set?.rings.find((r) => r.percent === 95);
  if (!set || !ring) throw new Error(`no ISRID urban 95 % ring for ${band}`);
  return { radiusM: ring.radiusM, category: set.category, source: set.source };
}
