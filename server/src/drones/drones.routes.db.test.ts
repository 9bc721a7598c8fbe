import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecretKey } from '@lookout/db';
import { mavlinkSigningKeyBox, verifyDroneSecret } from '@lookout/drone-bridge';
import { insertDrone, insertFix, sessionFor, startHarness, uid, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
const mavlinkDrones: string[] = [];
afterAll(async () => {
  // Give the system ids back: there are only 255, and test files share a real database.
  if (h && mavlinkDrones.length)
    await h.database.query('update drones set mavlink_system_id = null, disabled = true where id = any($1::text[])', [
      mavlinkDrones,
    ]);
  await h?.close();
});

async function freeSystemId(): Promise<number> {
  const [row] = await h.database.query<{ s: number }>(
    `select s from generate_series(1, 254) s
      where s not in (select mavlink_system_id from drones where mavlink_system_id is not null)
      order by random() limit 1`,
  );
  return Number(row!.s);
}

interface Registered {
  id: string;
  source: string;
  mavlink?: { systemId: number; signing: boolean; signingKey?: string };
}

const register = (cookie: string, body: unknown) =>
  fetch(`${h.base}/api/v1/drones`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });

describe('POST /drones', () => {
  it('registers a drone for an admin and shows its MQTT password once', async () => {
    const cookie = await sessionFor(h, 'admin');
    const callsign = `Hawk ${uid()}`;
    const res = await register(cookie, { callsign });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      id: string;
      callsign: string;
      mqtt: { url: string; username: string; password: string };
    };
    expect(body.id).toMatch(/^d-[a-z2-7]{10}$/);
    expect(body).toMatchObject({ callsign, mqtt: { url: 'mqtt://127.0.0.1:1883', username: body.id } });
    const [row] = await h.database.query<{ credential_hash: string }>(
      'select credential_hash from drones where id = $1',
      [body.id],
    );
    expect(row!.credential_hash).toMatch(/^\$7\$/);
    expect(await verifyDroneSecret(body.mqtt.password, row!.credential_hash)).toBe(true);
    const list = (await (await fetch(`${h.base}/api/v1/drones`, { headers: { cookie } })).json()) as {
      drones: { id: string }[];
    };
    expect(JSON.stringify(list)).not.toContain(body.mqtt.password);
  });

  it('answers a duplicate callsign with 409', async () => {
    const cookie = await sessionFor(h, 'admin');
    const callsign = `Owl ${uid()}`;
    expect((await register(cookie, { callsign })).status).toBe(201);
    const again = await register(cookie, { callsign });
    expect(again.status).toBe(409);
    // A code of its own, so the web app can say it in the user's language with the callsign.
    expect(await again.json()).toMatchObject({ error: { code: 'callsign_taken', details: { callsign } } });
  });

  it.each(['pilot', 'officer', 'liaison', 'commander'] as const)('refuses the %s role with 403', async (role) => {
    const res = await register(await sessionFor(h, role), { callsign: `X ${uid()}` });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('answers a wrong type with 400', async () => {
    const res = await register(await sessionFor(h, 'admin'), { callsign: 7 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request', details: [{ path: ['callsign'] }] } });
  });
});

describe('POST /drones with MAVLink', () => {
  it('registers a signing MAVLink aircraft, shows its key once and keeps it only sealed', async () => {
    const cookie = await sessionFor(h, 'admin');
    const systemId = await freeSystemId();
    const res = await register(cookie, { callsign: `Mav ${uid()}`, mavlink: { systemId, signing: true } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Registered;
    mavlinkDrones.push(body.id);
    expect(body).toMatchObject({ source: 'mavlink', mavlink: { systemId, signing: true } });
    expect(body.mavlink!.signingKey).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await h.database.query<{ mavlink_signing_key: string; source: string; mavlink_system_id: number }>(
      'select mavlink_signing_key, source, mavlink_system_id from drones where id = $1',
      [body.id],
    );
    expect(row!.mavlink_signing_key).not.toContain(body.mavlink!.signingKey!);
    // The bridge opens it with the server's SECRETS_KEY (the harness's).
    const box = mavlinkSigningKeyBox(loadSecretKey({ secretsKey: h.config.secretsKey, dataDir: '/nonexistent' }));
    expect(box.open(row!.mavlink_signing_key)).toBe(body.mavlink!.signingKey);
    expect(row).toMatchObject({ source: 'mavlink', mavlink_system_id: systemId });

    const list = (await (await fetch(`${h.base}/api/v1/drones`, { headers: { cookie } })).json()) as {
      drones: { id: string; source: string; serial: string | null; mavlink: unknown }[];
    };
    expect(list.drones.find((d) => d.id === body.id)).toMatchObject({
      source: 'mavlink',
      serial: null,
      mavlink: { systemId, signing: true },
    });
    expect(JSON.stringify(list)).not.toContain(body.mavlink!.signingKey!);
  });

  it('registers an unsigned MAVLink aircraft without a key', async () => {
    const systemId = await freeSystemId();
    const res = await register(await sessionFor(h, 'admin'), { callsign: `Mav ${uid()}`, mavlink: { systemId } });
    const body = (await res.json()) as Registered;
    mavlinkDrones.push(body.id);
    expect(res.status).toBe(201);
    expect(body.mavlink).toEqual({ systemId, signing: false });
  });

  it('answers a system id that is already registered with 409', async () => {
    const cookie = await sessionFor(h, 'admin');
    const systemId = await freeSystemId();
    const first = (await (
      await register(cookie, { callsign: `Mav ${uid()}`, mavlink: { systemId } })
    ).json()) as Registered;
    mavlinkDrones.push(first.id);
    const again = await register(cookie, { callsign: `Mav ${uid()}`, mavlink: { systemId, signing: true } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: { code: 'conflict', message: `MAVLink system id ${systemId} belongs to another drone` },
    });
  });

  it.each([0, 256, 1.5, '7'])('answers system id %s with 400', async (systemId) => {
    const res = await register(await sessionFor(h, 'admin'), { callsign: `Mav ${uid()}`, mavlink: { systemId } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'bad_request', details: [{ path: ['mavlink', 'systemId'] }] },
    });
  });

  it('lists a plain drone with source lookout', async () => {
    const d = await insertDrone(h.database);
    const res = await fetch(`${h.base}/api/v1/drones`, { headers: { cookie: await sessionFor(h, 'pilot') } });
    const { drones } = (await res.json()) as { drones: { id: string }[] };
    expect(drones.find((x) => x.id === d.id)).toMatchObject({ source: 'lookout', serial: null, mavlink: null });
  });
});

describe('GET /drones', () => {
  it('lists each drone with its latest fix and lastSeen', async () => {
    const d = await insertDrone(h.database);
    const t = new Date(Date.now() - 2000);
    await insertFix(h.database, d.id, { t: new Date(t.getTime() - 1000), lon: 120.0, lat: 28.9 });
    await insertFix(h.database, d.id, { t, lon: 120.001, lat: 28.901, bat: 64 });
    const never = await insertDrone(h.database);
    const res = await fetch(`${h.base}/api/v1/drones`, { headers: { cookie: await sessionFor(h, 'officer') } });
    const { drones } = (await res.json()) as {
      drones: { id: string; online: boolean; lastSeen: string | null; latest: unknown }[];
    };
    const got = drones.find((x) => x.id === d.id)!;
    expect(got).toMatchObject({
      callsign: d.callsign,
      online: true,
      latest: { t: t.toISOString(), lon: 120.001, lat: 28.901, bat: 64 },
    });
    expect(typeof got.lastSeen).toBe('string');
    expect(drones.find((x) => x.id === never.id)).toMatchObject({ online: false, lastSeen: null, latest: null });
  });
});

describe('tracks', () => {
  it('gives one drone track for a time window as a GeoJSON LineString with times', async () => {
    const d = await insertDrone(h.database);
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 5; i++)
      await insertFix(h.database, d.id, { t: new Date(t0 + i * 1000), lon: 120 + i * 0.001, lat: 28.9 });
    const cookie = await sessionFor(h, 'pilot');
    const from = new Date(t0 + 1000).toISOString();
    const to = new Date(t0 + 3000).toISOString();
    const res = await fetch(`${h.base}/api/v1/drones/${d.id}/track?from=${from}&to=${to}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    expect(await res.json()).toEqual({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [120.001, 28.9],
              [120.002, 28.9],
              [120.003, 28.9],
            ],
          },
          properties: {
            droneId: d.id,
            callsign: d.callsign,
            times: [1, 2, 3].map((i) => new Date(t0 + i * 1000).toISOString()),
          },
        },
      ],
    });
  });

  it('refuses a window over 24 h and an unknown drone', async () => {
    const cookie = await sessionFor(h, 'pilot');
    const d = await insertDrone(h.database);
    const long = await fetch(
      `${h.base}/api/v1/drones/${d.id}/track?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z`,
      {
        headers: { cookie },
      },
    );
    expect(long.status).toBe(400);
    expect((await fetch(`${h.base}/api/v1/drones/d-nope/track`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${h.base}/api/v1/drones/d-x/track?from=yesterday`, { headers: { cookie } })).status).toBe(400);
  });

  it('gives one LineString per drone since a time', async () => {
    const a = await insertDrone(h.database);
    const b = await insertDrone(h.database);
    const t = Date.now() - 30_000;
    for (const d of [a, b])
      for (let i = 0; i < 3; i++)
        await insertFix(h.database, d.id, { t: new Date(t + i * 1000), lon: 120, lat: 28.9 + i * 0.001 });
    const res = await fetch(`${h.base}/api/v1/tracks?since=${new Date(t - 1000).toISOString()}`, {
      headers: { cookie: await sessionFor(h, 'commander') },
    });
    const fc = (await res.json()) as {
      features: { geometry: { coordinates: unknown[] }; properties: { droneId: string; times: string[] } }[];
    };
    for (const d of [a, b]) {
      const f = fc.features.find((x) => x.properties.droneId === d.id)!;
      expect(f.geometry.coordinates).toHaveLength(3);
      expect(f.properties.times).toHaveLength(3);
    }
  });
});

describe('GET /config', () => {
  it('gives the basemap (offline fallback here), centre, zoom and staleness', async () => {
    const res = await fetch(`${h.base}/api/v1/config`, { headers: { cookie: await sessionFor(h, 'liaison') } });
    expect(await res.json()).toEqual({
      basemap: { kind: 'fallback', datum: 'wgs84' },
      basemaps: [],
      terrain: null,
      center: [120.07, 28.95],
      zoom: 13,
      staleAfterS: 30,
    });
  });
});

describe('POST /drones/:id/disable and /reset-credentials', () => {
  const post = (cookie: string, p: string) => fetch(`${h.base}/api/v1${p}`, { method: 'POST', headers: { cookie } });
  const registered = async (cookie: string) =>
    (await (await register(cookie, { callsign: `Kite ${uid()}` })).json()) as {
      id: string;
      mqtt: { password: string };
    };
  const hashOf = async (id: string) =>
    (
      await h.database.query<{ credential_hash: string; disabled: boolean }>(
        'select credential_hash, disabled from drones where id = $1',
        [id],
      )
    )[0]!;

  it('resets the MQTT password of a drone: the new one works, the old one not, shown once', async () => {
    const cookie = await sessionFor(h, 'admin');
    const d = await registered(cookie);
    const res = await post(cookie, `/drones/${d.id}/reset-credentials`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; mqtt: { username: string; password: string } };
    expect(body).toMatchObject({ id: d.id, mqtt: { username: d.id } });
    expect(body.mqtt.password).not.toBe(d.mqtt.password);
    const row = await hashOf(d.id);
    expect(await verifyDroneSecret(body.mqtt.password, row.credential_hash)).toBe(true);
    expect(await verifyDroneSecret(d.mqtt.password, row.credential_hash)).toBe(false);
  });

  it('disables a drone: gone from the list, its credential refused by the bridge lookup, twice is 404', async () => {
    const cookie = await sessionFor(h, 'admin');
    const d = await registered(cookie);
    const res = await post(cookie, `/drones/${d.id}/disable`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: d.id, disabled: true });
    expect((await hashOf(d.id)).disabled).toBe(true);
    const list = (await (await fetch(`${h.base}/api/v1/drones`, { headers: { cookie } })).json()) as {
      drones: { id: string }[];
    };
    expect(list.drones.map((x) => x.id)).not.toContain(d.id);
    const again = await post(cookie, `/drones/${d.id}/disable`);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await post(cookie, `/drones/${d.id}/reset-credentials`)).status).toBe(404);
  });

  it.each(['pilot', 'officer', 'liaison', 'commander'] as const)('refuses the %s role with 403', async (role) => {
    const d = await registered(await sessionFor(h, 'admin'));
    const cookie = await sessionFor(h, role);
    expect((await post(cookie, `/drones/${d.id}/disable`)).status).toBe(403);
    expect((await post(cookie, `/drones/${d.id}/reset-credentials`)).status).toBe(403);
    expect((await hashOf(d.id)).disabled).toBe(false);
  });

  it('answers a malformed id with 400', async () => {
    const res = await post(await sessionFor(h, 'admin'), '/drones/..%2Fx/disable');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
  });
});

