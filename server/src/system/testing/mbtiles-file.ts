import { gzipSync } from 'node:zlib';
import sqlite from 'node-sqlite3-wasm';

/** One tile to write, addressed as a map asks for it (XYZ: y from the north). */
export interface TileToWrite {
  z: number;
  x: number;
  y: number;
  data: Buffer;
}

/**
 * Writes an MBTiles file as the spec lays it out (metadata rows; tiles by TMS row, y from the south), gzipping
 * the data as tilemaker does unless `gzip: false`.
 */
export function writeMbtiles(
  file: string,
  options: { metadata: Record<string, string>; tiles: TileToWrite[]; gzip?: boolean },
): void {
  const db = new sqlite.Database(file);
  try {
    db.exec('create table metadata (name text, value text)');
    db.exec('create table tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)');
    db.exec('create unique index tile_index on tiles (zoom_level, tile_column, tile_row)');
    for (const [name, value] of Object.entries(options.metadata))
      db.run('insert into metadata (name, value) values (?, ?)', [name, value]);
    for (const t of options.tiles)
      db.run('insert into tiles values (?, ?, ?, ?)', [
        t.z,
        t.x,
        2 ** t.z - 1 - t.y,
        options.gzip === false ? t.data : gzipSync(t.data),
      ]);
  } finally {
    db.close();
  }
}
