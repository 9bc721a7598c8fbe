import type { Database } from '@lookout/db';

/** A Lookout drone that is a DJI aircraft, with the gateway it is bound to and what that gateway last reported. */
export interface DjiLiveTarget {
  droneId: string;
  aircraftSerial: string;
  gatewaySerial: string;
  /** DJI product domain of the gateway: '2' remote controller, '3' dock. */
  gatewayDomain: string | null;
  /** The gateway's merged `state` (its `live_capacity` and `live_status`), or null before any. */
  gatewayState: Record<string, unknown> | null;
}

export function createDjiLiveRepo(database: Database) {
  return {
    /** The aircraft behind a drone id and its gateway (dji_devices, written by the bridge from `update_topo`). */
    async target(droneId: string): Promise<DjiLiveTarget | undefined> {
      const [row] = await database.query<{
        serial: string;
        gateway_serial: string;
        domain: string | null;
        state: Record<string, unknown> | null;
      }>(
        `select a.serial, a.gateway_serial, g.domain, g.state
           from dji_devices a join dji_devices g on g.serial = a.gateway_serial and g.role = 'gateway'
          where a.drone_id = $1 and a.role = 'sub'`,
        [droneId],
      );
      if (!row) return undefined;
      return {
        droneId,
        aircraftSerial: row.serial,
        gatewaySerial: row.gateway_serial,
        gatewayDomain: row.domain,
        gatewayState: row.state,
      };
    },

    /**
     * The lens the aircraft streams from now, after its gateway accepted Lookout's request (drone_lenses; the
     * coverage worker counts thermal footprints apart and zoom ones not at all). `videoType` null: the stream stopped.
     */
    async recordLens(droneId: string, videoType: string | null): Promise<void> {
      const lens =
        videoType === null
          ? null
          : videoType === 'ir' || videoType === 'thermal'
            ? 'thermal'
            : videoType === 'zoom'
              ? 'zoom'
              : 'visible';
      await database.query(
        `insert into drone_lenses (drone_id, t, lens, video_type, source) values ($1, now(), $2, $3, 'live_request')
         on conflict do nothing`,
        [droneId, lens, videoType],
      );
    },

    /** Whether the pilot flies this drone for an open case now (case_drones, the pilot's attachment). */
    async pilotFliesOnOpenCase(droneId: string, pilotId: string): Promise<boolean> {
      const [row] = await database.query<{ ok: boolean }>(
        `select exists (
           select 1 from case_drones cd join cases c on c.id = cd.case_id
            where cd.drone_id = $1 and cd.pilot_id = $2 and cd.detached_at is null and c.status = 'open') as ok`,
        [droneId, pilotId],
      );
      return Boolean(row?.ok);
    },
  };
}

export type DjiLiveRepo = ReturnType<typeof createDjiLiveRepo>;