describe('PATCH /drones/:id', () => {
  const rename = (cookie: string, id: string, body: unknown) =>
    fetch(`${h.base}/api/v1/drones/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    });

  it('renames a DJI aircraft for an admin and audits it', async () => {
    const id = `dji-${uid()}${uid()}`;
    const auto = `M3TD-${uid()}`;
    await h.database.query(`insert into drones (id, callsign, credential_hash, source) values ($1, $2, '!', 'dji')`, [
      id,
      auto,
    ]);
    const callsign = `鹰眼 ${uid()}`;
    const res = await rename(await sessionFor(h, 'admin'), id, { callsign: `  ${callsign} ` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, callsign, previous: auto });
    const [row] = await h.database.query<{ callsign: string }>('select callsign from drones where id = $1', [id]);
    expect(row!.callsign).toBe(callsign);
    await expect
      .poll(async () =>
        h.database.query(`select 1 from audit_log where action = 'PATCH /api/v1/drones/:id' and target_id = $1`, [id]),
      )
      .toHaveLength(1);
  });

  it('answers a callsign another drone has with 409 and keeps the old one', async () => {
    const cookie = await sessionFor(h, 'admin');
    const a = await insertDrone(h.database);
    const b = await insertDrone(h.database);
    const res = await rename(cookie, a.id, { callsign: b.callsign });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'callsign_taken', details: { callsign: b.callsign } } });
    const [row] = await h.database.query<{ callsign: string }>('select callsign from drones where id = $1', [a.id]);
    expect(row!.callsign).toBe(a.callsign);
  });

  it('answers an unknown drone with 404 and a bad name with 400', async () => {
    const cookie = await sessionFor(h, 'admin');
    expect((await rename(cookie, `nope-${uid()}`, { callsign: `X ${uid()}` })).status).toBe(404);
    const d = await insertDrone(h.database);
    expect((await rename(cookie, d.id, { callsign: '' })).status).toBe(400);
    expect((await rename(cookie, d.id, { callsign: 'ok', extra: 1 })).status).toBe(400);
  });

  it.each(['pilot', 'officer', 'liaison', 'commander'] as const)('refuses the %s role with 403', async (role) => {
    const d = await insertDrone(h.database);
    expect((await rename(await sessionFor(h, role), d.id, { callsign: `X ${uid()}` })).status).toBe(403);
  });
});
