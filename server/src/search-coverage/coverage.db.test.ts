import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageArea, CoverageResponse } from '@lookout/contracts';
import { call, eastOf, IPP, openCase } from '../testing/case-factories.ts';
import { createTestUser, insertDrone, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { DEFAULT_CAMERA, DEFAULT_THERMAL } from './camera-models.ts';
import { createCoverageRepo } from './coverage.repo.ts';
import { createCoverageWorker } from './coverage-worker.ts';
import { offsetLonLat } from './footprint.ts';
import { groundHeightsIn } from './ground-heights.ts';
import { lawnmower, samplePath } from './lawnmower.ts';
import { coverageFromNow } from './testing/coverage-from-now.ts';

let h: Harness;
let commander: string;

interface TestFix {
  t: Date;
  lon: number;
  lat: number;
  altRel: number | null;
  hdg: number | null;
}

/** Fifty minutes ago: after the attachment, before now. */
const START = () => Date.now() - 50 * 60_000;

const worker = (batchSize = 500) =>
  createCoverageWorker({
    repo: createCoverageRepo(h.database),
    walkWidthM: 20,
    log: pino({ level: 'silent' }),
    settleS: 0,
    batchSize,
  });

/** Fixes as the bridge writes them (one multi-row insert). */
async function insertFixes(droneId: string, fixes: TestFix[]): Promise<void> {
  await h.database.query(
    `insert into fixes (drone_id, reading_id, t, geom, alt_rel, hdg, src)
     select $1, gen_random_uuid(), u.t, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), u.alt_rel, u.hdg, 'sim'
       from unnest($2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[]) as u(t, lon, lat, alt_rel, hdg)`,
    [
      droneId,
      fixes.map((f) => f.t.toISOString()),
      fixes.map((f) => f.lon),
      fixes.map((f) => f.lat),
      fixes.map((f) => f.altRel),
      fixes.map((f) => f.hdg),
    ],
  );
}

/** A case (IPP at the demo's) with a fresh drone attached to it. */
async function caseWithDrone(): Promise<{ caseId: string; droneId: string }> {
  const caseId = await openCase(h, commander);
  const drone = await insertDrone(h.database);
  const res = await call(h, 'POST', `/api/v1/cases/${caseId}/drones`, {
    cookie: commander,
    body: { droneId: drone.id },
  });
  expect(res.status).toBe(201);
  // Attached an hour ago, so the test's flights lie in the past (coverage counts the minutes begun by now).
  await h.database.query(`update case_drones set attached_at = now() - interval '1 hour' where case_id = $1`, [caseId]);
  return { caseId, droneId: drone.id };
}

/** A square `sideM` wide with its south-west corner at p. */
function square(p: { lon: number; lat: number }, sideM: number): number[][] {
  const ne = offsetLonLat(p.lon, p.lat, sideM, sideM);
  return [[p.lon, p.lat], [ne[0], p.lat], ne, [p.lon, ne[1]], [p.lon, p.lat]];
}

/** The lawnmower flight over `ring` at `altitudeM`, one fix every half second from `t0`. */
function flight(ring: number[][], altitudeM: number, t0: number): TestFix[] {
  const plan = lawnmower({ area: [ring], altitudeM, hfovDeg: DEFAULT_CAMERA.wide.hfovDeg, overlap: 0.2, speedMs: 8 });
  return samplePath(plan.coordinates, 4).map((p, i) => ({
    t: new Date(t0 + i * 500),
    lon: p.lon,
    lat: p.lat,
    altRel: altitudeM,
    hdg: p.hdg,
  }));
}

/** The share of `ring` the case's stored coverage covers (PostGIS as the measure). */
async function squareShare(caseId: string, ring: number[][]): Promise<number> {
  const [row] = await h.database.query<{ share: number }>(
    `with sq as (select ST_GeomFromGeoJSON($2) as g)
     select coalesce(ST_Area(ST_Intersection(ST_Union(c.geom), sq.g)::geography) / ST_Area(sq.g::geography), 0) as share
       from sq left join case_coverage c on c.case_id = $1 group by sq.g`,
    [caseId, JSON.stringify({ type: 'Polygon', coordinates: [ring] })],
  );
  return Number(row!.share);
}

const coverage = (caseId: string, cookie = commander, query = '') =>
  call(h, 'GET', `/api/v1/cases/${caseId}/coverage${query}`, { cookie });

const ring50 = (body: CoverageResponse): CoverageArea => body.areas.find((a) => a.kind === 'ring' && a.ref === '50')!;

beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
  await coverageFromNow(h.database);
});

