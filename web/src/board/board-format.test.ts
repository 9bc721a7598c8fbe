import { describe, expect, it } from 'vitest';
import { caseHref, clockText, newBreachKeys, sortCases, urgencyAt } from './board-format.ts';
import type { BoardCase } from './board-types.ts';

const base = (id: string, elapsedS: number | null, targetS = 120, urgency: BoardCase['urgency'] = 'ok'): BoardCase => ({
  id,
  kind: 'lost_person',
  title: id,
  createdAt: '2026-05-01T00:00:00Z',
  ageS: elapsedS ?? 0,
  step: 'reported',
  clock: elapsedS === null ? null : { step: 'acknowledged', from: 'reported', startedAt: null, elapsedS, targetS },
  urgency,
  alertId: null,
  counts: { units: 0, matches: 0, tips: 0, alerts: 0 },
  clocks: [],
  retractionRequestedAt: null,
  callerSilence: null,
  ring50Coverage: null,
});

describe('board format', () => {
  it('writes clocks', () => {
    expect(clockText(65)).toBe('1:05');
    expect(clockText(3725)).toBe('1:02:05');
    expect(clockText(-5)).toBe('-0:05');
  });

  it('ticks a clock past its target in the browser', () => {
    const c = base('a', 100);
    expect(urgencyAt(c, 0, 0)).toBe('due_soon');
    expect(urgencyAt(c, 21_000, 0)).toBe('breached');
    expect(urgencyAt(base('b', 10), 0, 0)).toBe('ok');
  });

  it('sorts by urgency, then time left', () => {
    const cases = [base('ok', 10), base('none', null), base('late', 200, 120, 'breached'), base('soon', 100)];
    expect(sortCases(cases, 0, 0).map((c) => c.id)).toEqual(['late', 'soon', 'ok', 'none']);
  });

  it('announces each breach once', () => {
    const seen = new Set<string>();
    const cases = [base('late', 200, 120, 'breached'), base('ok', 10)];
    const keys = newBreachKeys(cases, 0, 0, seen);
    expect(keys).toEqual(['late:acknowledged']);
    keys.forEach((k) => seen.add(k));
    expect(newBreachKeys(cases, 0, 0, seen)).toEqual([]);
  });

  it('opens a tadpole case on its alert', () => {
    expect(caseHref({ ...base('t', 1), kind: 'lost_child', alertId: 'A1' })).toBe('#/tadpole/a/A1');
    expect(caseHref(base('p', 1))).toBe('#/map');
  });
});
