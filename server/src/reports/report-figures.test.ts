import { describe, expect, it } from 'vitest';
import { monthFigures, shanghaiDate, targetOf } from './report-figures.ts';
import type { ReportCaseRow } from './reports.repo.ts';

const NOW = new Date('2031-04-02T00:00:00Z');
const row = (over: Partial<ReportCaseRow>): ReportCaseRow => ({
  id: 'c',
  kind: 'lost_person',
  status: 'open',
  createdAt: '2031-03-01T00:00:00.000Z',
  events: [],
  firstTipAt: null,
  firstUsefulTipAt: null,
  alerts: 0,
  groups: 0,
  members: 0,
  tips: 0,
  usefulTips: 0,
  ...over,
});
const ev = (seq: number, type: string, at: string, data?: Record<string, unknown>) => ({ seq, type, at, data });

describe('monthFigures', () => {
  it('an empty month: every interval n = 0 with no median, p90 or share; the targets still shown', () => {
    const f = monthFigures([], ['2031-03-01', '2031-03-02'], NOW);
    expect(f.cases).toEqual({ total: 0, byKind: { lost_person: 0, lost_child: 0, found_child: 0 }, byOutcome: {} });
    for (const i of f.intervals) expect(i).toMatchObject({ n: 0, medianS: null, p90S: null, withinShare: null });
    expect(f.intervals.find((i) => i.key === 'acknowledged')).toMatchObject({ targetS: 120, withinTarget: 0 });
    expect(f.intervals.find((i) => i.key === 'closed')).toMatchObject({ targetS: null, withinTarget: null });
    expect(f.perDay).toHaveLength(2);
  });

  it('a correction without a valid time removes the step; a running clock is no interval', () => {
    const t0 = '2031-03-01T00:00:00.000Z';
    const f = monthFigures(
      [
        row({
          events: [
            ev(1, 'opened', t0),
            ev(2, 'acknowledged', '2031-03-01T00:01:00.000Z'),
            ev(3, 'clock_corrected', '2031-03-01T01:00:00.000Z', { step: 'acknowledged', at: 'nonsense', reason: 'x' }),
          ],
        }),
      ],
      ['2031-03-01'],
      NOW,
    );
    expect(f.intervals.find((i) => i.key === 'acknowledged')!.n).toBe(0);
    expect(f.intervals.find((i) => i.key === 'on_scene')!.n).toBe(0);
    expect(f.cases.byOutcome).toEqual({ open: 1 });
  });

  it('exactly at the target counts as within (as the board: breached only past it)', () => {
    const t0 = '2031-03-01T00:00:00.000Z';
    const f = monthFigures(
      [row({ events: [ev(1, 'opened', t0), ev(2, 'acknowledged', '2031-03-01T00:02:00.000Z')] })],
      [],
      NOW,
    );
    expect(f.intervals.find((i) => i.key === 'acknowledged')).toMatchObject({ n: 1, withinTarget: 1, withinShare: 1 });
  });

  it('targets come from case-clocks; dates are Asia/Shanghai', () => {
    expect(targetOf('lost_person', 'reported', 'on_scene')).toBe(900);
    expect(targetOf('lost_person', 'reported', 'first_broadcast')).toBeNull();
    expect(targetOf('found_child', 'reported', 'reunion')).toBe(3600);
    expect(shanghaiDate('2031-02-28T16:00:00.000Z')).toBe('2031-03-01');
    expect(shanghaiDate('2031-02-28T15:59:59.999Z')).toBe('2031-02-28');
  });
});
