import type { CaseLiveEvent, UnitPosition } from './case-types.ts';

/**
 * Issue-4 live events from the socket (assignments, caller fixes, matches, case steps, officers' positions),
 * handed to whoever listens: the case panel and the officer view. Kept outside React like the live store.
 */
type Listener = (e: CaseLiveEvent) => void;
type UnitListener = (p: UnitPosition[]) => void;

const listeners = new Set<Listener>();
const unitListeners = new Set<UnitListener>();

const KINDS = new Set(['case_event', 'caller_location', 'match', 'assignment']);

/** Called by the socket controller with each event it does not handle itself. */
export function publishCaseEvent(event: { kind: string }): void {
  if (!KINDS.has(event.kind)) return;
  for (const fn of listeners) fn(event as CaseLiveEvent);
}

export function publishUnitPositions(units: unknown): void {
  if (!Array.isArray(units) || units.length === 0) return;
  for (const fn of unitListeners) fn(units as UnitPosition[]);
}

export function onCaseEvent(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onUnitPositions(fn: UnitListener): () => void {
  unitListeners.add(fn);
  return () => unitListeners.delete(fn);
}
