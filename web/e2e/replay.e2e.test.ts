/**
 * The whole-incident replay, in Debian's Chromium against the real server (`npm start`'s process with
 * its demo on the embedded PGlite, fresh data folder). The recorded incident is written into that database by SQL
 * before the server starts (the replay reads the past; the API only writes the present): a lost-person case two
 * hours ago with two caller fixes, a drone searching at 2 Hz, a tadpole alert with its broadcast area, a sighting,
 * a match confirmed, an officer dispatched who walks to the sighting and arrives. The commander opens #/replay/<id>, drags the slider and plays
 * at speed; the map's sources and the event list must show each thing from its time on.
 * Screenshots: docs/screenshots/replay.png (1280×800) and docs/screenshots/replay-tablet.png (820×1180, touch).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openReplay, SHOTS, startE2eLookout } from './e2e-lookout.ts';
import { ROOT } from './lookout-process.ts';

// The recorded incident, in seconds after the case opened (T0 = two hours ago). Far from the demo's drones.
const IPP = { lon: 119.6, lat: 29.3 };
const S = {
  ack: 60,
  caller1: 90,
  droneFrom: 120,
  dispatched: 300,
  caller2: 600,
  alert: 900,
  sighting: 1200,
  match: 1210,
  confirmed: 1500,
  onScene: 1800,
  droneTo: 3000,
  found: 2400,
  closed: 3600,
};
const M_LAT = 1 / 111_320;
const M_LON = 1 / (111_320 * Math.cos((IPP.lat * Math.PI) / 180));
const at = (east: number, north: number) => ({ lon: IPP.lon + east * M_LON, lat: IPP.lat + north * M_LAT });
const SIGHTING = at(300, 200);
const STATION = at(-2000, -2000);
const ALERT = at(-150, 250);
/** The drone circles the IPP at 800 m, once every 600 s. */
const droneAt = (s: number) => {
  const a = (2 * Math.PI * (s - S.droneFrom)) / 600;
  return at(800 * Math.sin(a), 800 * Math.cos(a));
};

interface Visible {
  t: number;
  drones: string[];
  units: string[];
  callers: number;
  sightings: number;
  matches: number;
  confirmed: number;
  alerts: number;
}

let caseId = '';
let droneId = '';
let unitId = '';

/** Migrates the fresh PGlite data folder the server will open and writes the recorded incident into it. */
async function recordIncident(dataDir: string): Promise<void> {
  const db = new PGlite(path.join(dataDir, 'pglite'), { extensions: { postgis } });
  await migrate(drizzle(db), { migrationsFolder: path.join(ROOT, 'db/migrations') });
  try {
    await db.transaction((tx) => writeIncident((sql, params) => tx.query(sql, params)));
  } finally {
    await db.close();
  }
}

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;

