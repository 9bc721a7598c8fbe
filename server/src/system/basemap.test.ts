import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveBasemap } from './basemap.ts';

function dirWith(...files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'basemap-'));
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f), 'x');
  return dir;
}

const base = { attribution: undefined, apiPrefix: '/api/v1' };

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
});
