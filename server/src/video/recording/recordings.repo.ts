import type { Database } from '@lookout/db';

export interface RecordingRow {
  id: number;
  caseId: string;
  droneId: string;
  callsign: string;
  /** Relative to `<dataDir>/video`. */
  file: string;
  startedAt: Date;
  endedAt: Date | null;
  bytes: number;
}

type Raw = Record<string, unknown>;
const columns = `r.id, r.case_id, r.drone_id, d.callsign, r.file, r.started_at, r.ended_at, r.bytes`;
const toRow = (r: Raw): RecordingRow => ({
  id: Number(r.id),
  caseId: String(r.case_id),
  droneId: String(r.drone_id),
  callsign: String(r.callsign),
  file: String(r.file),
  startedAt: new Date(r.started_at as string),
  endedAt: r.ended_at == null ? null : new Date(r.ended_at as string),
  bytes: Number(r.bytes),
});

/** The recorded segments of drones' streams (`video_recordings`) and what decides which streams are recorded. */
export function createRecordingsRepo(database: Database) {
  const select = async (where: string, params: unknown[], tail = '') =>
    (
      await database.query<Raw>(
        `select ${columns} from video_recordings r join drones d on d.id = r.drone_id where ${where} ${tail}`,
        params,
      )
    ).map(toRow);
  return {
    /** Drones attached to an open case now: each pair is recorded while the drone streams. */
    async attached(): Promise<{ caseId: string; droneId: string }[]> {
      const rows = await database.query<{ case_id: string; drone_id: string }>(
        `select cd.case_id, cd.drone_id from case_drones cd join cases c on c.id = cd.case_id
          where cd.detached_at is null and c.status = 'open'`,
      );
      return rows.map((r) => ({ caseId: String(r.case_id), droneId: r.drone_id }));
    },
    async open(s: { caseId: string; droneId: string; file: string; startedAt: Date }): Promise<number> {
      const [row] = await database.query<{ id: number }>(
        `insert into video_recordings (case_id, drone_id, file, started_at) values ($1, $2, $3, $4) returning id`,
        [s.caseId, s.droneId, s.file, s.startedAt.toISOString()],
      );
      return Number(row!.id);
    },
    async grew(id: number, bytes: number): Promise<void> {
      await database.query('update video_recordings set bytes = $2 where id = $1 and ended_at is null', [id, bytes]);
    },
    async close(id: number, endedAt: Date, bytes: number): Promise<void> {
      await database.query('update video_recordings set ended_at = $2, bytes = $3 where id = $1', [
        id,
        endedAt.toISOString(),
        bytes,
      ]);
    },
    /** A closed segment's file replaced (remuxed to MP4). */
    async replaced(id: number, file: string, bytes: number): Promise<boolean> {
      const rows = await database.query(
        'update video_recordings set file = $2, bytes = $3 where id = $1 returning id',
        [id, file, bytes],
      );
      return rows.length > 0;
    },
    async remove(id: number): Promise<void> {
      await database.query('delete from video_recordings where id = $1', [id]);
    },
    get: async (id: number): Promise<RecordingRow | undefined> => (await select('r.id = $1', [id]))[0],
    forCase: (caseId: string): Promise<RecordingRow[]> =>
      select('r.case_id = $1', [caseId], 'order by r.started_at, r.id'),
    /** Segments left open by a process that stopped without closing them. */
    unclosed: (): Promise<RecordingRow[]> => select('r.ended_at is null', []),
    /** Closed segments that are still FLV (a remux that never ran). */
    flvClosed: (): Promise<RecordingRow[]> => select(`r.ended_at is not null and r.file like '%.flv'`, []),
    async totalBytes(): Promise<number> {
      const [row] = await database.query<{ total: number | string | null }>(
        'select coalesce(sum(bytes), 0) as total from video_recordings',
      );
      return Number(row?.total ?? 0);
    },
    /** The oldest closed segments first, for the cap. */
    oldestClosed: (limit: number): Promise<RecordingRow[]> =>
      select('r.ended_at is not null', [], `order by r.started_at, r.id limit ${Math.max(1, Math.floor(limit))}`),
    /**
     * Closed segments whose case has passed its retention: the case closed more than `days` ago, or its child
     * alert's case file was purged (the tadpole's own retention, counted from the hand-over).
     */
    purgeDue: (now: Date, days: number): Promise<RecordingRow[]> =>
      select(
        `r.ended_at is not null and r.case_id in (
           select c.id from cases c where c.status = 'closed' and c.closed_at <= $1::timestamptz - $2::float8 * interval '1 day'
           union
           select a.case_id from alerts a join alert_case_files f on f.alert_id = a.id where f.purged_at is not null)`,
        [now.toISOString(), days],
        'limit 500',
      ),
  };
}

export type RecordingsRepo = ReturnType<typeof createRecordingsRepo>;