async function writeIncident(query: Query): Promise<void> {
  const tag = randomUUID().slice(0, 6);
  droneId = `replay-${tag}`;
  const T0 = new Date(Date.now() - 2 * 3600_000);
  T0.setMilliseconds(0);
  const ts = (s: number) => new Date(T0.getTime() + s * 1000).toISOString();
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await query(sql, params)).rows as T[];

  const [officer] = await q<{ id: string }>(
    `insert into users (username, display_name, password_hash, roles) values ($1, '张警官', 'x', '{officer}') returning id`,
    [`replay-officer-${tag}`],
  );
  unitId = (
    await q<{ id: string }>(`insert into units (user_id, callsign) values ($1, '巡逻一组') returning id`, [officer!.id])
  )[0]!.id;
  await q(`insert into drones (id, callsign, credential_hash) values ($1, '回放-1', '$7$101$x$y')`, [droneId]);
  caseId = (
    await q<{ id: string }>(
      `insert into cases (kind, status, title, ipp, subject_category, subject_count, terrain, created_at, closed_at)
     values ('lost_person', 'closed', '回放 · 青岩山 两名驴友走失', ST_SetSRID(ST_MakePoint($1, $2), 4326), 'hiker', 2,
             'temperate_mountain', $3, $4) returning id`,
      [IPP.lon, IPP.lat, ts(0), ts(S.closed)],
    )
  )[0]!.id;
  const caller = async (s: number, p: { lon: number; lat: number }, acc: number) =>
    (
      await q<{ id: number }>(
        `insert into caller_locations (case_id, source, datum_received, lon_received, lat_received, geom, accuracy_m, t)
         values ($1, 'link', 'wgs84', $2, $3, ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, $5) returning id`,
        [caseId, p.lon, p.lat, acc, ts(s)],
      )
    )[0]!.id;
  const c1 = await caller(S.caller1, at(100, -100), 150);
  const c2 = await caller(S.caller2, at(320, 180), 40);
  // The drone at 2 Hz, circling (the same formula as droneAt).
  await q(
    `insert into fixes (drone_id, reading_id, t, geom, alt_msl)
     select $1, gen_random_uuid(), $2::timestamptz + s * interval '1 second',
            ST_SetSRID(ST_MakePoint($3::float8 + 800 * sin(2 * pi() * (s - $5::float8) / 600) * $6::float8,
                                    $4::float8 + 800 * cos(2 * pi() * (s - $5::float8) / 600) * $7::float8), 4326), 420
       from (select n::float8 as s from generate_series($5::numeric, $8::numeric, 0.5::numeric) n) x`,
    [droneId, ts(0), IPP.lon, IPP.lat, S.droneFrom, M_LON, M_LAT, S.droneTo],
  );
  // A tadpole alert (already cancelled, its card blurred: no worker touches it) with its first CAP message's area.
  const [alert] = await q<{ id: string }>(
    `insert into alerts (case_id, kind, status, age_band, point, seen_at, contact_phone, public_token_hash, expires_at,
                         created_at, blurred_at)
     values ($1, 'lost_child', 'cancelled', '30-40', ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, '13800000000', $5,
             $4::timestamptz + interval '1 day', $4, $6) returning id`,
    [caseId, ALERT.lon, ALERT.lat, ts(S.alert), `replay-e2e-${tag}`, ts(S.closed)],
  );
  await q(
    `insert into cap_messages (alert_id, msg_type, identifier, sent, headline, description, area, radius_m, expires)
     values ($1, 'Alert', $2, $3, '回放 告警', 'd', ST_Buffer(ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, 1000)::geometry,
             1000, $3::timestamptz + interval '1 day')`,
    [alert!.id, `replay-e2e-cap-${tag}`, ts(S.alert), ALERT.lon, ALERT.lat],
  );
  const [sighting] = await q<{ id: number }>(
    `insert into sightings (drone_id, reading_id, t, geom, unc_m, conf, kind, count, status, status_at, case_id)
     values ($1, gen_random_uuid(), $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), 12, 0.86, 'group', 2, 'confirmed', $5, $6)
     returning id`,
    [droneId, ts(S.sighting), SIGHTING.lon, SIGHTING.lat, ts(S.confirmed), caseId],
  );
  const [match] = await q<{ id: number }>(
    `insert into matches (case_id, caller_location_id, sighting_id, distance_m, minutes_apart, score, status, created_at)
     values ($1, $2, $3, 28, 10, 0.91, 'confirmed', $4) returning id`,
    [caseId, c2, sighting!.id, ts(S.match)],
  );
  // Already matched: the server's catch-up sweep leaves them alone.
  await q(
    `insert into match_runs (subject, subject_id) values ('caller_location', $1), ('caller_location', $2), ('sighting', $3)`,
    [c1, c2, sighting!.id],
  );
  await q(
    `insert into assignments (case_id, unit_id, target_kind, target_ref, target, status, created_at, updated_at)
     values ($1, $2, 'sighting', $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), 'found', $6, $7)`,
    [caseId, unitId, String(sighting!.id), SIGHTING.lon, SIGHTING.lat, ts(S.dispatched), ts(S.found)],
  );
  // The officer's phone posts every 5 s from dispatch, walking from the station to the sighting, arriving on scene.
  await q(
    `insert into unit_positions (unit_id, t, geom, accuracy_m, idempotency_key)
     select $1, $2::timestamptz + s * interval '1 second',
            ST_SetSRID(ST_MakePoint(
              $3::float8 + ($5::float8 - $3::float8) * least(1, (s - $7::float8) / ($8::float8 - $7::float8)),
              $4::float8 + ($6::float8 - $4::float8) * least(1, (s - $7::float8) / ($8::float8 - $7::float8))), 4326),
            8, gen_random_uuid()::text
       from (select n::float8 as s from generate_series($7::numeric, $9::numeric, 5::numeric) n) x`,
    [unitId, ts(0), STATION.lon, STATION.lat, SIGHTING.lon, SIGHTING.lat, S.dispatched, S.onScene, S.found],
  );
  const events: [string, number, Record<string, unknown>][] = [
    ['opened', 0, {}],
    ['acknowledged', S.ack, {}],
    ['caller_location', S.caller1, { id: c1 }],
    ['unit_dispatched', S.dispatched, { unitId, status: 'dispatched' }],
    ['unit_en_route', S.dispatched + 30, { unitId, status: 'en_route' }],
    ['caller_location', S.caller2, { id: c2 }],
    ['match_confirmed', S.confirmed, { matchId: match!.id, sightingId: sighting!.id, callerLocationId: c2 }],
    ['unit_on_scene', S.onScene, { unitId, status: 'on_scene' }],
    ['person_found', S.found, { unitId, status: 'found' }],
    ['closed', S.closed, { outcome: 'found_safe' }],
  ];
  for (const [type, s, data] of events)
    await q(`insert into case_events (case_id, type, at, data) values ($1, $2, $3, $4)`, [
      caseId,
      type,
      ts(s),
      JSON.stringify(data),
    ]);
}

