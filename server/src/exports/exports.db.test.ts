import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, HintError } from '@placemarkio/check-geojson';
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
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

/**
 * Exports of one case built through the API: GeoJSON checked by @placemarkio/check-geojson (plus the
 * right-hand rule), GPX against the GPX 1.1 XSD with xmllint, KML parsed back with @tmcw/togeojson, the timeline
 * CSV with formula injection in the title and the closing note.
 */
const XSD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'xsd', 'gpx-1.1.xsd');
const dir = mkdtempSync(path.join(tmpdir(), 'lookout-exports-'));
const INJECTION = '=HYPERLINK("http://evil.example/x","点我")';

let h: Harness;
let commander: string;
let officer: { cookie: string; unitId: string };
let caseId: string;
const droneFixes: { lon: number; lat: number; t: Date }[] = [];
const unitFixes: { lon: number; lat: number; t: Date }[] = [];
let drone: { id: string; callsign: string };
let matchedSightingId: number;
let tiedSightingId: number;
const files: Record<string, { status: number; body: string; type: string | null; disposition: string | null }> = {};

async function get(p: string, cookie?: string) {
  const res = await fetch(`${h.base}${p}`, cookie ? { headers: { cookie } } : {});
  return {
    status: res.status,
    body: await res.text(),
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
  };
}

