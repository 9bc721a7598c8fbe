import { mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterEach, describe, expect, it } from 'vitest';
import { openMbtiles } from '../system/mbtiles.ts';
import { tileOf } from './testing/tile-of.ts';
import { BasemapBuildError, buildBasemap, defaultName } from './build-basemap.ts';
import { SAMPLE, writeSampleOsm } from './testing/sample-osm.ts';

const CENTRE: [number, number] = [120.07, 28.95];
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'lookout-basemap-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every feature's layer and properties in the tiles at zoom 14 over the sample. */
function featuresAt14(file: string): { layer: string; type: number; props: Record<string, unknown> }[] {
  const mbtiles = openMbtiles(file);
  try {
    const out: { layer: string; type: number; props: Record<string, unknown> }[] = [];
    const a = tileOf(CENTRE[0] - 0.02, CENTRE[1] + 0.02, 14);
    const b = tileOf(CENTRE[0] + 0.02, CENTRE[1] - 0.02, 14);
    for (let x = a.x; x <= b.x; x++)
      for (let y = a.y; y <= b.y; y++) {
        const t = mbtiles.tile(14, x, y);
        if (!t) continue;
        const tile = new VectorTile(new PbfReader(t.gzip ? gunzipSync(t.data) : t.data));
        for (const [name, layer] of Object.entries(tile.layers))
          for (let i = 0; i < layer.length; i++) {
            const f = layer.feature(i);
            out.push({ layer: name, type: f.type, props: f.properties });
          }
      }
    return out;
  } finally {
    mbtiles.close();
  }
}

describe('basemap build', () => {
  it('builds the station’s area from a small .osm into data/basemap/<name>.mbtiles with roads, path, water, village and peak', async () => {
    const work = tempDir();
    const input = await writeSampleOsm(path.join(work, 'station.osm'), CENTRE);
    const result = await buildBasemap({ input, dataDir: path.join(work, 'data') });
    expect(result.file).toBe(path.join(work, 'data', 'basemap', 'station.mbtiles'));
    expect(result.tiles).toBeGreaterThan(5);
    expect([result.minzoom, result.maxzoom]).toEqual([8, 14]);
    const [w, s, e, n] = result.bounds!;
    expect(w).toBeCloseTo(CENTRE[0] - 0.02, 4);
    expect(n).toBeCloseTo(CENTRE[1] + 0.02, 4);
    expect(e > w && n > s).toBe(true);
    // Nothing else is left beside it (the hidden file it was built under is gone).
    expect(readdirSync(path.dirname(result.file))).toEqual(['station.mbtiles']);

    const features = featuresAt14(result.file);
    const roads = features.filter((f) => f.layer === 'roads');
    expect(new Set(roads.map((r) => r.props.kind))).toEqual(new Set(['major', 'minor', 'path']));
    expect(roads.find((r) => r.props.kind === 'path')?.props.name).toBe(SAMPLE.path);
    expect(roads.find((r) => r.props.kind === 'major')?.props).toMatchObject({ name: SAMPLE.road, ref: 'S205' });
    const water = features.find((f) => f.layer === 'water');
    expect(water?.props).toMatchObject({ kind: 'reservoir', name: SAMPLE.reservoir });
    expect(water?.type).toBe(3); // polygon
    const peak = features.find((f) => f.layer === 'peaks');
    expect(peak?.props).toMatchObject({ name: SAMPLE.peakName, 'name:zh': SAMPLE.peak, ele: SAMPLE.peakEle });
    const village = features.find((f) => f.layer === 'places');
    expect(village?.props).toMatchObject({ kind: 'village', name: SAMPLE.village, 'name:zh-Hans': SAMPLE.village });
    expect(features.find((f) => f.layer === 'water_names')?.props.name).toBe(SAMPLE.reservoir);
  }, 60_000);

  it('names the file with --name and replaces an earlier build of that name', async () => {
    const work = tempDir();
    const input = await writeSampleOsm(path.join(work, 'x.osm'), CENTRE);
    const dataDir = path.join(work, 'data');
    const first = await buildBasemap({ input, dataDir, name: 'yongkang' });
    const again = await buildBasemap({ input, dataDir, name: 'yongkang' });
    expect(again.file).toBe(first.file);
    expect(path.basename(again.file)).toBe('yongkang.mbtiles');
  }, 60_000);

  it('refuses a missing input file', async () => {
    const work = tempDir();
    await expect(buildBasemap({ input: path.join(work, 'nope.osm.pbf'), dataDir: work })).rejects.toThrow(
      /no such file: .*nope\.osm\.pbf/,
    );
  });

  it('refuses a file that is not OpenStreetMap data', async () => {
    const work = tempDir();
    const input = path.join(work, 'area.osm.pbf');
    writeFileSync(input, 'name,lon,lat\n石门村,120.07,28.95\n');
    const err = await buildBasemap({ input, dataDir: work }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BasemapBuildError);
    expect((err as Error).message).toMatch(/is not an OpenStreetMap extract/);
    expect(existsSync(path.join(work, 'basemap', 'area.mbtiles'))).toBe(false);
  });

  it('says so when tilemaker is not installed', async () => {
    const work = tempDir();
    const input = await writeSampleOsm(path.join(work, 'a.osm'), CENTRE);
    await expect(buildBasemap({ input, dataDir: work, tilemaker: path.join(work, 'no-tilemaker') })).rejects.toThrow(
      /no-tilemaker is not installed \(apt-get install tilemaker\)/,
    );
  });

  it('says tilemaker failed, with its last words, on a broken PBF', async () => {
    const work = tempDir();
    const input = path.join(work, 'broken.osm.pbf');
    // A PBF's opening (length, BlobHeader "OSMHeader") followed by garbage.
    const header = Buffer.concat([Buffer.from([0, 0, 0, 14, 0x0a, 9]), Buffer.from('OSMHeader'), Buffer.alloc(40, 7)]);
    writeFileSync(input, header);
    const err = await buildBasemap({ input, dataDir: work }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BasemapBuildError);
    expect((err as Error).message).toMatch(/^tilemaker failed \(exit \d+\)/);
    expect(readdirSync(path.join(work, 'basemap'))).toEqual([]);
  }, 60_000);

  it('says so when the extract has nothing Lookout draws', async () => {
    const work = tempDir();
    const input = path.join(work, 'empty.osm');
    writeFileSync(
      input,
      '<?xml version="1.0"?>\n<osm version="0.6"><bounds minlat="28.9" minlon="120" maxlat="29" maxlon="120.1"/>' +
        '<node id="1" version="1" lat="28.95" lon="120.05"><tag k="amenity" v="bench"/></node></osm>\n',
    );
    await expect(buildBasemap({ input, dataDir: work })).rejects.toThrow(/has nothing Lookout draws/);
  }, 60_000);

  it('takes the name from the input file', () => {
    expect(defaultName('/x/zhejiang-latest.osm.pbf')).toBe('zhejiang-latest');
    expect(defaultName('area.osm')).toBe('area');
  });
});
