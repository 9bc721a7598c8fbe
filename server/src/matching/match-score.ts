import type { SubjectCategory } from '@lookout/db';

/**
 * Sustained walking speeds used to let a lost person's possible distance grow with time (m/s). Planning
 * assumptions, deliberately generous: a match should be ranked low, not missed.
 */
export const walkingSpeedMps: Record<SubjectCategory, number> = {
  hiker: 0.8,
  child_1_3: 0.3,
  child_4_6: 0.5,
  child_7_9: 0.6,
  child_10_12: 0.7,
  child_13_15: 0.8,
  dementia: 0.5,
  autistic: 0.7,
  other: 0.6,
};

export interface MatchInput {
  distanceM: number;
  callerAccuracyM: number;
  sightingUncertaintyM: number;
  minutesApart: number;
  /** The drone's confidence 0..1 (null when the drone did not say). */
  sightingConfidence: number | null;
  walkingSpeedMps: number;
}

/**
 * The spread of "where the person could be" seen from both reports: the two uncertainty radii and the distance
 * the person could have walked in between, combined as independent errors.
 */
export function matchSpreadM(input: Omit<MatchInput, 'distanceM' | 'sightingConfidence'>): number {
  const walked = input.walkingSpeedMps * Math.abs(input.minutesApart) * 60;
  return Math.sqrt(input.callerAccuracyM ** 2 + input.sightingUncertaintyM ** 2 + walked ** 2);
}

/** Score 0..1: a Gaussian fall-off of the distance against the spread, weighted by the drone's confidence. */
export function matchScore(input: MatchInput): number {
  const spread = Math.max(matchSpreadM(input), 1);
  const z = input.distanceM / spread;
  const confidence = input.sightingConfidence ?? 0.5;
  return Math.exp(-(z * z) / 2) * (0.5 + 0.5 * confidence);
}

/** The farthest a sighting can be and still be worth scoring (3 spreads). */
export function searchRadiusM(input: Omit<MatchInput, 'distanceM' | 'sightingConfidence'>): number {
  return 3 * matchSpreadM(input);
}

/** "相距 120 米，定位精度 ±80 米，间隔 4 分钟" / "120 m apart, fix ±80 m, 4 min between". */
export function matchReason(
  input: Pick<MatchInput, 'distanceM' | 'callerAccuracyM' | 'minutesApart'>,
  lang: 'zh-CN' | 'en',
): string {
  const d = Math.round(input.distanceM);
  const a = Math.round(input.callerAccuracyM);
  const m = Math.round(Math.abs(input.minutesApart));
  return lang === 'zh-CN'
    ? `相距 ${d} 米，定位精度 ±${a} 米，间隔 ${m} 分钟`
    : `${d} m apart, fix ±${a} m, ${m} min between`;
}
