import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveBasemap } from './basemap.ts';
import { createMbtilesShelf } from './mbtiles.ts';
import { writeMbtiles } from './testing/mbtiles-file.ts';

function dirWith(...files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'basemap-'));
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f), 'x');
  return dir;
}

const base = { attribution: undefined, apiPrefix: '/api/v1', mbtiles: createMbtilesShelf() };

const META = { format: 'pbf', minzoom: '8', maxzoom: '14', bounds: '120.05,28.93,120.09,28.97' };
function withMbtiles(dir: string, name: string, metadata: Record<string, string> = META): string {
  writeMbtiles(path.join(dir, name), { metadata, tiles: [{ z: 8, x: 213, y: 107, data: Buffer.from('t') }] });
  return dir;
}

describe('resolveBasemap', () => {
  it('treats an http template as XYZ', () => {
    expect(
      resolveBasemap({ ...base, basemapUrl: 'https://t0.example/{z}/{x}/{y}.png', basemapDir: dirWith() }),
    ).toEqual({
      kind: 'xyz',
      url: 'https://t0.example/{z}/{x}/{y}.png',
    });
  });

  it('serves a named local PMTiles file through the API', () => {
    const dir = dirWith('hills.pmtiles');
    const b = resolveBasemap({ ...base, basemapUrl: 'hills.pmtiles', basemapDir: dir });
    expect(b).toMatchObject({ kind: 'pmtiles', url: '/api/v1/basemap/hills.pmtiles' });
  });

  it('finds a PMTiles file on its own', () => {
    expect(
      resolveBasemap({ ...base, basemapUrl: undefined, basemapDir: dirWith('b.pmtiles', 'a.pmtiles') }),
    ).toMatchObject({
      url: '/api/v1/basemap/a.pmtiles',
    });
  });

  it('falls back when nothing is there, and never serves outside the folder', () => {
    expect(resolveBasemap({ ...base, basemapUrl: undefined, basemapDir: path.join(tmpdir(), 'nope-basemap') })).toEqual(
      {
        kind: 'fallback',
      },
    );
    expect(resolveBasemap({ ...base, basemapUrl: '../../etc/passwd', basemapDir: dirWith() })).toEqual({
      kind: 'fallback',
    });
  });

  it('serves a local MBTiles of vector tiles as an XYZ template with its zooms, bounds and attribution', () => {
    const dir = withMbtiles(dirWith(), 'area.mbtiles', { ...META, attribution: '© OpenStreetMap contributors' });
    const b = resolveBasemap({ ...base, basemapUrl: undefined, basemapDir: dir });
    expect(b).toMatchObject({
      kind: 'vector',
      file: path.join(dir, 'area.mbtiles'),
      minzoom: 8,
      maxzoom: 14,
      bounds: [120.05, 28.93, 120.09, 28.97],
      attribution: '© OpenStreetMap contributors',
    });
    expect((b as { url: string }).url).toMatch(/^\/api\/v1\/basemap\/area\.mbtiles\/\{z\}\/\{x\}\/\{y\}\.pbf\?v=\S+$/);
  });

  it('serves a raster MBTiles as a raster XYZ template', () => {
    const dir = withMbtiles(dirWith(), 'photo.mbtiles', { format: 'png' });
    expect(resolveBasemap({ ...base, basemapUrl: 'photo.mbtiles', basemapDir: dir })).toMatchObject({
      kind: 'xyz',
      url: expect.stringMatching(/^\/api\/v1\/basemap\/photo\.mbtiles\/\{z\}\/\{x\}\/\{y\}\.png\?v=/) as unknown,
    });
  });

  it('prefers a PMTiles file to an MBTiles one, and skips a build under way', () => {
    const dir = withMbtiles(dirWith('z.pmtiles'), 'a.mbtiles');
    expect(resolveBasemap({ ...base, basemapUrl: undefined, basemapDir: dir })).toMatchObject({ kind: 'pmtiles' });
    const building = dirWith('.a.123.building.mbtiles');
    expect(resolveBasemap({ ...base, basemapUrl: undefined, basemapDir: building })).toEqual({ kind: 'fallback' });
  });

  it('falls back, saying why, when the MBTiles file is corrupt', () => {
    const dir = dirWith('area.mbtiles'); // "x": not an SQLite database
    expect(resolveBasemap({ ...base, basemapUrl: undefined, basemapDir: dir })).toEqual({
      kind: 'fallback',
      problem: expect.stringMatching(/^area\.mbtiles is not a usable MBTiles file: .+/) as unknown,
    });
  });
});
