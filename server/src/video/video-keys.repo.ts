import type { Database } from '@lookout/db';

export interface StoredVideoKey {
  droneId: string;
  keyHash: string;
  revoked: boolean;
}

/** The drones' stream keys (hashes only) and who may handle a drone's video. */
export function createVideoKeysRepo(database: Database) {
  return {
    async all(): Promise<StoredVideoKey[]> {
      const rows = await database.query<{ drone_id: string; key_hash: string; revoked_at: unknown }>(
        'select drone_id, key_hash, revoked_at from drone_video_keys',
      );
      return rows.map((r) => ({ droneId: r.drone_id, keyHash: r.key_hash, revoked: r.revoked_at !== null }));
    },
    async set(droneId: string, keyHash: string, by: string): Promise<Date> {
      const [row] = await database.query<{ created_at: Date }>(
        `insert into drone_video_keys (drone_id, key_hash, created_by, created_at, revoked_at)
         values ($1, $2, $3, now(), null)
         on conflict (drone_id) do update
           set key_hash = excluded.key_hash, created_by = excluded.created_by, created_at = now(), revoked_at = null
         returning created_at`,
        [droneId, keyHash, by],
      );
      return new Date(row!.created_at);
    },
    async revoke(droneId: string): Promise<Date | undefined> {
      const [row] = await database.query<{ revoked_at: Date }>(
        `update drone_video_keys set revoked_at = now() where drone_id = $1 and revoked_at is null returning revoked_at`,
        [droneId],
      );
      return row ? new Date(row.revoked_at) : undefined;
    },
    async drone(droneId: string): Promise<{ id: string; callsign: string; disabled: boolean } | undefined> {
      const [row] = await database.query<{ id: string; callsign: string; disabled: boolean }>(
        'select id, callsign, disabled from drones where id = $1',
        [droneId],
      );
      return row ? { id: row.id, callsign: row.callsign, disabled: Boolean(row.disabled) } : undefined;
    },
    async droneIds(): Promise<string[]> {
      const rows = await database.query<{ id: string }>('select id from drones');
      return rows.map((r) => r.id);
    },
    /** The open cases the drone flies for now, with the pilot flying it for each. */
    async attachments(droneId: string): Promise<{ caseId: string; pilotId: string | null }[]> {
      const rows = await database.query<{ case_id: string; pilot_id: string | null }>(
        `select cd.case_id, cd.pilot_id from case_drones cd join cases c on c.id = cd.case_id
          where cd.drone_id = $1 and cd.detached_at is null and c.status <> 'closed'`,
        [droneId],
      );
      return rows.map((r) => ({ caseId: String(r.case_id), pilotId: r.pilot_id === null ? null : String(r.pilot_id) }));
    },
  };
}

export type VideoKeysRepo = ReturnType<typeof createVideoKeysRepo>;
