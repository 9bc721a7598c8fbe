import type { Database } from '@lookout/db';
import type { AircraftFix, LaserReading } from './snapshot-position.ts';

/** What a picture from the live video is placed by: the drone's latest laser reading and latest fix. */
export function createSnapshotRepo(database: Database) {
  return {
    async laser(droneId: string): Promise<LaserReading | undefined> {
      const [row] = await database.query<{
        t: Date;
        lon: number | null;
        lat: number | null;
        distance: number | null;
        error_state: number | null;
      }>('select t, lon, lat, distance, error_state from drone_laser_targets where drone_id = $1', [droneId]);
      if (!row) return undefined;
      const n = (v: unknown) => (v === null ? null : Number(v));
      return {
        t: new Date(row.t),
        lon: n(row.lon),
        lat: n(row.lat),
        distance: n(row.distance),
        errorState: n(row.error_state),
      };
    },
    async fix(droneId: string): Promise<AircraftFix | undefined> {
      const [row] = await database.query<{ t: Date; lon: number; lat: number; alt_rel: number | null }>(
        'select t, st_x(geom) as lon, st_y(geom) as lat, alt_rel from drone_state where drone_id = $1',
        [droneId],
      );
      return row
        ? {
            t: new Date(row.t),
            lon: Number(row.lon),
            lat: Number(row.lat),
            altRel: row.alt_rel === null ? null : Number(row.alt_rel),
          }
        : undefined;
    },
  };
}

export type SnapshotRepo = ReturnType<typeof createSnapshotRepo>;
