import { useEffect, useState, useSyncExternalStore } from 'react';
import { getOutbox } from './outbox.ts';
import { PositionTracker, type OwnPosition } from './position-tracker.ts';

/** One tracker per page load: it keeps watching (and uploading) while the officer switches views. */
export const tracker = new PositionTracker();

/** The phone's own position, uploaded through the outbox while `active`; the error says why there is none. */
export function useOwnPosition(active: boolean): { me: OwnPosition | null; geoError: string | null } {
  const [me, setMe] = useState<OwnPosition | null>(tracker.latest);
  const [geoError, setGeoError] = useState<string | null>(null);
  useEffect(() => {
    if (!active) return;
    tracker.start();
    const off = tracker.subscribe((p, err) => {
      setMe(p);
      setGeoError(err ? err.message || String(err.code) : null);
    });
    getOutbox().kick();
    return () => {
      off();
    };
  }, [active]);
  return { me, geoError };
}

/** Uplinks still waiting in the outbox. */
export function useOutboxSize(): number {
  return useSyncExternalStore(
    (fn) => getOutbox().subscribe(fn),
    () => getOutbox().size,
  );
}
