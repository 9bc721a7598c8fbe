import type { DjiOsdRecord } from '../decoders/types.ts';
import type { DeviceStateInput } from './dji.repo.ts';

/**
 * One part of a dock's OSD (DJI sends the dock's properties in several messages: position and environment,
 * job counters, link and task step…) → what is merged into the dock's stored state. Position only when the
 * message carries a real one (not 0,0).
 */
export function dockStateOf(rec: DjiOsdRecord): DeviceStateInput {
  const lat = typeof rec.data.latitude === 'number' ? rec.data.latitude : null;
  const lon = typeof rec.data.longitude === 'number' ? rec.data.longitude : null;
  const placed =
    lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
  const height = typeof rec.data.height === 'number' && Number.isFinite(rec.data.height) ? rec.data.height : null;
  return {
    serial: rec.serial,
    t: rec.t,
    state: rec.data,
    lon: placed ? lon : null,
    lat: placed ? lat : null,
    heightEllipsoid: placed ? height : null,
  };
}