afterAll(async () => {
  await h?.close();
});

describe('camera coverage', () => {
  it('covers at least 95 % of a square flown in a lawnmower pattern, and the 50 % ring share rises', async () => {
    const { caseId, droneId } = await caseWithDrone();
    const before = await coverage(caseId);
    expect(before.status).toBe(200);
    expect(ring50(before.body).shares.covered).toBe(0);
    expect(before.body.counted).toEqual({ fixes: 0, walkedPositions: 0 });

    const sq = square(eastOf(IPP, 300), 500);
    const fixes = flight(sq, 50, START());
    await insertFixes(droneId, fixes);
    await worker().drain();

    expect(await squareShare(caseId, sq)).toBeGreaterThanOrEqual(0.95);
    const after = await coverage(caseId);
    expect(after.status).toBe(200);
    expect(after.body.counted.fixes).toBe(fixes.length);
    const r50 = ring50(after.body);
    expect(r50.shares.covered).toBeGreaterThan(0);
    // The square and a little around it (half a footprint beyond its edges), all in the good band.
    const squareOfRing = (500 * 500) / r50.areaM2;
    expect(r50.shares.good).toBeGreaterThan(0.95 * squareOfRing);
    expect(r50.shares.good).toBeLessThan(2 * squareOfRing);
    expect(r50.shares.fair).toBe(0);
    expect(r50.pod).toBeCloseTo(0.8 * r50.shares.good, 6);
    const kinds = after.body.features.map((f: { properties: { kind: string; band?: string } }) =>
      f.properties.kind === 'covered' ? f.properties.band : f.properties.kind,
    );
    expect(kinds).toEqual(['good', 'gap']);
    // Every ring is an area; the gap is the 50 % ring less what was covered.
    expect(after.body.areas.map((a: { ref: string }) => a.ref)).toEqual(['25', '50', '75', '95']);
    const gap = after.body.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'gap');
    expect(gap.properties.within).toBe('50');
    expect(gap.properties.areaM2).toBeCloseTo(r50.areaM2 * (1 - r50.shares.covered), -3);

    // The board's row shows the same share of the 50 % ring (its own circle: within a percent of it).
    const board = await call(h, 'GET', '/api/v1/board', { cookie: commander });
    const row = board.body.cases.find((c: { id: string }) => c.id === caseId);
    expect(row.ring50Coverage).toBeGreaterThan(0.99 * r50.shares.covered);
    expect(row.ring50Coverage).toBeLessThan(1.01 * r50.shares.covered);

    // The replay: before the flight's first minute there was nothing.
    const past = await coverage(
      caseId,
      commander,
      `?at=${encodeURIComponent(new Date(START() - 120_000).toISOString())}`,
    );
    expect(past.status).toBe(200);
    expect(past.body.counted.fixes).toBe(0);
    expect(ring50(past.body).shares.covered).toBe(0);
  });

  it('judges each search sector too: the one flown over is covered, its neighbour is a gap named by its id', async () => {
    const { caseId, droneId } = await caseWithDrone();
    const flown = square(eastOf(IPP, 300), 400);
    const beside = square(eastOf(IPP, 800), 400);
    const made: string[] = [];
    for (const ring of [flown, beside]) {
      const res = await call(h, 'POST', `/api/v1/cases/${caseId}/sectors`, {
        cookie: commander,
        body: { geometry: { type: 'Polygon', coordinates: [ring] } },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      made.push(res.body.id ?? res.body.properties?.id);
    }
    await insertFixes(droneId, flight(flown, 50, START()));
    await worker().drain();

    const res = await coverage(caseId);
    expect(res.status).toBe(200);
    const sectors = res.body.areas.filter((a: CoverageArea) => a.kind === 'sector');
    expect(sectors.map((a: CoverageArea) => a.ref).sort()).toEqual([...made].sort());
    const [a, b] = made.map((id) => sectors.find((s: CoverageArea) => s.ref === id)!);
    expect(a.shares.good).toBeGreaterThanOrEqual(0.95);
    expect(a.pod).toBeGreaterThan(0.75);
    expect(b.shares.covered).toBeLessThan(0.2);
    const gaps = res.body.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'gap');
    const besideGap = gaps.find((f: { properties: { within: string } }) => f.properties.within === made[1]);
    expect(besideGap.properties.areaM2).toBeGreaterThan(0.8 * b.areaM2);
  });

  it("looks along the gimbal's pitch: tilted 45° forward, the footprint lies ahead of the drone", async () => {
    const { caseId, droneId } = await caseWithDrone();
    const at = eastOf(IPP, 200);
    await h.database.query(
      `insert into fixes (drone_id, reading_id, t, geom, alt_rel, hdg, gimbal_pitch, src)
       values ($1, gen_random_uuid(), $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), 50, 0, -45, 'dji')`,
      [droneId, new Date(START()).toISOString(), at.lon, at.lat],
    );
    await worker().drain();
    const [row] = await h.database.query<{ north_m: number; covers_drone: boolean }>(
      `select ST_Distance(ST_SetSRID(ST_MakePoint($2, ST_Y(ST_Centroid(ST_Union(geom)))), 4326)::geography,
                          ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) as north_m,
              ST_Y(ST_Centroid(ST_Union(geom))) > $3 and ST_Intersects(ST_Union(geom), ST_SetSRID(ST_MakePoint($2, $3), 4326))
                as covers_drone
         from case_coverage where case_id = $1`,
      [caseId, at.lon, at.lat],
    );
    // Straight down the footprint is centred on the drone; at −45° its middle ray meets the ground 50 m ahead, and
    // the near edge (−45° − half the vertical field of view) lies ahead too.
    expect(Number(row!.north_m)).toBeGreaterThan(40);
    expect(row!.covers_drone).toBe(false);
  });

  it('counts the thermal lens apart: its narrower footprint while the drone streamed ir, the wide one after a stop', async () => {
    const { caseId, droneId } = await caseWithDrone();
    const t0 = START();
    const lens = (at: number, l: string | null, videoType: string | null) =>
      h.database.query(
        `insert into drone_lenses (drone_id, t, lens, video_type, source) values ($1, $2, $3, $4, 'live_request')`,
        [droneId, new Date(at).toISOString(), l, videoType],
      );
    await lens(t0 - 1000, 'thermal', 'ir');
    await lens(t0 + 90_000, null, null);
    // One fix in minute 0 on the thermal lens, one in minute 2 after the stream stopped, 1 km apart.
    await insertFixes(droneId, [
      { t: new Date(t0), ...eastOf(IPP, 100), altRel: 50, hdg: 0 },
      { t: new Date(t0 + 120_000), ...eastOf(IPP, 1100), altRel: 50, hdg: 0 },
    ]);
    await worker().drain();
    const rows = await h.database.query<{ sensor: string; area_m2: number }>(
      `select sensor, ST_Area(geom::geography) as area_m2 from case_coverage where case_id = $1 order by sensor`,
      [caseId],
    );
    const area = (hfov: number, vfov: number) =>
      2 * 50 * Math.tan((hfov / 2) * (Math.PI / 180)) * 2 * 50 * Math.tan((vfov / 2) * (Math.PI / 180));
    expect(rows.map((r) => r.sensor)).toEqual(['thermal', 'visible']);
    // The default camera (no DJI model known): 84° wide, and the common 61° thermal lens.
    expect(Number(rows[0]!.area_m2) / area(DEFAULT_THERMAL.hfovDeg, DEFAULT_THERMAL.vfovDeg)).toBeCloseTo(1, 1);
    expect(Number(rows[1]!.area_m2) / area(DEFAULT_CAMERA.wide.hfovDeg, DEFAULT_CAMERA.wide.vfovDeg)).toBeCloseTo(1, 1);
    const res = await coverage(caseId);
    expect(res.status).toBe(200);
    const body = res.body as CoverageResponse;
    const r50 = ring50(body);
    expect(r50.thermal).toBeGreaterThan(0);
    expect(r50.thermal).toBeCloseTo(Number(rows[0]!.area_m2) / r50.areaM2, 3);
    expect(r50.shares.covered).toBeGreaterThan(r50.thermal);
  });

  it('adds nothing while the drone streams its zoom lens, and the wide footprint again once it streams wide', async () => {
    const { caseId, droneId } = await caseWithDrone();
    const t0 = START();
    const lens = (at: number, l: string, videoType: string) =>
      h.database.query(
        `insert into drone_lenses (drone_id, t, lens, video_type, source) values ($1, $2, $3, $4, 'dji_state')`,
        [droneId, new Date(at).toISOString(), l, videoType],
      );
    await lens(t0 - 1000, 'zoom', 'zoom');
    await lens(t0 + 90_000, 'visible', 'wide');
    await insertFixes(droneId, [
      { t: new Date(t0), ...eastOf(IPP, 100), altRel: 50, hdg: 0 },
      { t: new Date(t0 + 30_000), ...eastOf(IPP, 300), altRel: 50, hdg: 0 },
      { t: new Date(t0 + 120_000), ...eastOf(IPP, 1100), altRel: 50, hdg: 0 },
    ]);
    await worker().drain();
    const rows = await h.database.query<{ sensor: string; area_m2: number }>(
      `select sensor, ST_Area(geom::geography) as area_m2 from case_coverage where case_id = $1`,
      [caseId],
    );
    const wide =
      2 *
      50 *
      Math.tan((DEFAULT_CAMERA.wide.hfovDeg / 2) * (Math.PI / 180)) *
      2 *
      50 *
      Math.tan((DEFAULT_CAMERA.wide.vfovDeg / 2) * (Math.PI / 180));
    // Only the last fix's footprint: one wide camera's worth.
    expect(rows.map((r) => r.sensor)).toEqual(['visible']);
    expect(Number(rows[0]!.area_m2) / wide).toBeCloseTo(1, 1);
  });

  it('with a terrain configured, measures the height above the ground under the drone (MSL less the DEM)', async () => {
    // A flat terrain 500 m above sea level in Terrarium tiles at zoom 12 around the test points.
    const dir = mkdtempSync(path.join(tmpdir(), 'lookout-ground-'));
    const z = 12;
    const tileOf = (lon: number, lat: number) => {
      const rad = (lat * Math.PI) / 180;
      return [
        Math.floor(((lon + 180) / 360) * 2 ** z),
        Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z),
      ] as const;
    };
    const points = [eastOf(IPP, 150), eastOf(IPP, 450), eastOf(IPP, 750)];
    const encoded = 500 + 32768; // Terrarium: R·256 + G + B/256 − 32768
    const pixel = Buffer.from([Math.floor(encoded / 256), encoded % 256, 0]);
    for (const p of points) {
      const [x, y] = tileOf(p.lon, p.lat);
      mkdirSync(path.join(dir, String(z), String(x)), { recursive: true });
      await sharp(Buffer.concat(Array.from({ length: 256 * 256 }, () => pixel)), {
        raw: { width: 256, height: 256, channels: 3 },
      })
        .png()
        .toFile(path.join(dir, String(z), String(x), `${y}.png`));
    }
    const ground = groundHeightsIn(dir, { maxzoom: z, bounds: [-180, -85, 180, 85] });
    expect(await ground(points[0]!.lon, points[0]!.lat)).toBe(500);
    expect(await ground(points[0]!.lon + 10, points[0]!.lat)).toBeNull(); // no tile there

    const { caseId, droneId } = await caseWithDrone();
    const t = new Date(START()).toISOString();
    // 550 m MSL over 500 m ground is 50 m up (good) though 200 m above take-off; 640 m with no relative altitude
    // is 140 m up (poor); 495 m is under the ground (nothing).
    for (const [p, msl, rel] of [
      [points[0]!, 550, 200],
      [points[1]!, 640, null],
      [points[2]!, 495, 80],
    ] as const) {
      await h.database.query(
        `insert into fixes (drone_id, reading_id, t, geom, alt_msl, alt_rel, hdg, src)
         values ($1, gen_random_uuid(), $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6, 0, 'sim')`,
        [droneId, t, p.lon, p.lat, msl, rel],
      );
    }
    await createCoverageWorker({
      repo: createCoverageRepo(h.database),
      walkWidthM: 20,
      log: pino({ level: 'silent' }),
      settleS: 0,
      ground: () => ground,
    }).drain();
    const rows = await h.database.query<{ band: string; fixes: number }>(
      'select band, sum(fixes)::int as fixes from case_coverage where case_id = $1 group by band order by band',
      [caseId],
    );
    expect(rows).toEqual([
      { band: 'good', fixes: 1 },
      { band: 'poor', fixes: 1 },
    ]);
  });

  it('adds nothing for a drone at 0 m, with no relative altitude, or 100 km away', async () => {
    const { caseId, droneId } = await caseWithDrone();
    const t = START();
    const far = eastOf(IPP, 100_000);
    await insertFixes(droneId, [
      { t: new Date(t), ...eastOf(IPP, 200), altRel: 0, hdg: 90 },
      { t: new Date(t + 500), ...eastOf(IPP, 210), altRel: null, hdg: 90 },
      { t: new Date(t + 1000), ...far, altRel: 50, hdg: 90 },
      { t: new Date(t + 1500), ...eastOf(IPP, 220), altRel: -3, hdg: 90 },
    ]);
    const run = await worker().drain();
    expect(run.fixesRead).toBeGreaterThanOrEqual(4);
    const res = await coverage(caseId);
    expect(res.body.counted.fixes).toBe(0);
    expect(ring50(res.body).shares.covered).toBe(0);
    const [rows] = await h.database.query<{ n: number }>(
      'select count(*)::int as n from case_coverage where case_id = $1',
      [caseId],
    );
    expect(Number(rows!.n)).toBe(0);
  });

  it('bands the footprints by height: ≤ 60 m good, ≤ 120 m fair, above poor', async () => {
    const { caseId, droneId } = await caseWithDrone();
    const t = START();
    await insertFixes(droneId, [
      { t: new Date(t), ...eastOf(IPP, -1500), altRel: 40, hdg: 0 },
      { t: new Date(t + 500), ...eastOf(IPP, 0), altRel: 90, hdg: 0 },
      { t: new Date(t + 1000), ...eastOf(IPP, 1500), altRel: 200, hdg: 0 },
    ]);
    await worker().drain();
    const res = await coverage(caseId);
    const bands = res.body.features
      .filter((f: { properties: { kind: string } }) => f.properties.kind === 'covered')
      .map((f: { properties: { band: string; areaM2: number } }) => [f.properties.band, f.properties.areaM2]);
    expect(bands.map(([b]: [string]) => b)).toEqual(['good', 'fair', 'poor']);
    // A straight-down footprint is 2h·tan(h/2) by 2h·tan(v/2).
    const { hfovDeg, vfovDeg } = DEFAULT_CAMERA.wide;
    const rect = (h: number) =>
      4 * h * h * Math.tan((hfovDeg / 2) * (Math.PI / 180)) * Math.tan((vfovDeg / 2) * (Math.PI / 180));
    expect(bands[0][1] / rect(40)).toBeCloseTo(1, 1);
    expect(bands[1][1] / rect(90)).toBeCloseTo(1, 1);
    expect(bands[2][1] / rect(200)).toBeCloseTo(1, 1);
    const r75 = res.body.areas.find((a: { ref: string }) => a.ref === '75');
    expect(r75.shares.good).toBeGreaterThan(0);
    expect(r75.shares.fair).toBeGreaterThan(0);
    expect(r75.shares.poor).toBeGreaterThan(0);
  });

  it('is restart-safe: a pass that fails adds nothing, and running again adds each fix once', async () => {
    const { caseId, droneId } = await caseWithDrone();
    const sq = square(eastOf(IPP, -800), 200);
    const fixes = flight(sq, 50, START());
    await insertFixes(droneId, fixes);
    const repo = createCoverageRepo(h.database);
    const failing = createCoverageWorker({
      repo: {
        ...repo,
        merge: async (q, items) => {
          await repo.merge(q, items);
          throw new Error('the server died after writing');
        },
      },
      walkWidthM: 20,
      log: pino({ level: 'silent' }),
      settleS: 0,
      batchSize: 37,
    });
    await expect(failing.pass()).rejects.toThrow('the server died');
    expect((await coverage(caseId)).body.counted.fixes).toBe(0);

    // Small batches, two workers one after the other (a restart), then a third pass with nothing left.
    await worker(37).pass();
    await worker(37).drain();
    const first = await coverage(caseId);
    expect(first.body.counted.fixes).toBe(fixes.length);
    expect(await worker(37).drain()).toEqual({ fixesRead: 0, positionsRead: 0, added: 0 });
    const again = await coverage(caseId);
    expect(again.body.counted).toEqual(first.body.counted);
    expect(ring50(again.body).shares).toEqual(ring50(first.body).shares);
  });

  it("adds an officer's walked swath to the walk band", async () => {
    const caseId = await openCase(h, commander);
    const u = await createTestUser(h.database, 'officer');
    const cookie = await login(h.base, u.username, u.password);
    const me = await call(h, 'GET', '/api/v1/me/assignment', { cookie });
    const dispatched = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
      cookie: commander,
      body: { unitId: me.body.unit.id, target: { kind: 'point', ...IPP, datum: 'wgs84' } },
    });
    expect(dispatched.status).toBe(201);
    await h.database.query(`update assignments set created_at = now() - interval '1 hour' where case_id = $1`, [
      caseId,
    ]);
    const t0 = START();
    const positions = Array.from({ length: 11 }, (_, i) => ({
      ...eastOf(IPP, 100 + i * 10),
      accuracy: 8,
      t: new Date(t0 + i * 7000).toISOString(),
      idempotencyKey: randomUUID(),
    }));
    const posted = await call(h, 'POST', '/api/v1/me/positions', { cookie, body: { positions } });
    expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);
    await worker().drain();
    const res = await coverage(caseId);
    expect(res.body.counted.walkedPositions).toBe(11);
    const walk = res.body.features.find((f: { properties: { band?: string } }) => f.properties.band === 'walk');
    // 100 m walked with a 20 m swath, round at both ends: about 100 × 20 + π·10².
    expect(walk.properties.areaM2).toBeGreaterThan(1900);
    expect(walk.properties.areaM2).toBeLessThan(2600);
    expect(ring50(res.body).pod).toBeCloseTo(0.6 * ring50(res.body).shares.walk, 6);
  });
});

