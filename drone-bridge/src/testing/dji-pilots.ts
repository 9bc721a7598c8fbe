import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { createDroneCredentials } from '../credentials.ts';

/**
 * Test factory: a pilot user with DJI broker credentials, as the server's `POST /api/v1/dji/connect` issues
 * them. (Test-only SQL; the server owns user and credential creation.)
 */
export async function createTestDjiPilot(
  database: Database,
): Promise<{ userId: string; username: string; password: string }> {
  const suffix = randomUUID().slice(0, 8);
  const [user] = await database.query<{ id: string }>(
    `insert into users (username, display_name, password_hash, roles) values ($1, $2, 'x', '{pilot}') returning id`,
    [`test-pilot-${suffix}`, `Pilot ${suffix}`],
  );
  const { password, hash } = await createDroneCredentials();
  const username = `test-pilot-${suffix}`;
  await database.query(
    'insert into dji_pilot_credentials (user_id, mqtt_username, credential_hash) values ($1, $2, $3)',
    [user!.id, username, hash],
  );
  return { userId: user!.id, username, password };
}

/**
 * Revoke leftover unbound credentials in a test database, so Mosquitto's attribution of a new gateway stays
 * unique: test pilots of a failed earlier run, and any older than 10 minutes (the server's route tests issue
 * credentials through `/dji/connect` and never bind a gateway to them).
 */
export async function revokeStaleTestPilots(
  database: Database,
  options: { everyUnbound?: boolean } = {},
): Promise<void> {
  await database.query(
    `update dji_pilot_credentials c set revoked_at = now()
     where c.revoked_at is null
       and ($1 or c.mqtt_username like 'test-pilot-%' or c.created_at < now() - interval '10 minutes')
       and not exists (select 1 from dji_devices g where g.role = 'gateway' and g.user_id = c.user_id)`,
    [options.everyUnbound === true],
  );
}

/** A serial that looks like DJI's (letters and digits). */
export function testSerial(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 14).toUpperCase()}`;
}
