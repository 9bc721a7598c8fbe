import { useEffect, useState } from 'react';
import type { DroneEvent } from '@lookout/contracts';
import { request } from '../api.ts';

/** A drone's panel re-reads its events this often while it is open (they are not on the live socket). */
export const DRONE_EVENTS_POLL_MS = 10_000;

/** The recent DJI events of one drone (`GET /drones/:id/events`, newest first), read on open and then polled. */
export function useDroneEvents(droneId: string): { events: DroneEvent[] | null; error: string | null } {
  const [state, setState] = useState<{ id: string; events: DroneEvent[] | null; error: string | null }>({
    id: droneId,
    events: null,
    error: null,
  });
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      request<{ events: DroneEvent[] }>('GET', `/drones/${encodeURIComponent(droneId)}/events`)
        .then((r) => !cancelled && setState({ id: droneId, events: r.events, error: null }))
        .catch(
          (err: unknown) =>
            !cancelled &&
            setState((s) => ({ ...s, id: droneId, error: err instanceof Error ? err.message : String(err) })),
        );
    void load();
    const every = setInterval(() => void load(), DRONE_EVENTS_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(every);
    };
  }, [droneId]);
  // Another drone chosen: its events, not the previous drone's, until they arrive.
  return state.id === droneId ? state : { events: null, error: null };
}
