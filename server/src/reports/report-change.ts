import { caseKinds, type CaseKind } from '@lookout/db';
import type { FigureChange, PeriodComparison } from '@lookout/contracts';
import type { PeriodFigures } from './report-figures.ts';

/** Rounds away float noise (0.3 − 0.1) and never gives −0. */
const round = (v: number, places: number) => {
  const f = 10 ** places;
  return Math.round(v * f) / f || 0;
};

/**
 * A figure against its base: the difference, and the difference as a share of the base (−0.2 = "down 20 %"),
 * rounded to 0.1 %. No base, or a base of 0, has no relative change: null, never 0 % or Infinity.
 */
export function figureChange(current: number | null, base: number | null): FigureChange {
  if (current === null || base === null) return { current, base, delta: null, relative: null };
  return {
    current,
    base,
    delta: round(current - base, 4),
    relative: base === 0 ? null : round((current - base) / Math.abs(base), 3),
  };
}

/** The current period's counts and interval figures against the base period's. */
export function comparePeriods(current: PeriodFigures, base: PeriodFigures): PeriodComparison {
  const outcomes = [...new Set([...Object.keys(current.cases.byOutcome), ...Object.keys(base.cases.byOutcome)])].sort();
  return {
    cases: {
      total: figureChange(current.cases.total, base.cases.total),
      byKind: Object.fromEntries(
        caseKinds.map((k) => [k, figureChange(current.cases.byKind[k], base.cases.byKind[k])]),
      ) as Record<CaseKind, FigureChange>,
      byOutcome: Object.fromEntries(
        outcomes.map((o) => [o, figureChange(current.cases.byOutcome[o] ?? 0, base.cases.byOutcome[o] ?? 0)]),
      ),
    },
    intervals: current.intervals.map((i) => {
      const b = base.intervals.find((x) => x.key === i.key);
      return {
        key: i.key,
        n: figureChange(i.n, b?.n ?? 0),
        medianS: figureChange(i.medianS, b?.medianS ?? null),
        meanS: figureChange(i.meanS, b?.meanS ?? null),
        withinShare: figureChange(i.withinShare, b?.withinShare ?? null),
      };
    }),
  };
}
