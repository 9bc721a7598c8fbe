import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { createDroneCredentials } from '../credentials.ts';

/** Test factory: a registered drone with fresh credentials and a unique id. (Test-only SQL; the server's drones repo owns registration.) */
export async function createTestDrone(database: Database, prefix = 'drone'): Promise<{ id: string; password: string }> {
  const id = `${prefix}-${randomUUID().slice(0, 8)}`;
  const { password, hash } = await createDroneCredentials();
  await database.query('insert into drones (id, callsign, credential_hash) values ($1, $2, $3)', [
    id,
    `CS-${id}`,
    hash,
  ]);
  return { id, password };
}
