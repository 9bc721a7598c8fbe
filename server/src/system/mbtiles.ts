import { statSync } from 'node:fs';
import path from 'node:path';
import sqlite from 'node-sqlite3-wasm';

/**
 * Reading an MBTiles file (SQLite: `metadata` name/value rows, `tiles` keyed by zoom, column and TMS row) with a
 * WebAssembly SQLite that reads the file in place: no native module to build, nothing loaded whole into memory.
 */

export interface MbtilesInfo {
  /** `pbf` (vector tiles), `png`, `jpg` or `webp`. */
  format: string;
  minzoom: number;
  maxzoom: number;
  /** West, south, east, north (WGS-84), when the file says. */
  bounds?: [number, number, number, number];
  attribution?: string;
  name?: string;
}

export interface MbtilesTile {
  data: Buffer;
  /** tilemaker and most tile builders store vector tiles gzipped. */
  gzip: boolean;
}

/** The reason given for a well-formed MBTiles file that has no tiles at all. */
export const NO_TILES = 'it holds no tiles';

export class MbtilesError extends Error {
  constructor(
    file: string,
    readonly reason: string,
  ) {
    super(`${path.basename(file)} is not a usable MBTiles file: ${reason}`);
    this.name = 'MbtilesError';
  }
}

export interface Mbtiles {
  readonly file: string;
  readonly info: MbtilesInfo;
  /** The tile at XYZ z/x/y (the file keeps TMS rows: y counted from the south), or null where there is none. */
  tile(z: number, x: number, y: number): MbtilesTile | null;
  /** How many tiles the file holds. */
  count(): number;
  close(): void;
}

const FORMATS = ['pbf', 'png', 'jpg', 'jpeg', 'webp'];

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function parseBounds(text: string | undefined): MbtilesInfo['bounds'] {
  const b = text?.split(',').map(Number);
  if (!b || b.length !== 4 || !b.every(Number.isFinite)) return undefined;
  const [w, s, e, n] = b as [number, number, number, number];
  return w < e && s < n && w >= -180 && e <= 180 && s >= -90 && n <= 90 ? [w, s, e, n] : undefined;
}

export function openMbtiles(file: string): Mbtiles {
  let db: sqlite.Database;
  try {
    db = new sqlite.Database(file, { readOnly: true, fileMustExist: true });
  } catch (err) {
    throw new MbtilesError(file, reason(err));
  }
  try {
    const rows = db.all('select name, value from metadata') as { name: unknown; value: unknown }[];
    const meta = new Map(rows.map((r) => [String(r.name), r.value == null ? '' : String(r.value)]));
    // Fails here on a file without a tiles table (or view).
    const zooms = db.get('select min(zoom_level) as lo, max(zoom_level) as hi from tiles') as {
      lo: number | null;
      hi: number | null;
    };
    if (zooms.lo === null || zooms.hi === null) throw new Error(NO_TILES);
    const format = (meta.get('format') || 'pbf').toLowerCase();
    if (!FORMATS.includes(format)) throw new Error(`unknown tile format "${format}"`);
    const num = (key: string, fallback: number) => {
      const v = Number(meta.get(key));
      return meta.get(key) && Number.isInteger(v) ? v : fallback;
    };
    const bounds = parseBounds(meta.get('bounds'));
    const info: MbtilesInfo = {
      format,
      minzoom: num('minzoom', zooms.lo),
      maxzoom: num('maxzoom', zooms.hi),
      ...(bounds ? { bounds } : {}),
      ...(meta.get('attribution') ? { attribution: meta.get('attribution') } : {}),
      ...(meta.get('name') ? { name: meta.get('name') } : {}),
    };
    const statement = db.prepare(
      'select tile_data from tiles where zoom_level = ? and tile_column = ? and tile_row = ? limit 1',
    );
    return {
      file,
      info,
      tile(z, x, y) {
        const n = 2 ** z;
        if (!Number.isInteger(z) || z < 0 || z > 30 || x < 0 || y < 0 || x >= n || y >= n) return null;
        let row: { tile_data?: unknown } | null;
        try {
          row = statement.get([z, x, n - 1 - y]) as { tile_data?: unknown } | null;
        } catch (err) {
          throw new MbtilesError(file, reason(err));
        }
        if (!row || !(row.tile_data instanceof Uint8Array)) return null;
        const data = Buffer.from(row.tile_data);
        return { data, gzip: data.length > 2 && data[0] === 0x1f && data[1] === 0x8b };
      },
      count() {
        return Number((db.get('select count(*) as n from tiles') as { n: number }).n);
      },
      close() {
        statement.finalize();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err instanceof MbtilesError ? err : new MbtilesError(file, reason(err));
  }
}

/**
 * Open MBTiles files kept between requests, reopened when the file is replaced (a new `basemap build`), so the
 * config and every tile do not each open the database.
 */
export function createMbtilesShelf() {
  const open = new Map<string, { stamp: string; mbtiles: Mbtiles }>();
  const stampOf = (file: string) => {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  };
  return {
    /** The opened file, or throws MbtilesError saying why it cannot be used. */
    get(file: string): Mbtiles {
      let stamp: string;
      try {
        stamp = stampOf(file);
      } catch (err) {
        throw new MbtilesError(file, reason(err));
      }
      const held = open.get(file);
      if (held?.stamp === stamp) return held.mbtiles;
      held?.mbtiles.close();
      open.delete(file);
      const mbtiles = openMbtiles(file);
      open.set(file, { stamp, mbtiles });
      return mbtiles;
    },
    /** A version tag that changes when the file is replaced (for cache-busting tile URLs). */
    version(file: string): string {
      return Buffer.from(stampOf(file)).toString('base64url').slice(-12);
    },
    close(): void {
      for (const { mbtiles } of open.values()) mbtiles.close();
      open.clear();
    },
  };
}

export type MbtilesShelf = ReturnType<typeof createMbtilesShelf>;
