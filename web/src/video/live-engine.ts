import type { VideoQuality } from './quality.ts';

/** One connection of a player library to the <video>: stopped when the hook retries or the viewer leaves. */
export interface LiveEngine {
  stop(): void;
}

/**
 * Starts playing `url` into `video`. `onFail` reports an error or the end of the stream (the hook then asks for a
 * new play URL); it is not called after `stop`.
 */
export type StartEngine = (
  video: HTMLVideoElement,
  url: string,
  options: { quality: VideoQuality; onFail: (detail: string) => void },
) => LiveEngine;

/** The ways this browser can play: HTTP-FLV with mpegts.js, HLS with hls.js, or HLS by the <video> itself. */
export type EngineName = 'flv' | 'hls.js' | 'native-hls';

export interface HlsSupport {
  /** hls.js can run here (Media Source Extensions). */
  hlsJs: boolean;
  /** The <video> plays HLS itself (Safari, iOS). */
  native: boolean;
}

/**
 * The engine for a play answer's `kind`: `flv` → mpegts.js; `hls` → hls.js, or the native element where hls.js
 * cannot run (older iOS); null for a kind this browser cannot play (a server's newer format, or HLS without either).
 */
export function engineFor(kind: string, hls: HlsSupport): EngineName | null {
  if (kind === 'flv') return 'flv';
  if (kind !== 'hls') return null;
  if (hls.hlsJs) return 'hls.js';
  return hls.native ? 'native-hls' : null;
}

const RETRY_MAX_MS = 10_000;

/** The wait before retry number `attempt` (0, 1, …): 1 s, 2 s, 4 s, 8 s, then 10 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_MAX_MS, 1000 * 2 ** attempt);
}

/**
 * No decoded frame for this long while the server says live: the connection is stuck, take a new one. HLS starts
 * later (a playlist, then whole segments) and shows each segment a few seconds after it is made.
 */
export function watchdogMs(engine: EngineName, quality: VideoQuality): number {
  if (engine !== 'flv') return 15_000;
  return quality === 'low' ? 15_000 : 8_000;
}