async function visible(page: Page): Promise<Visible> {
  return page.evaluate(() => window.__replay!.visible as Visible);
}

/** Drag the slider's thumb to a fraction of its width with the mouse; returns the replay time it landed on. */
async function dragTo(page: Page, fraction: number): Promise<number> {
  const slider = page.getByTestId('replay-slider');
  const box = (await slider.boundingBox())!;
  const v0 = Number(await slider.inputValue());
  const max = Number(await slider.getAttribute('max'));
  const thumbX = box.x + 8 + ((box.width - 16) * v0) / max;
  await page.mouse.move(thumbX, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 8 + (box.width - 16) * fraction, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  return (await visible(page)).t;
}

/** Seek by the slider's input (keyboard-free, exact): sets its value and fires `input` like a drag does. */
async function seek(page: Page, s: number): Promise<Visible> {
  await page.getByTestId('replay-slider').evaluate((el, v) => {
    const input = el as HTMLInputElement;
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, s * 1000);
  return visible(page);
}

/** The features of a replay source as MapLibre holds them. */
async function sourceFeatures(page: Page, id: string): Promise<GeoJSON.Feature[]> {
  return page.evaluate(async (src) => {
    const s = window.__lookout!.map!.getSource(src) as unknown as { getData(): Promise<GeoJSON.FeatureCollection> };
    return (await s.getData()).features;
  }, id);
}

async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(() => window.__lookout?.idle === true, undefined, { timeout: 20_000 })
    .catch(() => undefined);
  await page.waitForTimeout(400);
}

describe('whole-incident replay', () => {
  const e2e = startE2eLookout({
    name: 'replay',
    roles: ['commander'],
    env: { DEMO: 'true', ESCALATION_EVERY_S: '0' },
    beforeStart: recordIncident,
  });

  it('opens from the board-less link and loads the window with every track', async () => {
    const page = await openReplay(e2e, caseId);
    const duration = await page.evaluate(() => window.__replay!.durationMs);
    expect(duration).toBe(S.closed * 1000);
    await expect.poll(() => page.getByTestId('nav-board').getAttribute('class')).toContain('active');
    // At the start: nothing has happened but the case being opened.
    const v = await visible(page);
    expect(v).toMatchObject({ t: 0, drones: [], units: [], callers: 0, sightings: 0, matches: 0, alerts: 0 });
    await expect.poll(() => page.locator('[data-testid=replay-events] li').count()).toBe(10);
    await expect.poll(() => page.locator('[data-testid=replay-events] li[data-shown=true]').count()).toBe(1);
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('dragging the slider shows each thing from its time on, in the map sources and the event list', async () => {
    const page = await openReplay(e2e, caseId);
    // Drag to about a third: 1200 s is the sighting; the drone flies, the officer walks.
    const t = await dragTo(page, 0.36);
    const s = t / 1000;
    expect(s).toBeGreaterThan(S.sighting);
    expect(s).toBeLessThan(S.onScene);
    const v = await visible(page);
    expect(v.drones).toEqual([droneId]);
    expect(v.units).toEqual([unitId]);
    expect(v.callers).toBe(2);
    expect(v.sightings).toBe(1);
    expect(v.alerts).toBe(1);
    expect(v.confirmed).toBe(s >= S.confirmed ? 1 : 0);
    const drones = (await sourceFeatures(page, 'replay-moving')).filter((f) => f.properties!.kind === 'drone');
    expect(drones).toHaveLength(1);
    const [lon, lat] = (drones[0]!.geometry as GeoJSON.Point).coordinates as [number, number];
    const want = droneAt(s);
    expect(Math.abs(lon - want.lon) / M_LON).toBeLessThan(5); // metres: interpolated between 0.5 s fixes
    expect(Math.abs(lat - want.lat) / M_LAT).toBeLessThan(5);
    // The arrow points where the drone flies (clockwise circle, no reported heading): 90° ahead of its angle.
    const wantHdg = (90 + (360 * (s - S.droneFrom)) / 600) % 360;
    const hdgOff = Math.abs((((drones[0]!.properties!.hdg as number) - wantHdg + 540) % 360) - 180);
    expect(hdgOff).toBeLessThan(6);
    const trails = await sourceFeatures(page, 'replay-trails');
    expect(trails.filter((f) => f.properties!.kind === 'drone')).toHaveLength(1);
    expect(trails.filter((f) => f.properties!.kind === 'unit')).toHaveLength(1);
    const eventTimes = [
      0,
      S.ack,
      S.caller1,
      S.dispatched,
      S.dispatched + 30,
      S.caller2,
      S.confirmed,
      S.onScene,
      S.found,
    ];
    await expect
      .poll(() => page.locator('[data-testid=replay-events] li[data-shown=true]').count())
      .toBe(eventTimes.filter((x) => x <= s).length);

    // Exact moments around each appearance.
    expect((await seek(page, S.caller1 - 1)).callers).toBe(0);
    expect((await seek(page, S.caller1)).callers).toBe(1);
    expect((await seek(page, S.droneFrom - 1)).drones).toEqual([]);
    expect((await seek(page, S.droneFrom + 1)).drones).toEqual([droneId]);
    expect((await seek(page, S.dispatched - 1)).units).toEqual([]);
    expect((await seek(page, S.dispatched + 10)).units).toEqual([unitId]);
    expect((await seek(page, S.alert - 1)).alerts).toBe(0);
    expect(await sourceFeatures(page, 'replay-alert-areas')).toHaveLength(0);
    expect((await seek(page, S.alert)).alerts).toBe(1);
    const [alertPoint] = await sourceFeatures(page, 'replay-alert-points');
    const [alon, alat] = (alertPoint!.geometry as GeoJSON.Point).coordinates as [number, number];
    expect(Math.abs(alon - ALERT.lon) / M_LON).toBeLessThan(1);
    expect(Math.abs(alat - ALERT.lat) / M_LAT).toBeLessThan(1);
    const areas = await sourceFeatures(page, 'replay-alert-areas');
    expect(areas).toHaveLength(1);
    expect(areas[0]!.properties!.msgType).toBe('Alert');
    expect((await seek(page, S.sighting - 1)).sightings).toBe(0);
    expect(await sourceFeatures(page, 'replay-sightings')).toHaveLength(0);
    expect((await seek(page, S.sighting)).sightings).toBe(1);
    const sightings = await sourceFeatures(page, 'replay-sightings');
    expect(sightings[0]!.properties!.status).toBe('new');
    const mid = await seek(page, S.confirmed);
    expect(mid.confirmed).toBe(1);
    expect((await sourceFeatures(page, 'replay-sightings'))[0]!.properties!.status).toBe('confirmed');
    // Arrival: on scene the officer stands at the sighting.
    await seek(page, S.onScene + 60);
    const unit = (await sourceFeatures(page, 'replay-moving')).find((f) => f.properties!.kind === 'unit')!;
    const [ulon, ulat] = (unit.geometry as GeoJSON.Point).coordinates as [number, number];
    expect(Math.abs(ulon - SIGHTING.lon) / M_LON).toBeLessThan(2);
    expect(Math.abs(ulat - SIGHTING.lat) / M_LAT).toBeLessThan(2);
    await expect
      .poll(() => page.locator('[data-testid=replay-events] li.replay-event-current').getAttribute('data-type'))
      .toBe('unit_on_scene');
    // After the drone landed (30 s hold) it is gone; the officer stays until 10 min after his last fix.
    expect((await seek(page, S.droneTo + 31)).drones).toEqual([]);
    expect((await seek(page, S.found + 599)).units).toEqual([unitId]);
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('plays at 60× and at 10×: time advances by the speed, things appear on the way', async () => {
    const page = await openReplay(e2e, caseId);
    await seek(page, S.sighting - 20);
    await page.getByTestId('replay-speed-60').click();
    await page.getByTestId('replay-play').click();
    const t0 = Date.now();
    await page.waitForFunction((want) => (window.__replay!.visible?.sightings ?? 0) >= want, 1, { timeout: 5_000 });
    await page.waitForTimeout(1500);
    const v = await visible(page);
    const real = (Date.now() - t0) / 1000;
    await page.getByTestId('replay-play').click(); // pause
    const played = v.t / 1000 - (S.sighting - 20);
    expect(played).toBeGreaterThan(60 * 1.0);
    expect(played).toBeLessThan(60 * (real + 0.5));
    expect(v.sightings).toBe(1);
    await expect.poll(() => page.getByTestId('replay-play').textContent()).toContain('播放');

    await page.getByTestId('replay-speed-10').click();
    const before = (await visible(page)).t;
    const w0 = Date.now();
    await page.getByTestId('replay-play').click();
    await page.waitForTimeout(1000);
    await page.getByTestId('replay-play').click();
    const wall = (Date.now() - w0) / 1000;
    const after = (await visible(page)).t;
    // 10× of the wall time between the two clicks (a loaded machine stretches the clicks, never the speed).
    expect((after - before) / 1000).toBeGreaterThan(10 * 0.9);
    expect((after - before) / 1000).toBeLessThan(10 * wall + 2);
    const stats = await page.evaluate(() => window.__replay!.stats!.costs.length);
    expect(stats).toBeGreaterThan(20);
    await expect.poll(() => page.getByTestId('replay-time').textContent()).toMatch(/\d\d:\d\d:\d\d · \+0:\d\d:\d\d/);
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('screenshots: desktop and tablet', async () => {
    const page = await openReplay(e2e, caseId);
    await seek(page, S.confirmed + 120);
    await settle(page);
    await page.screenshot({ path: path.join(SHOTS, 'replay.png') });

    const tablet = await e2e.newContext({
      viewport: { width: 820, height: 1180 },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 1,
      locale: 'zh-CN',
    });
    // The desktop session's cookie: the tablet opens the replay link directly.
    await tablet.addCookies(await page.context().cookies());
    const tp = await tablet.newPage();
    await tp.goto(`${e2e.baseUrl}/#/replay/${caseId}`);
    await tp.waitForFunction(() => document.documentElement.dataset.replayReady === 'true', undefined, {
      timeout: 120_000,
    });
    // A tap on the slider moves the replay too.
    const box = (await tp.getByTestId('replay-slider').boundingBox())!;
    await tp.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height / 2);
    await expect.poll(async () => (await visible(tp)).t).toBeGreaterThan(S.sighting * 1000);
    await settle(tp);
    await tp.screenshot({ path: path.join(SHOTS, 'replay-tablet.png') });
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('a board row links here; without a session the API answers 401', async () => {
    const anonymous = await e2e.newPage(null);
    const res = await anonymous.request.get(`${e2e.baseUrl}/api/v1/cases/${caseId}/replay`);
    expect(res.status()).toBe(401);
    const commander = await e2e.api('commander');
    const opened = await commander<{ case: { id: string } }>('POST', '/cases', {
      kind: 'lost_person',
      title: '回放链接 测试',
      subjectCategory: 'hiker',
      subjectCount: 1,
      ipp: { ...IPP, datum: 'wgs84' },
    });
    expect(opened.status).toBe(201);
    const page = await e2e.newPage('commander', '#/board');
    const row = page.locator('[data-testid=board-row]', { hasText: '回放链接 测试' });
    await row.waitFor();
    await row.getByTestId('board-replay').click();
    await page.getByTestId('replay-page').waitFor();
    await expect.poll(() => page.url()).toContain(`#/replay/${opened.body.case.id}`);
    await page.waitForFunction(() => document.documentElement.dataset.replayReady === 'true', undefined, {
      timeout: 120_000,
    });
    // An open case: the window runs to now, the one event is the opening.
    await expect.poll(() => page.locator('[data-testid=replay-events] li').count()).toBe(1);
    expect(e2e.errors).toEqual([]);
  }, 240_000);
});
