import { describe, expect, it } from 'vitest';
import { comparePeriods, figureChange } from './report-change.ts';
import { periodFigures } from './report-figures.ts';
import type { ReportCaseRow } from './reports.repo.ts';

describe('figureChange', () => {
  it('a rise: difference and share of the base', () => {
    expect(figureChange(12, 10)).toEqual({ current: 12, base: 10, delta: 2, relative: 0.2 });
  });

  it('a fall is negative: a mean reunion time down from 50 to 40 min is −20 %', () => {
    expect(figureChange(2400, 3000)).toEqual({ current: 2400, base: 3000, delta: -600, relative: -0.2 });
  });

  it('an empty base has no relative change (not 0 %, not Infinity)', () => {
    expect(figureChange(5, 0)).toEqual({ current: 5, base: 0, delta: 5, relative: null });
    expect(figureChange(0, 0)).toEqual({ current: 0, base: 0, delta: 0, relative: null });
  });

  it('a missing figure on either side (no interval measured) has no change at all', () => {
    expect(figureChange(300, null)).toEqual({ current: 300, base: null, delta: null, relative: null });
    expect(figureChange(null, 300)).toEqual({ current: null, base: 300, delta: null, relative: null });
  });

  it('falling to 0 is −100 %', () => {
    expect(figureChange(0, 7)).toMatchObject({ delta: -7, relative: -1 });
  });

  it('rounds the relative change to 0.1 % and the difference past float noise, never to −0', () => {
    expect(figureChange(1, 3).relative).toBe(-0.667);
    expect(figureChange(2, 3).relative).toBe(-0.333);
    expect(figureChange(0.3, 0.1)).toMatchObject({ delta: 0.2, relative: 2 });
    expect(figureChange(1000, 1000.4).relative).toBe(0);
    expect(Object.is(figureChange(1000, 1000.4).relative, -0)).toBe(false);
  });
});

const row = (id: string, kind: ReportCaseRow['kind'], reunionAfterS: number | null): ReportCaseRow => {
  const t0 = '2031-03-01T00:00:00.000Z';
  const later = (s: number) => new Date(Date.parse(t0) + s * 1000).toISOString();
  const events = [{ seq: 1, type: kind === 'lost_person' ? 'opened' : 'tadpole_reported', at: t0 }];
  if (reunionAfterS !== null)
    events.push({ seq: 2, type: kind === 'lost_person' ? 'person_found' : 'child_found', at: later(reunionAfterS) });
  return {
    id,
    kind,
    status: 'open',
    createdAt: t0,
    events,
    firstTipAt: null,
    firstUsefulTipAt: null,
    alerts: 0,
    groups: 0,
    members: 0,
    tips: 0,
    usefulTips: 0,
  };
};

describe('comparePeriods', () => {
  const NOW = new Date('2031-04-01T00:00:00Z');

  it('compares counts by kind and each interval’s median, mean and share within target', () => {
    const current = periodFigures([row('a', 'lost_child', 1200), row('b', 'lost_child', 2400)], NOW);
    const base = periodFigures(
      [row('c', 'lost_child', 3000), row('d', 'found_child', 3000), row('e', 'lost_person', null)],
      NOW,
    );
    const c = comparePeriods(current, base);
    expect(c.cases.total).toMatchObject({ current: 2, base: 3, delta: -1, relative: -0.333 });
    expect(c.cases.byKind.lost_child).toMatchObject({ current: 2, base: 1, relative: 1 });
    expect(c.cases.byKind.found_child).toMatchObject({ current: 0, base: 1, relative: -1 });
    expect(c.cases.byOutcome).toEqual({ open: { current: 2, base: 3, delta: -1, relative: -0.333 } });
    const reunion = c.intervals.find((i) => i.key === 'reunion')!;
    expect(reunion.meanS).toMatchObject({ current: 1800, base: 3000, delta: -1200, relative: -0.4 });
    expect(reunion.medianS).toMatchObject({ current: 1800, base: 3000 });
    // Target 1 h: both within now, both within then.
    expect(reunion.withinShare).toMatchObject({ current: 1, base: 1, delta: 0, relative: 0 });
    // No lost person found in either period: no figures to compare.
    expect(c.intervals.find((i) => i.key === 'found')).toMatchObject({
      n: { current: 0, base: 0, delta: 0, relative: null },
      meanS: { current: null, base: null, delta: null, relative: null },
    });
  });

  it('an outcome seen in only one period counts as 0 in the other', () => {
    const closedRow = { ...row('x', 'lost_person', null), status: 'closed' as const };
    const c = comparePeriods(periodFigures([], NOW), periodFigures([closedRow], NOW));
    expect(c.cases.byOutcome).toEqual({ closed: { current: 0, base: 1, delta: -1, relative: -1 } });
  });
});