/** xmllint's verdict: null when valid, else its complaint. */
function gpxSchemaErrors(xml: string, name: string): string | null {
  const file = path.join(dir, `${name}.gpx`);
  writeFileSync(file, xml);
  try {
    execFileSync('/usr/bin/xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err);
  }
}

/** Twice the signed area of a ring (> 0: counter-clockwise). */
function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

const near = (a: Position, b: { lon: number; lat: number }) => {
  expect(a[0]).toBeCloseTo(b.lon, 6);
  expect(a[1]).toBeCloseTo(b.lat, 6);
};

beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
  const u = await createTestUser(h.database, 'officer');
  const cookie = await login(h.base, u.username, u.password);
  const me = await call(h, 'GET', '/api/v1/me/assignment', { cookie });
  officer = { cookie, unitId: me.body.unit.id as string };

  caseId = await openCase(h, commander, { title: INJECTION, description: '@SUM(1+1) 描述' });
  const opened = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
  const t0 = Date.parse(opened.body.case.createdAt as string);
  const spot = freshSpot();

  drone = await insertDrone(h.database);
  // A fix before the case opened: not in its window.
  await insertFix(h.database, drone.id, { t: new Date(t0 - 60_000), ...eastOf(spot, -500) });
  for (let i = 1; i <= 4; i++) {
    const f = { ...eastOf(spot, i * 20), t: new Date(t0 + i * 10) };
    droneFixes.push(f);
    await insertFix(h.database, drone.id, f);
  }
  // A sighting the matcher finds for the caller's fix, and one tied to the case by the pilot.
  matchedSightingId = (await insertSightingAt(h.database, drone.id, { ...eastOf(spot, 30), t: new Date() })).id;
  tiedSightingId = (await insertSightingAt(h.database, drone.id, { ...eastOf(spot, 400), caseId })).id;

  const cl = await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
    cookie: commander,
    body: { ...spot, datum: 'wgs84', accuracyM: 60, t: new Date().toISOString() },
  });
  expect(cl.status).toBe(201);
  const cl2 = await call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
    cookie: commander,
    body: { ...eastOf(spot, 50), datum: 'gcj02', accuracyM: 25, t: new Date().toISOString() },
  });
  expect(cl2.status).toBe(201);
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
  // A search sector around the IPP, and coverage in two hours (as the coverage worker stores it).
  const ipp = (await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander })).body.case.ipp;
  const sw = eastOf({ lon: ipp.lon, lat: ipp.lat - 0.0009 }, -100);
  const ne = eastOf({ lon: ipp.lon, lat: ipp.lat + 0.0009 }, 100);
  const square = [
    [sw.lon, sw.lat],
    [ne.lon, sw.lat],
    [ne.lon, ne.lat],
    [sw.lon, ne.lat],
    [sw.lon, sw.lat],
  ];
  const sector = await call(h, 'POST', `/api/v1/cases/${caseId}/sectors`, {
    cookie: commander,
    body: { geometry: { type: 'Polygon', coordinates: [square] } },
  });
  expect(sector.status, JSON.stringify(sector.body)).toBe(201);
  await h.database.query(
    `insert into case_coverage (case_id, band, sensor, bucket_start, geom, fixes)
     values ($1, 'good', 'visible', date_trunc('hour', now()) - interval '1 hour' + interval '5 minutes',
             ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($2, $3), 4326), 0.0003)), 40),
            ($1, 'fair', 'visible', date_trunc('hour', now()) + interval '1 minute',
             ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($2 + 0.001, $3), 4326), 0.0003)), 25)`,
    [caseId, ipp.lon, ipp.lat],
  );
  await new Promise((r) => setTimeout(r, 120));
  const closed = await call(h, 'POST', `/api/v1/cases/${caseId}/close`, {
    cookie: commander,
    body: { outcome: 'found_safe', note: INJECTION },
  });
  expect(closed.status).toBe(200);

  for (const f of ['export.geojson', 'tracks.gpx', 'tracks.kml', 'timeline.csv']) {
    files[f] = await get(`/api/v1/cases/${caseId}/${f}`, commander);
  }
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /cases/:id/export.geojson', () => {
  it('is RFC 7946 GeoJSON by check-geojson, right-hand polygons, no crs, with every part of the case', () => {
    const f = files['export.geojson']!;
    expect(f.status).toBe(200);
    expect(f.type).toMatch(/^application\/geo\+json/);
    const fc = check(f.body) as FeatureCollection;
    expect(fc.type).toBe('FeatureCollection');
    expect(f.body).not.toContain('"crs"');
    const role = (r: string) => fc.features.filter((x) => x.properties?.role === r);

    expect(role('ipp')).toHaveLength(1);
    const rings = role('isrid_ring') as Feature<Polygon>[];
    expect(rings.length).toBeGreaterThan(0);
    for (const r of rings) {
      expect(signedArea(r.geometry.coordinates[0]!)).toBeGreaterThan(0); // exterior counter-clockwise
      for (const hole of r.geometry.coordinates.slice(1)) expect(signedArea(hole)).toBeLessThan(0);
    }
    const callers = role('caller_location') as Feature<Point>[];
    expect(callers).toHaveLength(2);
    expect(callers.map((c) => c.properties!.datumReceived).sort()).toEqual(['gcj02', 'wgs84']);
    for (const c of callers)
      expect(c.properties).toMatchObject({
        source: expect.any(String),
        accuracyM: expect.any(Number),
        t: expect.any(String),
      });
    const sightings = role('sighting').map((s) => s.properties!.id);
    expect(sightings).toEqual(expect.arrayContaining([matchedSightingId, tiedSightingId]));
    const matches = role('match') as Feature<LineString>[];
    expect(matches.some((m) => m.properties!.sightingId === matchedSightingId)).toBe(true);
    for (const m of matches) expect(m.geometry.coordinates).toHaveLength(2);
    expect(role('assignment_target')).toHaveLength(1);

    const track = role('drone_track').find((t) => t.properties!.id === drone.id) as Feature<LineString>;
    expect(track.geometry.coordinates).toHaveLength(droneFixes.length); // the fix before the case is left out
    track.geometry.coordinates.forEach((c, i) => near(c, droneFixes[i]!)); // lon, lat order
    const unit = role('unit_track').find((t) => t.properties!.id === officer.unitId) as Feature<LineString>;
    expect(unit.geometry.coordinates).toHaveLength(unitFixes.length);
    unit.geometry.coordinates.forEach((c, i) => near(c, unitFixes[i]!));
    expect(f.body).not.toContain('reporterPhone');

    // The search sector, and the coverage over time: one feature per hour and band, in hour order.
    const sectors = role('search_sector') as Feature<Polygon>[];
    expect(sectors.map((x) => x.properties!.name)).toEqual(['A1']);
    expect(signedArea(sectors[0]!.geometry.coordinates[0]!)).toBeGreaterThan(0);
    const coverage = role('coverage');
    expect(coverage.map((x) => [x.properties!.band, x.properties!.fixes])).toEqual([
      ['good', 40],
      ['fair', 25],
    ]);
    const [first, second] = coverage.map((x) => x.properties!);
    expect(Date.parse(second!.from) - Date.parse(first!.from)).toBe(3_600_000);
    expect(first!.areaM2).toBeGreaterThan(500);
  });

  it('the validator refuses an invalid document (the check is real)', () => {
    const bad = JSON.parse(files['export.geojson']!.body) as FeatureCollection;
    (bad.features[0]!.geometry as Point).coordinates = [120] as unknown as Position;
    expect(() => check(JSON.stringify(bad))).toThrow(HintError);
    expect(() =>
      check(
        '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2]]}}]}',
      ),
    ).toThrow();
  });
});

