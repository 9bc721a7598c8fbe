import type { Database } from '@lookout/db';
import { fixFields } from '../drones/drones.repo.ts';
import { sightingColumns, toSightingFeature } from '../sightings/sightings.repo.ts';
import { createCaseFeedRepo, type CaseFeedRepo } from './case-feed.repo.ts';
import type { Position, SightingEvent } from './live.types.ts';

type Raw = Record<string, unknown>;

function toPosition(r: Raw): Position {
  return {
    droneId: String(r.drone_id),
    seq: Number(r.seq),
    ...fixFields(r),
  };
}

function toEvent(r: Raw): SightingEvent {
  const sighting = toSightingFeature(r);
  return { seq: sighting.properties.seq, sighting };
}

const fixColumns = `f.id as seq, f.drone_id, f.t, ST_X(f.geom) as lon, ST_Y(f.geom) as lat,
  f.alt_msl, f.alt_rel, f.hdg, f.gs, f.vs, f.bat`;

export interface LiveRepo {
  /** The highest committed seq of the live feed. */
  maxSeq(): Promise<number>;
  /** Ids (and drones) of fixes with id > after, oldest first: cheap, so the hub can coalesce before reading rows. */
  fixSeqsAfter(after: number, limit: number): Promise<{ seq: number; droneId: string }[]>;
  fixSeqsIn(seqs: number[]): Promise<{ seq: number; droneId: string }[]>;
  /** Full positions of these fixes. */
  fixesIn(seqs: number[]): Promise<Position[]>;
  /** Sightings whose current live_seq > after, oldest first. */
  sightingsAfter(after: number, limit: number): Promise<SightingEvent[]>;
  sightingsIn(seqs: number[]): Promise<SightingEvent[]>;
  /** Seqs of case events, caller locations, matches and unit positions > after (see case-feed.repo.ts). */
  caseEventSeqsAfter(after: number, limit: number): Promise<number[]>;
  caseEventSeqsIn(seqs: number[]): Promise<number[]>;
  /** The rows behind such seqs as live messages. */
  caseFeedIn: CaseFeedRepo['itemsIn'];
  /** The latest position of every drone whose latest fix is newer than `after`. */
  latestPositionsAfter(after: number): Promise<Position[]>;
  /** An officer's units, and the cases he opened or one of his units is assigned to. */
  /** The cases a user works on when his feed starts (live/case-scope.ts). */
  ownCases(userId: string): Promise<{ unitIds: string[]; caseIds: string[]; flights: string[] }>;
}

export function createLiveRepo(database: Database): LiveRepo {
  const caseFeed = createCaseFeedRepo(database);
  return {
    async ownCases(userId) {
      const units = await database.query<{ id: string }>('select id from units where user_id = $1', [userId]);
      const cases = await database.query<{ id: string }>(
        `select id from cases where created_by = $1
         union select a.case_id from assignments a join units u on u.id = a.unit_id where u.user_id = $1`,
        [userId],
      );
      const flights = await database.query<{ case_id: string; drone_id: string }>(
        'select case_id, drone_id from case_drones where pilot_id = $1 and detached_at is null',
        [userId],
      );
      return {
        unitIds: units.map((u) => u.id),
        caseIds: cases.map((c) => c.id),
        flights: flights.map((f) => `${f.case_id} ${f.drone_id}`),
      };
    },
    async maxSeq() {
      const [row] = await database.query<{ seq: number | string | null }>(
        `select greatest((select max(id) from fixes), (select max(live_seq) from sightings),
                         (select max(seq) from case_events), (select max(live_seq) from caller_locations),
                         (select max(live_seq) from matches), (select max(id) from unit_positions)) as seq`,
      );
      return Number(row?.seq ?? 0);
    },
    async fixSeqsAfter(after, limit) {
      const rows = await database.query<{ id: number; drone_id: string }>(
        'select id, drone_id from fixes where id > $1 order by id limit $2',
        [after, limit],
      );
      return rows.map((r) => ({ seq: Number(r.id), droneId: r.drone_id }));
    },
    async fixSeqsIn(seqs) {
      if (!seqs.length) return [];
      const rows = await database.query<{ id: number; drone_id: string }>(
        'select id, drone_id from fixes where id = any($1::bigint[])',
        [seqs],
      );
      return rows.map((r) => ({ seq: Number(r.id), droneId: r.drone_id }));
    },
    async fixesIn(seqs) {
      if (!seqs.length) return [];
      const rows = await database.query<Raw>(`select ${fixColumns} from fixes f where f.id = any($1::bigint[])`, [
        seqs,
      ]);
      return rows.map(toPosition);
    },
    async sightingsAfter(after, limit) {
      const rows = await database.query<Raw>(
        `select ${sightingColumns} from sightings s join drones d on d.id = s.drone_id
          where s.live_seq > $1 order by s.live_seq limit $2`,
        [after, limit],
      );
      return rows.map(toEvent);
    },
    async sightingsIn(seqs) {
      if (!seqs.length) return [];
      const rows = await database.query<Raw>(
        `select ${sightingColumns} from sightings s join drones d on d.id = s.drone_id
          where s.live_seq = any($1::bigint[])`,
        [seqs],
      );
      return rows.map(toEvent);
    },
    caseEventSeqsAfter: (after, limit) => caseFeed.seqsAfter(after, limit),
    caseEventSeqsIn: (seqs) => caseFeed.seqsIn(seqs),
    caseFeedIn: (seqs) => caseFeed.itemsIn(seqs),
    async latestPositionsAfter(after) {
      const rows = await database.query<Raw>(
        `select s.fix_id as seq, s.drone_id, s.t, ST_X(s.geom) as lon, ST_Y(s.geom) as lat,
                s.alt_msl, s.alt_rel, s.hdg, s.gs, s.vs, s.bat
           from drone_state s join drones d on d.id = s.drone_id
          where s.fix_id > $1 and not d.disabled`,
        [after],
      );
      return rows.map(toPosition);
    },
  };
}