describe('coverage routes', () => {
  it('answers 401 without a session, 403 out of scope, 404 for no case', async () => {
    const caseId = await openCase(h, commander);
    expect((await call(h, 'GET', `/api/v1/cases/${caseId}/coverage`)).status).toBe(401);
    const officer = await sessionFor(h, 'officer');
    expect((await coverage(caseId, officer)).status).toBe(403);
    const pilot = await sessionFor(h, 'pilot');
    expect((await coverage(caseId, pilot)).status).toBe(403);
    expect((await coverage(randomUUID())).status).toBe(404);
    expect((await coverage(caseId, commander, '?at=yesterday')).status).toBe(400);
  });

  it('plans a lawnmower flight, and refuses a field of view of 0 or 180 degrees', async () => {
    const caseId = await openCase(h, commander);
    const area = { type: 'Polygon', coordinates: [square(eastOf(IPP, 200), 400)] };
    const ok = await call(h, 'POST', `/api/v1/cases/${caseId}/coverage/plan`, {
      cookie: commander,
      body: { area, altitudeM: 60 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.properties.hfovDeg).toBe(DEFAULT_CAMERA.wide.hfovDeg);
    expect(ok.body.properties.passes).toBeGreaterThan(3);
    expect(ok.body.geometry.coordinates.length).toBe(ok.body.properties.passes * 2);
    for (const hfovDeg of [0, 180]) {
      const bad = await call(h, 'POST', `/api/v1/cases/${caseId}/coverage/plan`, {
        cookie: commander,
        body: { area, altitudeM: 60, hfovDeg },
      });
      expect(bad.status).toBe(400);
    }
    const huge = { type: 'Polygon', coordinates: [square(eastOf(IPP, 200), 40_000)] };
    const tooMany = await call(h, 'POST', `/api/v1/cases/${caseId}/coverage/plan`, {
      cookie: commander,
      body: { area: huge, altitudeM: 10 },
    });
    expect(tooMany.status).toBe(400);
    expect(
      (
        await call(h, 'POST', `/api/v1/cases/${randomUUID()}/coverage/plan`, {
          cookie: commander,
          body: { area, altitudeM: 60 },
        })
      ).status,
    ).toBe(404);
  });
});
