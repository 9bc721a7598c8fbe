import { describe, expect, it } from 'vitest';
import { publishLive } from '../live/live-bus.ts';
import { onCaseEvent, onUnitPositions } from './case-feed.ts';
import type { CaseLiveEvent, UnitPosition } from './case-types.ts';

describe('case feed', () => {
  it('hands case events to listeners and ignores other kinds', () => {
    const got: CaseLiveEvent[] = [];
    const off = onCaseEvent((e) => got.push(e));
    publishLive('sighting', { kind: 'sighting' });
    publishLive('assignment', { kind: 'assignment', caseId: 'c1', assignment: { id: 'a1' } });
    off();
    publishLive('match', { kind: 'match', caseId: 'c1' });
    expect(got.map((e) => e.kind)).toEqual(['assignment']);
  });

  it('passes unit positions on', () => {
    const got: UnitPosition[][] = [];
    const off = onUnitPositions((p) => got.push(p));
    publishLive('units', [{ unitId: 'u', seq: 1, t: '2026-11-21T08:00:00Z', lon: 120, lat: 29, accuracyM: 5 }]);
    off();
    expect(got).toHaveLength(1);
  });
});
