import { subscribeLive } from '../live/live-bus.ts';
import type { CaseLiveEvent, UnitPosition } from './case-types.ts';

/**
 * The case work's live events (assignments, caller fixes, matches, case steps) and officers' positions, from
 * the live bus, for the case panel, the board, the officer view and the alerts.
 */
export const CASE_EVENT_KINDS = ['case_event', 'caller_location', 'match', 'assignment'] as const;

export function onCaseEvent(fn: (e: CaseLiveEvent) => void): () => void {
  return subscribeLive(CASE_EVENT_KINDS, (e) => fn(e as CaseLiveEvent));
}

export function onUnitPositions(fn: (p: UnitPosition[]) => void): () => void {
  return subscribeLive('units', (p) => fn(p as UnitPosition[]));
}
