import type { VideoStreamState } from '@lookout/contracts';
import type Mpegts from 'mpegts.js';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { VideoQuality } from './quality.ts';
import { videoApi } from './video-api.ts';
import type { PlayerPhase } from './video-label.ts';

/** No decoded frame for this long while the server says live: this connection is stuck, take a new one. */
const WATCHDOG_MS: Record<VideoQuality, number> = { full: 8_000, low: 15_000 };
const RETRY_MAX_MS = 10_000;
const CHECK_MS = 500;

export interface FlvPlayerState {
  phase: PlayerPhase;
  /** Local ms of the last newly decoded frame (the player's own progress, from the video element). */
  decodedAt: number | null;
  /** Why the last play attempt failed (the server's refusal, a network error), cleared by the next picture. */
  error: string | null;
}

type MpegtsModule = typeof Mpegts;
let loaded: Promise<MpegtsModule> | null = null;
/** mpegts.js is loaded with the first video, not with the app. */
function loadMpegts(): Promise<MpegtsModule> {
  loaded ??= import('mpegts.js').then((m) => {
    const mpegts = m.default;
    mpegts.LoggingControl.applyConfig({ enableAll: false, enableError: true, enableWarn: false });
    return mpegts;
  });
  return loaded;
}

const decodedFrames = (video: HTMLVideoElement): number => video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;

/**
 * Plays one drone's HTTP-FLV stream into `video` with mpegts.js, tuned for live: no stash buffer, the buffer's
 * latency chased, no lazy loading. Each attempt asks the server for a new play URL (they are per viewer and
 * expire): after a player error, the end of the stream, or a connection that decodes nothing while the server says
 * frames arrive. Retries back off up to 10 s. Stops (and frees the connection) while `want` is false — the stream
 * is not on air, or the tab is hidden.
 */
export function useFlvPlayer(options: {
  videoRef: RefObject<HTMLVideoElement | null>;
  droneId: string;
  quality: VideoQuality;
  want: boolean;
  server: VideoStreamState | null;
}): FlvPlayerState {
  const { videoRef, droneId, quality, want } = options;
  const [state, setState] = useState<FlvPlayerState>({ phase: 'off', decodedAt: null, error: null });
  const serverRef = useRef(options.server);
  useEffect(() => {
    serverRef.current = options.server;
  }, [options.server]);

  useEffect(() => {
    const video = videoRef.current;
    if (!want || !video) {
      setState((s) => (s.phase === 'off' ? s : { ...s, phase: 'off' }));
      return;
    }
    let stopped = false;
    let player: Mpegts.Player | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let frames = decodedFrames(video);
    let progressAt = Date.now();

    const teardown = () => {
      const p = player;
      player = null;
      if (!p) return;
      try {
        p.pause();
        p.unload();
        p.detachMediaElement();
      } finally {
        p.destroy();
      }
    };
    const retry = (error: string | null) => {
      if (stopped) return;
      teardown();
      setState((s) => ({ ...s, phase: 'reconnecting', error: error ?? s.error }));
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void connect(), Math.min(RETRY_MAX_MS, 1000 * 2 ** attempt));
      attempt++;
    };
    const connect = async () => {
      if (stopped) return;
      setState((s) => ({ ...s, phase: attempt === 0 ? 'connecting' : 'reconnecting' }));
      let url: string;
      let mpegts: MpegtsModule;
      try {
        const [play, m] = await Promise.all([videoApi.play(droneId, quality), loadMpegts()]);
        if (play.kind !== 'flv') throw new Error(`kind ${play.kind}`);
        url = new URL(play.url, location.href).href;
        mpegts = m;
      } catch (err) {
        retry(err instanceof Error ? err.message : String(err));
        return;
      }
      if (stopped) return;
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
      player = p;
      const ended = (detail: string) => () => {
        if (player === p) retry(detail);
      };
      p.on(mpegts.Events.ERROR, (type: string, detail: string) => ended(`${type}: ${detail}`)());
      p.on(mpegts.Events.LOADING_COMPLETE, ended('ended'));
      // Muted: browsers play a muted video without a gesture; the viewer may unmute with the controls.
      video.muted = true;
      p.attachMediaElement(video);
      p.load();
      progressAt = Date.now();
      void Promise.resolve(p.play()).catch(() => undefined);
    };

    const watch = setInterval(() => {
      if (!player) return;
      const now = Date.now();
      const n = decodedFrames(video);
      if (n !== frames) {
        frames = n;
        progressAt = now;
        attempt = 0;
        setState({ phase: 'playing', decodedAt: now, error: null });
      } else if (now - progressAt > WATCHDOG_MS[quality] && serverRef.current === 'live') {
        retry(null);
      }
    }, CHECK_MS);

    void connect();
    return () => {
      stopped = true;
      clearInterval(watch);
      clearTimeout(retryTimer);
      teardown();
    };
  }, [videoRef, droneId, quality, want]);

  return state;
}
