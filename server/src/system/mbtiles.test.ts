import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import sqlite from 'node-sqlite3-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { createMbtilesShelf, MbtilesError, openMbtiles } from './mbtiles.ts';
import { writeMbtiles } from './testing/mbtiles-file.ts';

const dirs: string[] = [];
const fileIn = (name: string) => {
  const d = mkdtempSync(path.join(tmpdir(), 'mbtiles-'));
  dirs.push(d);
  return path.join(d, name);
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const META = { name: 'test', format: 'pbf', minzoom: '8', maxzoom: '14', bounds: '120.05,28.93,120.09,28.97' };

describe('openMbtiles', () => {
  it('reads the metadata: format, zooms, bounds, attribution', () => {
    const file = fileIn('a.mbtiles');
    writeMbtiles(file, {
      metadata: { ...META, attribution: '© OpenStreetMap contributors' },
      tiles: [{ z: 14, x: 13658, y: 6918, data: Buffer.from('t') }],
    });
    const m = openMbtiles(file);
    expect(m.info).toEqual({
      name: 'test',
      format: 'pbf',
      minzoom: 8,
      maxzoom: 14,
      bounds: [120.05, 28.93, 120.09, 28.97],
      attribution: '© OpenStreetMap contributors',
    });
    expect(m.count()).toBe(1);
    m.close();
  });

  it('answers XYZ rows from the TMS rows it stores, and says whether the data is gzipped', () => {
    const file = fileIn('b.mbtiles');
    writeMbtiles(file, { metadata: META, tiles: [{ z: 3, x: 6, y: 1, data: Buffer.from('north') }] });
    const m = openMbtiles(file);
    const t = m.tile(3, 6, 1)!;
    expect(t.gzip).toBe(true);
    expect(gunzipSync(t.data).toString()).toBe('north');
    // Row 1 of TMS is row 6 of XYZ: not this tile.
    expect(m.tile(3, 6, 6)).toBeNull();
    m.close();
  });

  it('gives null for a tile it does not hold, or outside the zoom’s grid', () => {
    const file = fileIn('c.mbtiles');
    writeMbtiles(file, { metadata: META, tiles: [{ z: 3, x: 6, y: 1, data: Buffer.from('x') }], gzip: false });
    const m = openMbtiles(file);
    expect(m.tile(3, 6, 1)?.gzip).toBe(false);
    expect(m.tile(3, 5, 1)).toBeNull();
    expect(m.tile(3, 8, 1)).toBeNull();
    expect(m.tile(3, -1, 1)).toBeNull();
    m.close();
  });

  it('takes the zooms from the tiles when the metadata has none', () => {
    const file = fileIn('d.mbtiles');
    writeMbtiles(file, {
      metadata: { format: 'png' },
      tiles: [
        { z: 5, x: 1, y: 1, data: Buffer.from('a') },
        { z: 9, x: 1, y: 1, data: Buffer.from('b') },
      ],
    });
    const m = openMbtiles(file);
    expect(m.info).toMatchObject({ format: 'png', minzoom: 5, maxzoom: 9 });
    expect(m.info.bounds).toBeUndefined();
    m.close();
  });

  it('refuses a file that is not SQLite, saying which file and why', () => {
    const file = fileIn('broken.mbtiles');
    writeFileSync(file, Buffer.alloc(4096, 0x42));
    expect(() => openMbtiles(file)).toThrow(MbtilesError);
    expect(() => openMbtiles(file)).toThrow(/^broken\.mbtiles is not a usable MBTiles file: .*not a database/);
  });

  it('refuses an SQLite file without the MBTiles tables', () => {
    const file = fileIn('other.mbtiles');
    const db = new sqlite.Database(file);
    db.exec('create table notes (t text)');
    db.close();
    expect(() => openMbtiles(file)).toThrow(/other\.mbtiles is not a usable MBTiles file: .*no such table: metadata/);
  });

  it('refuses an MBTiles file with no tiles, and one of an unknown tile format', () => {
    const empty = fileIn('empty.mbtiles');
    writeMbtiles(empty, { metadata: META, tiles: [] });
    expect(() => openMbtiles(empty)).toThrow(/it holds no tiles/);
    const odd = fileIn('odd.mbtiles');
    writeMbtiles(odd, { metadata: { format: 'gif' }, tiles: [{ z: 1, x: 0, y: 0, data: Buffer.from('x') }] });
    expect(() => openMbtiles(odd)).toThrow(/unknown tile format "gif"/);
  });

  it('refuses a missing file', () => {
    expect(() => openMbtiles(path.join(tmpdir(), 'no-such-dir-lookout', 'x.mbtiles'))).toThrow(MbtilesError);
  });
});

describe('the MBTiles shelf', () => {
  it('keeps a file open between calls and reopens it when it is replaced', () => {
    const file = fileIn('s.mbtiles');
    writeMbtiles(file, { metadata: META, tiles: [{ z: 3, x: 6, y: 1, data: Buffer.from('one') }] });
    const shelf = createMbtilesShelf();
    const first = shelf.get(file);
    expect(shelf.get(file)).toBe(first);
    const v1 = shelf.version(file);
    const next = `${file}.new`;
    writeMbtiles(next, { metadata: META, tiles: [{ z: 3, x: 6, y: 1, data: Buffer.from('two!') }] });
    renameSync(next, file); // as `basemap build` puts a new build in place
    const second = shelf.get(file);
    expect(second).not.toBe(first);
    expect(gunzipSync(second.tile(3, 6, 1)!.data).toString()).toBe('two!');
    expect(shelf.version(file)).not.toBe(v1);
    shelf.close();
  });
});
