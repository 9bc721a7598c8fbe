import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TerrainMetadata } from '@lookout/contracts';
import { resolveTerrain } from './terrain.ts';

function metadata(name: string): TerrainMetadata {
  return {
    name,
    encoding: 'terrarium',
    tileSize: 256,
    minzoom: 9,
    maxzoom: 13,
    bounds: [116.16, 39.96, 116.24, 40.04],
    minElevationM: 200,
    maxElevationM: 800,
    noDataShare: 0,
    source: `${name}.tif`,
    builtAt: '2025-01-01T00:00:00.000Z',
    tiles: 17,
  };
}

function basemapDirWith(folders: Record<string, string | null>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'terrain-'));
  for (const [name, meta] of Object.entries(folders)) {
    mkdirSync(path.join(dir, 'terrain', name), { recursive: true });
    if (meta !== null) writeFileSync(path.join(dir, 'terrain', name, 'metadata.json'), meta);
  }
  return dir;
}

const apiPrefix = '/api/v1';

describe('resolveTerrain', () => {
  it('is null without any terrain', () => {
    expect(resolveTerrain({ terrain: undefined, basemapDir: basemapDirWith({}), apiPrefix })).toBeNull();
  });

  it('takes the first finished build, passing over a damaged one and one still building', () => {
    const dir = basemapDirWith({
      '.b.building-12': JSON.stringify(metadata('b')),
      a: '{"not":"metadata"}',
      b: JSON.stringify(metadata('b')),
      c: JSON.stringify(metadata('c')),
    });
    expect(resolveTerrain({ terrain: undefined, basemapDir: dir, apiPrefix })).toEqual({
      tiles: '/api/v1/basemap/terrain/b/{z}/{x}/{y}.png',
      encoding: 'terrarium',
      minzoom: 9,
      maxzoom: 13,
      bounds: [116.16, 39.96, 116.24, 40.04],
      minElevationM: 200,
      maxElevationM: 800,
    });
  });

  it('takes the one TERRAIN names, or none when it says off', () => {
    const dir = basemapDirWith({ b: JSON.stringify(metadata('b')), c: JSON.stringify(metadata('c')) });
    expect(resolveTerrain({ terrain: 'c', basemapDir: dir, apiPrefix })?.tiles).toBe(
      '/api/v1/basemap/terrain/c/{z}/{x}/{y}.png',
    );
    expect(resolveTerrain({ terrain: 'off', basemapDir: dir, apiPrefix })).toBeNull();
    expect(resolveTerrain({ terrain: 'missing', basemapDir: dir, apiPrefix })).toBeNull();
  });
});
