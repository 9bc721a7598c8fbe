import type { VideoRecording } from '@lookout/contracts';

/** One recorded piece of a drone's video, in wall-clock milliseconds. */
export interface VideoSegment {
  id: number;
  url: string;
  type: VideoRecording['type'];
  startMs: number;
  endMs: number;
}

export interface DroneVideo {
  droneId: string;
  callsign: string;
  /** Oldest first. */
  segments: VideoSegment[];
}

/** Browsers play video up to 16× (Chromium's limit); faster replays step through pictures by seeking. */
export const MAX_PLAYBACK_RATE = 16;
/** While stepping, at most this often a seek (a decoder asked to seek every frame shows nothing). */
export const STEP_EVERY_MS = 250;

/** The recordings of a case per drone; a segment still being recorded runs to `nowMs`. */
export function groupRecordings(recordings: readonly VideoRecording[], nowMs: number): DroneVideo[] {
  const byDrone = new Map<string, DroneVideo>();
  for (const r of recordings) {
    let d = byDrone.get(r.droneId);
    if (!d) byDrone.set(r.droneId, (d = { droneId: r.droneId, callsign: r.callsign, segments: [] }));
    d.segments.push({
      id: r.id,
      url: r.url,
      type: r.type,
      startMs: Date.parse(r.startedAt),
      endMs: r.endedAt ? Date.parse(r.endedAt) : nowMs,
    });
  }
  for (const d of byDrone.values()) d.segments.sort((a, b) => a.startMs - b.startMs || a.id - b.id);
  return [...byDrone.values()];
}

/** The segment showing the wall-clock moment `wallMs` (the latest one to start, when two overlap). */
export function segmentAt(segments: readonly VideoSegment[], wallMs: number): VideoSegment | undefined {
  let found: VideoSegment | undefined;
  for (const s of segments) {
    if (s.startMs > wallMs) break;
    if (wallMs < s.endMs) found = s;
  }
  return found;
}

export interface VideoNow {
  currentTime: number;
  paused: boolean;
}

export interface VideoPlan {
  play: boolean;
  rate: number;
  /** Seek to this many seconds into the file. */
  seekTo?: number;
}

/**
 * What a drone's <video> does at one frame of the replay, `target` seconds into its file: paused, it sits on the
 * slider's picture; playing up to `MAX_PLAYBACK_RATE`, it plays at the replay's speed and is pulled back only when
 * it drifts; faster, it stays paused and jumps to the picture of the moment every `STEP_EVERY_MS`.
 */
export function planVideo(
  replay: { playing: boolean; speed: number },
  target: number,
  video: VideoNow,
  sinceSeekMs: number,
): VideoPlan {
  const off = Math.abs(video.currentTime - target);
  if (!replay.playing) return off > 0.05 ? { play: false, rate: 1, seekTo: target } : { play: false, rate: 1 };
  if (replay.speed <= MAX_PLAYBACK_RATE) {
    const slack = Math.max(0.5, 0.25 * replay.speed);
    return off > slack ? { play: true, rate: replay.speed, seekTo: target } : { play: true, rate: replay.speed };
  }
  return sinceSeekMs >= STEP_EVERY_MS && off > 0.05
    ? { play: false, rate: 1, seekTo: target }
    : { play: false, rate: 1 };
}
