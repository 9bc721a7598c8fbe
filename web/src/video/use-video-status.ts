import type { VideoStatus } from '@lookout/contracts';
import { useEffect, useState } from 'react';
import { videoApi } from './video-api.ts';

export const STATUS_POLL_MS = 2_000;

export interface PolledStatus {
  status: VideoStatus | null;
  error: string | null;
  /**
   * Local time of the server's last received frame. Measured on this clock (when `lastFrameAt` was seen to move),
   * not read from the server's clock, so a skewed station PC cannot make a fresh frame look old.
   */
  frameAt: number | null;
}

/** The drone's stream state from the server, every 2 s while mounted and the page is visible. */
export function useVideoStatus(droneId: string): PolledStatus {
  const [polled, setPolled] = useState<PolledStatus>({ status: null, error: null, frameAt: null });
  useEffect(() => {
    let cancelled = false;
    let lastFrameIso: string | null = null;
    let frameAt: number | null = null;
    const poll = () => {
      if (document.hidden) return;
      videoApi.status(droneId).then(
        (status) => {
          if (cancelled) return;
          const now = Date.now();
          if (status.lastFrameAt !== lastFrameIso) {
            // First sight: trust the server's age (clamped); afterwards a change means "a frame just came".
            frameAt =
              status.lastFrameAt === null
                ? null
                : lastFrameIso === null
                  ? Math.min(now, Date.parse(status.lastFrameAt))
                  : now;
            lastFrameIso = status.lastFrameAt;
          }
          setPolled({ status, error: null, frameAt });
        },
        (err: unknown) =>
          !cancelled && setPolled((p) => ({ ...p, error: err instanceof Error ? err.message : String(err) })),
      );
    };
    poll();
    const timer = setInterval(poll, STATUS_POLL_MS);
    document.addEventListener('visibilitychange', poll);
    return () => {
      cancelled = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', poll);
    };
  }, [droneId]);
  return polled;
}
