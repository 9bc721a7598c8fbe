/** The tadpole clocks of the case clocks (docs/architecture.md), in order. */
export const clockSteps = [
  'reported',
  'verified',
  'on_scene',
  'first_broadcast',
  'first_tip',
  'first_useful_tip',
  'found',
  'handover',
  'retraction_sent',
  'purged',
] as const;
export type ClockStep = (typeof clockSteps)[number];

/** When each step happened (ISO), as read from case_events, deliveries and tips; null = not (yet). */
export type StepTimes = Record<ClockStep, string | null>;

export interface TimelineStep {
  step: ClockStep;
  at: string | null;
  sinceReportS: number | null;
}

export function timeline(times: StepTimes): TimelineStep[] {
  const report = times.reported ? Date.parse(times.reported) : null;
  return clockSteps.map((step) => {
    const at = times[step];
    return {
      step,
      at,
      sinceReportS: at && report !== null ? Math.round((Date.parse(at) - report) / 1000) : null,
    };
  });
}

/** The intervals reported per station: [key, from, to]. */
export const intervals: readonly [string, ClockStep, ClockStep][] = [
  ['report_to_verified', 'reported', 'verified'],
  ['report_to_officer_on_scene', 'reported', 'on_scene'],
  ['verified_to_first_broadcast', 'verified', 'first_broadcast'],
  ['report_to_first_broadcast', 'reported', 'first_broadcast'],
  ['broadcast_to_first_tip', 'first_broadcast', 'first_tip'],
  ['broadcast_to_first_useful_tip', 'first_broadcast', 'first_useful_tip'],
  ['report_to_found', 'reported', 'found'],
  ['found_to_handover', 'found', 'handover'],
  ['report_to_handover', 'reported', 'handover'],
  ['handover_to_retraction_sent', 'handover', 'retraction_sent'],
  ['retraction_to_purged', 'retraction_sent', 'purged'],
];

/** Seconds from `from` to `to`, or null when either is missing (negative spans are kept: they show bad data). */
export function spanS(times: StepTimes, from: ClockStep, to: ClockStep): number | null {
  const a = times[from];
  const b = times[to];
  return a && b ? (Date.parse(b) - Date.parse(a)) / 1000 : null;
}

/** The p-quantile (0..1) by linear interpolation between closest ranks; null for no values. */
export function quantile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((x, y) => x - y);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export interface IntervalStat {
  key: string;
  from: string;
  to: string;
  n: number;
  medianS: number | null;
  p90S: number | null;
}

export function intervalStat(key: string, from: string, to: string, values: number[]): IntervalStat {
  const r = (v: number | null) => (v === null ? null : Math.round(v));
  return { key, from, to, n: values.length, medianS: r(quantile(values, 0.5)), p90S: r(quantile(values, 0.9)) };
}

/** Median and p90 of every interval over the alerts that reached both of its steps. */
export function intervalStats(all: StepTimes[]): IntervalStat[] {
  return intervals.map(([key, from, to]) =>
    intervalStat(
      key,
      from,
      to,
      all.map((t) => spanS(t, from, to)).filter((v): v is number => v !== null),
    ),
  );
}
