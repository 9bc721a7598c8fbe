import { describe, expect, it } from 'vitest';
import { onCaseEvent, onUnitPositions, publishCaseEvent, publishUnitPositions } from './case-feed.ts';
import type { CaseLiveEvent, UnitPosition } from './case-types.ts';

describe('case feed', () => {
  it('hands case events to listeners until they unsubscribe', () => {
    const got: CaseLiveEvent[] = [];
    const off = onCaseEvent((e) => got.push(e));
    publishCaseEvent({ kind: 'assignment', caseId: 'c1', assignment: { id: 'a1' } } as unknown as CaseLiveEvent);
    off();
    publishCaseEvent({ kind: 'match', caseId: 'c1' } as unknown as CaseLiveEvent);
    expect(got.map((e) => e.kind)).toEqual(['assignment']);
  });

  it('passes unit positions on only when there are some', () => {
    const got: UnitPosition[][] = [];
    const off = onUnitPositions((p) => got.push(p));
    publishUnitPositions([]);
    publishUnitPositions([{ unitId: 'u', seq: 1, t: '2026-11-21T08:00:00Z', lon: 120, lat: 29, accuracyM: 5 }]);
    off();
    expect(got).toHaveLength(1);
  });
});
