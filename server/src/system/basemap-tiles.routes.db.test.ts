import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { writeMbtiles } from './testing/mbtiles-file.ts';

/** The station's own vector basemap as `lookout basemap build` leaves it in data/basemap/. */
const dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-mbtiles-http-'));
const TILE = Buffer.from('a vector tile');
let h: Harness;
let cookie: string;

beforeAll(async () => {
  mkdirSync(path.join(dataDir, 'basemap'));
  writeMbtiles(path.join(dataDir, 'basemap', 'station.mbtiles'), {
    metadata: { format: 'pbf', minzoom: '8', maxzoom: '14', bounds: '120.05,28.93,120.09,28.97' },
    tiles: [{ z: 14, x: 13658, y: 6918, data: TILE }],
  });
  writeFileSync(path.join(dataDir, 'basemap', 'z-broken.mbtiles'), Buffer.alloc(8192, 0x33));
  h = await startHarness({ env: { LOOKOUT_DATA_DIR: dataDir } });
  cookie = await sessionFor(h, 'officer');
});
afterAll(async () => {
  await h.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (p: string, headers: Record<string, string> = { cookie }) =>
  fetch(`${h.base}/api/v1${p}`, { headers: { 'accept-encoding': 'identity', ...headers } });

describe('the station’s MBTiles basemap over HTTP', () => {
  it('tells the web app it is a vector XYZ source with its zooms and bounds', async () => {
    const config = (await (await get('/config')).json()) as { basemap: Record<string, unknown> };
    expect(config.basemap).toMatchObject({
      kind: 'vector',
      datum: 'wgs84',
      minzoom: 8,
      maxzoom: 14,
      bounds: [120.05, 28.93, 120.09, 28.97],
    });
    expect(config.basemap.url).toMatch(/^\/api\/v1\/basemap\/station\.mbtiles\/\{z\}\/\{x\}\/\{y\}\.pbf\?v=/);
  });

  it('serves a tile as stored (gzip) with the protobuf type, at the XYZ address', async () => {
    const res = await get('/basemap/station.mbtiles/14/13658/6918.pbf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch undoes the gzip, as the browser does.
    expect(Buffer.from(await res.arrayBuffer())).toEqual(TILE);
  });

  it('answers 204 for a tile the file does not hold (an empty tile to the map)', async () => {
    expect((await get('/basemap/station.mbtiles/14/13658/6919.pbf')).status).toBe(204);
    expect((await get('/basemap/station.mbtiles/3/0/0.pbf')).status).toBe(204);
  });

  it('answers 503 with the reason for a corrupt file, and the server goes on', async () => {
    const res = await get('/basemap/z-broken.mbtiles/14/13658/6918.pbf');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^z-broken\.mbtiles is not a usable MBTiles file: .+/,
    );
    expect((await get('/basemap/station.mbtiles/14/13658/6918.pbf')).status).toBe(200);
  });

  it('answers 404 for a file that is not there, 400 for a bad address', async () => {
    expect((await get('/basemap/nope.mbtiles/14/1/1.pbf')).status).toBe(404);
    expect((await get('/basemap/station.mbtiles/14/1/x.pbf')).status).toBe(400);
    expect((await get('/basemap/..%2Fbasemap%2Fstation.mbtiles/14/13658/6918.pbf')).status).toBe(400);
  });

  it('needs a session', async () => {
    expect((await get('/basemap/station.mbtiles/14/13658/6918.pbf', {})).status).toBe(401);
  });
});

describe('a corrupt MBTiles as the station’s basemap', () => {
  it('gives the offline fallback with the problem said in /config', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'lookout-mbtiles-corrupt-'));
    mkdirSync(path.join(other, 'basemap'));
    writeFileSync(path.join(other, 'basemap', 'area.mbtiles'), 'not sqlite at all');
    const h2 = await startHarness({ env: { LOOKOUT_DATA_DIR: other }, database: h.database });
    try {
      const res = await fetch(`${h2.base}/api/v1/config`, { headers: { cookie: await sessionFor(h2, 'officer') } });
      const config = (await res.json()) as { basemap: Record<string, unknown>; basemaps: unknown[] };
      expect(config.basemap).toEqual({
        kind: 'fallback',
        datum: 'wgs84',
        problem: expect.stringMatching(/^area\.mbtiles is not a usable MBTiles file: .+/) as unknown,
      });
      expect(config.basemaps).toEqual([]);
    } finally {
      await h2.close();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
