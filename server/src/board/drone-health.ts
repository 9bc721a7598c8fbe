import type { BoardDroneHealthItem } from '@lookout/contracts';
import type { HmsRow } from './drone-health.repo.ts';

/**
 * Which DJI health items reach the duty commander: level 2 (warning) only. Level 1 (caution, e.g. a weak signal
 * or a low battery reminder) the pilot handles in DJI's own app; it stays on the drone's panel on the map, with
 * every other reported item, so the board holds only what may need a commander's decision.
 */
export const BOARD_HMS_MIN_LEVEL = 2;
/** DJI re-sends an item while the condition lasts (the demo dock once a minute): 2 min of silence is past. */
export const HMS_ACTIVE_S = 120;
/** A past item stays on the board this long after its last report, then leaves it. */
export const HMS_KEPT_S = 30 * 60;

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** The board's rows: active items first, then the most recently reported. */
export function droneHealthItems(
  rows: readonly HmsRow[],
  now: Date,
  activeForS = HMS_ACTIVE_S,
): BoardDroneHealthItem[] {
  const items = rows.map((r) => {
    const args = (r.data.args ?? {}) as Record<string, unknown>;
    return {
      droneId: r.droneId,
      callsign: r.callsign,
      deviceSerial: r.deviceSerial,
      code: r.code,
      level: r.level,
      module: int(r.data.module),
      deviceType: typeof r.data.device_type === 'string' ? r.data.device_type : null,
      inTheSky: r.data.in_the_sky === 1,
      imminent: r.data.imminent === 1,
      componentIndex: int(args.component_index),
      sensorIndex: int(args.sensor_index),
      firstAt: r.firstAt,
      lastAt: r.lastAt,
      active: now.getTime() - Date.parse(r.lastAt) <= activeForS * 1000,
      reports: r.reports,
    };
  });
  return items.sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      Number(b.inTheSky) - Number(a.inTheSky) ||
      Date.parse(b.lastAt) - Date.parse(a.lastAt),
  );
}
