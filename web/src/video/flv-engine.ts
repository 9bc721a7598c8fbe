import type Mpegts from 'mpegts.js';
import type { StartEngine } from './live-engine.ts';

type MpegtsModule = typeof Mpegts;
let loaded: Promise<MpegtsModule> | null = null;
/** mpegts.js is loaded with the first FLV video, not with the app. */
function loadMpegts(): Promise<MpegtsModule> {
  loaded ??= import('mpegts.js').then((m) => {
    const mpegts = m.default;
    mpegts.LoggingControl.applyConfig({ enableAll: false, enableError: true, enableWarn: false });
    return mpegts;
  });
  return loaded;
}

/**
 * HTTP-FLV with mpegts.js, tuned for live: no stash buffer, the buffer's latency chased, no lazy loading. A player
 * error or the end of the stream is a failure: the hook takes a new play URL.
 */
export async function loadFlvEngine(): Promise<StartEngine> {
  const mpegts = await loadMpegts();
  return (video, url, { quality, onFail }) => {
    const p = mpegts.createPlayer(
      { type: 'flv', isLive: true, url, ...(quality === 'low' ? { hasAudio: false } : {}) },
      {
        isLive: true,
        enableStashBuffer: false,
        liveBufferLatencyChasing: true,
        liveBufferLatencyMaxLatency: 1.5,
        liveBufferLatencyMinRemain: 0.3,
        lazyLoad: false,
        deferLoadAfterSourceOpen: false,
        autoCleanupSourceBuffer: true,
        autoCleanupMaxBackwardDuration: 30,
        autoCleanupMinBackwardDuration: 10,
      },
    );
    let stopped = false;
    const fail = (detail: string) => {
      if (!stopped) onFail(detail);
    };
    p.on(mpegts.Events.ERROR, (type: string, detail: string) => fail(`${type}: ${detail}`));
    p.on(mpegts.Events.LOADING_COMPLETE, () => fail('ended'));
    p.attachMediaElement(video);
    p.load();
    void Promise.resolve(p.play()).catch(() => undefined);
    return {
      stop() {
        stopped = true;
        try {
          p.pause();
          p.unload();
          p.detachMediaElement();
        } finally {
          p.destroy();
        }
      },
    };
  };
}
