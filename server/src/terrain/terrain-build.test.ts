import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  symlinkSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleTerrarium, terrainMetadata, tilePixel, decodeTerrarium } from '@lookout/contracts';
import { CONE, coneHeight, fromSummit, writeConeDem } from './cone-dem.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'server/src/cli.ts');

function lookout(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    env: { ...process.env, LOOKOUT_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
  });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: lines[lines.length - 1] };
}

async function heightAt(dir: string, zoom: number, lon: number, lat: number): Promise<number> {
  const p = tilePixel(lon, lat, zoom);
  const { data } = await sharp(path.join(dir, String(zoom), String(p.x), `${p.y}.png`))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sampleTerrarium(data, 256, p.px, p.py);
}

/** The lowest and highest height in every tile of a build. */
async function tileRange(dir: string): Promise<[number, number]> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const z of readdirSync(dir).filter((d) => /^\d+$/.test(d)))
    for (const x of readdirSync(path.join(dir, z)))
      for (const y of readdirSync(path.join(dir, z, x))) {
        const { data, info } = await sharp(path.join(dir, z, x, y))
          .raw()
          .toBuffer({ resolveWithObject: true });
        for (let i = 0; i < data.length; i += info.channels) {
          const h = decodeTerrarium(data[i]!, data[i + 1]!, data[i + 2]!);
          lo = Math.min(lo, h);
          hi = Math.max(hi, h);
        }
      }
  return [lo, hi];
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'terrain-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('lookout terrain build', () => {
  it('tiles a cone hill into Terrarium tiles that decode to the cone', async () => {
    const dem = writeConeDem(work, 'cone');
    const data = path.join(work, 'data-cone');
    const r = lookout(data, ['terrain', 'build', dem]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = path.join(data, 'basemap', 'terrain', 'cone');
    expect(r.last).toBe(dir);
    expect(r.stdout).not.toMatch(/no data/);
    const meta = terrainMetadata.parse(JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')));
    expect(meta.maxzoom).toBe(13);
    expect(meta.noDataShare).toBe(0);
    expect(meta.bounds[0]).toBeCloseTo(CONE.lon - CONE.halfDeg, 6);
    expect(meta.bounds[3]).toBeCloseTo(CONE.lat + CONE.halfDeg, 6);
    expect(meta.maxElevationM).toBeGreaterThan(795);

    // A z13 cell is ~12 m across; the cone climbs 0.3 m per metre: a few metres either way.
    for (const [d, bearing] of [
      [0, 0],
      [500, 45],
      [1000, 180],
      [1500, 270],
      [2600, 90],
    ] as const) {
      const [lon, lat] = fromSummit(d, bearing);
      expect(Math.abs((await heightAt(dir, 13, lon, lat)) - coneHeight(lon, lat))).toBeLessThan(d === 0 ? 12 : 4);
    }
    // Averaged lower zooms still hold the hill.
    const [lon, lat] = fromSummit(1000, 0);
    expect(Math.abs((await heightAt(dir, meta.minzoom + 2, lon, lat)) - coneHeight(lon, lat))).toBeLessThan(40);
    // The margin outside the DEM in edge tiles is level with its edge: no cliff anywhere.
    const [lo, hi] = await tileRange(dir);
    expect(lo).toBeGreaterThanOrEqual(CONE.baseM - 0.01);
    expect(hi).toBeLessThanOrEqual(CONE.summitM + 0.01);
  });

  it('fills a DEM with a no-data hole, saying how much was missing', async () => {
    const dem = writeConeDem(work, 'holey', { radiusM: 200 });
    const data = path.join(work, 'data-holey');
    const r = lookout(data, ['terrain', 'build', dem]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: 0\.\d %? ?of the DEM has no data/);
    const dir = path.join(data, 'basemap', 'terrain', 'holey');
    expect(r.last).toBe(dir);
    const meta = terrainMetadata.parse(JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')));
    // π·200² of a 6.8 km × 8.8 km square: about 0.2 %.
    expect(meta.noDataShare).toBeGreaterThan(0.001);
    expect(meta.noDataShare).toBeLessThan(0.004);
    const [lon, lat] = fromSummit(1000, 0);
    expect(Math.abs((await heightAt(dir, 13, lon, lat)) - coneHeight(lon, lat))).toBeLessThan(40);
    const [lo, hi] = await tileRange(dir);
    expect(lo).toBeGreaterThanOrEqual(CONE.baseM - 0.01);
    expect(hi).toBeLessThanOrEqual(CONE.summitM + 0.01);
  });

  it('refuses a missing file, a file that is no GeoTIFF and a run without GDAL, keeping what was built', () => {
    const data = path.join(work, 'data-bad');
    const dem = writeConeDem(work, 'kept');
    expect(lookout(data, ['terrain', 'build', dem]).code).toBe(0);
    const kept = path.join(data, 'basemap', 'terrain', 'kept', 'metadata.json');
    const builtAt = readFileSync(kept, 'utf8');

    const missing = lookout(data, ['terrain', 'build', path.join(work, 'nope.tif'), '--name', 'kept']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No such file: .*nope\.tif/);

    const text = path.join(work, 'notes.tif');
    writeFileSync(text, 'this is not a raster\n');
    const notTiff = lookout(data, ['terrain', 'build', text, '--name', 'kept']);
    expect(notTiff.code).toBe(1);
    expect(notTiff.stderr).toMatch(/not a raster GDAL can read \(a GeoTIFF DEM is expected\)/);

    // A PATH with node on it and nothing else.
    const bin = path.join(work, 'bin-without-gdal');
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const noGdal = lookout(data, ['terrain', 'build', dem, '--name', 'kept'], { PATH: bin });
    expect(noGdal.code).toBe(1);
    expect(noGdal.stderr).toMatch(/gdalinfo is not on PATH: install GDAL/);

    expect(readFileSync(kept, 'utf8')).toBe(builtAt);
    expect(readdirSync(path.join(data, 'basemap', 'terrain'))).toEqual(['kept']);
    expect(existsSync(path.join(data, 'basemap', 'terrain', 'nope'))).toBe(false);
  });

  it('refuses a DEM with no heights at all', () => {
    const asc = path.join(work, 'blank.asc');
    writeFileSync(
      asc,
      `ncols 2\nnrows 2\nxllcorner 116\nyllcorner 40\ncellsize 0.001\nNODATA_value -9999\n-9999 -9999\n-9999 -9999\n`,
    );
    const tif = path.join(work, 'blank.tif');
    spawnSync('gdal_translate', ['-q', '-a_srs', 'EPSG:4326', asc, tif]);
    const r = lookout(path.join(work, 'data-blank'), ['terrain', 'build', tif]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no heights at all/);
  });
});
