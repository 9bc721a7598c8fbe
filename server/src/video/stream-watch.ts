import type { VideoStreamState } from '@lookout/contracts';
import type { EmbeddedMedia } from './embedded-media.ts';
import { flvTagInfo } from './flv-viewer.ts';

/** No video frame for this long while the publisher is connected: the stream is stalled. */
export const STALL_AFTER_MS = 3_000;

interface Watched {
  droneId: string;
  state: VideoStreamState;
  since: number;
  lastFrameAt: number | null;
  untap?: () => void;
}

/**
 * Each drone's stream state, honest about gaps: `live` while video frames arrive, `stalled` when the publisher is
 * connected (or inside its reconnect window) but no frame came for `STALL_AFTER_MS`, `ended` when it left.
 */
export function createStreamWatch(media: Pick<EmbeddedMedia, 'tap' | 'stats'>, tickMs = 500) {
  const byStream = new Map<string, Watched>();
  const set = (w: Watched, state: VideoStreamState, now: number) => {
    if (w.state !== state) {
      w.state = state;
      w.since = now;
    }
  };
  const timer = setInterval(() => {
    const now = Date.now();
    for (const [stream, w] of byStream) {
      if (w.state === 'ended' || w.state === 'idle') continue;
      const status = media.stats(stream)?.status ?? 'idle';
      if (status === 'idle') set(w, 'ended', now);
      else if (status === 'reconnecting' || (w.lastFrameAt ?? w.since) < now - STALL_AFTER_MS) set(w, 'stalled', now);
      else set(w, 'live', now);
    }
  }, tickMs);
  timer.unref();

  return {
    published(stream: string, droneId: string): void {
      const now = Date.now();
      const w = byStream.get(stream) ?? { droneId, state: 'live' as const, since: now, lastFrameAt: null };
      w.droneId = droneId;
      set(w, 'live', now);
      w.untap?.();
      w.untap = media.tap(stream, {
        id: `watch-${stream}`,
        ip: '',
        protocol: 'flv',
        endTime: 0,
        sendBuffer(buffer) {
          if (flvTagInfo(buffer)?.type === 9) w.lastFrameAt = Date.now();
        },
      });
      byStream.set(stream, w);
    },
    unpublished(stream: string): void {
      const w = byStream.get(stream);
      if (!w) return;
      w.untap?.();
      w.untap = undefined;
      set(w, 'ended', Date.now());
    },
    /** The drone publishing `stream` (from its key or push token), while watched. */
    droneOf: (stream: string): string | undefined => byStream.get(stream)?.droneId,
    /** The streams whose publisher is connected (live or stalled). */
    onAir: (): string[] => [...byStream].filter(([, w]) => w.state === 'live' || w.state === 'stalled').map(([s]) => s),
    state(stream: string): { state: VideoStreamState; since: Date | null; lastFrameAt: Date | null } {
      const w = byStream.get(stream);
      if (!w) return { state: 'idle', since: null, lastFrameAt: null };
      return {
        state: w.state,
        since: new Date(w.since),
        lastFrameAt: w.lastFrameAt === null ? null : new Date(w.lastFrameAt),
      };
    },
    stop(): void {
      clearInterval(timer);
      for (const w of byStream.values()) w.untap?.();
      byStream.clear();
    },
  };
}

export type StreamWatch = ReturnType<typeof createStreamWatch>;
