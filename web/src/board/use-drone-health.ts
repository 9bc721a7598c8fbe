import { useCallback, useEffect, useState } from 'react';
import type { BoardDroneHealthResponse } from '@lookout/contracts';
import { request } from '../api.ts';

/**
 * How often the board asks for DJI health warnings. They are not on the live socket (drone events carry no live
 * seq); DJI re-sends an active item anyway, and 10 s is well inside the 2 min after which an item counts as past.
 */
export const DRONE_HEALTH_POLL_MS = 10_000;

export interface HeldHealth {
  answer: BoardDroneHealthResponse;
  /** `Date.now()` when it arrived: ages tick forward from the server's `now`. */
  receivedAt: number;
}

/** The board's drone-health warnings (`GET /board/drone-health`), polled while the board is open. */
export function useDroneHealth(): { held: HeldHealth | null; error: string | null; reload: () => void } {
  const [held, setHeld] = useState<HeldHealth | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    request<BoardDroneHealthResponse>('GET', '/board/drone-health')
      .then((answer) => {
        setHeld({ answer, receivedAt: Date.now() });
        setError(null);
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, []);
  useEffect(() => {
    reload();
    const every = setInterval(reload, DRONE_HEALTH_POLL_MS);
    return () => clearInterval(every);
  }, [reload]);
  return { held, error, reload };
}
