import path from 'node:path';
import type { z } from 'zod';
import type { basemapTileParams } from '@lookout/contracts';
import { AppError } from '../errors.ts';
import { MbtilesError, type MbtilesShelf } from './mbtiles.ts';

const CONTENT_TYPE: Record<string, string> = {
  pbf: 'application/x-protobuf',
  mvt: 'application/x-protobuf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

export interface BasemapTile {
  data: Buffer;
  gzip: boolean;
  contentType: string;
}

/** Tiles of the MBTiles files under data/basemap/ (the station's own basemap from `lookout basemap build`). */
export function createBasemapTiles(deps: { basemapDir: string; shelf: MbtilesShelf }) {
  const root = path.resolve(deps.basemapDir);
  return {
    /** The tile, or null where the file has none (outside its area or zooms: an empty tile to the map). */
    tile(p: z.infer<typeof basemapTileParams>): BasemapTile | null {
      const file = path.resolve(root, p.file);
      if (path.dirname(file) !== root || path.basename(file).startsWith('.'))
        throw new AppError('not_found', 'No such basemap file');
      const [row, ext] = p.tile.split('.') as [string, string];
      let mbtiles;
      try {
        mbtiles = deps.shelf.get(file);
      } catch (err) {
        if (!(err instanceof MbtilesError)) throw err;
        if (/ENOENT/.test(err.reason)) throw new AppError('not_found', 'No such basemap file');
        throw new AppError('unavailable', err.message);
      }
      try {
        const tile = mbtiles.tile(p.z, p.x, Number(row));
        return tile && { ...tile, contentType: CONTENT_TYPE[ext] ?? 'application/octet-stream' };
      } catch (err) {
        if (err instanceof MbtilesError) throw new AppError('unavailable', err.message);
        throw err;
      }
    },
  };
}

export type BasemapTiles = ReturnType<typeof createBasemapTiles>;