describe('GET /cases/:id/tracks.gpx', () => {
  it('is valid GPX 1.1 (xmllint against the TopoGrafix XSD) with one trk per drone and unit', () => {
    const f = files['tracks.gpx']!;
    expect(f.status).toBe(200);
    expect(f.type).toMatch(/^application\/gpx\+xml/);
    expect(f.disposition).toMatch(/attachment; filename="lookout-tracks-.*\.gpx"/);
    expect(gpxSchemaErrors(f.body, 'case')).toBeNull();
    expect(f.body).toContain(`<name>${drone.callsign}</name>`);
    // Title with markup characters is escaped text, not markup.
    expect(f.body).toContain('=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;点我&quot;)'.replace(/&quot;/g, '"'));
    const trks = f.body.match(/<trk>/g) ?? [];
    expect(trks.length).toBeGreaterThanOrEqual(2);
    expect((f.body.match(/<wpt /g) ?? []).length).toBeGreaterThanOrEqual(1 + 2 + 2); // IPP, 2 caller fixes, 2 sightings
  });

  it('xmllint refuses a broken GPX (the check is real)', () => {
    const broken = files['tracks.gpx']!.body.replace(/<trkpt lat="[^"]*"/, '<trkpt');
    expect(gpxSchemaErrors(broken, 'broken')).toMatch(/lat/);
  });
});

describe('GET /cases/:id/tracks.kml', () => {
  it('parses back (togeojson) to the same coordinates as the source fixes', () => {
    const f = files['tracks.kml']!;
    expect(f.status).toBe(200);
    expect(f.type).toMatch(/kml\+xml/);
    const dom = new DOMParser().parseFromString(f.body, 'text/xml');
    const back = kmlToGeoJson(dom) as FeatureCollection;
    const byName = (n: string) => back.features.find((x) => x.properties?.name === n);
    const track = byName(drone.callsign) as Feature<LineString>;
    expect(track.geometry.type).toBe('LineString');
    expect(track.geometry.coordinates).toHaveLength(droneFixes.length);
    track.geometry.coordinates.forEach((c, i) => near(c, droneFixes[i]!));
    const points = back.features.filter((x) => x.geometry?.type === 'Point');
    expect(points.length).toBeGreaterThanOrEqual(5);
    const ipp = byName('IPP') as Feature<Point>;
    near(ipp.geometry.coordinates, { lon: 120.07, lat: 28.95 });
  });
});

describe('GET /cases/:id/timeline.csv', () => {
  it('lists every event with actor and bilingual details, the intervals, and neutralises formula cells', async () => {
    const f = files['timeline.csv']!;
    expect(f.status).toBe(200);
    expect(f.type).toMatch(/^text\/csv/);
    const lines = f.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('at,seq,type,actor,details_zh,details_en,text,seconds,data');
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    const events = detail.body.events as { seq: number; type: string }[];
    for (const e of events) expect(lines.some((l) => l.includes(`,${e.seq},${e.type},`))).toBe(true);
    expect(lines.some((l) => l.includes(',closed,') && l.includes('结案,case closed'))).toBe(true);
    // No cell anywhere starts a formula: the title and the note come out quoted with a leading apostrophe.
    expect(f.body).toContain(`"'=HYPERLINK(""http://evil.example/x"",""点我"")"`);
    expect(f.body).not.toMatch(/(^|,)"?[=+\-@]/m);
    const interval = lines.find((l) => l.includes(',report_to_closed,'));
    expect(interval).toMatch(/,interval,/);
    expect(Number(interval!.split(',')[7])).toBeGreaterThan(0);
  });
});

describe('access and audit', () => {
  it('officers only for their cases; pilots and liaisons never; no session 401; bad and unknown ids', async () => {
    const url = `/api/v1/cases/${caseId}/tracks.gpx`;
    expect((await get(url, officer.cookie)).status).toBe(200);
    expect((await get(url, await sessionFor(h, 'officer'))).status).toBe(403);
    expect((await get(url, await sessionFor(h, 'pilot'))).status).toBe(403);
    expect((await get(url, await sessionFor(h, 'liaison'))).status).toBe(403);
    expect((await get(url)).status).toBe(401);
    expect((await get('/api/v1/cases/not-a-uuid/export.geojson', commander)).status).toBe(400);
    expect((await get(`/api/v1/cases/${randomUUID()}/timeline.csv`, commander)).status).toBe(404);
  });

  it('every export is in the audit log as a read of the case', async () => {
    const rows = await h.database.query<{ detail: { format: string } }>(
      `select detail from audit_log where action = 'case_export' and target_type = 'case' and target_id = $1`,
      [caseId],
    );
    const formats = rows.map((r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail).format);
    expect(formats).toEqual(expect.arrayContaining(['geojson', 'gpx', 'kml', 'timeline_csv']));
  });
});
