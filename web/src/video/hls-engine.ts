import type Hls from 'hls.js';
import type { HlsConfig } from 'hls.js';
import type { StartEngine } from './live-engine.ts';

type HlsClass = typeof Hls;
let loaded: Promise<HlsClass> | null = null;
/** hls.js (its light build: no subtitles, alternate audio or DRM) is loaded with the first HLS video, not with the app. */
export function loadHls(): Promise<HlsClass> {
  loaded ??= import('hls.js/light').then((m) => m.default);
  return loaded;
}

/**
 * Live settings: start two segments behind the live edge (nginx-rtmp cuts about one a second), catch up by playing
 * faster when five behind, keep little played video, and a short forward buffer. `lowLatencyMode` takes partial
 * segments where a server offers them (LL-HLS).
 */
export const HLS_LIVE_CONFIG: Partial<HlsConfig> = {
  lowLatencyMode: true,
  liveSyncDurationCount: 2,
  liveMaxLatencyDurationCount: 5,
  maxLiveSyncPlaybackRate: 1.5,
  backBufferLength: 4,
  maxBufferLength: 6,
  enableWorker: true,
};

/** HLS with hls.js. A fatal error is a failure: the hook takes a new play URL (a new token, a fresh playlist). */
export function hlsJsEngine(HlsJs: HlsClass): StartEngine {
  return (video, url, { onFail }) => {
    const hls = new HlsJs(HLS_LIVE_CONFIG);
    let stopped = false;
    hls.on(HlsJs.Events.ERROR, (_event, data) => {
      if (data.fatal && !stopped) onFail(`${data.type}: ${data.details}`);
    });
    hls.attachMedia(video);
    hls.loadSource(url);
    void video.play().catch(() => undefined);
    return {
      stop() {
        stopped = true;
        hls.destroy();
      },
    };
  };
}
