import type { Database } from '@lookout/db';

export interface DroneRow {
  id: string;
  callsign: string;
  credentialHash: string;
  disabled: boolean;
}

/** The simulator's only SQL: find, create and re-key its demo drones. */
export function demoDronesRepo(database: Database) {
  return {
    async findByCallsign(callsign: string): Promise<DroneRow | undefined> {
      const rows = await database.query<DroneRow>(
        `select id, callsign, credential_hash as "credentialHash", disabled from drones where callsign = $1`,
        [callsign],
      );
      return rows[0];
    },
    async findById(id: string): Promise<DroneRow | undefined> {
      const rows = await database.query<DroneRow>(
        `select id, callsign, credential_hash as "credentialHash", disabled from drones where id = $1`,
        [id],
      );
      return rows[0];
    },
    async insert(id: string, callsign: string, credentialHash: string): Promise<void> {
      await database.query(`insert into drones (id, callsign, credential_hash) values ($1, $2, $3)`, [
        id,
        callsign,
        credentialHash,
      ]);
    },
    async rekey(id: string, credentialHash: string): Promise<void> {
      await database.query(`update drones set credential_hash = $2, disabled = false where id = $1`, [
        id,
        credentialHash,
      ]);
    },
  };
}
