import type { Database } from '@lookout/db';
import type { DjiAccessSnapshot } from './dji-access.ts';

/** SQL behind DJI broker access: pilot credentials, bindings, revocation and an admin's rebinding. */

export interface DjiPilotCredentialRow {
  mqttUsername: string;
  credentialHash: string;
  userId: string;
}

/** Live credentials (not revoked, user not disabled); one username, or all when absent. */
export async function activeDjiPilotCredentials(
  database: Database,
  mqttUsername?: string,
): Promise<DjiPilotCredentialRow[]> {
  const rows = await database.query<{ mqtt_username: string; credential_hash: string; user_id: string }>(
    `select c.mqtt_username, c.credential_hash, c.user_id from dji_pilot_credentials c join users u on u.id = c.user_id
     where c.revoked_at is null and not u.disabled and ($1::text is null or c.mqtt_username = $1)
     order by c.mqtt_username`,
    [mqttUsername ?? null],
  );
  return rows.map((r) => ({ mqttUsername: r.mqtt_username, credentialHash: r.credential_hash, userId: r.user_id }));
}

/** How many pilot credentials were ever issued, revoked ones included: grows with every issue. */
export async function djiPilotCredentialsIssued(database: Database): Promise<number> {
  const [row] = await database.query<{ n: string | number }>('select count(*) as n from dji_pilot_credentials');
  return Number(row?.n ?? 0);
}

export async function loadDjiAccess(database: Database): Promise<DjiAccessSnapshot> {
  const rows = await database.query<{
    serial: string;
    role: string;
    user_id: string | null;
    gateway_serial: string | null;
  }>('select serial, role, user_id, gateway_serial from dji_devices');
  const snapshot: DjiAccessSnapshot = { gatewayOwner: new Map(), subGateway: new Map() };
  for (const r of rows) {
    if (r.role === 'gateway' && r.user_id) snapshot.gatewayOwner.set(r.serial, r.user_id);
    else if (r.role === 'sub' && r.gateway_serial) snapshot.subGateway.set(r.serial, r.gateway_serial);
  }
  return snapshot;
}

/** Bind a new gateway to a pilot; false when the serial is already someone's (the first binding stays). */
export async function bindDjiGateway(database: Database, serial: string, userId: string): Promise<boolean> {
  const rows = await database.query(
    `insert into dji_devices (serial, role, user_id) values ($1, 'gateway', $2) on conflict do nothing returning 1`,
    [serial, userId],
  );
  return rows.length === 1;
}

/**
 * Revoke every DJI credential of a user (a disabled pilot). The broker must then drop the pilot: the embedded
 * broker through `EmbeddedBroker.refreshDji()`, Mosquitto by rewriting its password/ACL files and reloading
 * (`writeMosquittoAuthFiles` + SIGHUP; the server's `lookout mosquitto-sync`).
 */
export async function revokeDjiPilot(database: Database, userId: string): Promise<number> {
  const rows = await database.query(
    'update dji_pilot_credentials set revoked_at = now() where user_id = $1 and revoked_at is null returning 1',
    [userId],
  );
  return rows.length;
}

/**
 * An admin's rebinding: a sub-device moves to another gateway (or is freed with `gateway` null, so the next
 * topology that names it binds it); a gateway moves to another pilot user (or is freed with `userId` null).
 */
export async function rebindDjiDevice(
  database: Database,
  serial: string,
  to: { gateway: string | null } | { userId: string | null },
): Promise<boolean> {
  if ('gateway' in to) {
    const rows = await database.query(
      `update dji_devices set gateway_serial = $2, updated_at = now() where serial = $1 and role = 'sub' returning 1`,
      [serial, to.gateway],
    );
    return rows.length === 1;
  }
  if (to.userId === null) {
    const rows = await database.query(`delete from dji_devices where serial = $1 and role = 'gateway' returning 1`, [
      serial,
    ]);
    return rows.length === 1;
  }
  const rows = await database.query(
    `update dji_devices set user_id = $2, updated_at = now() where serial = $1 and role = 'gateway' returning 1`,
    [serial, to.userId],
  );
  return rows.length === 1;
}
