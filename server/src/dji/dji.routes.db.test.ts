import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { DjiConnection, DjiElementGroup, DjiWsMessage } from '@lookout/contracts';
import { verifyDroneSecret } from '@lookout/drone-bridge';
import { call, openCase } from '../testing/case-factories.ts';
import {
  createTestUser,
  insertDrone,
  insertSighting,
  login,
  METRICS_TOKEN,
  sessionFor,
  startHarness,
  type Harness,
} from '../testing/harness.ts';

const LICENSE = { DJI_APP_ID: '123456', DJI_APP_KEY: 'app-key-of-the-station', DJI_LICENSE: 'licence-text==' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: LICENSE });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const json = (cookie: string, body: unknown = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie },
  body: JSON.stringify(body),
});

async function signedInPilot(): Promise<{ id: string; username: string; cookie: string }> {
  const u = await createTestUser(h.database, 'pilot');
  const [row] = await h.database.query<{ id: string }>('select id from users where username = $1', [u.username]);
  return { id: row!.id, username: u.username, cookie: await login(h.base, u.username, u.password) };
}

async function connect(cookie: string, body: unknown = {}): Promise<DjiConnection> {
  const res = await fetch(`${h.base}/api/v1/dji/connect`, json(cookie, body));
  expect(res.status).toBe(200);
  return (await res.json()) as DjiConnection;
}

