import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import { doorbellPayload, LIVE_CHANNEL } from '@lookout/db';
import type { Harness } from './harness.ts';

/** JSON request with a session cookie (or none). */
export async function call(
  h: Harness,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${h.base}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, headers: res.headers };
}

/** The demo story's IPP near 三渡溪水库. */
export const IPP = { lon: 120.07, lat: 28.95 };

/** Open a lost_person case through the API; returns its id. */
export async function openCase(h: Harness, cookie: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(h, 'POST', '/api/v1/cases', {
    cookie,
    body: {
      kind: 'lost_person',
      title: `test ${randomUUID().slice(0, 8)}`,
      subjectCategory: 'hiker',
      subjectCount: 3,
      terrain: 'temperate_mountain',
      ipp: { ...IPP, datum: 'wgs84' },
      ...extra,
    },
  });
  if (res.status !== 201) throw new Error(`open case: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { case: { id: string } }).case.id;
}

/**
 * A sighting row as the bridge writes it, with its doorbell (naming the sighting), or with none (`doorbell:
 * false`: written while no server listened).
 */
export async function insertSightingAt(
  database: Database,
  droneId: string,
  s: { lon: number; lat: number; t?: Date; uncM?: number; conf?: number; count?: number; caseId?: string },
  options: { doorbell?: boolean } = {},
): Promise<{ id: number; seq: number }> {
  const [row] = await database.query<{ id: number; live_seq: number }>(
    `insert into sightings (drone_id, reading_id, t, geom, unc_m, conf, kind, count, case_id)
     values ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, 'group', $8, $9)
     returning id, live_seq`,
    [
      droneId,
      randomUUID(),
      (s.t ?? new Date()).toISOString(),
      s.lon,
      s.lat,
      s.uncM ?? 15,
      s.conf ?? 0.8,
      s.count ?? 3,
      s.caseId ?? null,
    ],
  );
  const sighting = { id: Number(row!.id), seq: Number(row!.live_seq) };
  if (options.doorbell !== false) await database.notify(LIVE_CHANNEL, doorbellPayload(sighting.seq, [sighting.id]));
  return sighting;
}

/** A point `metres` east of (lon, lat) (small distances; for fixtures only — tests measure with turf). */
export function eastOf(p: { lon: number; lat: number }, metres: number): { lon: number; lat: number } {
  return { lon: p.lon + metres / (111_320 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat };
}

/**
 * A random spot in western China, far from the demo area: tests on a shared real database (other files, earlier
 * runs) must not find each other's sightings within matching distance.
 */
export function freshSpot(): { lon: number; lat: number } {
  return { lon: 80 + Math.random() * 20, lat: 30 + Math.random() * 10 };
}
