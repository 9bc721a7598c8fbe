import type { SightingFeature } from '@lookout/contracts';
import { liveDoorbellSql, ringLiveDoorbell, withTransaction, type Database } from '@lookout/db';
import { sightingColumns, toSightingFeature } from '../sightings/sightings.repo.ts';

type Raw = Record<string, unknown>;

export interface NewMarkedSighting {
  caseId: string;
  droneId: string;
  readingId: string;
  lon: number;
  lat: number;
  kind: string;
  count: number | null;
  note: string | null;
  uncM: number | null;
  markedBy: string;
}

export interface MarkedSightingsRepo {
  /**
   * The sighting, for its case, and its `sighting_marked` event in one transaction, the doorbell naming it so the
   * servers match it at once. A repeated (drone, reading) returns the stored one and writes nothing (`created` false).
   */
  insert(s: NewMarkedSighting): Promise<{ sighting: SightingFeature; created: boolean }>;
  /** The case a sighting belongs to and whether it has a photo; undefined when there is no such sighting. */
  owner(id: number): Promise<{ caseId: string | null; hasPhoto: boolean } | undefined>;
  /** Store the photo once (false when it has one already); the sighting moves to the head of the live feed. */
  setPhoto(id: number, photo: Buffer): Promise<boolean>;
}

export function createMarkedSightingsRepo(database: Database): MarkedSightingsRepo {
  const feature = async (id: number) => {
    const [row] = await database.query<Raw>(
      `select ${sightingColumns} from sightings s join drones d on d.id = s.drone_id where s.id = $1`,
      [id],
    );
    return toSightingFeature(row!);
  };
  return {
    async insert(s) {
      const out = await withTransaction(database, async (q) => {
        const [row] = await q<{ id: number; live_seq: number }>(
          `insert into sightings (drone_id, reading_id, t, geom, unc_m, kind, count, note, case_id)
           values ($1, $2, now(), ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6, $7, $8, $9)
           on conflict (drone_id, reading_id) do nothing
           returning id, live_seq`,
          [s.droneId, s.readingId, s.lon, s.lat, s.uncM, s.kind, s.count, s.note, s.caseId],
        );
        if (!row) {
          const [old] = await q<{ id: number }>('select id from sightings where drone_id = $1 and reading_id = $2', [
            s.droneId,
            s.readingId,
          ]);
          return { id: Number(old!.id), created: false };
        }
        const id = Number(row.id);
        const [event] = await q<{ seq: number }>(
          `insert into case_events (case_id, type, actor_id, data) values ($1, 'sighting_marked', $2, $3::jsonb) returning seq`,
          [s.caseId, s.markedBy, JSON.stringify({ sightingId: id, droneId: s.droneId, kind: s.kind, count: s.count })],
        );
        await ringLiveDoorbell(q, Math.max(Number(row.live_seq), Number(event!.seq)), [id]);
        return { id, created: true };
      });
      return { sighting: await feature(out.id), created: out.created };
    },
    async owner(id) {
      const [row] = await database.query<{ case_id: string | null; has_photo: boolean }>(
        'select case_id, photo is not null as has_photo from sightings where id = $1',
        [id],
      );
      return row ? { caseId: row.case_id ? String(row.case_id) : null, hasPhoto: Boolean(row.has_photo) } : undefined;
    },
    async setPhoto(id, photo) {
      const rows = await database.query(
        `with s as (
           update sightings set photo = $2, live_seq = nextval('live_seq') where id = $1 and photo is null
           returning live_seq)
         select ${liveDoorbellSql('s.live_seq')} as notified from s`,
        [id, photo],
      );
      return rows.length > 0;
    },
  };
}
