import { PAYLOAD_INDEX } from './dji-laser.ts';

/** DJI gimbals tilt from about −120° (past straight down) to +60° (above level); anything else is not a pitch. */
const MIN_PITCH = -120;
const MAX_PITCH = 60;

/**
 * The camera gimbal's pitch in an aircraft OSD `data` object: `gimbal_pitch` of the payload objects (keys like
 * `"81-0-0"`, Cloud-API-Doc aircraft properties), the first camera payload's (gimbal index 0 first). `null` when
 * no payload reports a usable one.
 */
export function gimbalPitchOf(data: unknown): number | null {
  if (typeof data !== 'object' || data === null) return null;
  const pitches = Object.entries(data as Record<string, unknown>)
    .filter(([key, value]) => PAYLOAD_INDEX.test(key) && typeof value === 'object' && value !== null)
    .map(([key, value]) => [Number(key.split('-')[2]), (value as Record<string, unknown>).gimbal_pitch] as const)
    .filter(
      (e): e is readonly [number, number] =>
        typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= MIN_PITCH && e[1] <= MAX_PITCH,
    )
    .sort((a, b) => a[0] - b[0]);
  return pitches[0]?.[1] ?? null;
}
