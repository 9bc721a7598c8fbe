import { describe, expect, it } from 'vitest';
import { mergeBoard } from './board-merge.ts';
import type { BoardCase } from './board-types.ts';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 8, 0, s)).toISOString();

function boardCase(id: string, elapsedS: number | null, ageS = 100): BoardCase {
  return {
    id,
    kind: 'lost_person',
    title: id,
    createdAt: at(0),
    ageS,
    step: 'reported',
    clock: { step: 'acknowledged', from: 'reported', startedAt: at(0), elapsedS, targetS: 120 },
    urgency: 'ok',
    alertId: null,
    counts: { units: 0, matches: 0, tips: 0, alerts: 0 },
    clocks: [],
    retractionRequestedAt: null,
    callerSilence: null,
    ring50Coverage: null,
  };
}

describe('mergeBoard', () => {
  const held = { now: at(0), cases: [boardCase('a', 10), boardCase('b', 20), boardCase('c', 30)] };

  it('replaces a refetched case, moving its clocks back to the held answer’s time', () => {
    const partial = { now: at(5), cases: [{ ...boardCase('b', 25, 105), step: 'acknowledged' }] };
    const merged = mergeBoard(held, partial, ['b']);
    expect(merged.now).toBe(at(0));
    expect(merged.cases.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(merged.cases[1]).toMatchObject({ step: 'acknowledged', ageS: 100, clock: { elapsedS: 20 } });
    expect(merged.cases[0]).toBe(held.cases[0]);
  });

  it('drops a requested case that is no longer open and adds a new one', () => {
    const partial = { now: at(2), cases: [boardCase('d', 1, 1)] };
    const merged = mergeBoard(held, partial, ['c', 'd']);
    expect(merged.cases.map((c) => c.id)).toEqual(['a', 'b', 'd']);
    expect(merged.cases[2]!.clock!.elapsedS).toBe(-1);
  });

  it('keeps a clock with no start (null) as null', () => {
    const partial = { now: at(3), cases: [boardCase('a', null)] };
    expect(mergeBoard(held, partial, ['a']).cases[0]!.clock!.elapsedS).toBeNull();
  });

  it('leaves the board alone when nothing was asked for', () => {
    expect(mergeBoard(held, { now: at(9), cases: [] }, []).cases).toEqual(held.cases);
  });
});