/** A request as DJI Pilot 2's api component sends it: `{host}/map/api/v1/…` with the X-Auth-Token header. */
function pilot2(c: DjiConnection, method: string, path: string, body?: unknown, token = c.api.token) {
  return fetch(`${c.api.host}/map/api/v1/workspaces/${c.workspace.id}${path}`, {
    method,
    headers: { 'x-auth-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

async function groups(c: DjiConnection): Promise<DjiElementGroup[]> {
  const res = await pilot2(c, 'GET', '/element-groups');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { code: number; data: DjiElementGroup[] };
  expect(body.code).toBe(0);
  return body.data;
}

/** DJI's documented create body (map.ElementCreateInput) for a pin. */
function pinBody(over: { id?: string; name?: string; color?: string; coordinates?: unknown } = {}) {
  return {
    id: over.id ?? randomUUID(),
    name: over.name ?? '发现人员',
    resource: {
      type: 0,
      user_name: 'pilot',
      content: {
        type: 'Feature',
        properties: { color: over.color ?? '#E23C39', clampToGround: true },
        geometry: { type: 'Point', coordinates: over.coordinates ?? [120.0712, 28.9521, 312.4] },
      },
    },
  };
}

/** Pilot 2's ws component: `{host}?x-auth-token=<token>`. */
async function pilot2Socket(c: DjiConnection) {
  const ws = new WebSocket(`${c.ws.host}?x-auth-token=${encodeURIComponent(c.ws.token)}`);
  const messages: DjiWsMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as DjiWsMessage));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    messages,
    closed,
    async waitFor(pred: (m: DjiWsMessage) => boolean): Promise<DjiWsMessage> {
      await expect.poll(() => messages.find(pred), { timeout: 10_000 }).toBeDefined();
      return messages.find(pred)!;
    },
    close: () => ws.close(),
  };
}

async function rejectedCount(reason: string): Promise<number> {
  const text = await (
    await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const m = new RegExp(`^lookout_dji_rejected_total\\{reason="${reason}"\\} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

describe('the Pilot 2 page’s calls', () => {
  it('gives a pilot the station’s licence, and refuses other roles', async () => {
    const { cookie } = await signedInPilot();
    const res = await fetch(`${h.base}/api/v1/dji/license`, { headers: { cookie } });
    expect(await res.json()).toEqual({ appId: '123456', appKey: 'app-key-of-the-station', license: 'licence-text==' });
    const officer = await sessionFor(h, 'officer');
    expect((await fetch(`${h.base}/api/v1/dji/license`, { headers: { cookie: officer } })).status).toBe(403);
  });

  it('hands out per-pilot broker credentials as a Mosquitto hash, revoking the older ones', async () => {
    const p = await signedInPilot();
    const first = await connect(p.cookie);
    expect(first.mqtt.url).toBe('tcp://127.0.0.1:1883');
    expect(first.api.host).toBe(h.base);
    expect(first.ws.host).toBe(`${h.base.replace('http', 'ws')}/api/v1/dji/ws`);
    expect(first.workspace.id).toMatch(/^[0-9a-f-]{36}$/);
    const second = await connect(p.cookie);
    const rows = await h.database.query<{ mqtt_username: string; credential_hash: string; revoked_at: unknown }>(
      'select mqtt_username, credential_hash, revoked_at from dji_pilot_credentials where user_id = $1',
      [p.id],
    );
    expect(rows).toHaveLength(2);
    const active = rows.filter((r) => r.revoked_at === null);
    expect(active.map((r) => r.mqtt_username)).toEqual([second.mqtt.username]);
    expect(await verifyDroneSecret(second.mqtt.password, active[0]!.credential_hash)).toBe(true);
  });

  it('uses the drone Lookout knows by the aircraft’s serial', async () => {
    const d = await insertDrone(h.database);
    const serial = `1581F5FH${randomUUID().slice(0, 8).toUpperCase()}`;
    await h.database.query('update drones set serial = $1 where id = $2', [serial, d.id]);
    const p = await signedInPilot();
    expect((await connect(p.cookie, { aircraftSn: serial })).drone).toEqual(d);
  });

  it('refuses and revokes everything of a pilot an admin disables', async () => {
    const p = await signedInPilot();
    const c = await connect(p.cookie);
    const socket = await pilot2Socket(c);
    const admin = await sessionFor(h, 'admin');
    expect((await fetch(`${h.base}/api/v1/users/${p.id}/disable`, json(admin))).status).toBe(200);
    expect((await fetch(`${h.base}/api/v1/dji/connect`, json(p.cookie))).status).toBe(401);
    const rows = await h.database.query<{ revoked_at: unknown }>(
      'select revoked_at from dji_pilot_credentials where user_id = $1',
      [p.id],
    );
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
    expect((await pilot2(c, 'GET', '/element-groups')).status).toBe(401);
    expect(await socket.closed).toBe(4001);
  });
});

describe('map elements from Pilot 2', () => {
  it('lists the pilots’ shared group (type 2) and Lookout’s locked groups', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const list = await groups(c);
    expect(list.map((g) => [g.type, g.is_lock])).toEqual([
      [2, false],
      [0, true],
      [0, true],
      [0, true],
    ]);
  });

  it('stores a pin as a sighting of the pilot’s drone and tells every Pilot 2', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const other = await pilot2Socket(await connect((await signedInPilot()).cookie));
    const shared = (await groups(c)).find((g) => g.type === 2)!;
    const body = pinBody();
    const res = await pilot2(c, 'POST', `/element-groups/${shared.id}/elements`, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 0, message: 'success', data: { id: body.id } });

    const [s] = await h.database.query<Record<string, unknown>>(
      `select s.drone_id, s.kind, s.note, ST_X(s.geom) as lon, ST_Y(s.geom) as lat
         from sightings s join dji_map_elements e on e.sighting_id = s.id where e.id = $1`,
      [body.id],
    );
    expect(s).toMatchObject({ drone_id: c.drone.id, kind: 'person', lon: 120.0712, lat: 28.9521 });
    expect(String(s!.note)).toContain('发现人员');
    const pushed = await other.waitFor((m) => m.biz_code === 'map_element_create' && m.data.id === body.id);
    expect(pushed).toMatchObject({ version: '1.0', data: { group_id: shared.id, name: '发现人员' } });
    expect((await groups(c)).find((g) => g.type === 2)!.elements.map((e) => e.id)).toContain(body.id);
    other.close();
  });

  it('a repeated create of the same element changes nothing', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const shared = (await groups(c)).find((g) => g.type === 2)!;
    const body = pinBody();
    for (let i = 0; i < 2; i++) {
      expect((await pilot2(c, 'POST', `/element-groups/${shared.id}/elements`, body)).status).toBe(200);
    }
    const rows = await h.database.query('select 1 from dji_map_elements where id = $1', [body.id]);
    expect(rows).toHaveLength(1);
  });

  it('moves the sighting when the pin moves and dismisses it when the pin is deleted', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const socket = await pilot2Socket(c);
    const shared = (await groups(c)).find((g) => g.type === 2)!;
    const body = pinBody({ name: 'Pin 4', color: '#19BE6B' });
    await pilot2(c, 'POST', `/element-groups/${shared.id}/elements`, body);
    const update = {
      name: '车辆',
      content: {
        type: 'Feature',
        properties: { color: '#19BE6B', clampToGround: true },
        geometry: { type: 'Point', coordinates: [120.08, 28.96] },
      },
    };
    expect((await pilot2(c, 'PUT', `/elements/${body.id}`, update)).status).toBe(200);
    const sightingOf = async () =>
      (
        await h.database.query<Record<string, unknown>>(
          `select s.kind, s.status, ST_X(s.geom) as lon from sightings s join dji_map_elements e on e.sighting_id = s.id
            where e.id = $1`,
          [body.id],
        )
      )[0];
    expect(await sightingOf()).toMatchObject({ kind: 'vehicle', status: 'new', lon: 120.08 });
    await socket.waitFor((m) => m.biz_code === 'map_element_update' && m.data.id === body.id);

    expect((await pilot2(c, 'DELETE', `/elements/${body.id}`)).status).toBe(200);
    expect(await sightingOf()).toMatchObject({ status: 'dismissed' });
    const deleted = await socket.waitFor((m) => m.biz_code === 'map_element_delete');
    expect(deleted.data).toEqual({ id: body.id, group_id: shared.id });
    expect((await pilot2(c, 'DELETE', `/elements/${body.id}`)).status).toBe(404);
    socket.close();
  });

  it('keeps a line as a shared element without making a sighting', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const shared = (await groups(c)).find((g) => g.type === 2)!;
    const id = randomUUID();
    const res = await pilot2(c, 'POST', `/element-groups/${shared.id}/elements`, {
      id,
      name: 'search edge',
      resource: {
        type: 1,
        user_name: 'pilot',
        content: {
          type: 'Feature',
          properties: { color: '#2D8CF0', clampToGround: false },
          geometry: {
            type: 'LineString',
            coordinates: [
              [120.07, 28.95],
              [120.08, 28.96],
            ],
          },
        },
      },
    });
    expect(res.status).toBe(200);
    const [row] = await h.database.query<{ sighting_id: unknown }>(
      'select sighting_id from dji_map_elements where id = $1',
      [id],
    );
    expect(row!.sighting_id).toBeNull();
  });
});

describe('Lookout’s own points in Pilot 2', () => {
  it('lists sightings and asks connected Pilot 2s to refresh when one arrives', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const socket = await pilot2Socket(c);
    const d = await insertDrone(h.database);
    const s = await insertSighting(h.database, d.id, { lon: 120.05, lat: 28.93 });
    const sightingsGroup = (await groups(c))[1]!;
    await socket.waitFor((m) => m.biz_code === 'map_group_refresh' && m.data.ids.includes(sightingsGroup.id));
    const element = sightingsGroup.elements.find((e) => e.name.includes(`#${s.id} `));
    expect(element?.resource.content.geometry).toEqual({ type: 'Point', coordinates: [120.05, 28.93] });
    socket.close();
  });
});

