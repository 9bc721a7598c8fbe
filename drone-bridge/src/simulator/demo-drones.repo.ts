import type { Database } from '@lookout/db';

export interface DroneRow {
  id: string;
  callsign: string;
  credentialHash: string;
  disabled: boolean;
}

export interface MavlinkDemoRow {
  id: string;
  callsign: string;
  disabled: boolean;
  mavlinkSystemId: number | null;
  mavlinkSigningKey: string | null;
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
    async findMavlink(callsign: string): Promise<MavlinkDemoRow | undefined> {
      const rows = await database.query<MavlinkDemoRow>(
        `select id, callsign, disabled, mavlink_system_id as "mavlinkSystemId", mavlink_signing_key as "mavlinkSigningKey"
           from drones where callsign = $1`,
        [callsign],
      );
      return rows[0];
    },
    /** The drone that holds a MAVLink system id, if any. */
    async systemIdHolder(systemId: number): Promise<string | undefined> {
      const rows = await database.query<{ id: string }>('select id from drones where mavlink_system_id = $1', [
        systemId,
      ]);
      return rows[0]?.id;
    },
    async insertMavlink(d: {
      id: string;
      callsign: string;
      credentialHash: string;
      systemId: number;
      sealedKey: string;
    }): Promise<void> {
      await database.query(
        `insert into drones (id, callsign, credential_hash, source, mavlink_system_id, mavlink_signing_key)
         values ($1, $2, $3, 'mavlink', $4, $5)`,
        [d.id, d.callsign, d.credentialHash, d.systemId, d.sealedKey],
      );
    },
    async setMavlink(id: string, systemId: number, sealedKey: string): Promise<void> {
      await database.query(
        `update drones set source = 'mavlink', mavlink_system_id = $2, mavlink_signing_key = $3, disabled = false
          where id = $1`,
        [id, systemId, sealedKey],
      );
    },
  };
}
