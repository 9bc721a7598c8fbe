import type { Database } from '@lookout/db';
import { iso } from '@lookout/db';

/** One (device, drone, code, component, sensor) of recent hms reports, as the board folds them. */
export interface HmsRow {
  deviceSerial: string;
  droneId: string | null;
  callsign: string | null;
  code: string;
  level: number;
  data: Record<string, unknown>;
  firstAt: string;
  lastAt: string;
  reports: number;
}

type Raw = Record<string, unknown>;

/**
 * Recent DJI health items of at least `minLevel` reported since `since`, one row per (device, drone, code,
 * component, sensor) with its first and latest report; `data` is the latest report's item. Reads the
 * `drone_events (t)` index.
 */
export async function recentHms(database: Database, since: Date, minLevel: number): Promise<HmsRow[]> {
  const rows = await database.query<Raw>(
    `with recent as (
       select e.device_serial, e.drone_id, e.code, e.level, e.data, e.t, e.id,
              coalesce(e.data->'args'->>'component_index', '') as ci, coalesce(e.data->'args'->>'sensor_index', '') as si
         from drone_events e
        where e.type = 'hms' and e.t >= $1 and e.level >= $2 and e.code is not null),
     folded as (
       select distinct on (device_serial, drone_id, code, ci, si)
              device_serial, drone_id, code, level, data, t as last_at,
              min(t) over w as first_at, count(*) over w as reports
         from recent
       window w as (partition by device_serial, drone_id, code, ci, si)
        order by device_serial, drone_id, code, ci, si, t desc, id desc)
     select f.*, d.callsign from folded f left join drones d on d.id = f.drone_id
      order by f.last_at desc`,
    [since.toISOString(), minLevel],
  );
  return rows.map((r) => ({
    deviceSerial: String(r.device_serial),
    droneId: r.drone_id === null || r.drone_id === undefined ? null : String(r.drone_id),
    callsign: r.callsign === null || r.callsign === undefined ? null : String(r.callsign),
    code: String(r.code),
    level: Number(r.level),
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : (r.data ?? {})) as Record<string, unknown>,
    firstAt: iso(r.first_at),
    lastAt: iso(r.last_at),
    reports: Number(r.reports),
  }));
}
