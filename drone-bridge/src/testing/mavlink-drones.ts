import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { createDroneCredentials } from '../credentials.ts';
import { MAVLINK_SIGNING_KEY_BYTES, mavlinkSigningKeyBox } from '../mavlink/signing.ts';

export interface TestMavlinkDrone {
  id: string;
  systemId: number;
  /** Set when the drone signs. */
  key: Buffer | undefined;
}

/**
 * Test factory: a registered MAVLink drone on a free system id (1..254; there are only 255, so test files that
 * share a real database give theirs back with `releaseMavlinkDrones`). Test-only SQL; the server's drones repo
 * owns registration.
 */
export async function createTestMavlinkDrone(
  database: Database,
  o: { signing: boolean; secretKey: Buffer },
): Promise<TestMavlinkDrone> {
  const key = o.signing ? randomBytes(MAVLINK_SIGNING_KEY_BYTES) : undefined;
  const sealed = key ? mavlinkSigningKeyBox(o.secretKey).seal(key.toString('hex')) : null;
  const { hash } = await createDroneCredentials();
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = `mav-${randomUUID().slice(0, 8)}`;
    const rows = await database.query<{ mavlink_system_id: number }>(
      `insert into drones (id, callsign, credential_hash, source, mavlink_system_id, mavlink_signing_key)
       select $1, $2, $3, 'mavlink', s, $4
         from generate_series(1, 254) s
        where s not in (select mavlink_system_id from drones where mavlink_system_id is not null)
        order by random() limit 1
       on conflict do nothing
       returning mavlink_system_id`,
      [id, `CS-${id}`, hash, sealed],
    );
    if (rows[0]) return { id, systemId: Number(rows[0].mavlink_system_id), key };
  }
  throw new Error('no free MAVLink system id (1..254) in the test database');
}

/** Give the system ids back (the drones stay, disabled, with their fixes). */
export async function releaseMavlinkDrones(database: Database, ids: string[]): Promise<void> {
  await database.query('update drones set mavlink_system_id = null, disabled = true where id = any($1::text[])', [ids]);
}

/** A system id no drone holds. */
export async function freeSystemId(database: Database): Promise<number> {
  const rows = await database.query<{ s: number }>(
    `select s from generate_series(1, 254) s
      where s not in (select mavlink_system_id from drones where mavlink_system_id is not null)
      order by random() limit 1`,
  );
  if (!rows[0]) throw new Error('no free MAVLink system id');
  return Number(rows[0].s);
}
