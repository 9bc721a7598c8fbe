import type { VideoStreamState } from '@lookout/contracts';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { retryDelayMs, watchdogMs, type EngineName, type LiveEngine } from './live-engine.ts';
import { loadEngine } from './load-engine.ts';
import type { VideoQuality } from './quality.ts';
import { videoApi } from './video-api.ts';
import type { PlayerPhase } from './video-label.ts';

const CHECK_MS = 500;

export interface LivePlayerState {
  phase: PlayerPhase;
  /** Local ms of the last newly decoded frame (the player's own progress, from the video element). */
  decodedAt: number | null;
  /** Why the last play attempt failed (the server's refusal, a network error), cleared by the next picture. */
  error: string | null;
  /** The play answer's kind when this browser has no way to play it: the player stops trying. */
  unsupportedKind: string | null;
  /** What plays the picture now, once known. */
  engine: EngineName | null;
}

const decodedFrames = (video: HTMLVideoElement): number => video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;

/**
 * Plays one drone's live stream into `video` with the engine its play answer's kind asks for: HTTP-FLV through
 * mpegts.js, HLS through hls.js (or the browser itself). Each attempt asks the server for a new play URL (they are
 * per viewer and expire): after a player error, the end of the stream, or a connection that decodes nothing while
 * the server says frames arrive. Retries back off up to 10 s. Stops (and frees the connection) while `want` is
 * false — the stream is not on air, or the tab is hidden — and for good on a kind this browser cannot play.
 */
export function useLivePlayer(options: {
  videoRef: RefObject<HTMLVideoElement | null>;
  droneId: string;
  quality: VideoQuality;
  want: boolean;
  server: VideoStreamState | null;
}): LivePlayerState {
  const { videoRef, droneId, quality, want } = options;
  const [state, setState] = useState<LivePlayerState>({
    phase: 'off',
    decodedAt: null,
    error: null,
    unsupportedKind: null,
    engine: null,
  });
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
    let engine: { name: EngineName; live: LiveEngine } | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let frames = decodedFrames(video);
    let progressAt = Date.now();

    const teardown = () => {
      const e = engine;
      engine = null;
      e?.live.stop();
    };
    const retry = (error: string | null) => {
      if (stopped) return;
      teardown();
      setState((s) => ({ ...s, phase: 'reconnecting', error: error ?? s.error }));
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void connect(), retryDelayMs(attempt));
      attempt++;
    };
    const connect = async () => {
      if (stopped) return;
      setState((s) => ({ ...s, phase: attempt === 0 ? 'connecting' : 'reconnecting', unsupportedKind: null }));
      let url: string;
      let loaded: Awaited<ReturnType<typeof loadEngine>>;
      try {
        const play = await videoApi.play(droneId, quality);
        url = new URL(play.url, location.href).href;
        loaded = await loadEngine(play.kind, video);
        if (!loaded) {
          if (!stopped) setState((s) => ({ ...s, phase: 'off', error: null, unsupportedKind: play.kind }));
          return;
        }
      } catch (err) {
        retry(err instanceof Error ? err.message : String(err));
        return;
      }
      if (stopped) return;
      const { name, start } = loaded;
      // Muted: browsers play a muted video without a gesture; the viewer may unmute with the controls.
      video.muted = true;
      const current = {
        name,
        live: start(video, url, {
          quality,
          onFail: (detail) => {
            if (engine === current) retry(detail);
          },
        }),
      };
      engine = current;
      progressAt = Date.now();
      setState((s) => ({ ...s, engine: name }));
    };

    const watch = setInterval(() => {
      if (!engine) return;
      const now = Date.now();
      const n = decodedFrames(video);
      if (n !== frames) {
        frames = n;
        progressAt = now;
        attempt = 0;
        setState((s) => ({ ...s, phase: 'playing', decodedAt: now, error: null }));
      } else if (now - progressAt > watchdogMs(engine.name, quality) && serverRef.current === 'live') {
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
