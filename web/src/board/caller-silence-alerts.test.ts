import { describe, expect, it } from 'vitest';
import type { BoardCase } from './board-types.ts';
import { newCallerSilences, silenceKey } from './caller-silence-alerts.ts';

const boardCase = (id: string, silentFix: number | null): BoardCase => ({
  id,
  kind: 'lost_person',
  title: id,
  createdAt: '2026-05-01T08:00:00.000Z',
  ageS: 600,
  step: 'reported',
  clock: null,
  clocks: [],
  urgency: 'ok',
  alertId: null,
  counts: { units: 0, matches: 0, tips: 0, alerts: 0 },
  retractionRequestedAt: null,
  ring50Coverage: null,
  callerSilence:
    silentFix === null
      ? null
      : { callerLocationId: silentFix, lastFixAt: '2026-05-01T08:02:00.000Z', battery: 12, silentS: 480 },
});

describe('caller silence alerts', () => {
  it('keys a silence by its case and last fix', () => {
    expect(silenceKey(boardCase('a', 7))).toBe('a:7');
    expect(silenceKey(boardCase('a', null))).toBeNull();
  });

  it('announces each silence once, and a later silence of the same case again', () => {
    const seen = new Set(['a:7']);
    const cases = [boardCase('a', 7), boardCase('b', null), boardCase('c', 3)];
    expect(newCallerSilences(cases, seen).map((c) => c.id)).toEqual(['c']);
    expect(newCallerSilences([boardCase('a', 9)], seen).map(silenceKey)).toEqual(['a:9']);
  });
});