describe('Lookout’s targets in Pilot 2', () => {
  it('lists an open case’s caller location and refreshes the targets group when one arrives', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const socket = await pilot2Socket(c);
    const commander = await sessionFor(h, 'commander');
    const caseId = await openCase(h, commander);
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
      cookie: commander,
      body: { lon: 120.0655, lat: 28.9466, datum: 'wgs84', accuracyM: 40 },
    });
    expect(res.status).toBe(201);
    const targets = (await groups(c))[2]!;
    await socket.waitFor((m) => m.biz_code === 'map_group_refresh' && m.data.ids.includes(targets.id));
    const caller = targets.elements.find(
      (e) =>
        e.resource.content.geometry.type === 'Point' &&
        e.resource.content.geometry.coordinates[0] === 120.0655 &&
        e.resource.content.geometry.coordinates[1] === 28.9466,
    );
    expect(caller?.name).toContain('报警人位置');
    expect(caller?.resource.content.properties.color).toBe('#2D8CF0');
    socket.close();
  });
});

describe('Lookout’s search sectors in Pilot 2', () => {
  it('lists an open case’s sector as a locked polygon coloured by status, and refreshes the group when it changes', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const socket = await pilot2Socket(c);
    const commander = await sessionFor(h, 'commander');
    const caseId = await openCase(h, commander);
    const ipp = (await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander })).body.case.ipp;
    const [w, e, s, n] = [ipp.lon - 0.002, ipp.lon + 0.002, ipp.lat - 0.002, ipp.lat + 0.002];
    const made = await call(h, 'POST', `/api/v1/cases/${caseId}/sectors`, {
      cookie: commander,
      body: {
        name: 'B7',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const sectorsGroup = (await groups(c))[3]!;
    await socket.waitFor((m) => m.biz_code === 'map_group_refresh' && m.data.ids.includes(sectorsGroup.id));
    const mine = () =>
      groups(c).then((g) => g[3]!.elements.find((x) => x.name.startsWith('区块 Sector B7') && x.name.includes('·')));
    const polygon = (await mine())!;
    expect(polygon.resource.type).toBe(2);
    expect(polygon.resource.content.geometry.type).toBe('Polygon');
    expect(polygon.name).toContain('未搜');
    expect(polygon.resource.content.properties.color).toBe('#FF9900');
    // Pilot 2 may not draw in Lookout's locked group.
    expect((await pilot2(c, 'POST', `/element-groups/${sectorsGroup.id}/elements`, pinBody())).status).toBe(403);

    const id = made.body.id ?? made.body.properties.id;
    const patched = await call(h, 'PATCH', `/api/v1/cases/${caseId}/sectors/${id}`, {
      cookie: commander,
      body: { status: 'searched' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await expect.poll(async () => (await mine())?.resource.content.properties.color).toBe('#19BE6B');
    socket.close();
  });
});

describe('bad input from Pilot 2', () => {
  it('answers a wrong token with 401, counted, and opens no socket with it', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const before = await rejectedCount('bad_token');
    expect((await pilot2(c, 'GET', '/element-groups', undefined, 'not-a-token')).status).toBe(401);
    expect(await rejectedCount('bad_token')).toBeGreaterThan(before);
    const ws = new WebSocket(`${c.ws.host}?x-auth-token=wrong`);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('refuses malformed geometry, impossible coordinates, 0,0, a locked group and a huge body; the valid pin after them is stored', async () => {
    const c = await connect((await signedInPilot()).cookie);
    const [shared, lookout] = await groups(c);
    const url = `/element-groups/${shared!.id}/elements`;
    const badInput = await rejectedCount('bad_input');
    const badCoordinate = await rejectedCount('bad_coordinate');
    const cases: [unknown, number][] = [
      [pinBody({ coordinates: [120.07] }), 400],
      [pinBody({ coordinates: 'here' }), 400],
      [pinBody({ coordinates: [120.07, 95] }), 400],
      [pinBody({ coordinates: [200, 28.9] }), 400],
      [pinBody({ coordinates: [0, 0] }), 400],
      [{ ...pinBody(), resource: { ...pinBody().resource, type: 2 } }, 400],
      ['{"id": "x", "name": ', 400],
      [pinBody({ name: 'x'.repeat(100_000) }), 413],
    ];
    for (const [body, status] of cases) {
      const res = await pilot2(c, 'POST', url, body);
      expect({ body: JSON.stringify(body).slice(0, 80), status: res.status }).toEqual({
        body: JSON.stringify(body).slice(0, 80),
        status,
      });
    }
    expect((await pilot2(c, 'POST', `/element-groups/${lookout!.id}/elements`, pinBody())).status).toBe(403);
    const wrongWorkspace = await fetch(`${c.api.host}/map/api/v1/workspaces/${randomUUID()}/element-groups`, {
      headers: { 'x-auth-token': c.api.token },
    });
    expect(wrongWorkspace.status).toBe(404);
    expect(await rejectedCount('bad_input')).toBeGreaterThanOrEqual(badInput + 4);
    expect(await rejectedCount('bad_coordinate')).toBe(badCoordinate + 1);

    const good = pinBody();
    expect((await pilot2(c, 'POST', url, good)).status).toBe(200);
    expect((await groups(c))[0]!.elements.map((e) => e.id)).toContain(good.id);
  });
});
