import { describe, expect, it } from 'vitest';
import { caseStep } from './case-step.ts';

describe('caseStep', () => {
  it('is reported for a case with only its opening event', () => {
    expect(caseStep(['opened'])).toBe('reported');
  });

  it('follows the case clocks (docs/architecture.md) whatever order the events come in', () => {
    expect(caseStep(['opened', 'acknowledged'])).toBe('acknowledged');
    expect(caseStep(['unit_dispatched', 'opened', 'acknowledged'])).toBe('dispatched');
    expect(caseStep(['opened', 'unit_dispatched', 'unit_en_route', 'unit_on_scene'])).toBe('on_scene');
    expect(caseStep(['opened', 'unit_on_scene', 'person_found', 'unit_stood_down'])).toBe('found');
  });

  it('ignores events that are not steps (caller locations, matches)', () => {
    expect(caseStep(['opened', 'caller_location', 'match_confirmed'])).toBe('reported');
  });
});
