import type { Assignment, Match } from '@lookout/contracts';
import { describe, expect, it } from 'vitest';
import { CaseScope } from './case-scope.ts';
import type { CaseFeedItem } from './live.types.ts';

const step = (seq: number, caseId: string, type: string, actorId: string | null = null): CaseFeedItem => ({
  seq,
  staffOnly: false,
  events: [{ kind: 'case_event', caseId, seq, type, at: '2026-12-01T00:00:00Z', actorId, data: {} }],
});
const match = (seq: number, caseId: string): CaseFeedItem => ({
  seq,
  staffOnly: true,
  events: [{ kind: 'match', caseId, match: { caseId } as Match }],
});
const dispatch = (seq: number, caseId: string, unitId: string): CaseFeedItem => ({
  seq,
  staffOnly: false,
  events: [
    { kind: 'case_event', caseId, seq, type: 'unit_dispatched', at: '2026-12-01T00:00:00Z', actorId: null, data: {} },
    { kind: 'assignment', caseId, assignment: { caseId, unitId } as Assignment },
  ],
});

const flight = (seq: number, caseId: string, type: string, pilotId: string): CaseFeedItem => ({
  seq,
  staffOnly: false,
  events: [
    {
      kind: 'case_event',
      caseId,
      seq,
      type,
      at: '2026-12-01T00:00:00Z',
      actorId: pilotId,
      data: { pilotId, droneId: 'd1' },
    },
  ],
});

describe('CaseScope', () => {
  it('gives a commander everything', () => {
    const scope = new CaseScope({ roles: ['commander'] });
    expect(scope.filter(match(1, 'c1'))).toEqual(match(1, 'c1'));
  });

  it('gives a liaison no caller locations or matches', () => {
    const scope = new CaseScope({ roles: ['liaison'] });
    expect(scope.filter(match(1, 'c1'))).toBeUndefined();
    expect(scope.filter(step(2, 'c1', 'opened'))).toBeDefined();
  });

  it("gives an officer his own cases in full and only the case list's steps of others", () => {
    const scope = new CaseScope({ roles: ['officer'], userId: 'u1' }, { unitIds: ['unit-1'], caseIds: ['mine'] });
    expect(scope.filter(match(1, 'mine'))).toBeDefined();
    expect(scope.filter(match(2, 'other'))).toBeUndefined();
    expect(scope.filter(step(3, 'other', 'opened'))).toBeDefined();
    expect(scope.filter(step(4, 'other', 'closed'))).toBeDefined();
    expect(scope.filter(step(5, 'other', 'caller_location_added'))).toBeUndefined();
    expect(scope.filter(dispatch(6, 'other', 'unit-2'))).toBeUndefined();
  });

  it('learns a case from the dispatch of his unit and from a case he opens', () => {
    const scope = new CaseScope({ roles: ['officer'], userId: 'u1' }, { unitIds: ['unit-1'], caseIds: [] });
    expect(scope.filter(match(1, 'c1'))).toBeUndefined();
    expect(scope.filter(dispatch(2, 'c1', 'unit-1'))?.events).toHaveLength(2);
    expect(scope.filter(match(3, 'c1'))).toBeDefined();
    scope.filter(step(4, 'c2', 'opened', 'u1'));
    expect(scope.filter(match(5, 'c2'))).toBeDefined();
    scope.filter(step(6, 'c3', 'opened', 'someone-else'));
    expect(scope.filter(match(7, 'c3'))).toBeUndefined();
  });

  it('gives a pilot the cases he flies for, from the attachment of his drone to its detachment', () => {
    const scope = new CaseScope({ roles: ['pilot'], userId: 'p1' }, { unitIds: [], caseIds: [], flights: ['c1 d1'] });
    expect(scope.filter(match(1, 'c1'))).toBeDefined();
    expect(scope.filter(match(2, 'c2'))).toBeUndefined();
    expect(scope.filter(step(3, 'c2', 'opened'))).toBeDefined();
    scope.filter(flight(4, 'c2', 'drone_attached', 'p1'));
    expect(scope.filter(match(5, 'c2'))).toBeDefined();
    scope.filter(flight(6, 'c2', 'drone_detached', 'p1'));
    expect(scope.filter(match(7, 'c2'))).toBeUndefined();
    scope.filter(flight(8, 'c3', 'drone_attached', 'another-pilot'));
    expect(scope.filter(match(9, 'c3'))).toBeUndefined();
  });

  it('gives an officer who is also a pilot the union of both scopes', () => {
    const scope = new CaseScope(
      { roles: ['pilot', 'officer'], userId: 'u1' },
      { unitIds: ['unit-1'], caseIds: ['assigned'], flights: ['flown d1'] },
    );
    expect(scope.filter(match(1, 'assigned'))).toBeDefined();
    expect(scope.filter(match(2, 'flown'))).toBeDefined();
    expect(scope.filter(match(3, 'other'))).toBeUndefined();
  });

  it('gives a liaison who is also a commander everything', () => {
    const scope = new CaseScope({ roles: ['liaison', 'commander'] });
    expect(scope.filter(match(1, 'c1'))).toEqual(match(1, 'c1'));
  });

  it('lets commanders see every case, officers and pilots their own, liaisons none (for its coverage)', () => {
    expect(new CaseScope({ roles: ['commander'] }).sees('c1')).toBe(true);
    const pilot = new CaseScope({ roles: ['pilot'], userId: 'p1' }, { unitIds: [], caseIds: [], flights: ['c1 d1'] });
    expect(pilot.sees('c1')).toBe(true);
    expect(pilot.sees('c2')).toBe(false);
    pilot.filter(flight(1, 'c2', 'drone_attached', 'p1'));
    expect(pilot.sees('c2')).toBe(true);
    const officer = new CaseScope({ roles: ['officer'], userId: 'u1' }, { unitIds: [], caseIds: ['c3'] });
    expect(officer.sees('c3')).toBe(true);
    expect(officer.sees('c1')).toBe(false);
    expect(new CaseScope({ roles: ['liaison'] }).sees('c1')).toBe(false);
  });
});
