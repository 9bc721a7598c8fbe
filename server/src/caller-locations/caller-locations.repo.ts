import type { CallerLocationFeature } from '@lookout/contracts';
import type { CallerLocationSource, Database, Datum } from '@lookout/db';
import { iso, liveDoorbellSql } from '@lookout/db';

export interface NewCallerLocation {
  caseId: string;
  source: CallerLocationSource;
  datumReceived: Datum;
  lonReceived: number;
  latReceived: number;
  /** WGS-84, converted at the API. */
  lon: number;
  lat: number;
  accuracyM: number;
  t: Date;
  battery: number | null;
  linkId: string | null;
  rawInput: string | null;
  idempotencyKey: string | null;
  createdBy: string | null;
}

type Raw = Record<string, unknown>;

/** Columns every caller-location query selects (`cl` = caller_locations). */
export const callerLocationColumns = `cl.id, cl.live_seq, cl.case_id, cl.source, cl.datum_received, cl.lon_received,
  cl.lat_received, ST_X(cl.geom) as lon, ST_Y(cl.geom) as lat, cl.accuracy_m, cl.t, cl.battery, cl.received_at`;

export function toCallerLocationFeature(r: Raw): CallerLocationFeature {
  const id = Number(r.id);
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [Number(r.lon), Number(r.lat)] },
    properties: {
      id,
      seq: Number(r.live_seq),
      caseId: String(r.case_id),
      source: String(r.source) as CallerLocationSource,
      datumReceived: String(r.datum_received) as Datum,
      lonReceived: Number(r.lon_received),
      latReceived: Number(r.lat_received),
      accuracyM: Number(r.accuracy_m),
      t: iso(r.t),
      battery: r.battery === null || r.battery === undefined ? null : Number(r.battery),
      receivedAt: iso(r.received_at),
    },
  };
}

export interface CallerLocationsRepo {
  /**
   * Store the location and its `caller_location` case event in one statement with the doorbell. A repeated
   * idempotency key stores nothing and gives back the first row (`created: false`).
   */
  insert(c: NewCallerLocation): Promise<{ feature: CallerLocationFeature; created: boolean }>;
  list(caseId: string): Promise<CallerLocationFeature[]>;
  get(id: number): Promise<CallerLocationFeature | undefined>;
}

export function createCallerLocationsRepo(database: Database): CallerLocationsRepo {
  const byKey = async (caseId: string, key: string) => {
    const [row] = await database.query<Raw>(
      `select ${callerLocationColumns} from caller_locations cl where cl.case_id = $1 and cl.idempotency_key = $2`,
      [caseId, key],
    );
    return row ? toCallerLocationFeature(row) : undefined;
  };
  return {
    async insert(c) {
      const rows = await database.query<Raw>(
        `with cl as (
           insert into caller_locations (case_id, source, datum_received, lon_received, lat_received, geom, accuracy_m, t,
                                         battery, link_id, raw_input, idempotency_key, created_by)
           values ($1, $2, $3, $4, $5, ST_SetSRID(ST_MakePoint($6, $7), 4326), $8, $9, $10, $11, $12, $13, $14)
           on conflict (case_id, idempotency_key) do nothing
           returning *),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select cl.case_id, 'caller_location', $14,
                  jsonb_build_object('callerLocationId', cl.id, 'source', cl.source, 'accuracyM', cl.accuracy_m) from cl
           returning seq)
         select ${callerLocationColumns},
                ${liveDoorbellSql('greatest(cl.live_seq, (select max(seq) from e))')} as notified
           from cl`,
        [
          c.caseId,
          c.source,
          c.datumReceived,
          c.lonReceived,
          c.latReceived,
          c.lon,
          c.lat,
          c.accuracyM,
          c.t.toISOString(),
          c.battery,
          c.linkId,
          c.rawInput,
          c.idempotencyKey,
          c.createdBy,
        ],
      );
      const [row] = rows;
      if (row) return { feature: toCallerLocationFeature(row), created: true };
      const existing = c.idempotencyKey ? await byKey(c.caseId, c.idempotencyKey) : undefined;
      if (!existing) throw new Error('caller location insert returned no row');
      return { feature: existing, created: false };
    },
    async list(caseId) {
      const rows = await database.query<Raw>(
        `select ${callerLocationColumns} from caller_locations cl where cl.case_id = $1 order by cl.t, cl.id`,
        [caseId],
      );
      return rows.map(toCallerLocationFeature);
    },
    async get(id) {
      const [row] = await database.query<Raw>(
        `select ${callerLocationColumns} from caller_locations cl where cl.id = $1`,
        [id],
      );
      return row ? toCallerLocationFeature(row) : undefined;
    },
  };
}
