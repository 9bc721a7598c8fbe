import type { VideoStreamState } from '@lookout/contracts';
import type { StreamWatch } from '../stream-watch.ts';

/**
 * Each drone's stream state as an external media server reports it through its callbacks: `live` from the allowed
 * publish until its end, then `ended`. Lookout sees none of the frames, so there is no `stalled` and no last frame
 * time; nginx-rtmp drops a publisher that sends nothing for a while (`drop_idle_publisher`), which ends the stream.
 */
export function createExternalStreamWatch(): StreamWatch {
  const byStream = new Map<string, { droneId: string; state: VideoStreamState; since: number }>();
  return {
    published(stream, droneId) {
      byStream.set(stream, { droneId, state: 'live', since: Date.now() });
    },
    unpublished(stream) {
      const w = byStream.get(stream);
      if (w && w.state !== 'ended') byStream.set(stream, { ...w, state: 'ended', since: Date.now() });
    },
    droneOf: (stream) => byStream.get(stream)?.droneId,
    onAir: () => [...byStream].filter(([, w]) => w.state === 'live').map(([s]) => s),
    state(stream) {
      const w = byStream.get(stream);
      return w
        ? { state: w.state, since: new Date(w.since), lastFrameAt: null }
        : { state: 'idle', since: null, lastFrameAt: null };
    },
    stop() {
      byStream.clear();
    },
  };
}
