import type { Database } from '@lookout/db';
import { mslFromEllipsoid } from '@lookout/drone-bridge';
import type { Dock, DroneEvent } from '@lookout/contracts';

/** Docks and drone events DJI devices reported (written by the drone bridge). */
export function createDjiDevicesRepo(database: Database) {
  return {
    async docks(): Promise<Dock[]> {
      const rows = await database.query<{
        serial: string;
        lon: number;
        lat: number;
        height_ellipsoid: number | null;
        state: Record<string, unknown> | null;
        state_at: string | Date | null;
      }>(
        `select serial, st_x(geom) as lon, st_y(geom) as lat, height_ellipsoid, state, state_at
           from dji_devices where role = 'gateway' and domain = '3' and geom is not null order by serial`,
      );
      const num = (v: unknown) => (typeof v === 'number' ? v : null);
      return rows.map((r) => {
        const lon = Number(r.lon);
        const lat = Number(r.lat);
        const h = r.height_ellipsoid === null ? null : Number(r.height_ellipsoid);
        const s = r.state ?? {};
        return {
          serial: r.serial,
          lon,
          lat,
          heightEllipsoid: h,
          heightMsl: h === null ? null : Math.round(mslFromEllipsoid(lat, lon, h) * 10) / 10,
          modeCode: num(s.mode_code),
          coverState: num(s.cover_state),
          droneInDock: typeof s.drone_in_dock === 'number' ? s.drone_in_dock === 1 : null,
          stateAt: r.state_at === null ? null : new Date(r.state_at).toISOString(),
        };
      });
    },

    async droneEvents(droneId: string, limit: number): Promise<DroneEvent[]> {
      const rows = await database.query<{
        id: number;
        drone_id: string | null;
        device_serial: string;
        t: string | Date;
        type: DroneEvent['type'];
        level: number | null;
        code: string | null;
        data: Record<string, unknown>;
      }>(
        `select id, drone_id, device_serial, t, type, level, code, data from drone_events
          where drone_id = $1 order by t desc, id desc limit $2`,
        [droneId, limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        droneId: r.drone_id,
        deviceSerial: r.device_serial,
        t: new Date(r.t).toISOString(),
        type: r.type,
        level: r.level,
        code: r.code,
        data: r.data,
      }));
    },
  };
}

export type DjiDevicesRepo = ReturnType<typeof createDjiDevicesRepo>;
