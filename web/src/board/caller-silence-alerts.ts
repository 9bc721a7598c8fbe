import type { BoardCase } from './board-types.ts';

/** One key per silence: a new fix from the caller's page ends it, and the next silence is announced again. */
export function silenceKey(c: BoardCase): string | null {
  return c.callerSilence ? `${c.id}:${c.callerSilence.callerLocationId}` : null;
}

/** The cases whose caller's page went silent with a low battery and have not been announced yet. */
export function newCallerSilences(cases: readonly BoardCase[], seen: ReadonlySet<string>): BoardCase[] {
  return cases.filter((c) => {
    const key = silenceKey(c);
    return key !== null && !seen.has(key);
  });
}
