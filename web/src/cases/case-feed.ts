import type { CaseLiveEvent, UnitPosition } from './case-types.ts';

/**
 * Issue-4 live events from the socket (assignments, caller fixes, matches, case steps, officers' positions),
 * handed to whoever listens: the case panel and the officer view. Kept outside React like the live store.
 */
type Listener = (e: CaseLiveEvent) => void;
type UnitListener = (p: UnitPosition[]) => void;

const listeners = new Set<Listener>();
const unitListeners = new Set<UnitListener>();

/** Called by the socket controller with each case event (checked against the live contract). */
export function publishCaseEvent(event: CaseLiveEvent): void {
  for (const fn of listeners) fn(event);
}

export function publishUnitPositions(units: UnitPosition[]): void {
  if (units.length === 0) return;
  for (const fn of unitListeners) fn(units);
}

export function onCaseEvent(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onUnitPositions(fn: UnitListener): () => void {
  unitListeners.add(fn);
  return () => unitListeners.delete(fn);
}
