import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api.ts';
import { caseApi } from '../cases/case-api.ts';
import { onCaseEvent } from '../cases/case-feed.ts';
import type { MyAssignment } from '../cases/case-types.ts';

export type Loaded =
  { state: 'loading' } | { state: 'forbidden' } | { state: 'error'; message: string } | { state: 'ok' };

/**
 * The officer's assignment: loaded once, then live (socket event `assignment`), with a slow poll as a safety
 * net. `arrivedLive` says the socket delivered it (the end-to-end tests wait for it).
 */
export function useMyAssignment(): { loaded: Loaded; mine: MyAssignment | null; arrivedLive: boolean } {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [mine, setMine] = useState<MyAssignment | null>(null);
  const [arrivedLive, setArrivedLive] = useState(false);
  const mineRef = useRef<MyAssignment | null>(null);

  const refresh = useCallback((): Promise<void> => {
    return caseApi.myAssignment().then(
      (r) => {
        mineRef.current = r;
        setMine(r);
        setLoaded({ state: 'ok' });
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 403) setLoaded({ state: 'forbidden' });
        else if (!(err instanceof ApiError && err.status === 0))
          setLoaded({ state: 'error', message: err instanceof Error ? err.message : String(err) });
        // Offline (status 0): keep what is shown; the service worker may have answered from its cache anyway.
        else setLoaded((l) => (l.state === 'loading' ? { state: 'ok' } : l));
      },
    );
  }, []);

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const poll = setInterval(() => void refresh(), 30_000);
    return () => {
      clearTimeout(first);
      clearInterval(poll);
    };
  }, [refresh]);

  useEffect(
    () =>
      onCaseEvent((e) => {
        if (e.kind !== 'assignment') return;
        const prev = mineRef.current;
        const myUnit = prev?.unit?.id ?? prev?.assignment?.unitId;
        if (!prev || !myUnit || e.assignment.unitId !== myUnit) return;
        const done = e.assignment.status === 'found' || e.assignment.status === 'stood_down';
        if (!done || prev.assignment?.id === e.assignment.id) {
          const next: MyAssignment = { ...prev, assignment: e.assignment };
          mineRef.current = next;
          setMine(next);
          setArrivedLive(true);
        }
        // The case and the beacon drone come with the HTTP answer.
        void refresh();
      }),
    [refresh],
  );

  return { loaded, mine, arrivedLive };
}
