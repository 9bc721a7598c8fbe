import { useEffect, useState } from 'react';
import { caseApi } from './case-api.ts';
import type { Unit } from './case-types.ts';
import { errText } from './case-ui.ts';

/** The station's units with their current assignment, read once when a dispatch form opens. */
export function useUnits(): { units: Unit[]; error: string | null } {
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    caseApi
      .units()
      .then((r) => !cancelled && setUnits(r.units))
      .catch((err: unknown) => !cancelled && setError(errText(err)));
    return () => {
      cancelled = true;
    };
  }, []);
  return { units, error };
}
