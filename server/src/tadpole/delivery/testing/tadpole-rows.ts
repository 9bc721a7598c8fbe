import { randomBytes, randomUUID } from 'node:crypto';
import type { AreaInput } from '@lookout/contracts';
import type { CapMsgType, Database } from '@lookout/db';

/** Test rows for the delivery module: a found-child alert and its CAP messages, straight into the tables. */
export async function insertAlert(database: Database, at: { lon: number; lat: number }): Promise<string> {
  const [c] = await database.query<{ id: string }>(
    `insert into cases (kind, title) values ('found_child', 'delivery test') returning id`,
  );
  const [a] = await database.query<{ id: string }>(
    `insert into alerts (case_id, kind, status, age_band, sex, height_cm, clothing, place_text, point, seen_at,
                         contact_phone, public_token_hash, expires_at)
     values ($1, 'found_child', 'active', 'child_1_3', 'male', 95, '蓝色上衣，黑色裤子', '花都路',
             ST_SetSRID(ST_MakePoint($2, $3), 4326), now(), '0579-87654321', $4, now() + interval '3 days')
     returning id`,
    [c!.id, at.lon, at.lat, randomBytes(32).toString('hex')],
  );
  return a!.id;
}

/** A CAP message whose area is a circle of `radiusM` around the point. */
export async function insertCapMessage(
  database: Database,
  alertId: string,
  msgType: CapMsgType,
  at: { lon: number; lat: number },
  radiusM: number,
): Promise<number> {
  const [m] = await database.query<{ id: number }>(
    `insert into cap_messages (alert_id, msg_type, identifier, headline, description, area, radius_m, expires)
     values ($1, $2, $3, '花都路发现一名走失男童', '约3岁男孩', 
             ST_Buffer(ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, $6)::geometry, $6, now() + interval '3 days')
     returning id`,
    [alertId, msgType, `test-${randomUUID()}`, at.lon, at.lat, radiusM],
  );
  return Number(m!.id);
}

/** A random spot far from everything else (tests share a real database). */
export function freshSpot(): { lon: number; lat: number } {
  return { lon: 80 + Math.random() * 20, lat: 30 + Math.random() * 10 };
}

/** Wait until `check` is true (polling), or fail after `timeoutMs`. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A square 网格 of half-side `d` degrees around a point, as the groups API takes it. */
export function squareArea(c: { lon: number; lat: number }, d = 0.005): AreaInput {
  const p = (lon: number, lat: number): [number, number] => [lon, lat];
  return {
    type: 'Polygon',
    datum: 'wgs84',
    coordinates: [
      [
        p(c.lon - d, c.lat - d),
        p(c.lon + d, c.lat - d),
        p(c.lon + d, c.lat + d),
        p(c.lon - d, c.lat + d),
        p(c.lon - d, c.lat - d),
      ],
    ],
  };
}
