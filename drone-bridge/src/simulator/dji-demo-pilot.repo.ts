import type { Database } from '@lookout/db';
import { createDroneCredentials } from '../credentials.ts';

/** The demo DJI gateway's broker login: DJI credentials of the first demo pilot, renewed on every start. */
export const DEMO_DJI_USERNAME = 'demo-dji-dock';

export async function ensureDemoDjiPilot(
  database: Database,
): Promise<{ username: string; password: string } | undefined> {
  const [pilot] = await database.query<{ id: string }>(
    `select id from users where 'pilot' = any(roles) and not disabled order by created_at, username limit 1`,
  );
  if (!pilot) return undefined;
  const { password, hash } = await createDroneCredentials();
  await database.query(
    `insert into dji_pilot_credentials (user_id, mqtt_username, credential_hash) values ($1, $2, $3)
     on conflict (mqtt_username) do update set credential_hash = excluded.credential_hash, revoked_at = null`,
    [pilot.id, DEMO_DJI_USERNAME, hash],
  );
  return { username: DEMO_DJI_USERNAME, password };
}
