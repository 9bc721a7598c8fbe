import type { Database } from '@lookout/db';

export interface MavlinkSystemRow {
  droneId: string;
  systemId: number;
  /** The sealed signing key, or null when the drone does not sign. */
  signingKeySealed: string | null;
}

/** The MAVLink listener's only SQL: which enabled drone owns which system id. */
export function createMavlinkRepo(database: Database) {
  return {
    async systems(): Promise<MavlinkSystemRow[]> {
      const rows = await database.query<{ id: string; mavlink_system_id: number; mavlink_signing_key: string | null }>(
        `select id, mavlink_system_id, mavlink_signing_key from drones
          where mavlink_system_id is not null and not disabled`,
      );
      return rows.map((r) => ({
        droneId: r.id,
        systemId: Number(r.mavlink_system_id),
        signingKeySealed: r.mavlink_signing_key,
      }));
    },
  };
}

export type MavlinkRepo = ReturnType<typeof createMavlinkRepo>;
