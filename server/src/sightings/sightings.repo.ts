import type { SightingFeature } from '@lookout/contracts';
import type { Database, SightingStatus } from '@lookout/db';
import { numOrNull, liveDoorbellSql } from '@lookout/db';

type Raw = Record<string, unknown>;

/** Columns every sighting query selects (`s` = sightings, `d` = drones). */
export const sightingColumns = `s.id, s.live_seq, s.drone_id, d.callsign, s.t, ST_X(s.geom) as lon, ST_Y(s.geom) as lat,
  s.unc_m, s.conf, s.kind, s.count, s.note, s.status, (s.photo is not null) as has_photo`;

export function toSightingFeature(r: Raw): SightingFeature {
  const id = Number(r.id);
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [Number(r.lon), Number(r.lat)] },
    properties: {
      id,
      seq: Number(r.live_seq),
      droneId: String(r.drone_id),
      callsign: String(r.callsign),
      t: (r.t instanceof Date ? r.t : new Date(String(r.t))).toISOString(),
      uncM: numOrNull(r.unc_m),
      conf: numOrNull(r.conf),
      kind: String(r.kind),
      count: numOrNull(r.count),
      note: r.note === null || r.note === undefined ? null : String(r.note),
      status: String(r.status) as SightingStatus,
      hasPhoto: Boolean(r.has_photo),
    },
  };
}

export interface SightingsRepo {
  /** Sightings seen since `since` (by their own time), newest first, at most `limit`. */
  listSince(since: Date, limit: number): Promise<SightingFeature[]>;
  /**
   * Set the status and move the sighting to the head of the live feed: a new `live_seq` and the doorbell,
   * in one statement (so one transaction). Undefined when there is no such sighting.
   */
  setStatus(id: number, status: SightingStatus, by: string): Promise<SightingFeature | undefined>;
  photo(id: number): Promise<Buffer | undefined>;
}

export function createSightingsRepo(database: Database): SightingsRepo {
  return {
    async listSince(since, limit) {
      const rows = await database.query<Raw>(
        `select ${sightingColumns} from sightings s join drones d on d.id = s.drone_id
          where s.t >= $1 order by s.t desc, s.id desc limit $2`,
        [since.toISOString(), limit],
      );
      return rows.map(toSightingFeature);
    },
    async setStatus(id, status, by) {
      const rows = await database.query<Raw>(
        `with s as (
           update sightings set status = $2, status_by = $3, status_at = now(), live_seq = nextval('live_seq')
            where id = $1 returning *)
         select ${sightingColumns}, ${liveDoorbellSql('s.live_seq')} as notified
           from s join drones d on d.id = s.drone_id`,
        [id, status, by],
      );
      const [row] = rows;
      return row ? toSightingFeature(row) : undefined;
    },
    async photo(id) {
      const [row] = await database.query<{ photo: Buffer | Uint8Array | null }>(
        'select photo from sightings where id = $1',
        [id],
      );
      if (!row?.photo) return undefined;
      return Buffer.isBuffer(row.photo) ? row.photo : Buffer.from(row.photo);
    },
  };
}
