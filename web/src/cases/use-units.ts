import { useCallback, useEffect, useState } from 'react';
import { caseApi } from './case-api.ts';
import type { Unit } from './case-types.ts';
import { errText } from './case-ui.ts';

/** The station's units with their current assignment, read when a dispatch form opens and after `reload()`. */
export function useUnits(): { units: Unit[]; error: string | null; reload: () => void } {
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    let cancelled = false;
    caseApi
      .units()
      .then((r) => !cancelled && setUnits(r.units))
      .catch((err: unknown) => !cancelled && setError(errText(err)));
    return () => {
      cancelled = true;
    };
  }, [generation]);
  return { units, error, reload };
}
