import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, eastOf, freshSpot, insertSightingAt, openCase } from '../testing/case-factories.ts';
import {
  createTestUser,
  insertDrone,
  insertFix,
  login,
  sessionFor,
  startHarness,
  type Harness,
} from '../testing/harness.ts';
import { decodeTrack, type ReplayResponse as Replay } from '@lookout/contracts';

/**
 * Replay of one case built through the API (caller fixes, a matched sighting confirmed, a dispatched
 * officer posting positions, drone fixes inside and far outside the case's area, a tadpole alert with a delivery
 * acknowledged), read back in the compact shape.
 */
let h: Harness;
let commander: string;
let officer: { cookie: string; unitId: string };
let caseId: string;
let t0: number;
let spot: { lon: number; lat: number };
let near: { id: string; callsign: string };
let far: { id: string; callsign: string };
let matchedSightingId: number;
let matchId: number;
let alertId: string;
const unitFixes: { lon: number; lat: number; t: Date }[] = [];

beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
  const u = await createTestUser(h.database, 'officer');
  const cookie = await login(h.base, u.username, u.password);
  const me = await call(h, 'GET', '/api/v1/me/assignment', { cookie });
  officer = { cookie, unitId: me.body.unit.id as string };

  spot = freshSpot();
  caseId = await openCase(h, commander, { ipp: { ...spot, datum: 'wgs84' } });
  const opened = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
  t0 = Date.parse(opened.body.case.createdAt as string);

  near = await insertDrone(h.database);
  far = await insertDrone(h.database);
  // Before the window: left out. Then two fixes inside the area, one 20 km out (same drone: kept, whole track).
  await insertFix(h.database, near.id, { t: new Date(t0 - 60_000), ...eastOf(spot, 100) });
  await insertFix(h.database, near.id, { t: new Date(t0 + 10), ...eastOf(spot, 200) });
  await insertFix(h.database, near.id, { t: new Date(t0 + 20), ...eastOf(spot, 20_000) });
  await insertFix(h.database, near.id, { t: new Date(t0 + 30), ...eastOf(spot, 300.1234567) });
  // The drone reported its heading with this fix only (the symbol points by it in the replay).
  await h.database.query('update fixes set hdg = 87.4 where drone_id = $1 and t = $2', [
    near.id,
    new Date(t0 + 30).toISOString(),
  ]);
  // A drone that never came within 5 km of the case: not in its replay.
  await insertFix(h.database, far.id, { t: new Date(t0 + 15), ...eastOf(spot, 30_000) });

  matchedSightingId = (await insertSightingAt(h.database, near.id, { ...eastOf(spot, 30), t: new Date() })).id;
  const cl = await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
    cookie: commander,
    body: { ...spot, datum: 'wgs84', accuracyM: 60, t: new Date().toISOString() },
  });
  expect(cl.status).toBe(201);
  for (let i = 0; i < 50; i++) {
    const m = await call(h, 'GET', `/api/v1/cases/${caseId}/matches`, { cookie: commander });
    const found = (m.body.matches ?? m.body) as { id: number; sightingId: number }[];
    const hit = Array.isArray(found) ? found.find((x) => x.sightingId === matchedSightingId) : undefined;
    if (hit) {
      matchId = hit.id;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(matchId).toBeDefined();
  expect((await call(h, 'POST', `/api/v1/matches/${matchId}/confirm`, { cookie: commander })).status).toBe(200);

  const dispatched = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
    cookie: commander,
    body: { unitId: officer.unitId, target: { kind: 'caller_location', ref: cl.body.id } },
  });
  expect(dispatched.status).toBe(201);
  for (let i = 1; i <= 3; i++) unitFixes.push({ ...eastOf(spot, -i * 15), t: new Date(t0 + 50 + i * 10) });
  const pos = await call(h, 'POST', '/api/v1/me/positions', {
    cookie: officer.cookie,
    body: {
      positions: unitFixes.map((f) => ({
        lon: f.lon,
        lat: f.lat,
        accuracy: 8,
        t: f.t.toISOString(),
        idempotencyKey: randomUUID(),
      })),
    },
  });
  expect(pos.status).toBeLessThan(300);

  // A tadpole alert of the case with one CAP message and one delivery acknowledged (rows as the module writes them).
  const [a] = await h.database.query<{ id: string }>(
    `insert into alerts (case_id, kind, status, age_band, point, seen_at, contact_phone, public_token_hash, expires_at)
     values ($1, 'lost_child', 'active', 'child_4_6', ST_SetSRID(ST_MakePoint($2, $3), 4326), now(), '110', $4,
             now() + interval '1 day') returning id`,
    [caseId, spot.lon, spot.lat, randomUUID()],
  );
  alertId = a!.id;
  const [g] = await h.database.query<{ id: string }>(
    `insert into community_groups (name, channel, area) values ('网格 A', 'wecom',
       ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.01)) returning id`,
    [spot.lon, spot.lat],
  );
  const [cap] = await h.database.query<{ id: number }>(
    `insert into cap_messages (alert_id, msg_type, identifier, headline, description, area, radius_m, expires)
     values ($1, 'Alert', $2, 'h', 'd', ST_Buffer(ST_SetSRID(ST_MakePoint($3, $4), 4326), 0.01), 1000,
             now() + interval '1 day') returning id`,
    [alertId, randomUUID(), spot.lon, spot.lat],
  );
  await h.database.query(
    `insert into deliveries (cap_message_id, alert_id, group_id, priority, status, sent_at, acknowledged_at)
     values ($1, $2, $3, 0, 'acknowledged', now(), now())`,
    [cap!.id, alertId, g!.id],
  );
  await new Promise((r) => setTimeout(r, 50));
  expect(
    (await call(h, 'POST', `/api/v1/cases/${caseId}/close`, { cookie: commander, body: { outcome: 'found_safe' } }))
      .status,
  ).toBe(200);
});
/** The bytes on the wire (fetch would decode them). */
function rawGet(p: string, cookie: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${h.base}${p}`, { headers: { cookie, 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

afterAll(async () => {
  await h?.close();
});

describe('GET /cases/:id/replay', () => {
  it('returns the window and every kind in columns, times as ms offsets, coordinates to 6 decimals', async () => {
    const res = await call(h, 'GET', `/api/v1/cases/${caseId}/replay`, { cookie: commander });
    expect(res.status).toBe(200);
    const r = res.body as Replay;
    const from = Date.parse(r.window.from);
    expect(from).toBeLessThanOrEqual(t0);
    expect(Date.parse(r.window.to) - from).toBe(r.window.durationMs);
    expect(r.area!.marginM).toBe(5000);

    expect(r.drones.map((d) => d.id)).toEqual([near.id]);
    // Sent delta-encoded (integer ms and microdegrees): the second drone fix is 10 ms after the first.
    expect(r.drones[0]!.t[1]).toBe(10);
    expect(r.drones[0]!.lon.every(Number.isInteger)).toBe(true);
    const d = decodeTrack(r.drones[0]!);
    expect(d.t).toEqual([10, 20, 30].map((x) => t0 + x - from));
    expect(d.lon[2]).toBe(Number(eastOf(spot, 300.1234567).lon.toFixed(6)));
    expect(d.lat).toEqual([spot.lat, spot.lat, spot.lat].map((x) => Number(x.toFixed(6))));
    // Headings in whole degrees as they were reported, -1 where none was.
    expect(d.hdg).toEqual([-1, -1, 87]);

    const unit = decodeTrack(r.units.find((x) => x.id === officer.unitId)!);
    expect(unit.t).toEqual(unitFixes.map((f) => f.t.getTime() - from));
    expect(unit.lon).toEqual(unitFixes.map((f) => Number(f.lon.toFixed(6))));

    expect(r.callers).toHaveLength(1);
    expect(r.callers[0]).toMatchObject({ accuracyM: 60, source: 'manual' });
    expect(r.sightings.map((s) => s.id)).toEqual([matchedSightingId]);
    expect(r.sightings[0]!.status).toBe('confirmed');
    const m = r.matches.find((x) => x.id === matchId)!;
    expect(m.status).toBe('confirmed');
    expect(m.confirmedT).toBeGreaterThanOrEqual(m.t);

    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]!.messages[0]).toMatchObject({ msgType: 'Alert', radiusM: 1000 });
    expect((r.alerts[0]!.messages[0]!.area as { type: string }).type).toBe('Polygon');
    expect(r.alerts[0]!.deliveries).toHaveLength(1);
    expect(r.alerts[0]!.deliveries[0]).toMatchObject({ group: '网格 A', channel: 'wecom', status: 'acknowledged' });
    expect(r.alerts[0]!.deliveries[0]!.ackT).toEqual(expect.any(Number));

    const types = r.events.map((e) => e.type);
    expect(types[0]).toBe('opened');
    expect(types).toEqual(expect.arrayContaining(['caller_location', 'match_confirmed', 'unit_dispatched', 'closed']));
    expect(r.events.every((e, i) => i === 0 || e.t >= r.events[i - 1]!.t)).toBe(true);
  });

  it('is gzipped for a client that accepts it, and audited as a read of the case', async () => {
    const res = await fetch(`${h.base}/api/v1/cases/${caseId}/replay`, {
      headers: { cookie: commander, 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const raw = await rawGet(`/api/v1/cases/${caseId}/replay`, commander);
    expect(raw.encoding).toBe('gzip');
    const body = JSON.parse(gunzipSync(raw.body).toString('utf8')) as Replay;
    expect(body.case.id).toBe(caseId);
    expect(raw.body.length).toBeLessThan(gunzipSync(raw.body).length);
    const plain = await fetch(`${h.base}/api/v1/cases/${caseId}/replay`, {
      headers: { cookie: commander, 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const [row] = await h.database.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'case_replay' and target_id = $1`,
      [caseId],
    );
    expect(row!.n).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad input: 400 for a non-uuid, 404 for an unknown case, 403 for liaison/officer/pilot, 401 without a session', async () => {
    expect((await call(h, 'GET', '/api/v1/cases/not-a-uuid/replay', { cookie: commander })).status).toBe(400);
    expect((await call(h, 'GET', `/api/v1/cases/${randomUUID()}/replay`, { cookie: commander })).status).toBe(404);
    for (const role of ['liaison', 'officer', 'pilot'] as const) {
      const cookie = role === 'officer' ? officer.cookie : await sessionFor(h, role);
      expect((await call(h, 'GET', `/api/v1/cases/${caseId}/replay`, { cookie })).status).toBe(403);
    }
    expect((await call(h, 'GET', `/api/v1/cases/${caseId}/replay`)).status).toBe(401);
    const admin = await sessionFor(h, 'admin');
    expect((await call(h, 'GET', `/api/v1/cases/${caseId}/replay`, { cookie: admin })).status).toBe(200);
  });
});
