import type { VideoStreamState } from '@lookout/contracts';

/** What the player itself is doing: nothing yet, asking for a URL and waiting for a picture, showing frames, retrying. */
export type PlayerPhase = 'off' | 'connecting' | 'playing' | 'reconnecting';

/** The overlay's honest word: 正在连接, 直播, 卡顿, 重新连接, 已结束, 无信号. */
export type VideoLabel = 'starting' | 'live' | 'stalled' | 'reconnecting' | 'ended' | 'idle';

/** No new decoded frame for this long while the server says live: the viewer's picture is stuck. */
export const PLAYER_STALL_MS = 3_000;

export interface LabelInput {
  /** The server's view of the stream (null until the first status answer). */
  server: VideoStreamState | null;
  phase: PlayerPhase;
  /** Local ms when the server's last received frame was; null when it never had one. */
  serverFrameAt: number | null;
  /** Local ms when the player last decoded a new frame; null before the first one. */
  decodedAt: number | null;
  now: number;
  /** How long without a decoded frame counts as stuck (longer for the key-frame-only variant). */
  stallMs?: number;
}

export interface LabelOutput {
  label: VideoLabel;
  /** Seconds since the newest frame anyone saw (the server's or the player's), when the label is about age. */
  ageS: number | null;
}

const ageOf = (at: number | null, now: number): number | null => (at === null ? null : Math.max(0, now - at));

/**
 * The overlay's state from the server's word and the player's own progress. The server knows whether the drone
 * sends; the player knows whether this viewer sees it. The picture is as old as the older of the two ages
 * (a frame the server has but the player has not decoded is not on the screen).
 */
export function videoLabel(i: LabelInput): LabelOutput {
  const serverAge = ageOf(i.serverFrameAt, i.now);
  const playerAge = ageOf(i.decodedAt, i.now);
  const pictureAge = playerAge === null ? serverAge : serverAge === null ? playerAge : Math.max(serverAge, playerAge);
  const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));
  if (i.server === null) return { label: 'starting', ageS: null };
  if (i.server === 'idle') return { label: 'idle', ageS: null };
  if (i.server === 'ended') return { label: 'ended', ageS: seconds(serverAge) };
  if (i.phase === 'reconnecting') return { label: 'reconnecting', ageS: seconds(pictureAge) };
  if (i.server === 'stalled') return { label: 'stalled', ageS: seconds(pictureAge) };
  if (i.phase !== 'playing' || i.decodedAt === null) return { label: 'starting', ageS: null };
  if ((playerAge ?? 0) > (i.stallMs ?? PLAYER_STALL_MS)) return { label: 'stalled', ageS: seconds(pictureAge) };
  return { label: 'live', ageS: null };
}
