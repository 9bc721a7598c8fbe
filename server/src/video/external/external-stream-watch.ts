import type { VideoStreamState } from '@lookout/contracts';
import { STALL_AFTER_MS, type StreamWatch } from '../stream-watch.ts';
import type { NginxStreamStat } from './nginx-stat.ts';

interface Watched {
  droneId: string;
  state: VideoStreamState;
  since: number;
  /** When the media server last reported more bytes from the publisher (from its statistics, when read). */
  lastDataAt: number | null;
  bytesIn: number;
  video: Pick<NginxStreamStat, 'width' | 'height' | 'codec'> | null;
}

export type ExternalStreamWatch = StreamWatch & {
  /** The media server's statistics, read now: data arriving keeps a stream live, none for a while stalls it. */
  observe(streams: Map<string, NginxStreamStat>, at: number): void;
  /** The picture's size and codec as the media server last reported them. */
  videoOf(stream: string): Pick<NginxStreamStat, 'width' | 'height' | 'codec'> | undefined;
};

/**
 * Each drone's stream state as an external media server reports it: `live` from the allowed publish (its callback)
 * until its end (`ended`). Lookout sees none of the frames; when it reads the server's statistics (nginx-rtmp's
 * `rtmp_stat`, VIDEO_STAT_URL) a publisher whose byte count stops growing for `STALL_AFTER_MS` is `stalled`, and
 * the last growth stands in for the last frame's time. Without statistics there is no `stalled`.
 */
export function createExternalStreamWatch(): ExternalStreamWatch {
  const byStream = new Map<string, Watched>();
  const set = (w: Watched, state: VideoStreamState, at: number) => {
    if (w.state === state) return;
    w.state = state;
    w.since = at;
  };
  return {
    published(stream, droneId) {
      byStream.set(stream, { droneId, state: 'live', since: Date.now(), lastDataAt: null, bytesIn: 0, video: null });
    },
    unpublished(stream) {
      const w = byStream.get(stream);
      if (w) set(w, 'ended', Date.now());
    },
    observe(streams, at) {
      for (const [stream, w] of byStream) {
        if (w.state !== 'live' && w.state !== 'stalled') continue;
        const s = streams.get(stream);
        if (!s) continue;
        w.video = { width: s.width, height: s.height, codec: s.codec };
        if (s.bytesIn > w.bytesIn) {
          w.bytesIn = s.bytesIn;
          w.lastDataAt = at;
          set(w, 'live', at);
        } else if (at - (w.lastDataAt ?? w.since) > STALL_AFTER_MS) {
          set(w, 'stalled', at);
        }
      }
    },
    videoOf: (stream) => byStream.get(stream)?.video ?? undefined,
    droneOf: (stream) => byStream.get(stream)?.droneId,
    onAir: () => [...byStream].filter(([, w]) => w.state === 'live' || w.state === 'stalled').map(([s]) => s),
    state(stream) {
      const w = byStream.get(stream);
      return w
        ? {
            state: w.state,
            since: new Date(w.since),
            lastFrameAt: w.lastDataAt === null ? null : new Date(w.lastDataAt),
          }
        : { state: 'idle', since: null, lastFrameAt: null };
    },
    stop() {
      byStream.clear();
    },
  };
}
